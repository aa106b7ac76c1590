/**
 * The default embedded store: character unigram and bigram postings in flat typed arrays (CSR: sorted keys,
 * offsets, unit numbers). FlexSearch's Document index keeps each posting as a JS array entry under a string
 * key; on 100 MB of reports that cost 0.4 MB/s to build and 23× the corpus in memory. Here a posting is 4 bytes,
 * the build is two counting passes, the saved files are the arrays themselves, and the exact length of every
 * list is known, so a query intersects only its rarest bigrams before verification.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from './persist-io.js';
import type { TextIndex } from './text-index.js';

interface Csr {
  /** sorted keys: a char code (unigrams) or two UTF-16 code units packed as hi << 16 | lo (bigrams) */
  keys: Uint32Array;
  /** postings of keys[i] are ids[offsets[i] .. offsets[i + 1]) */
  offsets: Uint32Array;
  /** unit numbers, ascending within each list */
  ids: Uint32Array;
}

const EMPTY: Csr = { keys: new Uint32Array(0), offsets: new Uint32Array(1), ids: new Uint32Array(0) };
const pair = (s: string, i: number) => ((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1)) >>> 0;

/** Two passes over the texts: count each key's distinct units, then fill. No per-posting objects. */
function buildCsr(texts: { id: number; text: string }[], gramsOf: (s: string, emit: (key: number) => void) => void): Csr {
  const dense = new Map<number, number>();
  let counts = new Uint32Array(1024);
  let lastSeen = new Int32Array(1024).fill(-1);
  const keyList: number[] = [];
  for (let u = 0; u < texts.length; u++) {
    gramsOf(texts[u].text, (key) => {
      let d = dense.get(key);
      if (d === undefined) {
        d = keyList.length;
        dense.set(key, d);
        keyList.push(key);
        if (d >= counts.length) {
          const c = new Uint32Array(counts.length * 2);
          c.set(counts);
          counts = c;
          const l = new Int32Array(lastSeen.length * 2).fill(-1);
          l.set(lastSeen);
          lastSeen = l;
        }
      }
      if (lastSeen[d] !== u) {
        lastSeen[d] = u;
        counts[d]++;
      }
    });
  }
  const order = Array.from(keyList.keys()).sort((a, b) => keyList[a] - keyList[b]);
  const keys = new Uint32Array(order.length);
  const offsets = new Uint32Array(order.length + 1);
  const cursor = new Uint32Array(keyList.length);
  order.forEach((d, i) => {
    keys[i] = keyList[d];
    offsets[i + 1] = offsets[i] + counts[d];
    cursor[d] = offsets[i];
  });
  const ids = new Uint32Array(offsets[order.length]);
  lastSeen.fill(-1);
  for (let u = 0; u < texts.length; u++) {
    const id = texts[u].id;
    gramsOf(texts[u].text, (key) => {
      const d = dense.get(key)!;
      if (lastSeen[d] !== u) {
        lastSeen[d] = u;
        ids[cursor[d]++] = id;
      }
    });
  }
  return { keys, offsets, ids };
}

const unigramsOf = (s: string, emit: (k: number) => void) => {
  for (let i = 0; i < s.length; i++) emit(s.charCodeAt(i));
};
const bigramsOf = (s: string, emit: (k: number) => void) => {
  for (let i = 0; i + 1 < s.length; i++) emit(pair(s, i));
};

function lookup(csr: Csr, key: number): Uint32Array {
  let lo = 0;
  let hi = csr.keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = csr.keys[mid];
    if (k === key) return csr.ids.subarray(csr.offsets[mid], csr.offsets[mid + 1]);
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return csr.ids.subarray(0, 0);
}

/** Intersect ascending lists, shortest first, galloping through the longer ones. */
export function intersectSorted(lists: ArrayLike<number>[]): number[] {
  if (!lists.length) return [];
  const sorted = [...lists].sort((a, b) => a.length - b.length);
  let acc: number[] = Array.from(sorted[0]);
  for (const list of sorted.slice(1)) {
    const next: number[] = [];
    let j = 0;
    for (const x of acc) {
      let step = 1;
      while (j + step < list.length && list[j + step] < x) step *= 2;
      let lo = j;
      let hi = Math.min(j + step, list.length - 1);
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (list[mid] < x) lo = mid + 1;
        else hi = mid;
      }
      j = lo;
      if (j < list.length && list[j] === x) next.push(x);
      if (j >= list.length) break;
    }
    acc = next;
    if (!acc.length) break;
  }
  return acc;
}

/** How many of a term's bigram lists to intersect before verifying the rest against the text. */
const PROBES = 3;

export class GramIndex implements TextIndex {
  readonly kind = 'gram';
  private uni: Csr = EMPTY;
  private bi: Csr = EMPTY;
  /** units added since the last build, kept in maps until the next save folds them in */
  private pending: { id: number; text: string }[] = [];
  private deltaUni = new Map<number, number[]>();
  private deltaBi = new Map<number, number[]>();
  private removed = new Set<number>();

  /** Bulk build: far faster than add() one unit at a time. */
  build(texts: { id: number; text: string }[]): void {
    this.uni = buildCsr(texts, unigramsOf);
    this.bi = buildCsr(texts, bigramsOf);
    this.pending = [];
    this.deltaUni.clear();
    this.deltaBi.clear();
  }

  add(id: number, text: string): void {
    this.pending.push({ id, text });
    const put = (m: Map<number, number[]>) => (k: number) => {
      const list = m.get(k);
      if (!list) m.set(k, [id]);
      else if (list[list.length - 1] !== id) list.push(id);
    };
    unigramsOf(text, put(this.deltaUni));
    bigramsOf(text, put(this.deltaBi));
    this.removed.delete(id);
  }

  remove(id: number): void {
    this.removed.add(id);
  }

  private list(csr: Csr, delta: Map<number, number[]>, key: number): ArrayLike<number> {
    const base = lookup(csr, key);
    const extra = delta.get(key);
    if (!extra) return base;
    const out = new Uint32Array(base.length + extra.length);
    out.set(base);
    out.set(extra, base.length);
    return out;
  }

  candidates(term: string): number[] {
    let out: number[];
    if (term.length === 1) out = Array.from(this.list(this.uni, this.deltaUni, term.charCodeAt(0)));
    else {
      const keys = new Set<number>();
      for (let i = 0; i + 1 < term.length; i++) keys.add(pair(term, i));
      const lists = [...keys].map((k) => this.list(this.bi, this.deltaBi, k));
      if (lists.some((l) => l.length === 0)) return [];
      lists.sort((a, b) => a.length - b.length);
      out = intersectSorted(lists.slice(0, PROBES));
    }
    return this.removed.size ? out.filter((n) => !this.removed.has(n)) : out;
  }

  /** A one- or two-unit term is a single posting list: a unit is on it only if it contains the term. */
  exact(term: string): boolean {
    return term.length <= 2;
  }

  /** Size in bytes of the postings, for reports. */
  get bytes(): number {
    return [this.uni, this.bi].reduce((a, c) => a + c.keys.byteLength + c.offsets.byteLength + c.ids.byteLength, 0);
  }

  async save(dir: string): Promise<void> {
    if (this.pending.length || this.removed.size) throw new Error('GramIndex.save: rebuild before saving (journal holds later changes)');
    for (const [name, csr] of [['uni', this.uni], ['bi', this.bi]] as const)
      for (const part of ['keys', 'offsets', 'ids'] as const)
        writeFileAtomic(join(dir, `${name}.${part}.u32`), Buffer.from(csr[part].buffer, csr[part].byteOffset, csr[part].byteLength));
  }

  load(dir: string): void {
    const read = (name: string, part: string) => {
      const p = join(dir, `${name}.${part}.u32`);
      if (!existsSync(p)) throw new Error(`index file missing: ${p}`);
      const buf = readFileSync(p);
      // copy into an aligned buffer: a Buffer may start at any byte offset of Node's pool
      return new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    };
    const csr = (name: string): Csr => ({ keys: read(name, 'keys'), offsets: read(name, 'offsets'), ids: read(name, 'ids') });
    this.uni = csr('uni');
    this.bi = csr('bi');
  }
}
