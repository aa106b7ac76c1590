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
 * and only b's postings encoded, so the cost is a copy of a and an encoding of b. A merge into a large base adds a
 * few documents to hundreds of thousands of lists, so a's lists are copied in runs between b's keys (typed-array
 * copies, offsets shifted by what was inserted before the run), not key by key.
 */
export function appendPostingLists(a: PostingLists, b: PostingLists): PostingLists {
  const na = a.keys.length;
  const nb = b.keys.length;
  /** a's keys below b's key j: where it goes among them */
  const below = new Uint32Array(nb);
  /** whether a has b's key j too (then at below[j]) */
  const shared = new Uint8Array(nb);
  /** b's postings per key, decoded, with the id each one's gap is taken from */
  const tails: ({ after: number } & Postings)[] = new Array(nb);
  const posting = (gap: number, tf: number) => varintLength(gap * 2 + (tf > 1 ? 1 : 0)) + (tf > 1 ? varintLength(tf - 2) : 0);
  const skips = (df: number) => Math.max(0, Math.ceil(df / BLOCK) - 1);
  let extraBytes = 0;
  let extraSkips = 0;
  let fresh = 0;
  for (let j = 0, lo = 0; j < nb; j++) {
    const key = b.keys[j];
    for (let hi = na; lo < hi; ) {
      const mid = (lo + hi) >>> 1;
      if (a.keys[mid] < key) lo = mid + 1;
      else hi = mid;
    }
    below[j] = lo;
    shared[j] = lo < na && a.keys[lo] === key ? 1 : 0;
    if (!shared[j]) fresh++;
    const tail = { after: shared[j] ? lastId(a, lo) : -1, ...decodeList(b, j, true) };
    if (tail.ids[0] <= tail.after) throw new Error(`appended unit ${tail.ids[0]} is not above the lists' last (${tail.after})`);
    let prev = tail.after;
    for (let n = 0; n < tail.ids.length; n++) {
      extraBytes += posting(tail.ids[n] - prev - 1, tail.tf[n]);
      prev = tail.ids[n];
    }
    const before = shared[j] ? a.df[lo] : 0;
    extraSkips += skips(before + tail.ids.length) - skips(before);
    tails[j] = tail;
  }
  const nk = na + fresh;
  const keys = new Uint32Array(nk);
  const df = new Uint32Array(nk);
  const offs = new Uint32Array(nk + 1);
  const skipAt = new Uint32Array(nk + 1);
  const bytes = new Uint8Array(a.bytes.length + extraBytes);
  const skipPrev = new Uint32Array(a.skipPrev.length + extraSkips);
  const skipOff = new Uint32Array(skipPrev.length);
  /** the next key written, and the next of a's keys to copy */
  let k = 0;
  let ia = 0;
  /** a's lists [ia, to) as they are, each with its skip entries: the bytes and skip entries before them moved them on */
  const copyRun = (to: number) => {
    if (to <= ia) return;
    const byteShift = offs[k] - a.offs[ia];
    const skipShift = skipAt[k] - a.skipAt[ia];
    keys.set(a.keys.subarray(ia, to), k);
    df.set(a.df.subarray(ia, to), k);
    for (let x = ia; x < to; x++) {
      offs[k + 1 + x - ia] = a.offs[x + 1] + byteShift;
      skipAt[k + 1 + x - ia] = a.skipAt[x + 1] + skipShift;
    }
    bytes.set(a.bytes.subarray(a.offs[ia], a.offs[to]), offs[k]);
    skipPrev.set(a.skipPrev.subarray(a.skipAt[ia], a.skipAt[to]), skipAt[k]);
    for (let e = a.skipAt[ia]; e < a.skipAt[to]; e++) skipOff[e + skipShift] = a.skipOff[e] + byteShift;
    k += to - ia;
    ia = to;
  };
  for (let j = 0; j < nb; j++) {
    copyRun(below[j]);
    const tail = tails[j];
    // key k: a's list of it, if any, copied as it is, then b's postings written after it
    let count = 0;
    if (shared[j]) {
      copyRun(ia + 1);
      k--;
      count = a.df[ia - 1];
    }
    keys[k] = b.keys[j];
    let pos = shared[j] ? offs[k + 1] : offs[k];
    let s = shared[j] ? skipAt[k + 1] : skipAt[k];
    let prev = tail.after;
    for (let n = 0; n < tail.ids.length; n++) {
      const id = tail.ids[n];
      if (count > 0 && count % BLOCK === 0) {
        skipPrev[s] = prev;
        skipOff[s++] = pos;
      }
      const tf = tail.tf[n];
      pos = writeVarint(bytes, pos, (id - prev - 1) * 2 + (tf > 1 ? 1 : 0));
      if (tf > 1) pos = writeVarint(bytes, pos, tf - 2);
      count++;
      prev = id;
    }
    df[k] = count;
    offs[k + 1] = pos;
    skipAt[k + 1] = s;
    k++;
  }
  copyRun(na);
  if (k !== nk || offs[nk] !== bytes.length || skipAt[nk] !== skipPrev.length) throw new Error('appendPostingLists: the lists do not add up');
  return { keys, df, offs, bytes, skipAt, skipPrev, skipOff };
}
