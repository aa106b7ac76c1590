/**
 * Filters on the PostgreSQL store, three ways, on one database and the benchmark's filtered queries (a term and
 * a year or a region), interleaved: the units of the term that pass the filter
 *   - in memory (what the store does): the term's lists read from the database, the filter checked on the
 *     engine's per-unit columns;
 *   - in SQL: the lists read with the filter as a WHERE on yaodian.units joined to yaodian.documents;
 *   - as FlexSearch tags: the lists read with the filter on the adapter's tag tables (tag_year, tag_region: one
 *     row per unit and value, laid out as its adapter does for a Document index's tags, written here for the
 *     measurement, their cost timed).
 * Every way must give the same units; the section says which is faster.
 *
 *   npm run -s bench -- --store postgres --filters [--scale-mb N] [--database URL]
 */
import type { ClientBase } from 'pg';
import { POSTING_TABLES } from '../src/index/flexsearch-pg.js';
import { bigrams } from '../src/index/store.js';
import { intersectSorted } from '../src/util/sorted.js';
import { copyLines, copyText } from '../src/persist/pg/bulk.js';
import { database } from '../src/persist/pg/db.js';
import type { PgCorpus } from '../src/persist/pg/corpus.js';
import type { Query } from './types.js';

const B = POSTING_TABLES[1];
const U = POSTING_TABLES[0];

interface Filter {
  /** the SQL condition on a map table's id, $2 the value */
  sql: string;
  tag: string;
  value: string;
  keep: (n: number) => boolean;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))];

function unpack(b: Buffer | null): Uint32Array {
  const out = new Uint32Array(b ? b.length >>> 2 : 0);
  for (let k = 0; k < out.length; k++) out[k] = b!.readUInt32BE(4 * k);
  return out.sort();
}

/** The term's units (its character, or every one of its up-to-three first bigrams) passing `where`, one statement. */
async function lists(url: string, term: string, where: string, value: unknown): Promise<Uint32Array> {
  const one = Array.from(term).length === 1;
  const keys = one ? [term] : bigrams(term).slice(0, 3);
  const t = one ? U : B;
  const rows = await database(url).any<{ ids: Buffer | null }>(
    `SELECT string_agg(int4send(id), ''::bytea) AS ids FROM ${t.schema}.map_${t.field} WHERE key = ANY($1::text[]) ${where} GROUP BY key`,
    [keys, value],
  );
  if (rows.length < keys.length) return new Uint32Array(0);
  return rows.map((r) => unpack(r.ids)).reduce((a, b) => intersectSorted(a, b));
}

export async function filterBench(pg: PgCorpus, url: string, queries: Query[], log: (l: string) => void): Promise<string[]> {
  const records = pg.engine.records;
  const db = database(url);
  // the tag tables, as the adapter lays them out (tag, id), for every unit
  let t0 = performance.now();
  let tagRows = 0;
  const c = await db.connect();
  try {
    for (const tag of ['year', 'region'] as const) {
      await c.none(`DROP TABLE IF EXISTS ${B.schema}.tag_${tag}`);
      await c.none(`CREATE TABLE ${B.schema}.tag_${tag} (tag varchar(128) COLLATE "C" NOT NULL, id integer NOT NULL)`);
      const lines: string[] = [];
      records.forEach((r, n) => r && lines.push(`${copyText(String(r.doc[tag]))}\t${n}\n`));
      tagRows += lines.length;
      await copyLines(c.client as unknown as ClientBase, `${B.schema}.tag_${tag}`, ['tag', 'id'], lines);
      await c.none(`CREATE INDEX ON ${B.schema}.tag_${tag} (tag, id)`);
      await c.none(`VACUUM ANALYZE ${B.schema}.tag_${tag}`);
    }
  } finally {
    c.done();
  }
  const tagMs = performance.now() - t0;
  log(`tag tables: ${tagRows} rows in ${Math.round(tagMs)} ms`);

  const times = { memory: [] as number[], sql: [] as number[], tags: [] as number[] };
  let same = 0;
  const filtered = queries.filter((q) => q.type === 'filtered');
  for (const q of filtered) {
    const term = q.terms[0];
    const f: Filter =
      q.year !== undefined
        ? { sql: 'd.year = $2', tag: 'year', value: String(q.year), keep: (n) => records[n]?.doc.year === q.year }
        : { sql: 'd.region = $2', tag: 'region', value: q.region!, keep: (n) => records[n]?.doc.region === q.region };
    const value = q.year ?? q.region;
    const ways = {
      memory: async () => (await lists(url, term, '', null)).filter(f.keep),
      sql: () =>
        lists(url, term, `AND id IN (SELECT u.n FROM yaodian.units u JOIN yaodian.documents d ON d.id = u.doc_id WHERE ${f.sql})`, value),
      tags: () => lists(url, term, `AND id IN (SELECT id FROM ${B.schema}.tag_${f.tag} WHERE tag = $2)`, f.value),
    };
    const got: Record<string, string> = {};
    for (let pass = 0; pass < 4; pass++)
      for (const [way, run] of Object.entries(ways)) {
        const s = performance.now();
        const ids = await run();
        const ms = performance.now() - s;
        got[way] = [...ids].join(',');
        // the first pass warms each way's plan and pages
        if (pass) times[way as keyof typeof times].push(ms);
      }
    if (got.memory === got.sql && got.sql === got.tags) same++;
  }
  await db.none(`DROP TABLE IF EXISTS ${B.schema}.tag_year, ${B.schema}.tag_region`);
  const row = (way: keyof typeof times, what: string) => `| ${what} | ${pct(times[way], 50).toFixed(2)} | ${pct(times[way], 99).toFixed(2)} |`;
  const best = (Object.keys(times) as (keyof typeof times)[]).sort((a, b) => pct(times[a], 50) - pct(times[b], 50))[0];
  return [
    `Filtered queries (${filtered.length}: a term and a year or a region), the units of the term that pass the filter, each way three times after one untimed, interleaved; the same units every way on ${same} of ${filtered.length} queries.`,
    '',
    '| filter | p50 ms | p99 ms |',
    '|---|---|---|',
    row('memory', "in each server's memory (lists from the database, the engine's per-unit columns): what the store does"),
    row('sql', 'in SQL (WHERE on yaodian.units joined to yaodian.documents)'),
    row('tags', "as FlexSearch tags (the adapter's tag tables)"),
    '',
    `Fastest by p50: ${best}; p50 over the in-memory way's: SQL ${(pct(times.sql, 50) / pct(times.memory, 50)).toFixed(2)}, tags ${(pct(times.tags, 50) / pct(times.memory, 50)).toFixed(2)}. Writing the tag tables cost ${tagRows.toLocaleString('en')} more rows (${Math.round(tagMs)} ms here, indexes included) on top of the postings, for every build and add.`,
  ];
}
