/**
 * Ranking: BM25 over the query's terms (each matched as a contiguous string, so a term's document frequency
 * is exact), a boost when a term is in a task's or section's title, and a boost when the match is a whole
 * word to the segmenter rather than a string straddling two words. Ties go to the newest document.
 */
import type { UnitRecord } from './engine.js';
import { dateKey } from './engine.js';
import { tokenize } from './tokenize.js';
import { toMatchForm, toSourceRange } from './normalize.js';

export const K1 = 1.2;
export const B = 0.75;
export const TITLE_BOOST = 1.0;
export const WHOLE_WORD_BOOST = 0.5;
/** Whole-word checks need segmentation (slow); they refine only the head of the ranking. */
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

/** Does the first occurrence of `term` start and end on word boundaries of the segmented display text? */
export function isWholeWord(rec: UnitRecord, term: string): boolean {
  const at = rec.match.indexOf(term);
  if (at < 0) return false;
  const form = toMatchForm(rec.unit.text);
  const [s, e] = toSourceRange(form, rec.unit.text, at, at + term.length);
  const starts = new Set<number>();
  const ends = new Set<number>();
  for (const t of tokenize(rec.unit.text)) {
    starts.add(t.start);
    ends.add(t.end);
  }
  return starts.has(s) && ends.has(e);
}

export interface Scored {
  n: number;
  score: number;
}

export function compareScored(records: (UnitRecord | null)[]) {
  return (a: Scored, b: Scored): number => {
    if (b.score !== a.score) return b.score - a.score;
    const da = dateKey(records[a.n]!.doc);
    const db = dateKey(records[b.n]!.doc);
    if (da !== db) return da < db ? 1 : -1;
    return a.n - b.n;
  };
}

export function rank(records: (UnitRecord | null)[], hits: number[], terms: TermStat[], avgLen: number, live: number): Scored[] {
  const scored = hits.map((n) => ({ n, score: bm25(records[n]!, terms, live, avgLen) }));
  const cmp = compareScored(records);
  scored.sort(cmp);
  if (!terms.length) return scored;
  const head = scored.slice(0, RERANK_DEPTH);
  for (const s of head) {
    const rec = records[s.n]!;
    const whole = terms.filter((t) => isWholeWord(rec, t.term)).length;
    s.score *= 1 + (WHOLE_WORD_BOOST * whole) / terms.length;
  }
  head.sort(cmp);
  return head.concat(scored.slice(RERANK_DEPTH));
}
