/**
 * Alignment: a unit's counterpart in each other document. Candidates come from the text index (units that
 * share the unit's rarest bigrams — a reworded counterpart still shares its rare names and slogans), and are
 * scored by the similarity model; the best unit per document is kept when it clears the threshold.
 */
import type { Engine } from '../index/engine.js';
import { passesFilters } from '../search/match.js';
import type { Filters } from '../search/query.js';
import { KIND_RANK, modelOf, type Match, type Model } from './similarity.js';

/** How many rare bigrams probe the index for candidates. */
export const PROBES = 48;
/** Candidates fully scored per document, picked by the rare bigrams they share. */
export const PER_DOC = 3;
/**
 * A timeline keeps the best unit of each of ~60 documents, so a chance match gets many tries; it needs a
 * higher bar than a diff of two documents, where one-to-one assignment already suppresses them.
 */
export const TIMELINE_THRESHOLD = 0.25;
/** Bigrams in more than this share of all units say nothing about a topic. */
const COMMON_SHARE = 0.1;
/** A probe must be made of letters or digits: 。布 or 伍、 straddle two phrases and match by accident. */
const WORDY = /^[\p{L}\p{N}]{2}$/u;

export interface Counterpart {
  /** unit number of the counterpart */
  n: number;
  /** oriented: `a` is the unit looked for, `b` the counterpart */
  match: Match;
}

/**
 * Units sharing rare bigrams with `text`, at most `perDoc` per document, those sharing the most (IDF-
 * weighted) first. A bigram found in no unit that could be a candidate (only in `ownDoc`: a typo, a local
 * name) does not use up a probe; units of `ownDoc` are never candidates.
 */
export function candidates(
  model: Model,
  text: string,
  ownDoc: string | null,
  keep: (n: number) => boolean = () => true,
  perDoc = PER_DOC,
): number[] {
  const { engine } = model;
  const grams = new Set<string>();
  for (let i = 0; i + 1 < text.length; i++) grams.add(text.slice(i, i + 2));
  const ranked = [...grams]
    .filter((g) => WORDY.test(g))
    .map((g) => ({ g, df: model.df(g) }))
    .filter((x) => x.df > 0 && x.df <= COMMON_SHARE * model.n);
  ranked.sort((x, y) => x.df - y.df || (x.g < y.g ? -1 : 1));
  const weight = new Map<number, number>();
  let used = 0;
  for (const { g } of ranked) {
    if (used >= PROBES) break;
    const idf = model.idf(g);
    let useful = false;
    for (const n of model.postings(g)) {
      const rec = engine.records[n];
      if (!rec || rec.doc.id === ownDoc || !keep(n)) continue;
      weight.set(n, (weight.get(n) ?? 0) + idf);
      useful = true;
    }
    if (useful) used++;
  }
  const byDoc = new Map<string, { n: number; w: number }[]>();
  for (const [n, w] of weight) {
    const doc = engine.records[n]!.doc.id;
    const list = byDoc.get(doc) ?? [];
    list.push({ n, w });
    byDoc.set(doc, list);
  }
  const out: number[] = [];
  for (const list of byDoc.values()) {
    list.sort((x, y) => y.w - x.w || x.n - y.n);
    for (const { n } of list.slice(0, perDoc)) out.push(n);
  }
  return out;
}

/** Better counterpart first: higher score, then the more specific kind, then earlier in its document. */
export function better(model: Model, x: { n: number; score: number }, y: { n: number; score: number }): boolean {
  if (Math.abs(x.score - y.score) > 1e-9) return x.score > y.score;
  const ux = model.engine.records[x.n]!.unit;
  const uy = model.engine.records[y.n]!.unit;
  if (KIND_RANK[ux.kind] !== KIND_RANK[uy.kind]) return KIND_RANK[ux.kind] < KIND_RANK[uy.kind];
  return ux.start < uy.start;
}

/**
 * The best counterpart of unit `n` in every other document (passing `filters`), keyed by document id.
 * The unit's own document is left out, so a unit is never paired with the paragraph that contains it.
 */
export function counterparts(
  engine: Engine,
  n: number,
  filters: Filters = {},
  threshold = TIMELINE_THRESHOLD,
): Map<string, Counterpart> {
  const model = modelOf(engine);
  const seed = engine.records[n]!;
  const best = new Map<string, Counterpart>();
  for (const c of candidates(model, seed.match, seed.doc.id, (k) => passesFilters(engine.records[k]!, filters))) {
    const match = model.units(n, c);
    if (match.score < threshold) continue;
    const doc = engine.records[c]!.doc.id;
    const prev = best.get(doc);
    if (!prev || better(model, { n: c, score: match.score }, { n: prev.n, score: prev.match.score }))
      best.set(doc, { n: c, match });
  }
  return best;
}
