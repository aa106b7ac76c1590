/**
 * The default embedded store: character unigram and bigram postings, compressed (src/index/postings.ts), each
 * posting with its term frequency. FlexSearch's Document index keeps each posting as a JS array entry under a
 * string key, which is slow to build and many times the corpus in memory (BENCHMARKS.md). Here the build is
 * two counting passes over flat typed arrays, a posting costs a byte or two, the saved files are the arrays
 * themselves, and the exact length of every list is known, so a query intersects only its rarest bigrams
 * before verification.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { IndexFileError, writeFileAtomic } from '../util/files.js';
import { appendPostingLists, buildPostingLists } from './postings-build.js';
import {
  decodeList,
  EMPTY_LISTS,
  findKey,
  intersectKeys,
  probeIntersect,
  LIST_PARTS,
  listsBytes,
  MAX_UNITS,
  type PostingLists,
  type Postings,
} from './postings.js';
import { intersectSorted } from '../util/sorted.js';
import { TextIndex, type Ids, type StoreUnit, type TermMatch, type Verify } from './store.js';

const pair = (s: string, i: number) => ((s.charCodeAt(i) << 16) | s.charCodeAt(i + 1)) >>> 0;

/** Every character. */
const unigramsOf = (s: string, emit: (k: number) => void) => {
  for (let i = 0; i < s.length; i++) emit(s.charCodeAt(i));
};

/**
 * Every adjacent pair, counted without overlap (哈哈哈 holds 哈哈 once), the way a term's occurrences are
 * counted when a unit's text is scanned, so ranking agrees whichever way the frequency was found.
 */
const bigramsOf = (s: string, emit: (k: number) => void) => {
  let prev = -1;
  let counted = false;
  for (let i = 0; i + 1 < s.length; i++) {
    const k = pair(s, i);
    if (k === prev && counted) counted = false;
    else {
      emit(k);
      counted = true;
    }
    prev = k;
  }
};

/** Postings of units added since the last build: plain arrays, folded in at the next rebuild. */
class Delta {
  readonly lists = new Map<number, { ids: number[]; tf: number[] }>();
  put(id: number): (k: number) => void {
    return (k) => {
      const l = this.lists.get(k);
      if (!l) this.lists.set(k, { ids: [id], tf: [1] });
      else if (l.ids[l.ids.length - 1] !== id) l.ids.push(id), l.tf.push(1);
      else l.tf[l.tf.length - 1]++;
    };
  }
}

export class GramIndex extends TextIndex {
  readonly kind = 'gram';
  /** `stem` prefixes the saved files' names, so a second index (the titles') can share a folder */
  constructor(private readonly stem = '') {
    super();
  }

  private uni: PostingLists = EMPTY_LISTS;
  private bi: PostingLists = EMPTY_LISTS;
  private pending = 0;
  /** the lowest unit number added since the build: every later one is higher, and every built one lower */
  private firstPending = Infinity;
  private deltaUni = new Delta();
  private deltaBi = new Delta();
  private removed = new Set<number>();

  /** Bulk build: far faster than add() one unit at a time. */
  build(texts: StoreUnit[]): void {
    const sorted = texts.every((t, k) => k === 0 || texts[k - 1].id < t.id) ? texts : [...texts].sort((a, b) => a.id - b.id);
    this.uni = buildPostingLists(sorted, unigramsOf);
    this.bi = buildPostingLists(sorted, bigramsOf);
    this.pending = 0;
    this.firstPending = Infinity;
    this.deltaUni = new Delta();
    this.deltaBi = new Delta();
  }

  /**
   * Index units numbered above every unit built or loaded here into the lists themselves, as one build of all the
   * texts would have made them (a merge of added documents into a saved base reads the base's lists, not its texts).
   */
  append(texts: StoreUnit[]): void {
    if (!this.settled) throw new Error('GramIndex.append: units were added or removed since the build');
    const sorted = [...texts].sort((a, b) => a.id - b.id);
    this.uni = appendPostingLists(this.uni, buildPostingLists(sorted, unigramsOf));
    this.bi = appendPostingLists(this.bi, buildPostingLists(sorted, bigramsOf));
  }

  add(id: number, text: string): void {
    if (id >= MAX_UNITS) throw new Error(`unit number ${id} is beyond the store's limit of ${MAX_UNITS}`);
    this.pending++;
    this.firstPending = Math.min(this.firstPending, id);
    unigramsOf(text, this.deltaUni.put(id));
    bigramsOf(text, this.deltaBi.put(id));
    this.removed.delete(id);
  }

  remove(id: number): void {
    this.removed.add(id);
  }

  /** Units added after the build have higher numbers than every built one, so their ids go after. */
  private withDelta(base: Postings, delta: Delta, key: number): Postings {
    const extra = delta.lists.get(key);
    if (!extra) return base;
    const ids = new Uint32Array(base.ids.length + extra.ids.length);
    const tf = new Uint32Array(ids.length);
    ids.set(base.ids);
    ids.set(extra.ids, base.ids.length);
    tf.set(base.tf);
    tf.set(extra.tf, base.tf.length);
    return { ids, tf };
  }

  private dropRemoved(p: Postings): Postings {
    if (!this.removed.size) return p;
    const keep: number[] = [];
    p.ids.forEach((n, k) => this.removed.has(n) || keep.push(k));
    return { ids: Uint32Array.from(keep, (k) => p.ids[k]), tf: Uint32Array.from(keep, (k) => p.tf[k]) };
  }

  /** The list of one unigram or bigram key, with frequencies. */
  private single(lists: PostingLists, delta: Delta, key: number): Postings {
    const i = findKey(lists, key);
    const base = i < 0 ? { ids: new Uint32Array(0), tf: new Uint32Array(0) } : decodeList(lists, i, true);
    return this.dropRemoved(this.withDelta(base, delta, key));
  }

  /** For a term exact() accepts: the units containing it and how often each does. */
  postings(term: string): Postings {
    return term.length === 1
      ? this.single(this.uni, this.deltaUni, term.charCodeAt(0))
      : this.single(this.bi, this.deltaBi, pair(term, 0));
  }

  candidates(term: string): Uint32Array {
    return term.length <= 2 ? this.postings(term).ids : this.candidatesBounded(term).ids;
  }

  /**
   * Candidates of a term of three or more characters, each with the count of the term's rarest intersected bigram
   * in it (0: not known): the term cannot occur more often than that, so where it is 1 verification stops at the
   * first occurrence instead of reading the rest of the text to count.
   */
  candidatesBounded(term: string): { ids: Uint32Array; tfBound: Uint32Array } {
    const keys = new Set<number>();
    for (let i = 0; i + 1 < term.length; i++) keys.add(pair(term, i));
    const idx: number[] = [];
    for (const k of keys) idx.push(findKey(this.bi, k));
    const none = new Uint32Array(0);
    let { ids, tf } = idx.includes(-1) ? { ids: none, tf: none } : intersectKeys(this.bi, pickRarest(this.bi, idx), NARROWING);
    if (this.pending) {
      // the few added units: intersect their small lists directly
      let acc: number[] | null = null;
      for (const k of keys) {
        const l = this.deltaBi.lists.get(k)?.ids ?? [];
        acc = acc === null ? l : Array.from(intersectSorted(acc, l));
      }
      if (acc?.length) {
        const merged = new Uint32Array(2 * (ids.length + acc.length));
        const n = ids.length + acc.length;
        merged.set(ids);
        merged.set(acc, ids.length);
        merged.set(tf, n); // the added units' bounds stay 0
        ids = merged.subarray(0, n);
        tf = merged.subarray(n);
      }
    }
    if (this.removed.size) {
      const keep: number[] = [];
      ids.forEach((n, k) => this.removed.has(n) || keep.push(k));
      return { ids: Uint32Array.from(keep, (k) => ids[k]), tfBound: Uint32Array.from(keep, (k) => tf[k]) };
    }
    return { ids, tfBound: tf };
  }

  /** Gram keys of a term and the lists they live in: its one character, or its distinct bigrams. */
  private keysOf(term: string): { lists: PostingLists; delta: Delta; keys: number[] } {
    if (term.length === 1) return { lists: this.uni, delta: this.deltaUni, keys: [term.charCodeAt(0)] };
    const keys = new Set<number>();
    for (let i = 0; i + 1 < term.length; i++) keys.add(pair(term, i));
    return { lists: this.bi, delta: this.deltaBi, keys: [...keys] };
  }

  /** Exact for one or two characters; for longer terms the length of their rarest bigram's list. */
  override dfBound(term: string): number {
    const { lists, delta, keys } = this.keysOf(term);
    let bound = Infinity;
    for (const k of keys) {
      // removed units stay on the lists until the next build: count them out (decoding) only when there are any
      const n = this.removed.size
        ? this.single(lists, delta, k).ids.length
        : (findKey(lists, k) < 0 ? 0 : lists.df[findKey(lists, k)]) + (delta.lists.get(k)?.ids.length ?? 0);
      bound = Math.min(bound, n);
    }
    return bound === Infinity ? 0 : bound;
  }

  /** Probe every one of the term's lists for the few units in `within` (block skips, no full decoding). */
  candidatesWithin(term: string, within: ArrayLike<number>): Uint32Array {
    const { lists, delta, keys } = this.keysOf(term);
    let built = 0;
    while (built < within.length && within[built] < this.firstPending) built++;
    let acc: Uint32Array = Uint32Array.from({ length: built }, (_, k) => within[k]);
    for (const k of keys) {
      if (!acc.length) break;
      const i = findKey(lists, k);
      acc = i < 0 ? acc.subarray(0, 0) : probeIntersect(lists, i, acc, acc);
    }
    // the added units among `within`: intersected with each key's added list (both ascending), not searched one by one
    let later: Uint32Array = Uint32Array.from({ length: within.length - built }, (_, k) => within[built + k]);
    for (const k of keys) if (later.length) later = intersectSorted(later, delta.lists.get(k)?.ids ?? []);
    const out = later.length ? Uint32Array.from([...acc, ...later]) : acc;
    return this.removed.size ? out.filter((n) => !this.removed.has(n)) : out;
  }

  /** A one- or two-unit term is a single posting list: a unit is on it only if it contains the term. */
  exact(term: string): boolean {
    return term.length <= 2;
  }

  /**
   * A term of one or two characters is its own posting list, exact and with frequencies. A longer one is
   * verified among the candidates its rarest bigrams leave, stopping at the first occurrence where a bigram's
   * count bounds it to one. Among a few units (`within`), each list is probed for them instead of decoded.
   */
  override match(term: string, verify: Verify, within?: Ids): TermMatch {
    if (within) {
      const ids = this.candidatesWithin(term, within);
      if (this.exact(term)) return { ids, df: this.dfBound(term) };
      const post = verify(ids, term);
      return { ids: post.ids, df: this.dfBound(term), post };
    }
    const post = this.exact(term) ? this.postings(term) : this.verifyBounded(term, verify);
    return { ids: post.ids, df: post.ids.length, post };
  }

  private verifyBounded(term: string, verify: Verify): Postings {
    const { ids, tfBound } = this.candidatesBounded(term);
    return verify(ids, term, tfBound);
  }

  /** No units added or removed since the build: what save() requires. */
  get settled(): boolean {
    return !this.pending && !this.removed.size;
  }

  /** Size in bytes of the postings, for reports. */
  get bytes(): number {
    return listsBytes(this.uni) + listsBytes(this.bi);
  }

  async save(dir: string): Promise<void> {
    if (this.pending || this.removed.size) throw new Error('GramIndex.save: rebuild before saving (journal holds later changes)');
    for (const [name, lists] of [['uni', this.uni], ['bi', this.bi]] as const)
      for (const part of LIST_PARTS) {
        const a = lists[part];
        writeFileAtomic(join(dir, `${this.stem}${name}.${part}.bin`), Buffer.from(a.buffer, a.byteOffset, a.byteLength));
      }
  }

  load(dir: string): void {
    const read = (file: string): Buffer => {
      const p = join(dir, this.stem + file);
      if (!existsSync(p)) throw new IndexFileError(p, 'missing');
      return readFileSync(p);
    };
    const u32 = (file: string) => {
      const buf = read(file);
      if (buf.byteLength % 4) throw new IndexFileError(join(dir, this.stem + file), `${buf.byteLength} bytes, not whole 32-bit numbers`);
      // a Buffer may start at any byte offset of Node's pool: copy only when unaligned
      return buf.byteOffset % 4 === 0
        ? new Uint32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4)
        : new Uint32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    };
    const lists = (name: string): PostingLists => {
      const buf = read(`${name}.bytes.bin`);
      const l: PostingLists = {
        keys: u32(`${name}.keys.bin`),
        df: u32(`${name}.df.bin`),
        offs: u32(`${name}.offs.bin`),
        bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength),
        skipAt: u32(`${name}.skipAt.bin`),
        skipPrev: u32(`${name}.skipPrev.bin`),
        skipOff: u32(`${name}.skipOff.bin`),
      };
      const nk = l.keys.length;
      if (l.df.length !== nk || l.offs.length !== nk + 1 || l.offs[nk] !== l.bytes.length || l.skipAt.length !== nk + 1 ||
          l.skipPrev.length !== l.skipAt[nk] || l.skipOff.length !== l.skipAt[nk])
        throw new IndexFileError(join(dir, `${this.stem}${name}.*.bin`), 'the files of these postings do not fit together');
      return l;
    };
    this.uni = lists('uni');
    this.bi = lists('bi');
  }
}

/** How many of a term's bigram lists to intersect before verifying the rest against the text. */
const PROBES = 3;
/**
 * Stop intersecting once a list removes less than this share of the candidates: probing a candidate in one more
 * list costs about a quarter of verifying it against its text, as measured on the benchmark corpus.
 */
const NARROWING = 0.25;

function pickRarest(lists: PostingLists, idx: number[]): number[] {
  return [...idx].sort((a, b) => lists.df[a] - lists.df[b]).slice(0, PROBES);
}
