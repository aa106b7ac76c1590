/**
 * Search, composed: parse → candidates from the text index → verify each against the matching form
 * (so hits are exact: no misses, no false hits) → AND/OR/NOT → filters → facets → rank → highlight a page.
 */
import { FACETS, type Engine, type UnitRecord } from './engine.js';
import { parseQuery, type Filters, type ParsedQuery } from './query.js';
import { rank, type TermStat } from './rank.js';
import { highlightRanges, snippet } from './highlight.js';
import { regionMatches } from './regions.js';
import { badInput } from './errors.js';
import type { DocKind, Level, Stance, UnitKind } from './types.js';

export interface Hit {
  unitId: string;
  docId: string;
  /** the unit's title */
  title: string;
  docTitle: string;
  year: number;
  region: string;
  level: Level;
  kind: UnitKind;
  docKind: DocKind;
  stance: Stance;
  date: string | null;
  /** the unit's display text */
  text: string;
  /** keyword in context around the first match, original characters */
  snippet: string;
  /** [start, end) offsets into `text` of every match */
  highlights: [number, number][];
  score: number;
}

export interface Facets {
  year: Record<string, number>;
  region: Record<string, number>;
  level: Record<string, number>;
  kind: Record<string, number>;
}

export interface SearchResult {
  query: string;
  total: number;
  hits: Hit[];
  facets: Facets;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  filters?: Filters;
}

export const MAX_LIMIT = 1000;

/** Units whose matching form contains `term`, exactly. */
export function unitsContaining(engine: Engine, term: string): number[] {
  return engine.index.candidates(term).filter((n) => engine.records[n]?.match.includes(term));
}

export function passesFilters(rec: UnitRecord, f: Filters): boolean {
  const { unit, doc } = rec;
  if (f.yearFrom !== undefined && unit.year < f.yearFrom) return false;
  if (f.yearTo !== undefined && unit.year > f.yearTo) return false;
  if (f.regions && !f.regions.some((r) => regionMatches(doc.region, r))) return false;
  if (f.levels && !f.levels.includes(doc.level)) return false;
  if (f.unitKinds && !f.unitKinds.includes(unit.kind)) return false;
  if (f.docKinds && !f.docKinds.includes(doc.kind)) return false;
  if (f.stances && !f.stances.includes(unit.stance)) return false;
  if (f.docs && !f.docs.includes(doc.id)) return false;
  return true;
}

/** Ascending candidate lists, intersected (they come sorted from the store). */
function intersectAll(lists: number[][]): number[] {
  if (!lists.length) return [];
  const sorted = [...lists].sort((x, y) => x.length - y.length);
  let acc = sorted[0];
  for (const list of sorted.slice(1)) {
    const next: number[] = [];
    let j = 0;
    for (const x of acc) {
      while (j < list.length && list[j] < x) j++;
      if (j === list.length) break;
      if (list[j] === x) next.push(x);
    }
    acc = next;
  }
  return acc;
}

const hasFilters = (f: Filters) => Object.values(f).some((v) => v !== undefined);

/**
 * The set of unit numbers matching a parsed query, plus the per-term statistics ranking needs.
 * AND clauses of one term each intersect their candidate lists first and verify only the survivors; a term
 * whose candidates are exact already (one or two characters, straight from the postings) is not verified.
 */
export function matchQuery(engine: Engine, q: ParsedQuery): { hits: number[]; terms: TermStat[] } {
  const { records, index } = engine;
  const terms: TermStat[] = [];
  const seen = new Set<string>();
  const candidatesOf = (t: string) => {
    const c = index.candidates(t);
    // the candidate count is the term's document frequency (exact for short terms, a tight bound otherwise)
    if (!seen.has(t)) seen.add(t), terms.push({ term: t, df: c.length });
    return c;
  };
  const verify = (list: number[], t: string) => (index.exact?.(t) ? list : list.filter((n) => records[n]?.match.includes(t)));

  const single = q.clauses.filter((c) => c.length === 1).map((c) => c[0]);
  const ors = q.clauses.filter((c) => c.length > 1);
  let hits: number[];
  if (!q.clauses.length) {
    hits = [];
    records.forEach((r, n) => r && hits.push(n));
  } else {
    const lists: number[][] = single.map(candidatesOf);
    for (const clause of ors) {
      const union = new Set<number>();
      for (const t of clause) for (const n of verify(candidatesOf(t), t)) union.add(n);
      lists.push([...union].sort((x, y) => x - y));
    }
    hits = intersectAll(lists);
    for (const t of single) if (!index.exact?.(t)) hits = hits.filter((n) => records[n]?.match.includes(t));
  }
  if (q.excludes.length) hits = hits.filter((n) => !q.excludes.some((t) => records[n]!.match.includes(t)));
  if (hasFilters(q.filters)) hits = hits.filter((n) => passesFilters(records[n]!, q.filters));
  else hits = hits.filter((n) => records[n] !== null);
  return { hits, terms };
}

function facetsOf(engine: Engine, hits: number[]): Facets {
  const out = {} as Facets;
  for (const name of FACETS) {
    const labels = engine.facetLabels[name].names;
    const counts = new Int32Array(labels.length);
    for (const n of hits) counts[engine.records[n]!.facet[name]]++;
    const entries: [string, number][] = [];
    counts.forEach((c, code) => c && entries.push([labels[code], c]));
    if (name === 'year') entries.sort((x, y) => Number(x[0]) - Number(y[0]));
    out[name] = Object.fromEntries(entries);
  }
  return out;
}

export function toHit(rec: UnitRecord, terms: string[], score: number): Hit {
  const { unit, doc } = rec;
  const highlights = highlightRanges(unit.text, terms);
  return {
    unitId: unit.id,
    docId: doc.id,
    title: unit.title,
    docTitle: doc.title,
    year: unit.year,
    region: doc.region,
    level: doc.level,
    kind: unit.kind,
    docKind: doc.kind,
    stance: unit.stance,
    date: doc.date,
    text: unit.text,
    snippet: snippet(unit.text, highlights),
    highlights,
    score: Math.round(score * 1000) / 1000,
  };
}

export function search(engine: Engine, query: string, opts: SearchOptions = {}): SearchResult {
  const limit = opts.limit ?? 20;
  const offset = opts.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw badInput(`limit must be 1..${MAX_LIMIT}`);
  if (!Number.isInteger(offset) || offset < 0) throw badInput('offset must be a whole number ≥ 0');
  const parsed = parseQuery(query, opts.filters);
  const { hits, terms } = matchQuery(engine, parsed);
  const ranked = rank(engine.records, hits, terms, engine.avgUnitLength, engine.unitCount, offset + limit);
  const positive = parsed.clauses.flat();
  return {
    query,
    total: hits.length,
    hits: ranked.slice(offset, offset + limit).map((s) => toHit(engine.records[s.n]!, positive, s.score)),
    facets: facetsOf(engine, hits),
  };
}
