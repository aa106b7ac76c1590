/**
 * The dictionary words of 2–4 UTF-16 units as integer keys in typed-array hash tables, for word-boundary
 * checks in ranking. Instantiating segmentit only to look words up in its TABLE costs tens of MB of RSS; these
 * tables hold the same words in a small fraction of that and are filled from the dictionary literals in
 * segmentit's bundle without running it (sizes in BENCHMARKS.md).
 */
import { readFileSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

export const MIN_WORD_UNITS = 2;
export const MAX_WORD_UNITS = 4;

const pair = (a: number, b: number) => ((a << 16) | b) >>> 0;
const mix = (a: number, b: number) => Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ (b >>> 15), 0x85ebca6b);
const FILTER_BITS = 1 << 20;
const FILTER_WORDS = FILTER_BITS >>> 5;
/** zlib.crc32 arrived in Node 20.15; without it the saved tables are recounted instead. */
const crc32: ((data: Uint8Array) => number) | undefined = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
/** bit of the membership filter for a word of `n` units starting with the pair `a` */
const filterHash = (a: number, n: number) => (Math.imul(a ^ (n << 28), 0x2c1b3c6d) ^ (a >>> 13)) & (FILTER_BITS - 1);

/**
 * Open addressing with linear probing over keys of one u32 (a) or two (a, b; b = 0 in one-wide tables).
 * The all-zero key marks an empty slot, so the one word that encodes to it is a flag. Sized to a load of
 * at most 0.7: a miss, the common answer, then probes ~2–3 slots, against ~17 steps of a binary search.
 */
class KeyTable {
  private readonly slots: Uint32Array;
  private readonly mask: number;
  private hasZero = false;
  size = 0;

  constructor(
    count: number,
    private readonly wide: boolean,
    slots?: Uint32Array,
  ) {
    let cap = 16;
    while (cap * 0.7 < count) cap *= 2;
    if (slots && slots.length !== (wide ? 2 * cap : cap)) throw new Error(`word table: ${slots.length} slots for ${count} words`);
    this.slots = slots ?? new Uint32Array(wide ? 2 * cap : cap);
    this.mask = cap - 1;
    if (slots) this.size = count;
  }

  /** [size, hasZero, slots.length], then the slots: what restore() takes back */
  dump(): Uint32Array[] {
    return [Uint32Array.of(this.size, this.hasZero ? 1 : 0, this.slots.length), this.slots];
  }

  /**
   * A table from dump()'s numbers; throws when they do not fit together. `counted`: check the header's word count
   * against the slots (a pass over every slot, for bytes no checksum vouches for).
   */
  static restore(head: Uint32Array, slots: Uint32Array, wide: boolean, counted: boolean): KeyTable {
    const table = new KeyTable(head[0], wide, slots);
    table.hasZero = head[1] === 1;
    if (!counted) return table;
    let filled = table.hasZero ? 1 : 0;
    table.forEachFirst(() => filled++);
    if (filled !== head[0]) throw new Error(`word table: ${filled} words where the header says ${head[0]}`);
    return table;
  }

  /**
   * Calls `f` with the first u32 of every non-empty slot (not the zero key). A plain loop: the first search of a
   * process restores 144k words, and a generator yielding pairs cost more than reading the file.
   */
  forEachFirst(f: (a: number) => void): void {
    const { slots } = this;
    if (!this.wide) {
      for (let i = 0; i < slots.length; i++) if (slots[i] !== 0) f(slots[i]);
      return;
    }
    for (let i = 0; i < slots.length; i += 2) if (slots[i] !== 0 || slots[i + 1] !== 0) f(slots[i]);
  }

  /** The slot holding (a, b), or the empty slot where it would go. */
  private find(a: number, b: number): number {
    const { slots, mask } = this;
    if (!this.wide) {
      for (let i = mix(a, 0) & mask; ; i = (i + 1) & mask) if (slots[i] === a || slots[i] === 0) return i;
    }
    for (let i = mix(a, b) & mask; ; i = (i + 1) & mask) {
      const sa = slots[2 * i];
      const sb = slots[2 * i + 1];
      if ((sa === a && sb === b) || (sa === 0 && sb === 0)) return i;
    }
  }

  add(a: number, b: number): void {
    if (a === 0 && b === 0) {
      if (!this.hasZero) this.size++;
      this.hasZero = true;
    } else if (!this.has(a, b)) {
      const i = this.find(a, b);
      if (this.wide) this.slots.set([a, b], 2 * i);
      else this.slots[i] = a;
      this.size++;
    }
  }

  has(a: number, b: number): boolean {
    if (a === 0 && b === 0) return this.hasZero;
    const i = this.find(a, b);
    return this.wide ? this.slots[2 * i] !== 0 || this.slots[2 * i + 1] !== 0 : this.slots[i] !== 0;
  }

  get bytes(): number {
    return this.slots.byteLength;
  }

  *keys(): Generator<[number, number]> {
    if (this.hasZero) yield [0, 0];
    const step = this.wide ? 2 : 1;
    for (let i = 0; i < this.slots.length; i += step) {
      const [a, b] = [this.slots[i], this.wide ? this.slots[i + 1] : 0];
      if (a !== 0 || b !== 0) yield [a, b];
    }
  }
}

/** An exact, immutable set of strings of 2–4 UTF-16 units; no per-word JS strings are kept. */
export class WordSet {
  /**
   * One bit per (first two units, length) hash, set for every word: most lookups ranking makes are of strings
   * that are no word, and this 128 KB filter answers those from cache instead of probing the 2 MB tables.
   */
  private readonly maybe: Int32Array;

  private constructor(
    /** [u0u1, 0] */
    private readonly two: KeyTable,
    /** [u0u1, u2] */
    private readonly three: KeyTable,
    /** [u0u1, u2u3] */
    private readonly four: KeyTable,
    /** the filter as saved with the tables; computed from them when not given */
    maybe?: Int32Array,
  ) {
    if (maybe) {
      this.maybe = maybe;
      return;
    }
    this.maybe = maybe = new Int32Array(FILTER_WORDS);
    ([two, three, four] as const).forEach((table, i) => {
      const mark = (h: number) => (maybe![h >>> 5] |= 1 << (h & 31));
      if (table.has(0, 0)) mark(filterHash(0, i + MIN_WORD_UNITS));
      table.forEachFirst((a) => mark(filterHash(a, i + MIN_WORD_UNITS)));
    });
  }

  /** `feed` calls `add` for every word; words of other lengths are skipped. */
  static build(feed: (add: (word: string) => void) => void): WordSet {
    // keys are gathered first, so each table is sized once for its final count
    const keys: [number[], number[], number[]] = [[], [], []];
    feed((w) => {
      const n = w.length;
      if (n < MIN_WORD_UNITS || n > MAX_WORD_UNITS) return;
      const a = pair(w.charCodeAt(0), w.charCodeAt(1));
      const b = n === 2 ? 0 : n === 3 ? w.charCodeAt(2) : pair(w.charCodeAt(2), w.charCodeAt(3));
      keys[n - 2].push(a, b);
    });
    const [two, three, four] = keys.map((flat, i) => {
      const table = new KeyTable(flat.length >>> 1, i > 0);
      for (let i = 0; i < flat.length; i += 2) table.add(flat[i], flat[i + 1]);
      return table;
    });
    return new WordSet(two, three, four);
  }

  /**
   * The three tables, the filter and a crc32 of both as bytes (a little-endian u32 stream) for fromBytes(): 2 MB
   * read back without a pass over the 144k words (which costs a cold process more than reading the file).
   */
  toBytes(): Uint8Array {
    const parts = [...[this.two, this.three, this.four].flatMap((t) => t.dump()), new Uint32Array(this.maybe.buffer, this.maybe.byteOffset, this.maybe.length)];
    const out = new Uint32Array(parts.reduce((n, p) => n + p.length, 1));
    let at = 0;
    for (const p of parts) out.set(p, at), (at += p.length);
    const bytes = new Uint8Array(out.buffer);
    out[at] = crc32 ? crc32(bytes.subarray(0, 4 * at)) : 0;
    return bytes;
  }

  /**
   * The set toBytes() wrote; throws on anything else. `adopt`: the caller hands over `bytes` (read from a file for
   * this), so when they are a whole buffer of their own the set keeps it instead of a copy.
   */
  static fromBytes(bytes: Uint8Array, adopt = false): WordSet {
    if (bytes.byteLength % 4) throw new Error('word tables: not whole 32-bit numbers');
    const whole = adopt && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer;
    const all = new Uint32Array(whole ? (bytes.buffer as ArrayBuffer) : bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    if (all.length < 1 + FILTER_WORDS) throw new Error('word tables: cut short');
    const end = all.length - 1 - FILTER_WORDS;
    // with a checksum that holds, the tables are the ones written and need no recount
    const summed = crc32 !== undefined;
    if (summed && crc32!(new Uint8Array(all.buffer, 0, 4 * (all.length - 1))) !== all[all.length - 1])
      throw new Error('word tables: checksum does not match (damaged, or cut short)');
    let at = 0;
    const next = (wide: boolean): KeyTable => {
      const head = all.subarray(at, at + 3);
      if (head.length < 3 || at + 3 + head[2] > end) throw new Error('word tables: cut short');
      const slots = all.subarray(at + 3, at + 3 + head[2]);
      at += 3 + head[2];
      return KeyTable.restore(head, slots, wide, !summed);
    };
    const [two, three, four] = [next(false), next(true), next(true)];
    if (at !== end) throw new Error('word tables: trailing data');
    return new WordSet(two, three, four, summed ? new Int32Array(all.buffer, 4 * end, FILTER_WORDS) : undefined);
  }

  /** Exact membership; false for any string outside 2–4 units. */
  has(w: string): boolean {
    return this.hasAt(w, 0, w.length);
  }

  /** has(text.slice(from, from + n)) without making the slice: ranking asks a dozen of these per hit. */
  hasAt(text: string, from: number, n: number): boolean {
    if (from < 0 || from + n > text.length || n < MIN_WORD_UNITS || n > MAX_WORD_UNITS) return false;
    const a = pair(text.charCodeAt(from), text.charCodeAt(from + 1));
    const h = filterHash(a, n);
    if (!(this.maybe[h >>> 5] & (1 << (h & 31)))) return false;
    if (n === 2) return this.two.has(a, 0);
    if (n === 3) return this.three.has(a, text.charCodeAt(from + 2));
    return this.four.has(a, pair(text.charCodeAt(from + 2), text.charCodeAt(from + 3)));
  }

  get size(): number {
    return this.two.size + this.three.size + this.four.size;
  }

  get bytes(): number {
    return this.two.bytes + this.three.bytes + this.four.bytes + this.maybe.byteLength;
  }

  /** Every word, decoded again (for tests and diagnostics, not for lookups). */
  *words(): Generator<string> {
    const s = String.fromCharCode;
    for (const [a] of this.two.keys()) yield s(a >>> 16, a & 0xffff);
    for (const [a, b] of this.three.keys()) yield s(a >>> 16, a & 0xffff, b);
    for (const [a, b] of this.four.keys()) yield s(a >>> 16, a & 0xffff, b >>> 16, b & 0xffff);
  }
}

/**
 * The words segmentit's loadDict takes from `text`: lines split at \n (a \r before it only ever lands in
 * the last field), at least three |-separated fields, the first field trimmed and non-empty.
 */
export function forEachDictWord(text: string, add: (word: string) => void): void {
  for (let start = 0; start < text.length; ) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const bar = text.indexOf('|', start);
    if (bar >= 0 && bar < end) {
      const bar2 = text.indexOf('|', bar + 1);
      if (bar2 >= 0 && bar2 < end) {
        const w = text.slice(start, bar).trim();
        if (w.length > 0) add(w);
      }
    }
    start = end + 1;
  }
}

/**
 * The dictionaries segmentit's useDefault loads into TABLE (`var dicts = [pangu, …]`), taken out of its
 * bundle as string literals: its package ships no separate dictionary files. The minified bundle that
 * NODE_ENV=production selects holds the same literals. Null when the bundle no longer has this layout.
 */
export function segmentitDictTexts(): string[] | null {
  try {
    const entry = createRequire(import.meta.url).resolve('segmentit');
    const src = readFileSync(join(dirname(entry), 'segmentit.js'), 'utf8');
    // indexOf, not a regex: V8 keeps a regex's last subject (RegExp.input), which would pin the 5 MB source
    const from = src.indexOf('\nvar dicts = [');
    const to = src.indexOf('];', from);
    if (from < 0 || to < 0) return null;
    const names = src.slice(from + 14, to).split(',').map((s) => s.trim());
    if (!names.every((n) => /^[\w$]+$/.test(n))) return null;
    const texts: string[] = [];
    for (const name of names) {
      const decl = `\nvar ${name} = "`;
      const at = src.indexOf(decl);
      if (at < 0) return null;
      const open = at + decl.length - 1;
      let close = open + 1;
      while (close < src.length && src.charCodeAt(close) !== 34) close += src.charCodeAt(close) === 92 ? 2 : 1;
      // the bundle escapes only \n, \\ and \", so the literal is valid JSON; anything else throws
      texts.push(JSON.parse(src.slice(open, close + 1)) as string);
    }
    return texts;
  } catch {
    return null;
  }
}
