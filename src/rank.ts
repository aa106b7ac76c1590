/**
 * Ranking: BM25 over the query's terms (each matched as a contiguous string, so a term's document frequency
 * is exact), a boost when a term is in a task's or section's title, and a boost when the match is a whole
 * word to the segmenter rather than a string straddling two words. Ties go to the newest document.
 */
import type { UnitRecord } from './engine.js';
import { isDictWord } from './tokenize.js';

export const K1 = 1.2;
export const B = 0.75;
export const TITLE_BOOST = 1.0;
export const WHOLE_WORD_BOOST = 0.5;
/** Whole-word checks refine only the head of the ranking. */
export const RERANK_DEPTH = 200;

export function countOccurrences(hay: string, needle: string): number {
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export interface TermStat {
  term: string;
  df: number;
}

export function bm25(rec: UnitRecord, terms: TermStat[], n: number, avgLen: number): number {
  let score = 0;
  const len = rec.match.length || 1;
  for (const { term, df } of terms) {
    const tf = countOccurrences(rec.match, term);
    if (!tf) continue;
    let s = (idf(df, n) * tf * (K1 + 1)) / (tf + K1 * (1 - B + (B * len) / avgLen));
    if (rec.unit.kind !== 'paragraph' && rec.matchTitle.includes(term)) s *= 1 + TITLE_BOOST;
    score += s;
  }
  return score;
}

/**
 * A match [s, e) is a whole word unless a dictionary word straddles one of its ends, starting outside the
 * match and ending inside it (城|市场|景: 城市 straddles the start of 市场). A longer word containing the whole
 * match (市场监管 around 市场) does not count against it. This is the segmenter's own vocabulary applied
 * locally: running segmentit over every hit costs ~0.2 MB/s, this costs a handful of lookups.
 */
export function wholeWordAt(text: string, s: number, e: number): boolean {
  for (let len = 2; len <= 4; len++)
    for (let from = Math.max(0, s - len + 1); from < s && from + len <= text.length; from++)
      if (from + len < e && from + len > s && isDictWord(text.slice(from, from + len))) return false;
  for (let len = 2; len <= 4; len++)
    for (let from = Math.max(s + 1, e - len + 1); from < e && from + len <= text.length; from++)
      if (from + len > e && isDictWord(text.slice(from, from + len))) return false;
  return true;
}

/** Does the first occurrence of `term` start and end on word boundaries? */
export function isWholeWord(rec: UnitRecord, term: string): boolean {
  const at = rec.match.indexOf(term);
  return at >= 0 && wholeWordAt(rec.match, at, at + term.length);
}

export interface Scored {
  n: number;
  score: number;
}

export function compareScored(records: (UnitRecord | null)[]) {
  return (a: Scored, b: Scored): number =>
    b.score - a.score || records[b.n]!.dateNum - records[a.n]!.dateNum || a.n - b.n;
}

/** The k-th largest value (1-based) of `xs`, by quickselect on a copy. */
function kthLargest(xs: Float64Array, k: number): number {
  const a = xs.slice();
  let lo = 0;
  let hi = a.length - 1;
  const target = k - 1;
  while (lo < hi) {
    const pivot = a[(lo + hi) >>> 1];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] > pivot) i++;
      while (a[j] < pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i++] = a[j];
        a[j--] = t;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else break;
  }
  return a[target];
}

/**
 * Scores every hit into a typed array, keeps those at or above the k-th best score (so a common term's
 * 100,000 hits cost one pass and a quickselect, not 100,000 objects and a sort), and orders that head.
 */
export function rank(
  records: (UnitRecord | null)[],
  hits: number[],
  terms: TermStat[],
  avgLen: number,
  live: number,
  need = Infinity,
): Scored[] {
  const scores = new Float64Array(hits.length);
  for (let i = 0; i < hits.length; i++) scores[i] = bm25(records[hits[i]]!, terms, live, avgLen);
  const k = Math.min(hits.length, Math.max(need, RERANK_DEPTH));
  const threshold = k > 0 && k < hits.length ? kthLargest(scores, k) : -Infinity;
  const kept: Scored[] = [];
  for (let i = 0; i < hits.length; i++) if (scores[i] >= threshold) kept.push({ n: hits[i], score: scores[i] });
  const cmp = compareScored(records);
  const best = kept.sort(cmp).slice(0, k);
  if (!terms.length) return best;
  const head = best.slice(0, RERANK_DEPTH);
  for (const s of head) {
    const rec = records[s.n]!;
    const whole = terms.filter((t) => isWholeWord(rec, t.term)).length;
    s.score *= 1 + (WHOLE_WORD_BOOST * whole) / terms.length;
  }
  head.sort(cmp);
  return head.concat(best.slice(RERANK_DEPTH));
}
