/**
 * The phrase candidates of one unit: runs of whole segmenter words (never a piece of one) between the
 * breaks of a sentence. A run stops at punctuation, at function words (的, 等, 和, 进一步), at a figure
 * written in digits (5.2%, 2024年) and at a date; a `+` right after a word belongs to it (互联网+).
 */
import { toMatchForm } from '../text/normalize.js';
import { tokenize } from '../text/tokenize.js';
import type { Token } from '../types.js';
import { wordClass, type WordClass } from '../text/pos.js';

/** A phrase has 2–12 characters of the matching form. */
export const MIN_PHRASE = 2;
export const MAX_PHRASE = 12;

export interface Word {
  text: string;
  /** offset in the matching form of the text cut into runs */
  start: number;
  cls: WordClass;
}

/** A stretch of words a phrase may lie in (no break inside). */
export type Run = Word[];

/** Digits without Latin letters: a figure (5.2%, 300万), not a name (5G). */
const FIGURE = /^(?=.*\d)[^a-z]*$/i;
/** A date written in Chinese numerals (一九七八年, 十二月) or an ordinal (第三). */
const DATE = /^([〇零一二三四五六七八九]{2,4}年|[一二三四五六七八九十]{1,3}[月日号]|第[一二三四五六七八九十百]+)$/;
/** Only numerals and the units of a count or a date: a number alone (三年, 十四五, 百分之五). */
const NUMBER_ALONE = /^[\d.%〇零一二两三四五六七八九十百千万亿第个项年月日号次倍成半之分点]+$/;

/**
 * Function characters standing alone: particles, conjunctions, prepositions, modal verbs. A closed class,
 * listed, because segmentit's tags for single characters are unreliable (it tags 交 in 交房 and 保 in 保供稳价
 * as function words, which would cut those terms).
 */
const FUNCTION_CHARS = new Set('的地得之了着过和与及或而并且等在对把被将从向以于为由也都又再就还更很最其该此这那各每要会能可使让给即既则但若如所比跟至已虽却因亦仍均皆曾才便尚'.split(''));

const isBreak = (w: Word) =>
  (w.text.length === 1 ? FUNCTION_CHARS.has(w.text) : w.cls === 'function') ||
  /[\p{P}\p{S}]/u.test(w.text) ||
  FIGURE.test(w.text) ||
  DATE.test(w.text) ||
  /.[的地]$/.test(w.text);

/**
 * A text (display characters) cut into runs of words in the matching form. The text is segmented as written,
 * so the segmenter's cache is shared with the diffs of the same units, and each word is then folded: a run's
 * words join to its matching form (whitespace, which folding drops, neither splits nor breaks a run).
 */
export function runsOf(text: string, segment: (text: string) => Token[] = tokenize): Run[] {
  const runs: Run[] = [];
  let run: Run = [];
  let at = 0;
  const close = () => {
    if (run.length) runs.push(run);
    run = [];
  };
  for (const t of segment(text)) {
    // quotes are kept: they mark where a named concept starts and ends (“互联网+”), so they break a run
    const m = toMatchForm(t.text, { keepMarks: true }).text;
    if (!m) continue;
    const start = at;
    at += m.length;
    if (m === '+' && run.length) {
      run.push({ text: '+', start, cls: 'unknown' });
      continue;
    }
    const w: Word = { text: m, start, cls: t.isWord ? wordClass(m) : 'function' };
    if (!t.isWord || isBreak(w)) close();
    else run.push(w);
  }
  close();
  return runs;
}

/** The text of words [i, j) of a run. */
export const spanText = (run: Run, i: number, j: number): string => run.slice(i, j).map((w) => w.text).join('');

/** A number or a date alone is no phrase, however new (every report has new figures). */
export const isNumberAlone = (phrase: string): boolean => NUMBER_ALONE.test(phrase);
