/**
 * Numbers with units, read from the matching form (so １８．１％ arrives as 18.1% and "2.45 万亿元" as
 * 2.45万亿元). Money is stored in 亿元 because that is the scale reports compare at; every other unit is
 * stored bare (1.45万家 → 14500 家) so figures from different documents compare without conversion.
 */
import { toMatchForm } from '../text/normalize.js';

/** Longest first: the alternation must try 个百分点 before 个 and 千瓦时 before 千瓦. */
const UNITS = ['个百分点', '千瓦时', '平方公里', '平方米', '千瓦', '公里', '公斤', '人次', '%', '元', '家', '个', '人', '项', '支', '颗', '名', '户', '辆', '斤', '吨', '亩', '座', '台', '套', '件', '米'];

/** Units that count things, so a name may follow the figure (2个重大科技专项) instead of preceding it. */
export const CLASSIFIERS = new Set(['个', '项', '家', '支', '颗', '名', '座', '台', '套', '件']);

const MULTIPLIER: Record<string, number> = { 万亿: 12, 亿: 8, 万: 4, 千: 3, '': 0 };

/**
 * Thousands may be separated by commas (３，９８９亿斤 in the 1950s). 巧 is how OCR reads a "15" set tight in
 * some sources (川科发〔2022〕2号 has 巧00家 for 1500家); it is only taken as digits when more digits follow,
 * where 巧 cannot be a word.
 */
const NUM = String.raw`(?:巧\d{2,}|\d{1,3}(?:,\d{3})+(?![\d.])|\d+(?:\.\d+)?)`;
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\%]/g, '\\$&');

/**
 * A figure: number, optional range end, 多 (1000多万人), multiplier, 余 (1万余个), unit. Digits glued to Latin
 * letters (c919, m2) are not figures.
 */
export const QUANTITY = new RegExp(
  String.raw`(?<![\da-z.])(${NUM})(?:(%)?([-~至到])(${NUM}))?(余|多)?(万亿|亿|万|千)?(余|多)?(${UNITS.map(escape).join('|')})`,
  'g',
);

export interface Quantity {
  /** in `unit` */
  value: number;
  valueMax?: number;
  /** canonical unit: 亿元 for money, otherwise the unit as written without 万/亿 */
  unit: string;
  /** the figure as written in the matching form, e.g. 2.45万亿元 (OCR 巧 already read as 15) */
  display: string;
  /** 余/多 after the number: more than the value */
  over: boolean;
}

const readNumber = (s: string) => Number(s.replace(/^巧/, '15').replace(/,/g, ''));
/** Scale by a power of ten without 2.45 × 10⁴ = 24500.000000000004. */
const scale = (n: number, exp: number) => Number((n * 10 ** exp).toPrecision(12));

/** Read one QUANTITY match. */
export function quantityOf(m: RegExpMatchArray): Quantity {
  const [text, lo, , , hi, over1, mul = '', over2, unit] = m;
  const exp = MULTIPLIER[mul] + (unit === '元' ? -8 : 0);
  const q: Quantity = {
    value: scale(readNumber(lo), exp),
    unit: unit === '元' ? '亿元' : unit,
    display: text.replace(/^巧/, '15').replace(/(\d),(?=\d{3})/g, '$1'),
    over: Boolean(over1 || over2),
  };
  if (hi !== undefined) q.valueMax = scale(readNumber(hi), exp);
  return q;
}

/** The first figure in a piece of original text; null when there is none. */
export function parseQuantity(text: string): Quantity | null {
  const m = new RegExp(QUANTITY.source).exec(toMatchForm(text).text);
  return m ? quantityOf(m) : null;
}

/** Converting a figure to the unit its indicator is kept in; null when the units do not measure the same thing. */
const MONEY: Record<string, number> = { 亿元: 8, 万元: 4, 元: 0 };
export function convert(value: number, from: string, to: string): number | null {
  if (from === to) return value;
  if (from in MONEY && to in MONEY) return scale(value, MONEY[from] - MONEY[to]);
  return null;
}
