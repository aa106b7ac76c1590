/**
 * 新提法: the phrases a document uses for the first time. A phrase is listed only when no earlier document
 * (of the same or a higher level, or any) contains it in the matching form, checked exactly through the index
 * (its candidates, verified) as search does, so "first time" is a fact about the corpus, not a guess.
 *
 * The stages, per unit of the document:
 * 1. runs of whole segmenter words between the breaks of a sentence (phrases.ts);
 * 2. the cores: the shortest spans of words that no earlier document contains (新质 and 质生产力 in
 *    加快发展新质生产力; a longer span holding a core is new by construction and needs no lookup);
 * 3. cores sharing a word are merged (新质 + 质生产力 = 新质生产力), then grown to the term they sit in:
 *    one modifier or noun in front, up to two nouns behind (低空 → 低空经济), never a verb (加快发展 stays out);
 * 4. the phrases of all units are counted and ranked by salience, and a phrase holding a shorter listed one
 *    is dropped (发展新质生产力 is not listed beside 新质生产力).
 */
import { z } from 'zod';
import { byDate, type Engine } from '../index/engine.js';
import { unitsContaining } from '../search/match.js';
import { toMatchForm, toSourceRange, type MatchForm } from '../text/normalize.js';
import type { Doc, DocMeta, Level, Unit } from '../types.js';
import { docRef, type DocRef } from './common.js';
import { quote } from './occurrences.js';
import { isNumberAlone, MAX_PHRASE, MIN_PHRASE, runsOf, spanText, type Run } from './phrases.js';
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
/** words per core span: a new term longer than six segmenter words is a sentence, not a 提法 */
const MAX_WORDS = 6;

const LEVEL_RANK: Record<Level, number> = { national: 0, province: 1, city: 2, county: 3 };

export function newPhrases(engine: Engine, docId: string, opts: NewOptions = {}): NewResult {
  const doc = engine.getDoc(docId);
  const against = opts.against ?? 'level';
  const { earlier, count: earlierDocuments } = earlierUnits(engine, doc.meta, against);
  const look: Lookups = { fresh: freshness(engine, earlier), ...corpusLookups(engine) };
  // every unit, containers too: a paragraph's lead sentence is in none of the items below it
  const units = doc.units.map((u) => engine.numberOfUnit(u.id)!);
  const found = new Set<string>();
  // quotes mark where a named concept starts and ends ("互联网+"): phrases are read where they are kept
  for (const u of doc.units) for (const run of runsOf(toMatchForm(u.text, { keepMarks: true }).text)) for (const [i, j] of termsOf(run, look)) found.add(spanText(run, i, j));
  const form = toMatchForm(doc.display, { keepMarks: true });
  const ranked = rank(engine, doc.meta, units, form.text, [...found]);
  const phrases = ranked.slice(0, opts.limit ?? DEFAULT_LIMIT).map((p) => describe(engine, doc, form, p));
  const shifts = opts.shifts === false ? null : issuerShifts(engine, docId);
  return { doc: docRef(doc.meta), against, earlierDocuments, total: ranked.length, phrases, shifts };
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

/** `fresh(s)`: no flagged unit contains s; each answer looked up once, through the index's candidates. */
function freshness(engine: Engine, earlier: Uint8Array): (s: string) => boolean {
  const memo = new Map<string, boolean>();
  return (s) => {
    let v = memo.get(s);
    if (v !== undefined) return v;
    v = true;
    for (const n of engine.index.candidates(s)) {
      if (earlier[n] && engine.matches[n]!.includes(s)) {
        v = false;
        break;
      }
    }
    memo.set(s, v);
    return v;
  };
}

/** What the stages ask of the corpus. */
export interface Lookups {
  /** no earlier document contains the string */
  fresh: (s: string) => boolean;
  /** a verb most reports use (推进, 加快, 构建): a new span that starts with one is a new sentence, not a term */
  generic: (word: string) => boolean;
  /** words x and y, side by side, are one expression of the corpus (乡村 振兴, 八 项), not two */
  bound: (x: string, y: string) => boolean;
}

/** A verb is generic when at least this share of the corpus's documents use it (推进 0.86, 构建 0.49, 提振 0.09). */
export const GENERIC_SHARE = 0.25;

/** Characters that end words (保障性, 现代化, 渐进式, 新型, 增长率) and so never start a phrase. */
const SUFFIXES = new Set('性化式型率度者界制感论'.split(''));

/** Two words are bound when, of the units holding the one on the outside of a phrase's edge, this share holds both. */
export const BOUND_SHARE = 0.5;

function corpusLookups(engine: Engine): Pick<Lookups, 'generic' | 'bound'> {
  const units = new Map<string, number[]>();
  const unitsOf = (s: string) => {
    let list = units.get(s);
    if (!list) units.set(s, (list = unitsContaining(engine, s)));
    return list;
  };
  const generic = new Map<string, boolean>();
  return {
    generic: (w) => {
      let v = generic.get(w);
      if (v === undefined) {
        const docs = new Set<string>();
        for (const n of unitsOf(w)) docs.add(engine.records[n]!.doc.id);
        generic.set(w, (v = docs.size >= GENERIC_SHARE * engine.docs.size));
      }
      return v;
    },
    bound: (x, y) => {
      if (/^\p{P}/u.test(y) || /\p{P}$/u.test(x)) return false;
      const both = unitsOf(x + y).length;
      return both > 1 && both >= BOUND_SHARE * Math.min(unitsOf(x).length, unitsOf(y).length);
    },
  };
}

/** The terms of a run as [start, end) word ranges: cores found, merged and grown (stages 2 and 3). */
export function termsOf(run: Run, look: Lookups): [number, number][] {
  const m = run.length;
  // isNew[i][k]: words i..i+k (k+1 words) are absent from every earlier document
  const isNew: boolean[][] = run.map(() => []);
  const cores: [number, number][] = [];
  for (let k = 0; k < MAX_WORDS; k++) {
    for (let i = 0; i + k < m; i++) {
      const j = i + k + 1;
      const text = spanText(run, i, j);
      if (text.length > MAX_PHRASE) {
        isNew[i][k] = false;
        continue;
      }
      // a span holding a new span is new; only spans whose parts are all known are looked up
      const inherited = k > 0 && (isNew[i][k - 1] || isNew[i + 1][k - 1]);
      isNew[i][k] = inherited || (text.length >= MIN_PHRASE && run[i].text !== '+' && look.fresh(text));
      if (isNew[i][k] && !inherited && !isNumberAlone(text) && !isClause(run, i, j, look)) cores.push([i, j]);
    }
  }
  return grow(run, cores, look);
}

/**
 * Words [i, j) are a verb phrase or a clause, not a term, when a generic verb stands anywhere but last: first
 * (构建新 in 构建新发展格局) or after a word of two or more characters (大力推进…, 经济发展壮大). A verb that
 * ends a term is its head (高质量发展, 乡村全面振兴), and one after a single character is part of a compound
 * (新发展格局).
 */
function isClause(run: Run, i: number, j: number, look: Lookups): boolean {
  for (let k = i; k < j - 1; k++) {
    const w = run[k];
    if (w.cls === 'verb' && w.text.length >= 2 && (k === i || run[k - 1].text.length >= 2) && look.generic(w.text)) return true;
  }
  return false;
}

/**
 * Each core grown to the term it sits in. To the left over nouns, over modifiers of a noun (not 积极 before
 * 稳外贸: that is an adverb), over verbs that are not generic (渐进式延迟, 保供稳价) and over any word the
 * corpus binds to the next (习近|平总书记), so the generic verb in front (加快发展|新质生产力, 扎实做好|碳达峰)
 * stays out.
 * To the right up to the next break of the sentence (低空 → 低空经济 before 等; 乡村全面 → 乡村全面振兴),
 * so a term is never cut before its head; where the break is too far for a phrase, over nouns only. A span
 * that is a clause, or ends in a modifier (因地制宜发展新), is no term.
 */
function grow(run: Run, cores: [number, number][], look: Lookups): [number, number][] {
  const out = new Set<string>();
  const len = (i: number, j: number) => spanText(run, i, j).length;
  for (const [ci, cj] of cores) {
    let i = ci;
    // a suffix does not start a word (保障|性住房, 协|调性)
    while (i > 0 && SUFFIXES.has(run[i].text[0]) && len(i - 1, cj) <= MAX_PHRASE) i--;
    while (i > 0 && len(i - 1, cj) <= MAX_PHRASE) {
      const w = run[i - 1];
      const verbAfter = run[i].cls === 'verb';
      if (
        w.cls === 'noun' ||
        w.cls === 'numeral' ||
        (w.cls === 'unknown' && w.text.length === 1) ||
        (w.cls === 'modifier' && !verbAfter) ||
        (w.cls === 'verb' && !(w.text.length >= 2 && look.generic(w.text))) ||
        look.bound(w.text, run[i].text)
      )
        i--;
      else break;
    }
    let j = cj;
    if (len(i, run.length) <= MAX_PHRASE) j = run.length;
    else {
      while (j < run.length && (run[j].cls === 'noun' || look.bound(run[j - 1].text, run[j].text)) && len(i, j + 1) <= MAX_PHRASE) j++;
      // a verb with its object cut off (高质量完成|十四五规划…), or a lone character, is half of something
      if (j < run.length && (run[j - 1].cls === 'verb' || run[j - 1].text.length === 1)) continue;
    }
    if (run[j - 1].cls === 'modifier' || isClause(run, i, j, look)) continue;
    out.add(`${i},${j}`);
  }
  return [...out].map((s) => s.split(',').map(Number) as [number, number]);
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
 * twelve-character clause, times the uptake (later documents that used it: a 提法 travels). A phrase holding
 * a shorter listed phrase goes.
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
