/**
 * How well a unit matches a query when it does not contain the query's words exactly: 实施基础研究十年规划
 * for the query 基础研究十年行动. A term scores by the share of its IDF-weighted bigrams present and by its
 * longest run found verbatim, so the rare part of a phrase (究十, 十年) counts more than 研究.
 */
import type { Model } from './similarity.js';
import { RunFinder } from './text-math.js';

/** Below this a unit is not the query's counterpart in its document (基础研究 alone scores ≈0.45). */
export const QUERY_THRESHOLD = 0.6;
/** Units longer than this (matching-form chars) are shown and diffed on their best sentences. */
export const LONG_UNIT = 150;

/** A query term with what scoring it needs, prepared once per query. */
export interface Term {
  text: string;
  finder: RunFinder;
  /** distinct bigrams with their IDF */
  grams: [string, number][];
  mass: number;
}

export type Clauses = Term[][];

export function prepare(model: Model, clauses: string[][]): Clauses {
  return clauses.map((clause) =>
    clause.map((text) => {
      const seen = new Set<string>();
      for (let i = 0; i + 1 < text.length; i++) seen.add(text.slice(i, i + 2));
      const grams = [...seen].map((g): [string, number] => [g, model.idf(g)]);
      return { text, finder: new RunFinder(text), grams, mass: grams.reduce((s, [, w]) => s + w, 0) };
    }),
  );
}

export function termScore(term: Term, text: string): number {
  if (!term.text) return 0;
  if (text.includes(term.text)) return 1;
  if (term.text.length < 2) return 0;
  let have = 0;
  for (const [g, w] of term.grams) if (text.includes(g)) have += w;
  const coverage = term.mass ? have / term.mass : 0;
  return 0.5 * coverage + 0.5 * (term.finder.longestIn(text).length / term.text.length);
}

/** Mean over the AND-clauses of the best OR-term. */
export function textScore(clauses: Clauses, text: string): number {
  if (!clauses.length) return 0;
  let sum = 0;
  for (const clause of clauses) {
    let best = 0;
    for (const t of clause) best = Math.max(best, termScore(t, text));
    sum += best;
  }
  return sum / clauses.length;
}

/** The sentences of a long unit that match best (matching-form offsets; shortest on ties); null if short. */
export function queryWindow(model: Model, clauses: Clauses, n: number): [number, number] | null {
  const text = model.engine.records[n]!.match;
  if (text.length <= LONG_UNIT) return null;
  let best: { s: number; start: number; end: number } | null = null;
  for (const [start, end] of model.spans(n)) {
    const s = textScore(clauses, text.slice(start, end));
    const shorter = best && end - start < best.end - best.start;
    if (!best || s > best.s + 1e-9 || (s > best.s - 1e-9 && shorter)) best = { s, start, end };
  }
  return best ? [best.start, best.end] : null;
}
