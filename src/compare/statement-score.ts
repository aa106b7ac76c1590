/**
 * Following a statement through its rewordings: each document's sentence (or run of sentences, for a
 * statement of several) that says the most of what the statement says, weighted by rarity.
 *
 * The score is an F2 (recall counts twice as much as precision) of what the sentence shares with the
 * statement, over the matching form, everything weighted by inverse document frequency (the text index knows
 * every bigram's; a longer word counts as rare as its rarest bigram):
 * - recall: the mean of two shares of the statement found in the sentence — its character bigrams, and its
 *   words (anchors). A word in one unit in fifty or more weighs nothing as an anchor, so 坚持/推进/制定/方案
 *   cannot carry a match; 粮食产量, 十年行动, 低空经济 do. Figures change every year while the wording stays (7.5% → 7%,
 *   1.3万亿斤 → 1.4万亿斤): a bigram with a digit or of numerals counts half, a word of numerals (万亿) not at all.
 * - precision: the share of the sentence's bigrams that the statement has, so a long sentence that mentions
 *   everything does not win by its length.
 * Recall weighs more because a report restates a target inside a longer sentence far more often than it
 * shortens one. No segmenter runs: the statement is cut by maximum matching over the dictionary tables
 * ranking holds, and a word only one direction of the cut finds (递进 in 快递进农村) weighs half.
 */
import type { Engine } from '../index/engine.js';
import { dictWordsIn } from '../text/dict-words.js';
import { modelOf, type Model } from './similarity.js';
import { splitSentences, type Sentence } from './sentences.js';

/** The similarity a document's best sentence needs to be an entry (README, Comparison, says how it was chosen). */
export const STATEMENT_THRESHOLD = 0.25;
/** A statement of several sentences is matched against runs of up to this many consecutive sentences. */
export const MAX_RUN = 3;
/** F-beta's beta: recall counts beta² times as much as precision. */
const BETA2 = 4;
/** Words in at least this share of all units are boilerplate: they weigh nothing as anchors. */
const BOILERPLATE_SHARE = 0.02;
const DIGIT = /\d/;
/** A figure: digits, Chinese numerals and their units (1.3万亿, 三千, 万亿) — changes every year, says no topic. */
const FIGURE = /^[\d.%零〇一二两三四五六七八九十百千万亿]+$/;
/** Weight of a word only one direction of the cut finds. */
const UNSURE = 0.5;
const WORDY = /^[\p{L}\p{N}]+$/u;

/** IDF-weighted bigrams of a text: keys (two UTF-16 units packed) ascending, their weights and total. */
export interface Grams {
  keys: Uint32Array;
  vals: Float64Array;
  mass: number;
}

/** A dictionary word of the statement with its weight. */
export interface Anchor {
  word: string;
  weight: number;
}

/** An anchor with the positions of its bigrams among the statement's bigram keys, for a quick test. */
interface IndexedAnchor extends Anchor {
  grams: Int32Array;
}

/** A statement prepared once per query. */
export interface Statement {
  /** matching form */
  text: string;
  grams: Grams;
  /** its words that carry meaning, heaviest first */
  anchors: IndexedAnchor[];
  /** the anchors' total weight */
  mass: number;
  /** scratch: which of the statement's bigrams the text being scored has */
  seen: Uint8Array;
  /** how many consecutive sentences a counterpart may span */
  run: number;
}

export interface Scored {
  score: number;
  /** the statement's anchors found in the text, heaviest first */
  shared: string[];
}

/** The weighted bigrams of a matching-form text: letters and digits only, figures (5., 万亿) at half weight. */
export function gramsOf(model: Model, text: string): Grams {
  const tf = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const g = text.slice(i, i + 2);
    if (WORDY.test(g)) tf.set(g, (tf.get(g) ?? 0) + 1);
  }
  // sorted as strings is sorted as packed numbers: both compare the first unit, then the second
  const grams = [...tf.keys()].sort();
  const keys = new Uint32Array(grams.length);
  const vals = new Float64Array(grams.length);
  let mass = 0;
  grams.forEach((g, i) => {
    keys[i] = ((g.charCodeAt(0) << 16) | g.charCodeAt(1)) >>> 0;
    mass += vals[i] = (1 + Math.log(tf.get(g)!)) * model.idf(g) * (DIGIT.test(g) || FIGURE.test(g) ? 0.5 : 1);
  });
  return { keys, vals, mass };
}

/** How rare a word is: the IDF of its rarest bigram (exact for two characters, a lower bound beyond). */
function wordIdf(model: Model, word: string): number {
  let best = 0;
  for (let i = 0; i + 1 < word.length; i++) best = Math.max(best, model.idf(word.slice(i, i + 2)));
  return best;
}

/** The statement's dictionary and policy words, each once, weighted by rarity above boilerplate. */
export function anchorsOf(model: Model, text: string, boilerplate = BOILERPLATE_SHARE): Anchor[] {
  const floor = Math.log(1 / boilerplate);
  const out: Anchor[] = [];
  for (const { word, sure } of dictWordsIn(text)) {
    if (!WORDY.test(word) || FIGURE.test(word)) continue;
    const weight = (wordIdf(model, word) - floor) * (sure ? 1 : UNSURE);
    if (weight > 0) out.push({ word, weight });
  }
  return out.sort((a, b) => b.weight - a.weight || (a.word < b.word ? -1 : 1));
}

export function prepareStatement(engine: Engine, matchText: string): Statement {
  const model = modelOf(engine);
  const grams = gramsOf(model, matchText);
  const at = new Map<number, number>();
  grams.keys.forEach((k, i) => at.set(k, i));
  const anchors = anchorsOf(model, matchText).map((a) => {
    const keys = new Int32Array(a.word.length - 1);
    for (let i = 0; i + 1 < a.word.length; i++) keys[i] = at.get(((a.word.charCodeAt(i) << 16) | a.word.charCodeAt(i + 1)) >>> 0)!;
    return { ...a, grams: keys };
  });
  return {
    text: matchText,
    grams,
    anchors,
    mass: anchors.reduce((s, a) => s + a.weight, 0),
    seen: new Uint8Array(grams.keys.length),
    run: Math.max(1, Math.min(MAX_RUN, splitSentences(matchText).length)),
  };
}

/** Similarity of a matching-form text to the statement, in [0, 1]. */
export function scoreText(model: Model, st: Statement, text: string): Scored {
  return scoreSpan(st, text, 0, text.length, gramsOf(model, text));
}

/** Similarity of `text.slice(start, end)`, whose bigrams are `grams`, to the statement. */
export function scoreSpan(st: Statement, text: string, start: number, end: number, grams: Grams): Scored {
  const q = st.grams;
  const seen = st.seen.fill(0);
  let i = 0;
  let j = 0;
  let fromQ = 0;
  let fromS = 0;
  while (i < q.keys.length && j < grams.keys.length) {
    const x = q.keys[i];
    const y = grams.keys[j];
    if (x === y) {
      seen[i] = 1;
      fromQ += q.vals[i++];
      fromS += grams.vals[j++];
    } else if (x < y) i++;
    else j++;
  }
  if (!fromQ) return { score: 0, shared: [] };
  const gramRecall = q.mass ? fromQ / q.mass : 0;
  const precision = grams.mass ? fromS / grams.mass : 0;
  let have = 0;
  const shared: string[] = [];
  for (const a of st.anchors) {
    // a word is in the text only if all its bigrams are; two characters are one bigram, longer ones need a look
    let all = true;
    for (let k = 0; k < a.grams.length && all; k++) all = seen[a.grams[k]] === 1;
    if (!all) continue;
    if (a.word.length > 2) {
      const at = text.indexOf(a.word, start);
      if (at < 0 || at + a.word.length > end) continue;
    }
    have += a.weight;
    shared.push(a.word);
  }
  const recall = st.mass ? (gramRecall + have / st.mass) / 2 : gramRecall;
  const score = recall && precision ? ((1 + BETA2) * recall * precision) / (BETA2 * precision + recall) : 0;
  return { score, shared };
}

/** A run of consecutive sentences of one unit: [first, last] of the unit's sentence list. */
export interface Run {
  n: number;
  start: number;
  end: number;
}

/** Runs of 1 to `max` consecutive sentences of one unit, as matching-form spans. */
export function runsOf(sentences: readonly Sentence[], max: number): Run[] {
  const out: Run[] = [];
  for (let i = 0; i < sentences.length; i++)
    for (let k = i; k < Math.min(sentences.length, i + max); k++) {
      if (sentences[k].n !== sentences[i].n) break;
      out.push({ n: sentences[i].n, start: sentences[i].start, end: sentences[k].end });
    }
  return out;
}

const gramCaches = new WeakMap<Model, Map<number, Map<number, Grams>>>();

/** The bigrams of a span of unit `n`, kept for the next statement that reaches the same sentences. */
export function spanGrams(model: Model, n: number, start: number, end: number): Grams {
  let byUnit = gramCaches.get(model);
  if (!byUnit) gramCaches.set(model, (byUnit = new Map()));
  let cache = byUnit.get(n);
  if (!cache) byUnit.set(n, (cache = new Map()));
  const key = start * 2 ** 26 + end; // exact: offsets within one unit stay far below 2^26
  let g = cache.get(key);
  if (!g) cache.set(key, (g = gramsOf(model, model.engine.records[n]!.match.slice(start, end))));
  return g;
}
