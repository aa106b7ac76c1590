/**
 * Building compressed posting lists straight from the texts, in two passes with no intermediate id array:
 * the first pass counts each key's postings and their encoded size, the second writes the varints in place.
 * An id array holds a 4-byte entry per posting, written at random places (plus as many term frequencies);
 * writing one or two bytes per posting into the final array touches a fraction of the memory.
 */
import { BLOCK, MAX_UNITS, type PostingLists } from './postings.js';
import { ensureLength } from '../util/growable.js';
import { varintLength, writeVarint } from '../util/varint.js';

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
