/**
 * A build's postings as lists: each key's units gathered in memory, in the order the build numbers them, then
 * written one row per key by binary COPY (key, ids integer[]) into the lists table of FlexSearch's schema. One
 * row per key instead of one per key and unit is what makes a build fast: far fewer bytes, no tuple per posting,
 * and an index of keys instead of one of every posting.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { ClientBase } from 'pg';
import type { PostingTable } from '../../index/flexsearch-pg.js';
import { ensureLength } from '../../util/growable.js';

/**
 * Units of every key, in chunks of one pool: a chunk is the offset of the next (0: none) and CHUNK_IDS units.
 * Millions of short lists as JS arrays or typed arrays would each be an object for the collector to track and
 * copy as it grows; here a key is a few numbers and its list a chain in one buffer.
 */
const CHUNK = 16;
const CHUNK_IDS = CHUNK - 1;

/** PostgreSQL's type oid of int4, named in a binary array's header. */
const INT4_OID = 23;
const COPY_CHUNK = 1 << 16;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export class ListBuilder {
  /** a key (its code point, or first × 0x110000 + second for a bigram) → its list's number */
  private readonly index = new Map<number, number>();
  private keyOf = new Float64Array(1024);
  /** per list: first chunk, last chunk, units in the last chunk, units in all, the last unit */
  private head = new Uint32Array(1024);
  private tail = new Uint32Array(1024);
  private fill = new Uint32Array(1024);
  private count = new Uint32Array(1024);
  private last = new Int32Array(1024);
  private pool = new Uint32Array(CHUNK * 1024);
  /** next free chunk; 0 is never one, so a next of 0 ends a chain */
  private free = CHUNK;

  constructor(readonly table: PostingTable) {}

  /**
   * A unit's keys — its characters or its adjacent pairs of them, as the table's terms() gives them (`cps`: the
   * first `n` are the unit's matching form as code points; see codePoints) — units in ascending number order, so
   * a key met twice in one unit is the one whose list ends with it.
   */
  add(id: number, cps: ArrayLike<number>, n: number): void {
    if (this.table.gram === 1) for (let i = 0; i < n; i++) this.push(cps[i], id);
    else for (let i = 0; i + 1 < n; i++) this.push(cps[i] * 0x110000 + cps[i + 1], id);
  }

  get keys(): number {
    return this.index.size;
  }

  private push(key: number, id: number): void {
    let k = this.index.get(key);
    if (k === undefined) {
      k = this.index.size;
      if (k === this.head.length) this.growLists();
      this.index.set(key, k);
      this.keyOf[k] = key;
      this.head[k] = this.tail[k] = this.chunk();
      this.fill[k] = this.count[k] = 0;
    } else if (this.last[k] === id) return;
    if (this.fill[k] === CHUNK_IDS) {
      const c = this.chunk();
      this.pool[this.tail[k]] = c;
      this.tail[k] = c;
      this.fill[k] = 0;
    }
    this.pool[this.tail[k] + 1 + this.fill[k]++] = id;
    this.count[k]++;
    this.last[k] = id;
  }

  private chunk(): number {
    if (this.free + CHUNK > this.pool.length) this.pool = ensureLength(this.pool, this.pool.length * 2);
    const c = this.free;
    this.pool[c] = 0;
    this.free += CHUNK;
    return c;
  }

  private growLists(): void {
    const n = this.head.length * 2;
    this.keyOf = ensureLength(this.keyOf, n);
    this.head = ensureLength(this.head, n);
    this.tail = ensureLength(this.tail, n);
    this.fill = ensureLength(this.fill, n);
    this.count = ensureLength(this.count, n);
    this.last = ensureLength(this.last, n);
  }

  /** COPY the lists into the table (`freeze`: it was emptied in this transaction; see copyLines). */
  async copy(client: ClientBase, freeze: boolean): Promise<void> {
    const sink = client.query(copyStreams.from(`COPY ${this.table.lists} (key, ids) FROM STDIN WITH (FORMAT binary${freeze ? ', FREEZE' : ''})`));
    await pipeline(Readable.from(this.binary()), sink);
  }

  /** The lists in COPY's binary format: a header, per key a tuple of two fields (text, int4[]), a trailer. */
  private *binary(): Generator<Buffer> {
    let buf = Buffer.allocUnsafe(COPY_CHUNK);
    let o = SIGNATURE.copy(buf, 0);
    o = buf.writeInt32BE(0, o); // flags
    o = buf.writeInt32BE(0, o); // header extension length
    const { pool } = this;
    for (let k = 0; k < this.index.size; k++) {
      const key = this.keyOf[k];
      const text = this.table.gram === 1 ? String.fromCodePoint(key) : String.fromCodePoint(Math.floor(key / 0x110000), key % 0x110000);
      const kb = Buffer.from(text, 'utf8');
      const n = this.count[k];
      const array = 20 + 8 * n;
      const size = 2 + 4 + kb.length + 4 + array;
      if (o + size > buf.length) {
        if (o) yield buf.subarray(0, o);
        buf = Buffer.allocUnsafe(Math.max(COPY_CHUNK, size + 2));
        o = 0;
      }
      o = buf.writeInt16BE(2, o);
      o = buf.writeInt32BE(kb.length, o);
      o += kb.copy(buf, o);
      o = buf.writeInt32BE(array, o);
      // one dimension, no nulls, int4 elements, n of them from index 1
      o = buf.writeInt32BE(1, o);
      o = buf.writeInt32BE(0, o);
      o = buf.writeInt32BE(INT4_OID, o);
      o = buf.writeInt32BE(n, o);
      o = buf.writeInt32BE(1, o);
      for (let c = this.head[k], left = n; c; c = pool[c]) {
        for (let j = 1; j <= CHUNK_IDS && left > 0; j++, left--) {
          o = buf.writeInt32BE(4, o);
          o = buf.writeInt32BE(pool[c + j], o);
        }
      }
    }
    if (o + 2 > buf.length) {
      yield buf.subarray(0, o);
      buf = Buffer.allocUnsafe(2);
      o = 0;
    }
    o = buf.writeInt16BE(-1, o);
    yield buf.subarray(0, o);
  }
}

/**
 * The code points of `s` into `out` (grown when short), as Array.from(s) splits it — a surrogate pair is one,
 * a lone surrogate is itself — without making a string of each. Returns the buffer and how many.
 */
export function codePoints(s: string, out: Uint32Array<ArrayBufferLike>): [Uint32Array<ArrayBufferLike>, number] {
  if (out.length < s.length) out = new Uint32Array(s.length * 2);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d < 0xe000) {
        c = (c - 0xd800) * 0x400 + (d - 0xdc00) + 0x10000;
        i++;
      }
    }
    out[n++] = c;
  }
  return [out, n];
}
