/**
 * Bulk loading for a build (`index`, `migrate`, the benchmark): documents, units and FlexSearch's postings go in
 * by COPY inside one transaction, instead of through FlexSearch's in-memory index and its adapter's multi-row
 * INSERTs, which format every posting into SQL text. A build into an empty store writes each key's units as one
 * row (its list, an integer array, by binary COPY); into a store that has documents, one row per key and unit, as
 * an add does. Either way the adapter's map view shows the rows the adapter writes for the same units (key =
 * term, res = 0, id = unit number; reg = the units with at least one term), so it reads them as its own:
 * test/persist/pg-bulk.test.ts checks both writers against that rule.
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

/** Write the postings of these units into FlexSearch's tables one row per key and unit, as its adapter would. */
export async function copyPostings(client: ClientBase, units: StoreUnit[]): Promise<void> {
  for (const t of POSTING_TABLES) {
    await copyLines(client, t.rows, ['key', 'res', 'id'], mapLines(units, t));
    await copyRegistry(client, units, t);
  }
}

/** The registry rows of these units (see regLines). */
export const copyRegistry = (client: ClientBase, units: StoreUnit[], t: PostingTable) => copyLines(client, `${t.schema}.reg`, ['id'], regLines(units, t));

/**
 * The indexes of the rows table (the adapter's map table before it became a view), by the names FlexSearch's
 * adapter gave them. Its index on `key` is made on (key, id): our reads take a key's units from the index
 * alone. Its index on `id` serves only removals (DELETE … WHERE id = ANY): rows are written in unit order, by
 * every add, so a block-range (BRIN) index finds a document's rows, and takes almost no space.
 */
export const mapIndexes = (t: PostingTable) => [
  { name: `${t.schema}_map_index_${t.field}`, using: 'btree', columns: 'key, id' },
  { name: `${t.schema}_map_id_${t.field}`, using: 'brin', columns: 'id' },
];

/** What runs SQL: a pg-promise task or transaction. */
interface Sql {
  none(query: string, values?: unknown): Promise<null>;
  oneOrNone<T>(query: string, values?: unknown): Promise<T | null>;
}

/**
 * Bring FlexSearch's map tables to the layout our reads and bulk writes expect, once per database (called under
 * the writers' lock): the adapter's table becomes the rows table (its rows kept), keys compared bytewise (COLLATE
 * "C": equality is the same, but the key index is built by comparing bytes instead of through the locale), the
 * lists table beside it (a list's array stored out of line uncompressed: sorted numbers barely compress, and
 * reading one should cost no decompression), and under the adapter's name a view of both, with rules that send
 * the adapter's inserts to the rows table and its deletes to both.
 */
export async function postingsLayout(tx: Sql): Promise<void> {
  for (const t of POSTING_TABLES) {
    const map = await tx.oneOrNone<{ kind: string }>('SELECT relkind AS kind FROM pg_class WHERE oid = to_regclass($1)', [t.map]);
    if (map?.kind === 'r') await tx.none(`ALTER TABLE ${t.map} RENAME TO ${t.rows.split('.')[1]}`);
    const key = await tx.oneOrNone<{ coll: string }>(
      `SELECT c.collname AS coll FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation WHERE a.attrelid = $1::regclass AND a.attname = 'key'`,
      [t.rows],
    );
    if (key?.coll !== 'C') await tx.none(`ALTER TABLE ${t.rows} ALTER COLUMN key TYPE varchar(128) COLLATE "C"`);
    for (const ix of mapIndexes(t)) {
      const def = await tx.oneOrNone<{ indexdef: string }>('SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname = $2', [t.schema, ix.name]);
      if (def?.indexdef.endsWith(`USING ${ix.using} (${ix.columns})`)) continue;
      await tx.none(`DROP INDEX IF EXISTS ${t.schema}.${ix.name}`);
      await tx.none(`CREATE INDEX ${ix.name} ON ${t.rows} USING ${ix.using} (${ix.columns})`);
    }
    if (map?.kind === 'v') continue;
    await tx.none(`CREATE TABLE IF NOT EXISTS ${t.lists} (key varchar(128) COLLATE "C" PRIMARY KEY, ids integer[] NOT NULL)`);
    await tx.none(`ALTER TABLE ${t.lists} ALTER COLUMN ids SET STORAGE EXTERNAL`);
    await tx.none(`
      CREATE VIEW ${t.map} AS
        SELECT key, res, id FROM ${t.rows}
        UNION ALL
        SELECT l.key, 0::smallint AS res, i.id FROM ${t.lists} l CROSS JOIN LATERAL unnest(l.ids) AS i(id)`);
    await tx.none(`CREATE RULE map_insert AS ON INSERT TO ${t.map} DO INSTEAD INSERT INTO ${t.rows} (key, res, id) VALUES (NEW.key, NEW.res, NEW.id)`);
    await tx.none(`
      CREATE RULE map_delete AS ON DELETE TO ${t.map} DO INSTEAD (
        DELETE FROM ${t.rows} WHERE id = OLD.id;
        UPDATE ${t.lists} SET ids = array_remove(ids, OLD.id) WHERE key = OLD.key
      )`);
  }
}
