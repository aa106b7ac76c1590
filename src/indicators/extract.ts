/**
 * Quantitative statements in one unit. Figures are found in the matching form (so full-width digits and
 * spaced numbers read the same), each is named by the nearest table name before it in its clause — or, for
 * counted things, right after it (2个重大科技专项) — and figures without a table name are dropped rather than
 * guessed at. Stance and year come from the unit (review → actual, plan → target) unless the sentence says
 * otherwise.
 */
import type { UnitRecord } from '../index/engine.js';
import { toMatchForm, toSourceRange } from '../text/normalize.js';
import type { Level } from '../types.js';
import { findNames, type NameHit } from './names.js';
import { CLASSIFIERS, QUANTITY, convert, quantityOf, type Quantity } from './quantity.js';
import { CLAUSE_STOP, COMMA_STOP, lastStop, marksOf, nextStop, sentenceStart, whenOf, type Marks } from './time.js';

export type IndicatorStance = 'target' | 'actual';
/**
 * In this order in `qualifier`. 新增 marks an increment (新增/新建/培育/育成 N) and 累计 a figure over several
 * years (五年累计, 年均), as opposed to the level in one year; plan vs actual only compares like with like.
 */
export const QUALIFIERS = ['力争', '新增', '累计', '达到', '突破', '超过', '以上', '左右', '以内'] as const;
export type Qualifier = (typeof QUALIFIERS)[number];

export interface Indicator {
  /** canonical name from names.ts, or `${name}增长` for a stated growth rate */
  name: string;
  /** in `unit` */
  value: number;
  /** upper end of a range such as 6%－6.5% */
  valueMax?: number;
  unit: string;
  /** the figure as written, e.g. 2.45万亿元 */
  display: string;
  qualifier: Qualifier[];
  /** growth rate in % stated with the figure (同比增长18.1%), else null */
  growth: number | null;
  stance: IndicatorStance;
  /** the year the figure is about */
  year: number;
  region: string;
  level: Level;
  docId: string;
  unitId: string;
  /** the clause, original characters */
  quote: string;
  /** offsets of the figure in the document's display text */
  start: number;
  end: number;
}

/** How far left of a figure its name may end (in matching-form characters). */
const LOOKBACK = 25;
/** Between a figure and a percentage that is its growth rate: 1649亿元、同比增长18.1% */
const GROWTH_GAP = /^(?:以上|左右)?[、,]?(?:同比|比上年|比去年|较上年|较去年)?(?:实际)?(?:年均)?(增长|增|上升|提高|下降|减少|回落)$/;
const DOWN = /下降|降低|降幅|减少|回落/;
/** Between an amount's name and a percentage that is its growth; anything longer (单位国内生产总值用水量…下降23%) is not. */
const GROWTH_AFTER_NAME = /^(?:预期|实际|年均|平均|同比|比上年|分别)*(增长|增幅|增速|上涨|涨幅|提高|上升|增加|下降|降低|降幅|减少|回落)(?:了|为|达到|到)?$/;
/**
 * When a second figure may reuse the name of the one before it: its total (国家级科技创新平台10个,总数达到195个)
 * or the end of a change (国内生产总值从26.6万亿元增加到51.9万亿元, where the first is only the baseline).
 */
const TOTAL = /^[,、]?(?:总数|总量|累计|总计|共计)/;
const CHANGE_TO = /^(?:增加|提高|增长|上升|扩大|下降|降低|减少)?(?:到|至)(?:超过|近|约)?$/;
const CHANGE_FROM = /(?:从|由)(?:不到|超过|近|约)?$/;
const INCREMENT = /新增|新建|新认定|新培育|培育|育成|新设/;
/** A clause about several years: its count is a sum, its rate an average (五年累计, 年均增长). */
const MULTI_YEAR = /累计|[五十]年(?!行动|规划|计划|纲要)|这些年|多年来|年均|每年/;
/** 城镇新增就业预期目标比去年多100万人: a difference, not the indicator. */
const DIFFERENCE = /比[^,;]{0,8}(?:多|少|增加|减少|提高|降低)$/;

/** Text with the names in it blanked, so 城镇新增就业 does not make the next figure an increment. */
function withoutNames(t: string, names: NameHit[], s: number, e: number): string {
  const chars = [...t.slice(s, e)];
  for (const h of names) if (h.start >= s && h.end <= e) chars.fill(' ', h.start - s, h.end - s);
  return chars.join('');
}

interface Figure {
  start: number;
  end: number;
  q: Quantity;
}

/** The figure's name: right after a count (100项科技成果转化示范项目), else the nearest before it in the clause. */
function nameOf(t: string, figs: Figure[], k: number, names: NameHit[]): { hit: NameHit; right: boolean } | null {
  const f = figs[k];
  if (CLASSIFIERS.has(f.q.unit)) {
    const at = f.end + (/^(?:左右|以上|多)/.exec(t.slice(f.end))?.[0].length ?? 0);
    const right = names.filter((h) => h.start === at);
    if (right.length) return { hit: right.reduce((a, b) => (b.end > a.end ? b : a)), right: true };
  }
  const floor = lastStop(t, f.start, CLAUSE_STOP);
  let best: NameHit | null = null;
  for (const h of names) {
    if (h.end > f.start || h.start < floor || f.start - h.end > LOOKBACK) continue;
    if (!best || h.end > best.end || (h.end === best.end && h.start < best.start)) best = h;
  }
  if (!best) return null;
  // a name already used by an earlier figure is not this one's, unless this is that indicator's total
  const used = figs.filter((g, j) => j !== k && g.start >= best!.end && g.end <= f.start);
  const gap = used.length ? t.slice(used[used.length - 1].end, f.start) : '';
  if (used.length && !TOTAL.test(gap) && !CHANGE_TO.test(gap)) return null;
  return { hit: best, right: false };
}

interface Context {
  /** the sentence before the figure */
  sentence: string;
  /** the comma-clause before the figure, names blanked */
  clause: string;
  /** the ；-clause before the figure */
  longClause: string;
  /** between the name and the figure */
  between: string;
  /** the two characters after the figure */
  after: string;
  over: boolean;
  /** the figure is about a plan period or several years */
  period: boolean;
  name: string;
}

function qualifiersOf({ sentence, clause, longClause, between, after, over, period, name }: Context): Qualifier[] {
  const q = new Set<Qualifier>();
  if (sentence.includes('力争')) q.add('力争');
  if (INCREMENT.test(clause)) q.add('新增');
  // an increment over a plan period is a sum (实现城镇新增就业5000万人以上 in the 十三五 goals)
  if (MULTI_YEAR.test(longClause) || (period && (q.has('新增') || name.includes('新增')))) q.add('累计');
  if (/达到|到达|达/.test(between)) q.add('达到');
  if (between.includes('突破')) q.add('突破');
  if (/超过|超/.test(between)) q.add('超过');
  if (over || /^以上/.test(after) || /不低于|不少于/.test(between)) q.add('以上');
  if (/^左右/.test(after) || /(?:接近|近|约)$/.test(between)) q.add('左右');
  if (/^(?:以内|以下)/.test(after) || /低于|不超过|不高于/.test(between)) q.add('以内');
  return QUALIFIERS.filter((x) => q.has(x));
}

/** The indicators stated in one unit (a paragraph and the items inside it both report the same figures). */
export function extractIndicators(rec: UnitRecord): Indicator[] {
  const { unit, doc } = rec;
  // rec.match is the same text; the offset map is only worth building when there is a figure
  if (!new RegExp(QUANTITY.source).test(rec.match)) return [];
  const form = toMatchForm(unit.text);
  const t = form.text;
  const figs: Figure[] = [...t.matchAll(QUANTITY)].map((m) => ({ start: m.index, end: m.index + m[0].length, q: quantityOf(m) }));
  if (!figs.length) return [];
  const names = findNames(t);
  let marks: Marks | undefined;
  const source = (s: number, e: number) => toSourceRange(form, unit.text, s, e);
  const out: Indicator[] = [];
  let last: { k: number; ind: Indicator | null; quote: [number, number] } | null = null;

  for (let k = 0; k < figs.length; k++) {
    const f = figs[k];
    const gap = k > 0 && f.q.unit === '%' ? GROWTH_GAP.exec(t.slice(figs[k - 1].end, f.start)) : null;
    if (gap) {
      // the growth rate of the figure before it, whether or not that one was named; an average over
      // several years (年均增长11.2%) is not the growth of the figure's year
      if (last?.k === k - 1 && last.ind && !gap[0].includes('年均')) {
        last.ind.growth = DOWN.test(gap[1]) ? -f.q.value : f.q.value;
        last.quote[1] = nextStop(t, f.end, COMMA_STOP);
        last.ind.quote = unit.text.slice(...source(...last.quote));
      }
      continue;
    }
    last = { k, ind: null, quote: [0, 0] };
    const named = nameOf(t, figs, k, names);
    const entry = named?.hit.entry;
    if (!named || !entry) continue;

    // 从26.6万亿元增加到51.9万亿元: the first figure is only the baseline of the second
    if (CHANGE_FROM.test(t.slice(0, f.start)) && k + 1 < figs.length && CHANGE_TO.test(t.slice(f.end, figs[k + 1].start))) continue;

    const commaStart = lastStop(t, f.start, COMMA_STOP);
    const between = t.slice(named.right ? commaStart : named.hit.end, f.start);
    if (f.q.unit !== '%' && DIFFERENCE.test(between)) continue;
    let name = entry.name;
    let unitName = entry.unit;
    let value = convert(f.q.value, f.q.unit, entry.unit);
    let valueMax = f.q.valueMax === undefined ? undefined : convert(f.q.valueMax, f.q.unit, entry.unit);
    if (value === null) {
      // a percentage next to an amount is its growth (技术合同成交额增长28.6%); anything else is misread
      const word = f.q.unit === '%' && !named.right ? GROWTH_AFTER_NAME.exec(between)?.[1] : undefined;
      if (!word) continue;
      const sign = DOWN.test(word) ? -1 : 1;
      [name, unitName, value] = [`${entry.name}增长`, '%', sign * f.q.value];
      valueMax = f.q.valueMax === undefined ? undefined : sign * f.q.valueMax;
    }

    const { stance, year, period } = whenOf(rec, t, f.start, (marks ??= marksOf(form, unit.text)));
    const context: Context = {
      sentence: t.slice(sentenceStart(t, f.start), f.start),
      clause: withoutNames(t, names, commaStart, f.start),
      longClause: t.slice(lastStop(t, f.start, CLAUSE_STOP), f.start),
      between,
      after: t.slice(f.end, f.end + 2),
      over: f.q.over,
      period,
      name,
    };

    const quote: [number, number] = [Math.min(named.hit.start, commaStart), Math.max(named.hit.end, nextStop(t, f.end, COMMA_STOP))];
    const [s, e] = source(f.start, f.end);
    const ind: Indicator = {
      name,
      value: value!,
      ...(valueMax != null ? { valueMax } : {}),
      unit: unitName,
      display: f.q.display,
      qualifier: qualifiersOf(context),
      growth: null,
      stance,
      year,
      region: doc.region,
      level: doc.level,
      docId: doc.id,
      unitId: unit.id,
      quote: unit.text.slice(...source(...quote)),
      start: unit.start + s,
      end: unit.start + e,
    };
    out.push(ind);
    last = { k, ind, quote };
  }
  return out;
}
