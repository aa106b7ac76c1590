/**
 * A build's postings as lists: each key's units gathered in memory, in the order the build numbers them, then
 * written one row per key by binary COPY (key, ids integer[]) into the lists table of FlexSearch's schema. One
 * row per key instead of one per key and unit is what makes a build fast: a tenth of the bytes, no per-row
 * tuple, and an index of keys instead of one of every posting.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { ClientBase } from 'pg';
import type { PostingTable } from '../../index/flexsearch-pg.js';

/** A key's units so far: the first `n` of `ids`, ascending. */
interface List {
  ids: Uint32Array;
  n: number;
}

/** PostgreSQL's type oid of int4, named in a binary array's header. */
const INT4_OID = 23;
const CHUNK = 1 << 16;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export class ListBuilder {
  private readonly lists = new Map<string, List>();

  constructor(readonly table: PostingTable) {}

  /** A unit's keys (its distinct terms of this table), units in ascending number order. */
  add(id: number, text: string): void {
    for (const key of this.table.terms(text)) {
      let l = this.lists.get(key);
      if (!l) this.lists.set(key, (l = { ids: new Uint32Array(2), n: 0 }));
      else if (l.n === l.ids.length) {
        const grown = new Uint32Array(l.n * 2);
        grown.set(l.ids);
        l.ids = grown;
      }
      l.ids[l.n++] = id;
    }
  }

  get keys(): number {
    return this.lists.size;
  }

  /**
   * COPY the lists into the table (`freeze`: it was emptied in this transaction; see copyLines). The lists are
   * dropped as they are sent.
   */
  async copy(client: ClientBase, freeze: boolean): Promise<void> {
    const sink = client.query(copyStreams.from(`COPY ${this.table.lists} (key, ids) FROM STDIN WITH (FORMAT binary${freeze ? ', FREEZE' : ''})`));
    await pipeline(Readable.from(this.binary()), sink);
  }

  /** The lists in COPY's binary format: a header, per key a tuple of two fields (text, int4[]), a trailer. */
  private *binary(): Generator<Buffer> {
    let buf = Buffer.allocUnsafe(CHUNK);
    let o = SIGNATURE.copy(buf, 0);
    o = buf.writeInt32BE(0, o); // flags
    o = buf.writeInt32BE(0, o); // header extension length
    for (const [key, l] of this.lists) {
      this.lists.delete(key);
      const k = Buffer.from(key, 'utf8');
      const array = 20 + 8 * l.n;
      const size = 2 + 4 + k.length + 4 + array;
      if (o + size > buf.length) {
        if (o) yield buf.subarray(0, o);
        buf = Buffer.allocUnsafe(Math.max(CHUNK, size + 2));
        o = 0;
      }
      o = buf.writeInt16BE(2, o);
      o = buf.writeInt32BE(k.length, o);
      o += k.copy(buf, o);
      o = buf.writeInt32BE(array, o);
      // one dimension, no nulls, int4 elements, n of them from index 1
      o = buf.writeInt32BE(1, o);
      o = buf.writeInt32BE(0, o);
      o = buf.writeInt32BE(INT4_OID, o);
      o = buf.writeInt32BE(l.n, o);
      o = buf.writeInt32BE(1, o);
      for (let j = 0; j < l.n; j++) {
        o = buf.writeInt32BE(4, o);
        o = buf.writeInt32BE(l.ids[j], o);
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
