/** What the benchmark's parts share: queries, the engine contract, unit rows and facet counting. */
import { toMatchForm } from '../src/text/normalize.js';
import type { Doc } from '../src/types.js';

export const QUERY_TYPES = ['1-char', '2-char', '4-char', 'phrase', 'and', 'filtered', 'facets', 'hard'] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

export interface Query {
  type: QueryType;
  /** terms in matching form, ANDed */
  terms: string[];
  /** filters: unit year, document region (canonical full name) */
  year?: number;
  region?: string;
  /** also count hits by year, region, level and unit kind */
  facets?: boolean;
}

/** The query in yaodian's language. */
export const queryText = (q: Query): string =>
  [...q.terms, ...(q.year !== undefined ? [`year:${q.year}`] : []), ...(q.region ? [`region:${q.region}`] : [])].join(' ');

/** A unit as the peers index it: its number (position in document order), matching form and filter fields. */
export interface UnitRow {
  id: number;
  match: string;
  year: number;
  /** an outlook's last year (2030 for 2026–2030): a year: filter and the year facet cover year..yearTo, as in yaodian */
  yearTo: number;
  region: string;
  level: string;
  kind: string;
}

export function unitRows(docs: Doc[]): UnitRow[] {
  const rows: UnitRow[] = [];
  for (const d of docs)
    for (const u of d.units)
      rows.push({ id: rows.length, match: toMatchForm(u.text).text, year: u.year, yearTo: Math.max(u.year, u.yearTo ?? u.year), region: d.meta.region, level: d.meta.level, kind: u.kind });
  return rows;
}

export const passes = (r: Pick<UnitRow, 'year' | 'yearTo' | 'region'>, q: Query): boolean =>
  (q.year === undefined || (r.year <= q.year && q.year <= r.yearTo)) && (q.region === undefined || r.region === q.region);

export type FacetCounts = Record<'year' | 'region' | 'level' | 'kind', Record<string, number>>;

export function countFacets(rows: Iterable<Pick<UnitRow, 'year' | 'yearTo' | 'region' | 'level' | 'kind'>>): FacetCounts {
  const f: FacetCounts = { year: {}, region: {}, level: {}, kind: {} };
  for (const r of rows) {
    for (let y = r.year; y <= r.yearTo; y++) f.year[y] = (f.year[y] ?? 0) + 1;
    f.region[r.region] = (f.region[r.region] ?? 0) + 1;
    f.level[r.level] = (f.level[r.level] ?? 0) + 1;
    f.kind[r.kind] = (f.kind[r.kind] ?? 0) + 1;
  }
  return f;
}

/** One engine under test. The worker builds it, then times `run` and checks `hits`. */
export interface BenchEngine {
  /** from documents to a queryable index (computing the matching forms counts as building) */
  build(docs: Doc[]): void;
  /** answer the query as a user of this engine would; this is what is timed */
  run(q: Query): unknown;
  /**
   * the answer the peers give, when the engine's own answer is richer: every hit's id in rank order (and the
   * facet counts on the facets row); timed too, for a like-for-like comparison
   */
  runIds?(q: Query): unknown;
  /** unit numbers the engine returns for q (not timed) */
  hits(q: Query): number[];
  /** serialized index size in bytes */
  indexBytes(): Promise<number>;
  /** where the serialized index was written, when it can be loaded again */
  savedDir?: string;
  /** a line for the report, e.g. which store backs the engine */
  note?(): string;
}
