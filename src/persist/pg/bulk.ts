/**
 * Bulk loading for a build (`index`, `migrate`, the benchmark): documents, units and FlexSearch's postings go in
 * by COPY inside one transaction, instead of through FlexSearch's in-memory index and its adapter's multi-row
 * INSERTs, which format every posting into SQL text. The posting rows are the ones the adapter writes for the same
 * units (key = term, res = 0, id = unit number; reg = the units with at least one term), so the adapter reads
 * them as its own: test/persist/pg-bulk.test.ts checks both writers against that rule.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import copyStreams from 'pg-copy-streams';
import type { ClientBase } from 'pg';
import { POSTING_TABLES, type PostingTable } from '../../index/flexsearch-pg.js';
import type { StoreUnit } from '../../index/store.js';

const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value in COPY's text format. */
export function copyText(s: string): string {
  return /[\\\t\n\r]/.test(s) ? s.replace(/[\\\t\n\r]/g, (c) => ESCAPES[c]) : s;
}

/**
 * COPY lines (each ending in \n, values escaped) into `table`; the lines are sent in chunks as they come. `freeze`:
 * the rows are written frozen and their pages all-visible (the table must have been emptied in this
 * transaction), so index-only scans need no VACUUM after a build.
 */
export async function copyLines(client: ClientBase, table: string, columns: string[], lines: Iterable<string>, freeze = false): Promise<void> {
  const sink = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN${freeze ? ' WITH (FREEZE)' : ''}`));
  await pipeline(Readable.from(chunked(lines)), sink);
}

function* chunked(lines: Iterable<string>): Generator<string> {
  let chunk = '';
  for (const line of lines) {
    chunk += line;
    if (chunk.length >= 1 << 16) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk) yield chunk;
}

/** The rows of one FlexSearch index's map table for these units. */
function* mapLines(units: StoreUnit[], table: PostingTable): Generator<string> {
  for (const u of units) for (const term of table.terms(u.text)) yield `${copyText(term)}\t0\t${u.id}\n`;
}

/** The rows of its registry: the units the index holds a term of (as many characters as its terms have). */
function* regLines(units: StoreUnit[], table: PostingTable): Generator<string> {
  for (const u of units) if (u.text.length > 2 * table.gram || Array.from(u.text).length >= table.gram) yield `${u.id}\n`;
}

/** Write the postings of these units into FlexSearch's tables, as its adapter would (`freeze`: see copyLines). */
export async function copyPostings(client: ClientBase, units: StoreUnit[], freeze = false): Promise<void> {
  for (const t of POSTING_TABLES) {
    await copyLines(client, `${t.schema}.map_${t.field}`, ['key', 'res', 'id'], mapLines(units, t), freeze);
    await copyLines(client, `${t.schema}.reg`, ['id'], regLines(units, t));
  }
}

/**
 * The indexes of a map table, by the names FlexSearch's adapter gives them. Its index on `key` is made on
 * (key, id): the adapter's lookups use it as before, and ours read a term's units from the index alone. Its
 * index on `id` serves only removals (DELETE … WHERE id = ANY): rows are written in unit order, by a build and
 * by every add after it, so a block-range (BRIN) index finds a document's rows, and is built in a fraction of
 * the time of a B-tree and takes almost no space.
 */
export const mapIndexes = (t: PostingTable) => [
  { name: `${t.schema}_map_index_${t.field}`, using: 'btree', columns: 'key, id' },
  { name: `${t.schema}_map_id_${t.field}`, using: 'brin', columns: 'id' },
];

/** CREATE INDEX of one of mapIndexes(t). */
export const createIndex = (t: PostingTable, ix: ReturnType<typeof mapIndexes>[number]) =>
  `CREATE INDEX IF NOT EXISTS ${ix.name} ON ${t.schema}.map_${t.field} USING ${ix.using} (${ix.columns})`;

/** What runs SQL: a pg-promise task or transaction. */
interface Sql {
  none(query: string, values?: unknown): Promise<null>;
  oneOrNone<T>(query: string, values?: unknown): Promise<T | null>;
}

/**
 * Bring the map tables the adapter created to the layout our reads and bulk writes expect, once per database
 * (called under the writers' lock): keys compared bytewise (COLLATE "C": equality is the same, but the key
 * index is built by comparing bytes instead of through the locale, several times faster), and the indexes above.
 */
export async function postingsLayout(tx: Sql): Promise<void> {
  for (const t of POSTING_TABLES) {
    const table = `${t.schema}.map_${t.field}`;
    const key = await tx.oneOrNone<{ coll: string }>(
      `SELECT c.collname AS coll FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation WHERE a.attrelid = $1::regclass AND a.attname = 'key'`,
      [table],
    );
    if (key?.coll !== 'C') await tx.none(`ALTER TABLE ${table} ALTER COLUMN key TYPE varchar(128) COLLATE "C"`);
    for (const ix of mapIndexes(t)) {
      const def = await tx.oneOrNone<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2', [t.schema, ix.name]);
      if (def?.indexdef.endsWith(`USING ${ix.using} (${ix.columns})`)) continue;
      await tx.none(`DROP INDEX IF EXISTS ${t.schema}.${ix.name}`);
      await tx.none(createIndex(t, ix));
    }
  }
}
