/**
 * The timeline of one policy across documents, oldest first: for a term, each document's strongest sentence
 * containing it; for a statement, each document's most similar sentence; for a unit id, the unit and its
 * counterparts. Documents of the same series or cohort that do not say it stand in the timeline as gaps.
 * Each entry is diffed word by word against the entry before it — the sentences, or the whole units in the
 * paragraph view.
 */
import type { Engine, UnitRecord } from '../index/engine.js';
import { badQuery } from '../errors.js';
import type { Filters } from '../search/query.js';
import { diffTexts, type DiffOp } from './diff.js';
import type { DocMeta, Level, Stance, UnitKind } from '../types.js';
import { counterparts } from './align.js';
import { byDate } from '../index/engine.js';
import { displayRange, round3 } from './common.js';
import { gapDocs, gapReason } from './gaps.js';
import { widenOverMarks } from './sentences.js';
import type { Picked, Why } from './picked.js';
import { classifyQuery, type QueryKind } from './query-kind.js';
import { pickByStatement } from './statement.js';
import { STATEMENT_THRESHOLD } from './statement-score.js';
import { pickByTerms } from './term.js';

/** 'sentence': entries are diffed on the sentences matched; 'paragraph': on their whole units. */
export type View = 'sentence' | 'paragraph';

export interface CompareOptions {
  query?: string;
  unitId?: string;
  filters?: Filters;
  /** read the query as a term or as a statement; by default a query of short words is a term */
  as?: QueryKind;
  view?: View;
  /** list the documents that do not say it (default true) */
  gaps?: boolean;
}

export interface TimelineEntry {
  type: 'entry';
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
  /** [start, end) of the sentence (or run of sentences) matched, offsets into `text` */
  sentence: [number, number];
  /** [start, end) of what is diffed, offsets into `text`: the sentence, or the whole unit in the paragraph view */
  window: [number, number];
  /** 1 for a term found and the unit followed; otherwise the similarity to the statement or the seed unit */
  similarity: number;
  why: Why;
  /** word diff from the previous entry's window to this one's; null on the first */
  diff: DiffOp[] | null;
}

/** A document of the timeline's series or cohort that does not say it. */
export interface TimelineGap {
  type: 'gap';
  docId: string;
  docTitle: string;
  region: string;
  level: Level;
  year: number;
  date: string | null;
  /** not in 2020年国务院政府工作报告 */
  reason: string;
}

export type TimelineItem = TimelineEntry | TimelineGap;

export interface CompareResult {
  /** the query, or the unit id the timeline follows */
  query: string;
  /** how the query was read: a term, a statement, or a unit followed */
  kind: QueryKind | 'unit';
  /** the unit followed, when compare was given a unit id */
  seed: string | null;
  view: View;
  /** the similarity a statement's sentence needs to be an entry; null for terms and units */
  threshold: number | null;
  /** entries and gaps in date order */
  timeline: TimelineItem[];
}

export const isEntry = (i: TimelineItem): i is TimelineEntry => i.type === 'entry';

export function compare(engine: Engine, opts: CompareOptions): CompareResult {
  const view = opts.view ?? 'sentence';
  const base = { view, seed: null, threshold: null };
  let filters = opts.filters ?? {};
  let result: Omit<CompareResult, 'timeline'>;
  let picks: Picked[];
  if (opts.unitId) {
    picks = byUnit(engine, opts.unitId, filters);
    result = { ...base, query: opts.unitId, kind: 'unit', seed: opts.unitId };
  } else {
    const q = classifyQuery(opts.query ?? '', opts.as, filters);
    if (q.kind === 'term') {
      if (!q.parsed.clauses.length) throw badQuery('compare needs words to follow, not only filters or exclusions');
      filters = q.parsed.filters;
      picks = pickByTerms(engine, q.parsed);
    } else {
      filters = q.filters;
      picks = pickByStatement(engine, q.text, filters).picks;
    }
    result = { ...base, query: opts.query ?? '', kind: q.kind, threshold: q.kind === 'statement' ? STATEMENT_THRESHOLD : null };
  }
  const gaps = opts.gaps === false ? [] : gapDocs(engine, new Set(picks.map((p) => engine.records[p.n]!.doc.id)), filters);
  return { ...result, timeline: build(engine, picks, view, gaps) };
}

function byUnit(engine: Engine, unitId: string, filters: Filters): Picked[] {
  const seed = engine.getUnit(unitId);
  const n = engine.numberOfUnit(unitId)!;
  const role = (k: number) => ({ stance: engine.records[k]!.unit.stance, mention: 'focus' as const });
  const picked: Picked[] = [{ n, span: null, similarity: 1, why: { anchors: [], role: role(n), note: 'the unit followed' } }];
  for (const c of counterparts(engine, n, filters).values())
    picked.push({
      n: c.n,
      span: c.match.bWindow,
      similarity: c.match.score,
      why: { anchors: [], role: role(c.n), note: `similarity ${c.match.score.toFixed(2)} to ${seed.unit.id}, the most similar unit of its document` },
    });
  return picked;
}

function build(engine: Engine, picks: Picked[], view: View, gaps: DocMeta[]): TimelineItem[] {
  const rows: { doc: DocMeta; item: TimelineItem | Picked }[] = [
    ...picks.map((p) => ({ doc: engine.records[p.n]!.doc, item: p })),
    ...gaps.map((doc) => ({ doc, item: gap(doc) })),
  ];
  rows.sort((x, y) => byDate(x.doc, y.doc));
  let prev: string | null = null;
  return rows.map(({ item }) => {
    if ('type' in item) return item;
    const rec = engine.records[item.n]!;
    const sentence = widenOverMarks(rec.unit.text, displayRange(rec, item.span));
    const window: [number, number] = view === 'paragraph' ? [0, rec.unit.text.length] : sentence;
    const compared = rec.unit.text.slice(window[0], window[1]);
    const diff = prev === null ? null : diffTexts(prev, compared, engine.segment);
    prev = compared;
    return entry(rec, item, sentence, window, diff);
  });
}

function gap(doc: DocMeta): TimelineGap {
  return { type: 'gap', docId: doc.id, docTitle: doc.title, region: doc.region, level: doc.level, year: doc.year, date: doc.date, reason: gapReason(doc) };
}

function entry(rec: UnitRecord, p: Picked, sentence: [number, number], window: [number, number], diff: DiffOp[] | null): TimelineEntry {
  const { unit, doc } = rec;
  return {
    type: 'entry',
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
    sentence,
    window,
    similarity: round3(p.similarity),
    why: p.why,
    diff,
  };
}
