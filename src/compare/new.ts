/**
 * 新提法: the phrases a document uses for the first time. A phrase is listed only when no earlier document
 * (of the same or a higher level, or any) contains it in the matching form, checked exactly through the index
 * (its candidates, verified) as search does, so "first time" is a fact about the corpus, not a guess.
 *
 * The stages, over the document's text:
 * 1. runs of whole segmenter words between the breaks of a sentence (phrases.ts);
 * 2. the cores: the shortest spans of words that no earlier document contains (新质 and 质生产力 in
 *    加快发展新质生产力; a longer span holding a core is new by construction and needs no lookup) (terms.ts);
 * 3. each core grown to the term it sits in: over nouns and modifiers in front but never a generic verb
 *    (加快发展 stays out), up to the next break behind (低空 → 低空经济); clauses and pieces dropped (terms.ts);
 * 4. the phrases of all units are counted and ranked by salience; of two phrases one inside the other, the
 *    shorter stays when it also stands alone (新质生产力, not 发展新质生产力), the longer when it never does.
 */
import * as z from 'zod';
import { byDate, type Engine } from '../index/engine.js';
import type { Postings } from '../index/postings.js';
import type { Verify } from '../index/store.js';
import { unitsContaining } from '../search/match.js';
import { toMatchForm, toSourceRange, type MatchForm } from '../text/normalize.js';
import type { Doc, DocMeta, Level, Unit } from '../types.js';
import { docRef, type DocRef } from './common.js';
import { quote } from './occurrences.js';
import { runsOf, spanText } from './phrases.js';
import { corpusLookups, termsOf, type Lookups } from './terms.js';
import { issuerShifts, type ShiftSummary } from './report-shifts.js';

export type Against = 'level' | 'all';

export interface NewOptions {
  /** compare with earlier documents of the same or a higher level (default), or with all of them */
  against?: Against;
  /** how many phrases to return, most salient first (default 50) */
  limit?: number;
  /** also summarise the strength shifts against the issuer's previous report (default true) */
  shifts?: boolean;
}

/** A later document that used the phrase, and the first unit there that did. */
export interface Uptake extends DocRef {
  unitId: string;
}

export interface NewPhrase {
  /** as the document writes it (original characters) at its first occurrence */
  phrase: string;
  /** the matching form, what was checked against the earlier documents */
  match: string;
  /** occurrences in this document */
  count: number;
  /** headings (of tasks, sections, items, rows) that contain it */
  inTitles: number;
  /** occurrences in quotation marks ("互联网+"), the way a report introduces a named concept */
  quoted: number;
  salience: number;
  /** the unit of its first occurrence, and the phrase there with ~20 characters each side */
  firstUnit: string;
  quote: string;
  /** the earliest later documents that took it up, oldest first */
  takenUpBy: Uptake[];
  /** how many later documents use it */
  laterDocuments: number;
}

export interface NewResult {
  doc: DocRef;
  against: Against;
  /** how many earlier documents the phrases are absent from */
  earlierDocuments: number;
  /** phrases found in all, before the limit */
  total: number;
  phrases: NewPhrase[];
  /** strength shifts against the same issuer's previous report; null without one (or when not asked) */
  shifts: ShiftSummary | null;
}

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 1000;

/** The options as they arrive from the CLI's flags and the query string (strings); the route reuses this schema. */
export const NewQuery = z.object({
  against: z
    .enum(['level', 'all'], { error: 'against must be "level" or "all"' })
    .optional()
    .meta({ description: 'earlier documents of the same or a higher level (default), or all earlier documents', example: 'level' }),
  limit: z
    .string()
    .regex(/^\d+$/, 'limit must be a whole number')
    .transform(Number)
    .pipe(z.number().min(1, 'limit must be at least 1').max(MAX_LIMIT, `limit must be at most ${MAX_LIMIT}`))
    .optional()
    .meta({ type: 'integer', description: `phrases to return, most salient first (default ${DEFAULT_LIMIT})`, example: 30 }),
});
/** later documents listed per phrase */
export const TAKEN_UP = 5;

const LEVEL_RANK: Record<Level, number> = { national: 0, province: 1, city: 2, county: 3 };

export function newPhrases(engine: Engine, docId: string, opts: NewOptions = {}): NewResult {
  const doc = engine.getDoc(docId);
  const against = opts.against ?? 'level';
  const { earlier, count: earlierDocuments } = earlierUnits(engine, doc.meta, against);
  const look: Lookups = { fresh: freshness(engine, earlier), ...corpusLookups(engine) };
  const units = doc.units.map((u) => engine.numberOfUnit(u.id)!);
  const found = new Set<string>();
  for (const piece of ownTexts(doc)) for (const run of runsOf(piece)) for (const [i, j] of termsOf(run, look)) found.add(spanText(run, i, j));
  const form = toMatchForm(doc.display, { keepMarks: true });
  const ranked = rank(engine, doc.meta, units, form.text, [...found]);
  const phrases = ranked.slice(0, opts.limit ?? DEFAULT_LIMIT).map((p) => describe(engine, doc, form, p));
  const shifts = opts.shifts === false ? null : issuerShifts(engine, docId);
  return { doc: docRef(doc.meta), against, earlierDocuments, total: ranked.length, phrases, shifts };
}

/**
 * The document's text, each part once: every unit's text outside the units nested in it (a paragraph's lead
 * sentence before its 一是…二是… items, then each item). The pieces' edges are breaks, as a heading's end is.
 */
function ownTexts(doc: Doc): string[] {
  const out: string[] = [];
  for (const u of doc.units) {
    const inner = doc.units.filter((v) => v !== u && u.start <= v.start && v.end <= u.end && v.end - v.start < u.end - u.start);
    let at = u.start;
    for (const v of inner.sort((a, b) => a.start - b.start)) {
      if (v.start > at) out.push(u.text.slice(at - u.start, v.start - u.start));
      at = Math.max(at, v.end);
    }
    if (at < u.end) out.push(u.text.slice(at - u.start));
  }
  return out;
}

/** A flag per unit number: 1 for units of the documents a phrase must be absent from. */
function earlierUnits(engine: Engine, meta: DocMeta, against: Against): { earlier: Uint8Array; count: number } {
  const earlier = new Uint8Array(engine.records.length);
  let count = 0;
  for (const other of engine.docs.values()) {
    if (byDate(other.meta, meta) >= 0) continue;
    if (against === 'level' && LEVEL_RANK[other.meta.level] > LEVEL_RANK[meta.level]) continue;
    count++;
    for (const u of other.units) earlier[engine.numberOfUnit(u.id)!] = 1;
  }
  return { earlier, count };
}

/** `fresh(s)`: no flagged unit contains s; each answer looked up once, through the index as search does. */
function freshness(engine: Engine, earlier: Uint8Array): (s: string) => boolean {
  const { index, forms } = engine;
  const none: Postings = { ids: new Uint32Array(0), tf: new Uint32Array(0) };
  // one earlier unit holding the string is enough to make it not new: verification stops there
  const firstEarlier: Verify = (ids, term) => {
    for (let i = 0; i < ids.length; i++) {
      const n = ids[i];
      if (earlier[n] && forms.get(n)?.includes(term)) return { ids: Uint32Array.of(n), tf: Uint32Array.of(1) };
    }
    return none;
  };
  const memo = new Map<string, boolean>();
  return (s) => {
    let v = memo.get(s);
    if (v === undefined) memo.set(s, (v = !index.match(s, firstEarlier).ids.some((n) => earlier[n] === 1)));
    return v;
  };
}

interface Ranked {
  match: string;
  count: number;
  inTitles: number;
  quoted: number;
  /** units of later documents that contain it */
  later: number[];
  salience: number;
  /** offset of the first occurrence in the document's matching form, for ties */
  first: number;
}

/**
 * Salience: occurrences, a heading counting three times, quotation marks four (a report quotes the concepts
 * it names) and an enumeration (生物制造、商业航天、低空经济) two, times a length factor that favours a term (4–8 characters) over a two-character word or a
 * twelve-character clause, times the uptake (later documents that used it: a 提法 travels).
 */
function rank(engine: Engine, meta: DocMeta, units: number[], text: string, phrases: string[]): Ranked[] {
  const titled = units.filter((n) => engine.records[n]!.unit.kind !== 'paragraph');
  const scored = phrases.map((match) => {
    let count = 0;
    let quoted = 0;
    let listed = 0;
    const first = text.indexOf(match);
    for (let at = first; at >= 0; at = text.indexOf(match, at + match.length)) {
      count++;
      const [before, after] = [text[at - 1], text[at + match.length]];
      if (before === '"' && after === '"') quoted++;
      else if (before === '、' || after === '、') listed++;
    }
    const inTitles = titled.filter((n) => engine.records[n]!.matchTitle.includes(match)).length;
    const later = unitsContaining(engine, match).filter((n) => byDate(engine.records[n]!.doc, meta) > 0);
    const laterDocs = new Set(later.map((n) => engine.records[n]!.doc.id)).size;
    const length = 1 + 0.15 * Math.min(match.length, 6) - 0.1 * Math.max(0, match.length - 8);
    const salience = (count + 2 * inTitles + 3 * quoted + listed) * length * (1 + 0.5 * Math.log2(1 + laterDocs));
    return { match, count, inTitles, quoted, later, salience: Math.round(salience * 100) / 100, first };
  });
  // of two phrases one inside the other, the shorter stays when it also stands alone (新质生产力 beside 发展新质生产力);
  // when it never does (绿增长 only in 降碳减污扩绿增长) it is a piece, and the longer stays
  const out = scored.filter((p) => !scored.some((q) => q !== p && (p.match.includes(q.match) ? q.count > p.count : q.match.includes(p.match) && q.count === p.count)));
  return out.sort((a, b) => b.salience - a.salience || a.first - b.first);
}

function describe(engine: Engine, doc: Doc, form: MatchForm, p: Ranked): NewPhrase {
  // the first occurrence inside a unit (a title line above the first unit is in none), and the smallest unit holding it
  let start = 0;
  let end = 0;
  let unit: Unit | null = null;
  for (let at = p.first; at >= 0 && !unit; at = form.text.indexOf(p.match, at + 1)) {
    [start, end] = toSourceRange(form, doc.display, at, at + p.match.length);
    for (const u of doc.units) if (u.start <= start && end <= u.end && (!unit || u.end - u.start < unit.end - unit.start)) unit = u;
  }
  if (!unit) throw new Error(`new phrase ${p.match} is in no unit of ${doc.meta.id}`);
  const later = new Map<string, Uptake & { pos: number }>();
  for (const n of p.later) {
    const r = engine.records[n]!;
    const seen = later.get(r.doc.id);
    if (!seen || r.unit.start < seen.pos) later.set(r.doc.id, { ...docRef(r.doc), unitId: r.unit.id, pos: r.unit.start });
  }
  const uptakes = [...later.values()].sort((a, b) => byDate(engine.getDoc(a.id).meta, engine.getDoc(b.id).meta));
  return {
    phrase: doc.display.slice(start, end),
    match: p.match,
    count: p.count,
    inTitles: p.inTitles,
    quoted: p.quoted,
    salience: p.salience,
    firstUnit: unit.id,
    quote: quote(unit.text, [start - unit.start, end - unit.start]),
    takenUpBy: uptakes.slice(0, TAKEN_UP).map(({ pos: _, ...u }) => u),
    laterDocuments: uptakes.length,
  };
}
