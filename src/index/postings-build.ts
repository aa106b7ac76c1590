/**
 * Building compressed posting lists straight from the texts, in two passes with no intermediate id array:
 * the first pass counts each key's postings and their encoded size, the second writes the varints in place.
 * An id array holds a 4-byte entry per posting, written at random places (plus as many term frequencies);
 * writing one or two bytes per posting into the final array touches a fraction of the memory.
 */
import { BLOCK, decodeList, MAX_UNITS, type PostingLists, type Postings } from './postings.js';
import { ensureLength } from '../util/growable.js';
import { readVarint, varintLength, writeVarint } from '../util/varint.js';

/** Open addressing from a 32-bit gram key to a dense number, in typed arrays (a Map is several times slower). */
class KeyTable {
  private keys = new Uint32Array(1 << 16);
  private vals = new Int32Array(1 << 16).fill(-1);
  private mask = (1 << 16) - 1;
  readonly list: number[] = [];

  id(key: number): number {
    for (let h = Math.imul(key, 0x9e3779b1) >>> 0; ; h++) {
      const at = h & this.mask;
      const v = this.vals[at];
      if (v < 0) {
        const d = this.list.push(key) - 1;
        this.keys[at] = key;
        this.vals[at] = d;
        if (this.list.length * 2 > this.mask) this.grow();
        return d;
      }
      if (this.keys[at] === key) return v;
    }
  }

  private grow(): void {
    const size = (this.mask + 1) * 2;
    this.keys = new Uint32Array(size);
    this.vals = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    this.list.forEach((key, d) => {
      let h = Math.imul(key, 0x9e3779b1) >>> 0;
      while (this.vals[h & this.mask] >= 0) h++;
      this.keys[h & this.mask] = key;
      this.vals[h & this.mask] = d;
    });
  }
}

/** Typed arrays indexed by a key's dense number, doubled as keys appear. */
class PerKey {
  count = new Uint32Array(1024);
  size = new Float64Array(1024);
  last = new Float64Array(1024).fill(-1);
  local = new Uint32Array(1024);
  ensure(d: number): void {
    if (d < this.count.length) return;
    this.count = ensureLength(this.count, d + 1);
    this.size = ensureLength(this.size, d + 1);
    this.last = ensureLength(this.last, d + 1, -1);
    this.local = ensureLength(this.local, d + 1);
  }
}

type Grams = (s: string, emit: (key: number) => void) => void;

/** Posting lists of `gramsOf` over texts whose ids ascend. */
export function buildPostingLists(texts: { id: number; text: string }[], gramsOf: Grams): PostingLists {
  const table = new KeyTable();
  const per = new PerKey();
  const touched: number[] = [];
  const emit = (key: number) => {
    const d = table.id(key);
    per.ensure(d);
    if (per.local[d]++ === 0) touched.push(d);
  };
  // pass 1: how many postings each key has and how many bytes they take
  let prevId = -1;
  for (const { id, text } of texts) {
    if (id <= prevId || id >= MAX_UNITS) throw new Error(`unit numbers must ascend below ${MAX_UNITS} (got ${id} after ${prevId})`);
    prevId = id;
    gramsOf(text, emit);
    for (const d of touched) {
      const tf = per.local[d];
      per.size[d] += varintLength((id - per.last[d] - 1) * 2 + (tf > 1 ? 1 : 0)) + (tf > 1 ? varintLength(tf - 2) : 0);
      per.count[d]++;
      per.last[d] = id;
      per.local[d] = 0;
    }
    touched.length = 0;
  }
  const nk = table.list.length;
  const order = Array.from({ length: nk }, (_, d) => d).sort((a, b) => table.list[a] - table.list[b]);
  const keys = new Uint32Array(nk);
  const df = new Uint32Array(nk);
  const offs = new Uint32Array(nk + 1);
  const skipAt = new Uint32Array(nk + 1);
  const pos = new Float64Array(nk);
  const skipCur = new Uint32Array(nk);
  order.forEach((d, i) => {
    keys[i] = table.list[d];
    df[i] = per.count[d];
    offs[i + 1] = offs[i] + per.size[d];
    skipAt[i + 1] = skipAt[i] + Math.max(0, Math.ceil(per.count[d] / BLOCK) - 1);
    pos[d] = offs[i];
    skipCur[d] = skipAt[i];
  });
  const bytes = new Uint8Array(offs[nk]);
  const skipPrev = new Uint32Array(skipAt[nk]);
  const skipOff = new Uint32Array(skipAt[nk]);
  // pass 2: write each posting where its key's bytes go
  per.last.fill(-1);
  per.count.fill(0);
  const put = (d: number, v: number) => {
    pos[d] = writeVarint(bytes, pos[d], v);
  };
  for (const { id, text } of texts) {
    gramsOf(text, emit);
    for (const d of touched) {
      const tf = per.local[d];
      if (per.count[d] > 0 && per.count[d] % BLOCK === 0) {
        skipPrev[skipCur[d]] = per.last[d];
        skipOff[skipCur[d]++] = pos[d];
      }
      put(d, (id - per.last[d] - 1) * 2 + (tf > 1 ? 1 : 0));
      if (tf > 1) put(d, tf - 2);
      per.count[d]++;
      per.last[d] = id;
      per.local[d] = 0;
    }
    touched.length = 0;
  }
  return { keys, df, offs, bytes, skipAt, skipPrev, skipOff };
}

/** The id of the last posting on key i's list: its last block decoded from the block's skip entry. */
function lastId(lists: PostingLists, i: number): number {
  const blocks = lists.skipAt[i + 1] - lists.skipAt[i];
  let p = blocks ? lists.skipOff[lists.skipAt[i + 1] - 1] : lists.offs[i];
  let prev = blocks ? lists.skipPrev[lists.skipAt[i + 1] - 1] : -1;
  for (let k = blocks * BLOCK; k < lists.df[i]; k++) {
    const v = readVarint(lists.bytes, p);
    p += varintLength(v);
    if (v & 1) p += varintLength(readVarint(lists.bytes, p));
    prev += (v >>> 1) + 1;
  }
  return prev;
}

/**
 * The lists of `a` followed by those of `b`, whose ids are all above a's: byte for byte what one build of both
 * texts gives, without a's texts (a merge of added units into a saved base). a's bytes are copied as they are,
 * and only b's postings encoded, so the cost is a copy of a and an encoding of b.
 */
export function appendPostingLists(a: PostingLists, b: PostingLists): PostingLists {
  const keys: number[] = [];
  const fromA: number[] = [];
  const fromB: number[] = [];
  for (let i = 0, j = 0; i < a.keys.length || j < b.keys.length; ) {
    const ka = i < a.keys.length ? a.keys[i] : Infinity;
    const kb = j < b.keys.length ? b.keys[j] : Infinity;
    keys.push(Math.min(ka, kb));
    fromA.push(ka <= kb ? i++ : -1);
    fromB.push(kb <= ka ? j++ : -1);
  }
  const nk = keys.length;
  const df = new Uint32Array(nk);
  const offs = new Uint32Array(nk + 1);
  const skipAt = new Uint32Array(nk + 1);
  // b's postings per key, decoded, with the id each one's gap is taken from
  const tails: ({ after: number } & Postings)[] = new Array(nk);
  const posting = (gap: number, tf: number) => varintLength(gap * 2 + (tf > 1 ? 1 : 0)) + (tf > 1 ? varintLength(tf - 2) : 0);
  for (let k = 0; k < nk; k++) {
    const ia = fromA[k];
    const ib = fromB[k];
    let size = ia < 0 ? 0 : a.offs[ia + 1] - a.offs[ia];
    df[k] = ia < 0 ? 0 : a.df[ia];
    if (ib >= 0) {
      const tail = { after: ia < 0 ? -1 : lastId(a, ia), ...decodeList(b, ib, true) };
      if (tail.ids[0] <= tail.after) throw new Error(`appended unit ${tail.ids[0]} is not above the lists' last (${tail.after})`);
      let prev = tail.after;
      tail.ids.forEach((id, n) => ((size += posting(id - prev - 1, tail.tf[n])), (prev = id)));
      df[k] += tail.ids.length;
      tails[k] = tail;
    }
    offs[k + 1] = offs[k] + size;
    skipAt[k + 1] = skipAt[k] + Math.max(0, Math.ceil(df[k] / BLOCK) - 1);
  }
  const bytes = new Uint8Array(offs[nk]);
  const skipPrev = new Uint32Array(skipAt[nk]);
  const skipOff = new Uint32Array(skipAt[nk]);
  for (let k = 0; k < nk; k++) {
    const ia = fromA[k];
    let pos = offs[k];
    let s = skipAt[k];
    let count = 0;
    if (ia >= 0) {
      bytes.set(a.bytes.subarray(a.offs[ia], a.offs[ia + 1]), pos);
      // a's skip entries point into a's bytes: moved with them
      const shift = pos - a.offs[ia];
      for (let e = a.skipAt[ia]; e < a.skipAt[ia + 1]; e++, s++) {
        skipPrev[s] = a.skipPrev[e];
        skipOff[s] = a.skipOff[e] + shift;
      }
      pos += a.offs[ia + 1] - a.offs[ia];
      count = a.df[ia];
    }
    const tail = tails[k];
    if (!tail) continue;
    let prev = tail.after;
    tail.ids.forEach((id, n) => {
      if (count > 0 && count % BLOCK === 0) {
        skipPrev[s] = prev;
        skipOff[s++] = pos;
      }
      const tf = tail.tf[n];
      pos = writeVarint(bytes, pos, (id - prev - 1) * 2 + (tf > 1 ? 1 : 0));
      if (tf > 1) pos = writeVarint(bytes, pos, tf - 2);
      count++;
      prev = id;
    });
  }
  return { keys: Uint32Array.from(keys), df, offs, bytes, skipAt, skipPrev, skipOff };
}
