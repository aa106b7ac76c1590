/**
 * The timeline of one policy across documents: for a query, each document's best-matching unit (units with
 * every query term first, otherwise the most similar above a threshold, for a rewording such as 十年规划 for
 * 十年行动); for a unit id, the unit and its counterparts. Entries run in chronological order, each with a
 * word diff from the previous entry over the sentences that matched.
 */
import type { Engine, UnitRecord } from '../index/engine.js';
import { badQuery } from '../errors.js';
import { parseQuery, type Filters } from '../search/query.js';
import { matchQuery, passesFilters } from '../search/match.js';
import { bm25 } from '../search/rank.js';
import { diffTexts, type DiffOp } from './diff.js';
import type { Level, Stance, UnitKind } from '../types.js';
import { better, candidates, counterparts } from './align.js';
import { byRecordChrono, displayRange, round3 } from './common.js';
import { prepare, queryWindow, textScore, QUERY_THRESHOLD } from './query-match.js';
import { KIND_RANK, modelOf } from './similarity.js';

export interface CompareOptions {
  query?: string;
  unitId?: string;
  filters?: Filters;
}

export interface TimelineEntry {
  unitId: string;
  docId: string;
  docTitle: string;
  title: string;
  kind: UnitKind;
  region: string;
  level: Level;
  /** the year the unit is about (a 2023 report's review of 2022 says 2022) */
  year: number;
  date: string | null;
  stance: Stance;
  /** the unit's full display text */
  text: string;
  /** [start, end) of the sentences compared and diffed, offsets into `text` (the whole text when short) */
  window: [number, number];
  /** how well the entry matches: the query (1 = contains every term) or the seed unit (1 for the seed) */
  similarity: number;
  /** word diff from the previous entry's window to this one's; null on the first */
  diff: DiffOp[] | null;
}

export interface CompareResult {
  /** the query, or the unit id the timeline follows */
  query: string;
  /** the unit followed, when compare was given a unit id */
  seed: string | null;
  timeline: TimelineEntry[];
}

interface Picked {
  n: number;
  score: number;
  window: [number, number] | null;
}

export function compare(engine: Engine, opts: CompareOptions): CompareResult {
  if (opts.unitId) return byUnit(engine, opts.unitId, opts.filters ?? {});
  return byQuery(engine, opts.query ?? '', opts.filters ?? {});
}

function byUnit(engine: Engine, unitId: string, filters: Filters): CompareResult {
  const seed = engine.getUnit(unitId);
  const n = engine.numberOfUnit(unitId)!;
  const picked: Picked[] = [{ n, score: 1, window: null }];
  for (const c of counterparts(engine, n, filters).values()) picked.push({ n: c.n, score: c.match.score, window: c.match.bWindow });
  return { query: seed.unit.id, seed: seed.unit.id, timeline: build(engine, picked) };
}

function byQuery(engine: Engine, query: string, filters: Filters): CompareResult {
  const parsed = parseQuery(query, filters);
  if (!parsed.clauses.length) throw badQuery('compare needs words to follow, not only filters or exclusions');
  const model = modelOf(engine);
  const { hits, terms } = matchQuery(engine, parsed);
  const clauses = prepare(model, parsed.clauses);
  const best = new Map<string, Picked & { rank: number }>();
  // units with every term: the most specific kind, then the best BM25, then the earliest
  for (const n of hits) {
    const rec = engine.records[n]!;
    const rank = bm25(rec, terms, engine.unitCount, engine.avgUnitLength);
    const prev = best.get(rec.doc.id);
    if (prev && !exactBetter(engine, n, rank, prev)) continue;
    best.set(rec.doc.id, { n, score: 1, rank, window: null });
  }
  // other documents: the most similar unit, when it is similar enough
  const exact = new Set(best.keys());
  const keep = (n: number) => {
    const rec = engine.records[n]!;
    return !exact.has(rec.doc.id) && passesFilters(rec, parsed.filters) && !parsed.excludes.some((t) => rec.match.includes(t));
  };
  const probe = parsed.clauses.flat().join('\n');
  for (const n of candidates(model, probe, null, keep)) {
    const score = textScore(clauses, engine.records[n]!.match);
    if (score < QUERY_THRESHOLD) continue;
    const doc = engine.records[n]!.doc.id;
    const prev = best.get(doc);
    if (!prev || better(model, { n, score }, prev)) best.set(doc, { n, score, rank: 0, window: null });
  }
  // only the units kept need their best sentences
  for (const p of best.values()) p.window = queryWindow(model, clauses, p.n);
  return { query, seed: null, timeline: build(engine, [...best.values()]) };
}

function exactBetter(engine: Engine, n: number, rank: number, prev: { n: number; rank: number }): boolean {
  const [u, p] = [engine.records[n]!.unit, engine.records[prev.n]!.unit];
  if (KIND_RANK[u.kind] !== KIND_RANK[p.kind]) return KIND_RANK[u.kind] < KIND_RANK[p.kind];
  if (Math.abs(rank - prev.rank) > 1e-9) return rank > prev.rank;
  return u.start < p.start;
}

function build(engine: Engine, picked: Picked[]): TimelineEntry[] {
  const rows = picked.map((p) => ({ p, rec: engine.records[p.n]! }));
  rows.sort((x, y) => byRecordChrono(x.rec, y.rec));
  let prev: string | null = null;
  return rows.map(({ p, rec }) => {
    const window = displayRange(rec, p.window);
    const compared = rec.unit.text.slice(window[0], window[1]);
    const diff = prev === null ? null : diffTexts(prev, compared, engine.segment);
    prev = compared;
    return entry(rec, window, p.score, diff);
  });
}

function entry(rec: UnitRecord, window: [number, number], similarity: number, diff: DiffOp[] | null): TimelineEntry {
  const { unit, doc } = rec;
  return {
    unitId: unit.id,
    docId: doc.id,
    docTitle: doc.title,
    title: unit.title,
    kind: unit.kind,
    region: doc.region,
    level: doc.level,
    year: unit.year,
    date: doc.date,
    stance: unit.stance,
    text: unit.text,
    window,
    similarity: round3(similarity),
    diff,
  };
}
