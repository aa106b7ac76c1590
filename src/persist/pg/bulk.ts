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

/** COPY lines (each ending in \n, values escaped) into `table`; the lines are sent in chunks as they come. */
export async function copyLines(client: ClientBase, table: string, columns: string[], lines: Iterable<string>): Promise<void> {
  const sink = client.query(copyStreams.from(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
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

/** Write the postings of these units into FlexSearch's tables, as its adapter would. */
export async function copyPostings(client: ClientBase, units: StoreUnit[]): Promise<void> {
  for (const t of POSTING_TABLES) {
    await copyLines(client, `${t.schema}.map_${t.field}`, ['key', 'res', 'id'], mapLines(units, t));
    await copyLines(client, `${t.schema}.reg`, ['id'], regLines(units, t));
  }
}

/** The indexes FlexSearch's adapter creates on a map table, by its names. */
export const mapIndexes = (t: PostingTable) => [
  { name: `${t.schema}_map_index_${t.field}`, column: 'key' },
  { name: `${t.schema}_map_id_${t.field}`, column: 'id' },
];
