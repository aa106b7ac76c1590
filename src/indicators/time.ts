/**
 * Which year a figure is about and whether it is a target or an actual. The unit's stance and year (from
 * src/ingest/stance.ts) are the default; the text near the figure overrides them when it names a time or uses a
 * plan word, because one paragraph often reviews last year and then sets this year's goals.
 */
import type { UnitRecord } from '../index/engine.js';
import { isQuoteMark, type MatchForm } from '../text/normalize.js';
import type { IndicatorStance } from './extract.js';

/**
 * What the matching form (which has no quotation or book-title marks) no longer shows: which of its characters
 * stood inside 《…》 in the original text, and whether a span of it stood in quotes.
 */
export interface Marks {
  inTitle: Uint8Array;
  quoted(start: number, end: number): boolean;
}

export function marksOf(form: MatchForm, display: string): Marks {
  const depth = new Uint8Array(display.length + 1);
  for (let i = 0, d = 0; i < display.length; i++) {
    const ch = display[i];
    if (ch === '》' || ch === '〉') d = Math.max(0, d - 1);
    depth[i] = d;
    if (ch === '《' || ch === '〈') d++;
  }
  const inTitle = new Uint8Array(form.text.length);
  for (let k = 0; k < inTitle.length; k++) inTitle[k] = depth[form.map[k]] > 0 ? 1 : 0;
  const quoted = (start: number, end: number) => isQuoteMark(display[form.map[start] - 1]) && isQuoteMark(display[form.map[end - 1] + 1]);
  return { inTitle, quoted };
}

// the matching form has ASCII , ; : ! ? for their full-width forms; | separates table cells
export const SENTENCE_STOP = /[。!?\n|]/;
export const CLAUSE_STOP = /[。;:!?\n|]/;
export const COMMA_STOP = /[。;:!?\n|,]/;

export const lastStop = (t: string, before: number, stop: RegExp) => {
  for (let i = before - 1; i >= 0; i--) if (stop.test(t[i])) return i + 1;
  return 0;
};
export const nextStop = (t: string, from: number, stop: RegExp) => {
  for (let i = from; i < t.length; i++) if (stop.test(t[i])) return i;
  return t.length;
};

/** The sentence before a figure; one that opens with 即 (…目标是:实现“5个倍增”。即:…) continues the previous one. */
export function sentenceStart(t: string, at: number): number {
  const s = lastStop(t, at, SENTENCE_STOP);
  return t[s] === '即' && s > 0 ? lastStop(t, s - 1, SENTENCE_STOP) : s;
}

/** Words that make a sentence a plan; 目标 only when a target is being set (实现了年初确定的主要目标 is a review). */
// 计划 is left out: in these reports it is mostly a noun (行动计划, 科技计划)
const TARGET_CUE = /力争|目标(?:是|为|定)|(?<!超过|实现|完成|达到|低于|高于|好于)预期目标|拟|确保|争取|(?<![主重需纲摘概必只])要(?![求点素])|将(?!近)/g;
/** A unit that opens by looking back or ahead over several years (这五年, 五年来, 过去五年,). */
const SEVERAL_YEARS_LEAD = /^(?:这|过去|今后|展望今后)?[五十]年(?:来|间|中|里)?[,:]/;

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const blank = (s: string) => ' '.repeat(s.length);
/** The last year of a five-year plan: 十一五 → 2010 … 十四五 → 2025. */
const planEnd = (n: string) => 2010 + 5 * '一二三四五'.indexOf(n);

interface Anchor {
  year: number;
  at: number;
  /** a five-year plan rather than one year */
  period: boolean;
}

/**
 * The last time named before a figure. Past years and 今年/去年 count from anywhere earlier in the unit
 * (过去一年…。国内生产总值增长10.3%); future years and plan periods only in the figure's own sentence, since
 * 是实施“十四五”规划的关键之年 sets no figure's year.
 */
function anchorOf(t: string, at: number, docYear: number, marks: Marks): Anchor | null {
  // titles in 《》, comparison bases (比上年, 较2020年) and what a plan builds on (在去年…的基础上) name a
  // year the figure is not about
  let untitled = '';
  for (let i = 0; i < at; i++) untitled += marks.inTitle[i] ? ' ' : t[i];
  const prefix = untitled
    .replace(/(?:比|较)(?:上年|去年|\d{4}年)|同比|同期/g, blank)
    .replace(/在[^。;]*?的基础上/g, blank);
  const sentence = sentenceStart(t, at);
  let best: Anchor | null = null;
  const see = (i: number, year: number, period = false) => {
    const unitWide = !period && year <= docYear;
    if ((unitWide || i >= sentence) && (!best || i >= best.at)) best = { at: i, year, period };
  };
  for (const m of prefix.matchAll(/(?<![\d\-—~至])((?:19|20)\d{2})年(?!代|以来)/g)) see(m.index, Number(m[1]));
  for (const m of prefix.matchAll(/([〇零一二三四五六七八九]{4})年(?!代)/g)) see(m.index, Number([...m[1]].map((c) => CN_DIGIT[c]).join('')));
  for (const m of prefix.matchAll(/十([一二三四五])五/g)) see(m.index, planEnd(m[1]), true);
  // the tenth plan ("十五", 2001–2005) is named in quotes or before 期间/时期/计划, never in 十五五 or 第十五届
  for (const m of prefix.matchAll(/十五/g))
    if (/^(?:期间|时期|计划)/.test(prefix.slice(m.index + 2, m.index + 4)) || marks.quoted(m.index, m.index + 2)) see(m.index, 2005, true);
  for (const m of prefix.matchAll(/今年|新的一年/g)) see(m.index, docYear);
  for (const m of prefix.matchAll(/去年|上年|过去一年|一年来/g)) see(m.index, docYear - 1);
  return best as Anchor | null;
}

/** A plan period named by the enclosing sections (“十三五”时期主要目标任务): its last year on the unit's side of now. */
function sectionPeriod(rec: UnitRecord, stance: IndicatorStance): number | null {
  const ends = rec.unit.path.flatMap((p) => [...p.matchAll(/十([一二三四五])五/g)].map((m) => planEnd(m[1])));
  const fitting = ends.filter((y) => (stance === 'target' ? y >= rec.doc.year : y < rec.doc.year));
  return fitting.length ? Math.max(...fitting) : null;
}

export interface When {
  stance: IndicatorStance;
  year: number;
  /** the figure is about a plan period or several years, so a count in it may be a sum */
  period: boolean;
}

/** Stance and year of the figure at `at` in the unit's matching form `t` (`marks`: marksOf its form). */
export function whenOf(rec: UnitRecord, t: string, at: number, marks: Marks): When {
  const { doc, unit } = rec;
  const anchor = anchorOf(t, at, doc.year, marks);
  const sentence = sentenceStart(t, at);
  const cue = [...t.slice(sentence, at).matchAll(TARGET_CUE)].pop()?.index;
  const cueAt = cue === undefined ? -1 : sentence + cue;
  const pastAt = anchor && anchor.year < doc.year ? anchor.at : -1;
  let stance: IndicatorStance;
  // a work-points document is all targets; otherwise the later of a plan word and a past year decides
  if (doc.kind === 'work-points' || cueAt > pastAt || (anchor && anchor.year > doc.year)) stance = 'target';
  else if (pastAt >= 0) stance = 'actual';
  else if (unit.stance !== 'other') stance = unit.stance === 'review' ? 'actual' : 'target';
  else stance = unit.year < doc.year ? 'actual' : 'target';

  const section = anchor ? null : sectionPeriod(rec, stance);
  let year = anchor?.year ?? section ?? unit.year;
  // a target is never for a year already past when the document was written
  if (stance === 'target' && year < doc.year) year = doc.year;
  return { stance, year, period: Boolean(anchor?.period) || section !== null || SEVERAL_YEARS_LEAD.test(t.slice(0, 12)) };
}
