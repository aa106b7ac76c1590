/**
 * Search, composed: parse → candidates from the text index → verify each against the matching form
 * (so hits are exact: no misses, no false hits) → AND/OR/NOT → filters → facets → rank → highlight a page.
 */
import { FACETS, type Engine, type UnitRecord } from '../index/engine.js';
import { parseQuery, type Filters, type ParsedQuery } from './query.js';
import { rank, type TermStat } from './rank.js';
import type { Postings } from '../index/postings.js';
import { foldsOneToOne, highlightRanges, snippet } from '../text/highlight.js';
import { regionMatches } from '../ingest/regions.js';
import { badInput, badQuery } from '../errors.js';
import type { Ids, TagFilter } from '../index/store.js';
import type { DocKind, Level, Stance, UnitKind } from '../types.js';

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
  const out: number[] = [];
  for (const n of engine.index.candidates(term)) if (engine.records[n]?.match.includes(term)) out.push(n);
  return out;
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
function intersectAll(lists: Ids[]): Ids {
  if (!lists.length) return [];
  const sorted = [...lists].sort((x, y) => x.length - y.length);
  let acc = sorted[0];
  for (const list of sorted.slice(1)) {
    const next = new Uint32Array(acc.length);
    let k = 0;
    let j = 0;
    for (let i = 0; i < acc.length; i++) {
      const x = acc[i];
      while (j < list.length && list[j] < x) j++;
      if (j === list.length) break;
      if (list[j] === x) next[k++] = x;
    }
    acc = next.subarray(0, k);
  }
  return acc;
}

function filterIds(list: Ids, keep: (n: number) => boolean): Ids {
  const out = new Uint32Array(list.length);
  let k = 0;
  for (let i = 0; i < list.length; i++) if (keep(list[i])) out[k++] = list[i];
  return out.subarray(0, k);
}

/** The query's filters as tag values, for a store that filters by itself: ranges and prefixes become value lists. */
export function tagFilter(engine: Engine, f: Filters): TagFilter {
  const out: TagFilter = {};
  if (f.yearFrom !== undefined || f.yearTo !== undefined)
    out.year = engine.facetLabels.year.names.filter((y) => Number(y) >= (f.yearFrom ?? -Infinity) && Number(y) <= (f.yearTo ?? Infinity));
  if (f.regions) out.region = engine.facetLabels.region.names.filter((r) => f.regions!.some((x) => regionMatches(r, x)));
  if (f.levels) out.level = f.levels;
  if (f.unitKinds) out.kind = f.unitKinds;
  if (f.docKinds) out.docKind = f.docKinds;
  if (f.stances) out.stance = f.stances;
  if (f.docs) out.doc = f.docs;
  return out;
}

const hasFilters = (f: Filters) => Object.values(f).some((v) => v !== undefined);

/**
 * The members of `list` whose matching form contains `t`, with how often each does (what BM25 needs) and where
 * it first does (what the whole-word check needs). Where `bound` (per member, see candidatesBounded) is 1 the
 * first occurrence is the only one, and the rest of the text is not read.
 */
function verifyCounting(engine: Engine, list: Ids, t: string, bound?: Uint32Array): Postings {
  const n = list.length;
  // one buffer for the three lists: each typed array of its own is an off-heap allocation
  const buf = new Uint32Array(3 * n);
  const ids = buf.subarray(0, n);
  const tf = buf.subarray(n, 2 * n);
  const first = buf.subarray(2 * n);
  const { matches } = engine;
  const step = t.length;
  let k = 0;
  for (let i = 0; i < n; i++) {
    const m = matches[list[i]];
    if (m === undefined) continue;
    let at = m.indexOf(t);
    if (at < 0) continue;
    ids[k] = list[i];
    first[k] = at;
    let f = 1;
    if (bound === undefined || bound[i] !== 1)
      for (at = m.indexOf(t, at + step); at >= 0; at = m.indexOf(t, at + step)) f++;
    tf[k++] = f;
  }
  return { ids: ids.subarray(0, k), tf: tf.subarray(0, k), first: first.subarray(0, k) };
}

/**
 * The set of unit numbers matching a parsed query (ascending), plus the per-term statistics ranking needs.
 * AND terms go cheapest first: the first is looked up in full (its document frequency is then exact), each
 * later one only among the survivors (its frequency is then the store's upper bound: the rarest of its
 * grams). Terms of one or two characters come exact from the postings with their frequencies; longer ones
 * are verified against the matching form, counting occurrences on the way, so hits are exact and nothing is
 * scanned twice.
 */
export function matchIds(engine: Engine, q: ParsedQuery): { hits: Ids; terms: TermStat[] } {
  const { records, index } = engine;
  // an id is copied from a listing: a typo should say so, not look like a search without hits
  const unknownDoc = q.filters.docs?.find((id) => !engine.docs.has(id));
  if (unknownDoc !== undefined) throw badQuery(`doc:${unknownDoc} — no document has that id (list them with \`yaodian docs\`)`);
  const terms: TermStat[] = [];
  const stat = new Map<string, TermStat>();
  const exact = (t: string) => index.exact?.(t) ?? false;
  /** every unit containing t, and its statistics */
  const full = (t: string): Ids => {
    if (exact(t) && index.postings) {
      const post = index.postings(t);
      note({ term: t, df: post.ids.length, post });
      return post.ids;
    }
    if (exact(t)) {
      const c = index.candidates(t);
      return note({ term: t, df: c.length }), c;
    }
    const { ids, tfBound } = index.candidatesBounded?.(t) ?? { ids: index.candidates(t), tfBound: undefined };
    const post = verifyCounting(engine, ids, t, tfBound);
    note({ term: t, df: post.ids.length, post });
    return post.ids;
  };
  const note = (s: TermStat) => {
    if (!stat.has(s.term)) stat.set(s.term, s), terms.push(s);
  };

  const single = [...new Set(q.clauses.filter((c) => c.length === 1).map((c) => c[0]))];
  const ors = q.clauses.filter((c) => c.length > 1);
  let hits: Ids;
  if (!q.clauses.length) {
    const all: number[] = [];
    records.forEach((r, n) => r && all.push(n));
    hits = all;
  } else {
    const { candidatesWithin, dfBound } = index;
    const bound = new Map(single.map((t) => [t, dfBound ? dfBound.call(index, t) : 0]));
    if (candidatesWithin && dfBound) single.sort((a, b) => bound.get(a)! - bound.get(b)!);
    let acc: Ids | null = null;
    for (const t of single) {
      if (acc === null || !candidatesWithin || !dfBound) {
        const list = full(t);
        acc = acc === null ? list : intersectAll([acc, list]);
      } else {
        const within: Ids = candidatesWithin.call(index, t, acc);
        const post: Postings | undefined = exact(t) ? undefined : verifyCounting(engine, within, t);
        acc = post ? post.ids : within;
        note({ term: t, df: bound.get(t)!, post });
      }
      if (!acc.length) break;
    }
    const parts: Ids[] = acc ? [acc] : [];
    for (const clause of ors) {
      const union = new Set<number>();
      for (const t of clause) for (const n of full(t)) union.add(n);
      parts.push(Uint32Array.from(union).sort());
    }
    hits = intersectAll(parts);
  }
  if (q.excludes.length) hits = filterIds(hits, (n) => !q.excludes.some((t) => records[n]!.match.includes(t)));
  if (hasFilters(q.filters))
    hits = index.filter ? intersectAll([hits, index.filter(tagFilter(engine, q.filters))]) : filterIds(hits, (n) => passesFilters(records[n]!, q.filters));
  else if (engine.unitCount !== records.length) hits = filterIds(hits, (n) => records[n] !== null);
  return { hits, terms };
}

/** matchIds with the hits as a plain array, for callers that map over them. */
export function matchQuery(engine: Engine, q: ParsedQuery): { hits: number[]; terms: TermStat[] } {
  const { hits, terms } = matchIds(engine, q);
  return { hits: Array.isArray(hits) ? hits : Array.from(hits), terms };
}

/**
 * Counters for facetsOf, reused: a fresh typed array of a few hundred counters is an off-heap allocation, which
 * cost more than counting a page of hits. Every counter is back at zero between calls.
 */
let counters = new Int32Array(1024);

/** Counts of the hits by year, region, level and unit kind. */
export function facetsOf(engine: Engine, hits: Ids): Facets {
  const labels = FACETS.map((name) => engine.facetLabels[name].names);
  // one counter array: facet f's counters start at base[f]
  const base = [0, labels[0].length, labels[0].length + labels[1].length, labels[0].length + labels[1].length + labels[2].length];
  if (counters.length < base[3] + labels[3].length) counters = new Int32Array(2 * (base[3] + labels[3].length));
  const counts = counters;
  const codes = engine.cols.facets;
  const b1 = base[1], b2 = base[2], b3 = base[3];
  for (let i = 0; i < hits.length; i++) {
    const at = 4 * hits[i];
    counts[codes[at]]++;
    counts[b1 + codes[at + 1]]++;
    counts[b2 + codes[at + 2]]++;
    counts[b3 + codes[at + 3]]++;
  }
  const out: Facets = { year: {}, region: {}, level: {}, kind: {} };
  for (let f = 0; f < FACETS.length; f++) {
    // labels in the order first seen; years are integer-like keys, which objects list in ascending order
    const o = out[FACETS[f]];
    const names = labels[f];
    for (let code = 0, c = base[f]; code < names.length; code++, c++)
      if (counts[c]) (o[names[code]] = counts[c]), (counts[c] = 0);
  }
  return out;
}

/**
 * A hit as the API shows it. `fold` is the unit's fold map when the caller knows it (null: offsets unchanged),
 * as a loaded index does from the unit's saved edits; otherwise it is worked out here.
 */
export function toHit(rec: UnitRecord, terms: string[], score: number, fold?: Int32Array | null): Hit {
  const { unit, doc } = rec;
  // read once: on a loaded index each read of `text` rebuilds it from the matching form and its edits
  const text = unit.text;
  const highlights = highlightRanges(text, terms, rec.match, fold === undefined ? foldsOneToOne(rec, text, rec.match) : (fold ?? true));
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
    text,
    snippet: snippet(text, highlights),
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
  const { hits, terms } = matchIds(engine, parsed);
  const ranked = rank(engine, hits, terms, offset + limit);
  const positive = parsed.clauses.flat();
  return {
    query,
    total: hits.length,
    hits: ranked.slice(offset, offset + limit).map((s) => {
      const rec = engine.records[s.n]!;
      return toHit(rec, positive, s.score, engine.unitFoldMap?.(rec.unit));
    }),
    facets: facetsOf(engine, hits),
  };
}
