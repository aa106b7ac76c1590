/**
 * Display texts of a loaded index. Search only needs the matching forms; the display text (about as large as the
 * corpus) is needed only for the few units a request shows. A unit's text is rebuilt from its matching form (in
 * memory for search anyway) and its edits (display-patch.ts, a small fraction of the text), so showing a
 * page of hits reads no file; a whole document's display text is read from display.u16 when first asked for.
 *
 * Loaded documents and units (LoadedDoc, LoadedUnit) have `display` / `text` as enumerable own accessor
 * properties, so spreading, JSON.stringify and deep equality see a plain value. The file stays open for as long
 * as anything can still ask: on Linux an open descriptor keeps reading the file after a later save removed its
 * generation folder.
 */
import { closeSync, fstatSync } from 'node:fs';
import * as zlib from 'node:zlib';
import { IndexFileError, openIndexFile, readFully } from '../util/files.js';
import { ensureLength } from '../util/growable.js';
import { PatchError, PatchReader } from './display-patch.js';
import type { EncodedForms } from '../index/match-forms.js';
import type { Doc, DocMeta, Unit } from '../types.js';

/** Where a document's display text lies in display.u16, in characters; crc32 of its bytes when the save wrote one. */
export interface TextSpan {
  readonly start: number;
  readonly len: number;
  readonly crc?: number;
}

/** 4M characters (8 MB) of recently read documents: a page of hits, a document view and a diff fit many times over. */
export const DEFAULT_CACHE_CHARS = 1 << 22;

/** zlib.crc32 arrived in Node 20.15; without it the check is skipped, the short-read checks still hold. */
const crc32: ((data: Uint8Array) => number) | undefined = (zlib as { crc32?: (data: Uint8Array) => number }).crc32;
export const checksum = (bytes: Uint8Array): number | undefined => crc32?.(bytes);

const closer = new FinalizationRegistry<number>((fd) => {
  try {
    closeSync(fd);
  } catch {
    // already gone: nothing to release
  }
});

export class DisplayTexts {
  private fd: number | null;
  private readonly spans = new Map<string, TextSpan>();
  /**
   * Recently read documents are cached as bytes, off the JS heap: an LRU of strings outlives young-generation
   * collections, is copied by each one and then promoted (reading every document took 5x the I/O, and the heap
   * grew).
   */
  private readonly bytes: ByteCache;
  /** the last document too big for the cache, so asking for it twice in a row reads it once */
  private big: { span: TextSpan; buf: Buffer } | null = null;
  /** shared by every unit and document of this file, so they all keep one hidden class */
  private readonly unitText: PropertyDescriptor;
  private readonly docDisplay: PropertyDescriptor;
  /** per unit, in load order: its matching form (or where it ends in `encoded`) and where its edits start in `patches` */
  private readonly matches: string[];
  private readonly matchEnd: Uint32Array | null;
  private readonly patchAt: Uint32Array;
  /** with `encoded` (loaded for one command): per unit, where its title lies in the display text (−1: given) */
  private readonly titleStart: Float64Array | null;
  private readonly titleLength: Uint32Array | null;
  private readonly unitTitle: PropertyDescriptor | undefined;
  private units = 0;
  /** where foldMapOf writes */
  private mapBuffer = new Int32Array(1024);
  private readonly patchReader = new PatchReader();

  constructor(
    readonly path: string,
    readonly chars: number,
    readonly cacheChars: number,
    private readonly patches: Uint16Array,
    private readonly patchPath: string,
    unitCount: number,
    /** the units' matching forms end to end (match.u16's bytes), when they are not given as strings */
    private readonly encoded: EncodedForms | null = null,
  ) {
    if (!(Number.isInteger(unitCount) && unitCount >= 0)) throw new IndexFileError(path, `bad unit count ${unitCount}`);
    this.matches = encoded ? [] : new Array<string>(unitCount);
    this.matchEnd = encoded ? new Uint32Array(unitCount + 1) : null;
    this.titleStart = encoded ? new Float64Array(unitCount) : null;
    this.titleLength = encoded ? new Uint32Array(unitCount) : null;
    this.patchAt = new Uint32Array(unitCount + 1);
    this.fd = openIndexFile(path);
    const size = fstatSync(this.fd).size;
    if (size !== chars * 2) {
      closeSync(this.fd);
      throw new IndexFileError(path, `${size} bytes where the metadata says ${chars * 2} (truncated, or from another save)`);
    }
    closer.register(this, this.fd, this);
    this.bytes = new ByteCache(cacheChars * 2);
    this.unitText = LoadedUnit.textProperty((k, unit) => this.unitTextAt(k, unit));
    this.unitTitle = encoded ? LoadedUnit.titleProperty((k, unit) => this.titleAt(k, unit)) : undefined;
    this.docDisplay = LoadedDoc.displayProperty((id) => this.read(this.span(id)).toString('utf16le'));
  }

  /** A document whose display text is read from the file at `span`; its units come from `unit()`. */
  doc(meta: DocMeta, units: Unit[], span: TextSpan): Doc {
    if (!(span.start >= 0 && span.len >= 0 && span.start + span.len <= this.chars)) throw new IndexFileError(this.path, `document ${meta.id}: range ${span.start}+${span.len} past the end`);
    this.spans.set(meta.id, span);
    return new LoadedDoc(this.docDisplay, meta, units);
  }

  /** Titles are read when first asked for (unit() takes where they lie instead of the title itself). */
  get lazyTitles(): boolean {
    return this.titleStart !== null;
  }

  /**
   * A unit whose text is its matching form (`match`, or with `encoded` the next `length` characters there) with
   * its next `slots` edits applied (the edits come in unit order). With lazyTitles, a unit whose title is not
   * given (null) has it at `titleStart` (`titleLength` characters) in the display text.
   */
  unit(u: Omit<Unit, 'text' | 'title'> & { title: string | null }, match: string | undefined, slots: number, length = match!.length, titleStart = -1, titleLength = 0): Unit {
    const k = this.units;
    const from = this.patchAt[k];
    if (k >= this.patchAt.length - 1 || !(Number.isInteger(slots) && slots >= 0 && from + slots <= this.patches.length))
      throw new IndexFileError(this.path, `unit ${u.id}: more units or edits than the header says`);
    if (this.matchEnd) this.matchEnd[k + 1] = this.matchEnd[k] + length;
    else this.matches[k] = match!;
    this.patchAt[k + 1] = from + slots;
    this.units++;
    if (this.titleStart && this.titleLength) {
      this.titleStart[k] = u.title === null ? titleStart : -1;
      this.titleLength[k] = titleLength;
    } else if (u.title === null) throw new Error('DisplayTexts.unit: a title is needed');
    return new LoadedUnit(this.unitText, u, k, this.unitTitle);
  }

  /** Unit k's title, from its document's display bytes. */
  private titleAt(k: number, unit: LoadedUnit): string {
    const span = this.span(unit.docId);
    const at = this.titleStart![k] - span.start;
    return this.read(span).toString('utf16le', at * 2, (at + this.titleLength![k]) * 2);
  }

  /** Every unit the header announced was made, and their edits used the whole edit file. */
  patchesUsedUp(): boolean {
    return this.units === this.patchAt.length - 1 && this.patchAt[this.units] === this.patches.length;
  }

  /**
   * The fold map of a unit's display text from its edits (null: offsets unchanged); undefined for a unit not from
   * this file. The map lives in a buffer the next call overwrites: its callers use it at once (a page of hits).
   */
  foldMapOf(unit: Unit): Int32Array | null | undefined {
    const k = LoadedUnit.loadOrder(unit);
    if (k === undefined || k >= this.units) return undefined;
    // a unit of another file (an engine holds a base and its segments) has a load order of its own
    if (Object.getOwnPropertyDescriptor(unit, 'text')?.get !== this.unitText.get) return undefined;
    const len = this.matchEnd ? this.matchEnd[k + 1] - this.matchEnd[k] : this.matches[k].length;
    this.mapBuffer = ensureLength(this.mapBuffer, len + 1);
    try {
      return this.patchReader.foldMap(len, this.patches, this.patchAt[k], this.patchAt[k + 1], this.mapBuffer);
    } catch (e) {
      throw this.patchFileError(unit, e);
    }
  }

  private unitTextAt(k: number, unit: Unit): string {
    try {
      const match = this.matchEnd ? this.encoded!.decode(this.matchEnd[k], this.matchEnd[k + 1] - this.matchEnd[k]) : this.matches[k];
      return this.patchReader.apply(match, this.patches, this.patchAt[k], this.patchAt[k + 1]);
    } catch (e) {
      throw this.patchFileError(unit, e);
    }
  }

  /** Edits that do not fit their text mean a damaged patch.u16: say so as the index file error it is. */
  private patchFileError(unit: Unit, e: unknown): unknown {
    return e instanceof PatchError ? new IndexFileError(this.patchPath, `unit ${unit.id}: ${e.message}`) : e;
  }

  /** Stop reading: later accesses raise IndexFileError instead of reading whatever file takes the descriptor. */
  close(): void {
    if (this.fd === null) return;
    closer.unregister(this);
    closeSync(this.fd);
    this.fd = null;
    this.bytes.clear();
    this.big = null;
  }

  private span(docId: string): TextSpan {
    const span = this.spans.get(docId);
    if (!span) throw new IndexFileError(this.path, `no text for document ${docId}`);
    return span;
  }

  /** The document's bytes, from the cache or the file. */
  private read(span: TextSpan): Buffer {
    if (this.fd === null) throw new IndexFileError(this.path, 'closed: the engine that loaded it was released');
    const cached = this.bytes.get(span) ?? (this.big?.span === span ? this.big.buf : undefined);
    if (cached) return cached;
    const bytes = span.len * 2;
    // read straight into the cache; a document that does not fit there gets a buffer of its own
    let buf = this.bytes.put(span, bytes);
    if (!buf) this.big = { span, buf: (buf = Buffer.allocUnsafeSlow(bytes)) };
    try {
      readFully(this.fd, buf, 0, bytes, span.start * 2, this.path);
      if (span.crc !== undefined) {
        const sum = checksum(buf);
        if (sum !== undefined && sum !== span.crc) throw new IndexFileError(this.path, `characters ${span.start}+${span.len} changed since they were saved (checksum)`);
      }
    } catch (e) {
      this.bytes.drop(span);
      this.big = null;
      throw e instanceof IndexFileError ? e : new IndexFileError(this.path, (e as Error).message);
    }
    return buf;
  }
}

/**
 * An LRU of byte ranges in one buffer used as a ring: entries are laid end to end in the order they were put, and a
 * new one overwrites the oldest. An entry read again once it is in the older half moves to the front, so what is in
 * use stays; a document bigger than the whole buffer is not cached.
 */
export class ByteCache {
  private slab: Buffer | null = null;
  private head = 0;
  /** bytes put so far: an entry's age is how much was put after it */
  private clock = 0;
  /** put order, oldest first */
  private readonly entries = new Map<TextSpan, { off: number; bytes: number; at: number }>();

  constructor(readonly capacity: number) {}

  get(span: TextSpan): Buffer | undefined {
    const e = this.entries.get(span);
    if (!e) return undefined;
    if (this.clock - e.at > this.capacity / 2) {
      this.entries.delete(span);
      const off = this.place(e.bytes);
      this.slab!.copyWithin(off, e.off, e.off + e.bytes);
      this.entries.set(span, { off, bytes: e.bytes, at: this.clock });
      return this.slab!.subarray(off, off + e.bytes);
    }
    return this.slab!.subarray(e.off, e.off + e.bytes);
  }

  /** Room for `bytes` for `span`, to be filled by the caller; undefined when it does not fit at all. */
  put(span: TextSpan, bytes: number): Buffer | undefined {
    if (bytes > this.capacity) return undefined;
    this.slab ??= Buffer.allocUnsafeSlow(this.capacity);
    const off = this.place(bytes);
    this.entries.set(span, { off, bytes, at: this.clock });
    return this.slab.subarray(off, off + bytes);
  }

  drop(span: TextSpan): void {
    this.entries.delete(span);
  }

  /** for tests: what the entries take */
  get heldBytes(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.bytes;
    return n;
  }

  clear(): void {
    this.entries.clear();
    this.slab = null;
    this.head = 0;
  }

  /** Take [head, head + bytes), wrapping to 0 when it does not fit, and forget the entries it overwrites. */
  private place(bytes: number): number {
    if (this.head + bytes > this.capacity) {
      // what lies between head and the end was put one lap ago: the oldest, at the front of the map
      for (const [span, e] of this.entries) {
        if (e.off < this.head) break;
        this.entries.delete(span);
      }
      this.head = 0;
    }
    for (const [span, e] of this.entries) {
      if (!(e.off < this.head + bytes && e.off + e.bytes > this.head)) break;
      this.entries.delete(span);
    }
    const off = this.head;
    this.head += bytes;
    this.clock += bytes;
    return off;
  }
}

/**
 * A unit of a loaded index: its fields in buildDoc's order, with `text` an enumerable own accessor in its place
 * (the routes and exports spread units into their answers, so a getter on the prototype would drop the text
 * there), shared by every unit of one file so they keep one hidden class. The text is rebuilt from the unit's
 * matching form and saved edits when read. Assigning a text replaces it, as on a plain object; the unit then has
 * no saved edits (no fold map).
 */
export class LoadedUnit implements Unit {
  // declared, not initialised: initialised fields exist before the constructor runs, and making `text` an
  // accessor after that would move every unit to a hidden class of its own
  declare id: string;
  declare docId: string;
  declare kind: Unit['kind'];
  declare ordinal: number;
  declare path: string[];
  declare title: string;
  declare text: string;
  declare start: number;
  declare end: number;
  declare stance: Unit['stance'];
  declare year: number;
  declare yearTo?: number;
  /** its place in load order, where DisplayTexts finds its matching form and edits; or the text assigned to it */
  #source: number | string;
  /** with a title accessor: the title, or its place in load order while it is still to be read */
  #title: number | string = '';

  /** `title`: an accessor like `text` (its title read when first asked for), or absent for a plain field */
  constructor(text: PropertyDescriptor, u: Omit<Unit, 'text' | 'title'> & { title: string | null }, k: number, title?: PropertyDescriptor) {
    this.#source = k;
    this.id = u.id;
    this.docId = u.docId;
    this.kind = u.kind;
    this.ordinal = u.ordinal;
    this.path = u.path;
    if (title) {
      this.#title = u.title ?? k;
      Object.defineProperty(this, 'title', title);
    } else this.title = u.title!;
    Object.defineProperty(this, 'text', text);
    this.start = u.start;
    this.end = u.end;
    this.stance = u.stance;
    this.year = u.year;
    if (u.yearTo !== undefined) this.yearTo = u.yearTo;
  }

  /** The `text` property of the units of one file, whose texts `read` rebuilds from their load order. */
  static textProperty(read: (k: number, unit: LoadedUnit) => string): PropertyDescriptor {
    return {
      get(this: LoadedUnit) {
        return typeof this.#source === 'string' ? this.#source : read(this.#source, this);
      },
      set(this: LoadedUnit, value: string) {
        this.#source = value;
      },
      enumerable: true,
      configurable: true,
    };
  }

  /** The `title` property of the units of one file whose titles `read` reads by load order (once each). */
  static titleProperty(read: (k: number, unit: LoadedUnit) => string): PropertyDescriptor {
    return {
      get(this: LoadedUnit) {
        return typeof this.#title === 'string' ? this.#title : (this.#title = read(this.#title, this));
      },
      set(this: LoadedUnit, value: string) {
        this.#title = value;
      },
      enumerable: true,
      configurable: true,
    };
  }

  /** A loaded unit's place in load order; undefined for any other unit, and for one given another text. */
  static loadOrder(unit: Unit): number | undefined {
    return unit instanceof LoadedUnit && typeof unit.#source === 'number' ? unit.#source : undefined;
  }
}

/** A document of a loaded index: `display` is an enumerable own accessor between its metadata and its units. */
export class LoadedDoc implements Doc {
  declare meta: DocMeta;
  declare display: string;
  declare units: Unit[];
  /** a display text assigned in place of the saved one */
  #assigned: string | undefined;

  constructor(display: PropertyDescriptor, meta: DocMeta, units: Unit[]) {
    this.meta = meta;
    Object.defineProperty(this, 'display', display);
    this.units = units;
  }

  /** The `display` property of the documents of one file, whose texts `read` reads by document id. */
  static displayProperty(read: (docId: string) => string): PropertyDescriptor {
    return {
      get(this: LoadedDoc) {
        return this.#assigned ?? read(this.meta.id);
      },
      set(this: LoadedDoc, value: string) {
        this.#assigned = value;
      },
      enumerable: true,
      configurable: true,
    };
  }
}
