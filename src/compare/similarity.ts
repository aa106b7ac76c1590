/**
 * Similarity that survives rewording, in [0, 1]:
 * - body: TF-IDF cosine over character bigrams of the matching form. The text index already knows every
 *   bigram's document frequency, so IDF costs one cached lookup per bigram; word segmentation would be
 *   too slow here (BENCHMARKS.md) and is kept for the diffs that are shown.
 * - window: a unit much shorter than the other is also compared with the other's best window of 1–3
 *   sentences, so a one-line task finds itself inside a long news paragraph.
 * - title: the longest run shared by the titles (heading sentences), or by one title and the other text,
 *   weighted by how rare that run is in the corpus — what survives when a report rewrites the body but
 *   keeps the slogan (实施基础研究十年行动 → 制定实施基础研究十年行动方案).
 *
 * Nothing is computed at startup: postings, vectors and windows are filled in on first use, per engine.
 */
import type { Engine } from '../index/engine.js';
import type { UnitKind } from '../types.js';
import { unitsContaining } from '../search/match.js';
import type { Ids } from '../index/store.js';
import { bigramKey, cosine, keyBigram, RunFinder, sentences, type Vec } from './text-math.js';

export { cosine, longestCommonRun, sentences, type Vec } from './text-math.js';

/**
 * Calibrated on test/fixtures/pairs.json: every value from 0.14 to 0.18 pairs the labelled units exactly and
 * leaves the labelled loners alone; 0.16 is the middle. On those documents unrelated pairs score 0.02–0.03
 * (median) and under 0.1 (90th percentile), labelled pairs 0.19 and up; the few unrelated pairs above the
 * threshold (a signing date against a line that quotes it) lose to better partners in one-to-one assignment.
 */
export const PAIR_THRESHOLD = 0.16;
/** How much a shared title can lift a pair (scaled by what the body leaves unexplained). */
export const TITLE_WEIGHT = 0.25;
/** The longer unit is searched for a window only when it is this much longer than the shorter one. */
export const WINDOW_RATIO = 1.5;
/** Texts shorter than this (matching-form chars) are compared whole only: a heading is not a sentence. */
export const MIN_WINDOW_TEXT = 8;
/**
 * A window match is discounted by coverage^γ (shorter length / longer length): a heading that matches one
 * sentence of a long task is related, but is a worse partner than a task covering the whole of it.
 */
export const WINDOW_GAMMA = 0.25;
export const MAX_WINDOW_SENTENCES = 3;
/**
 * Below this whole-text cosine no window is searched: a text contained in one sentence of a 30× longer
 * paragraph still has a whole-text cosine near √(1/30) ≈ 0.18, so nothing that matters is missed.
 */
export const WINDOW_FLOOR = 0.04;
/** Shared runs shorter than this are too common to count as a shared title. */
export const MIN_TITLE = 4;

/** Preference when scores tie: the most specific unit wins. */
export const KIND_RANK: Record<UnitKind, number> = { task: 0, item: 1, 'table-row': 2, section: 3, paragraph: 4, glossary: 5 };

/** A window of sentences: [start, end) in the unit's matching form. */
export interface Window {
  start: number;
  end: number;
  vec: Vec;
}

export interface Match {
  score: number;
  /** the window of either side that was compared (matching-form offsets), or null when compared whole */
  aWindow: [number, number] | null;
  bWindow: [number, number] | null;
}

export class Model {
  private readonly postingCache = new Map<number, Ids>();
  private readonly dfCache = new Map<number, number>();
  private readonly phraseDf = new Map<string, number>();
  private readonly vecs = new Map<number, Vec>();
  private readonly titleVecs = new Map<number, Vec>();
  private readonly titleRuns = new Map<number, RunFinder>();
  private readonly wins = new Map<number, Window[]>();
  private readonly spanCache = new Map<number, [number, number][]>();
  readonly n: number;
  private readonly logN: number;

  constructor(readonly engine: Engine) {
    this.n = Math.max(1, engine.unitCount);
    this.logN = Math.log(this.n + 1);
  }

  /** Units containing the bigram; exact, because the index's bigram field holds every adjacent pair. */
  postings(g: string): Ids {
    return this.postingsOf(bigramKey(g, 0));
  }

  df(g: string): number {
    return this.dfOf(bigramKey(g, 0));
  }

  /**
   * How many units hold the bigram: the store's count (the gram store keeps it beside each list, exact for a
   * bigram), so weighing the few thousand bigrams of two reports decodes no posting list; a store that knows no
   * count (Infinity) has its list decoded.
   */
  private dfOf(key: number): number {
    let d = this.dfCache.get(key);
    if (d === undefined) {
      const bound = this.engine.index.dfBound(keyBigram(key));
      d = Number.isFinite(bound) ? bound : this.postingsOf(key).length;
      this.dfCache.set(key, d);
    }
    return d;
  }

  private postingsOf(key: number): Ids {
    let p = this.postingCache.get(key);
    if (p === undefined) {
      p = this.engine.index.candidates(keyBigram(key));
      this.postingCache.set(key, p);
    }
    return p;
  }

  idf(g: string): number {
    return Math.log((this.n + 1) / (this.df(g) + 0.5));
  }

  /** How rare a phrase is in [0, 1]: 1 for a phrase in one unit, 0 for one in all. */
  rarity(phrase: string): number {
    let d = this.phraseDf.get(phrase);
    if (d === undefined) {
      d = unitsContaining(this.engine, phrase).length;
      this.phraseDf.set(phrase, d);
    }
    return Math.max(0, Math.min(1, Math.log((this.n + 1) / (d + 0.5)) / this.logN));
  }

  /**
   * TF-IDF vector of a matching-form text; tf is damped so a repeated slogan does not dominate. The bigrams are
   * sorted and counted in runs rather than through a map: a document diff builds a vector for every window of
   * every unit it compares.
   */
  vec(text: string): Vec {
    const m = text.length - 1;
    const all = new Uint32Array(Math.max(0, m));
    for (let i = 0; i < m; i++) all[i] = bigramKey(text, i);
    all.sort();
    let distinct = 0;
    for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[i - 1]) distinct++;
    const keys = new Uint32Array(distinct);
    const vals = new Float64Array(distinct);
    let sq = 0;
    for (let i = 0, j = 0; i < all.length; j++) {
      const k = all[i];
      let run = 1;
      while (i + run < all.length && all[i + run] === k) run++;
      const x = (1 + Math.log(run)) * Math.log((this.n + 1) / (this.dfOf(k) + 0.5));
      keys[j] = k;
      vals[j] = x;
      sq += x * x;
      i += run;
    }
    return { keys, vals, norm: Math.sqrt(sq) };
  }

  unitVec(n: number): Vec {
    let v = this.vecs.get(n);
    if (!v) this.vecs.set(n, (v = this.vec(this.engine.records[n]!.match)));
    return v;
  }

  titleVec(n: number): Vec {
    let v = this.titleVecs.get(n);
    if (!v) this.titleVecs.set(n, (v = this.vec(this.engine.records[n]!.matchTitle)));
    return v;
  }

  private titleRun(n: number): RunFinder {
    let f = this.titleRuns.get(n);
    if (!f) this.titleRuns.set(n, (f = new RunFinder(this.engine.records[n]!.matchTitle)));
    return f;
  }

  /** Spans of 1–3 sentences, not counting the whole text; empty for a one-sentence unit. */
  spans(n: number): [number, number][] {
    let ss = this.spanCache.get(n);
    if (!ss) {
      const sent = sentences(this.engine.records[n]!.match);
      ss = [];
      for (let i = 0; i < sent.length; i++)
        for (let k = i; k < Math.min(sent.length, i + MAX_WINDOW_SENTENCES); k++)
          if (i > 0 || k < sent.length - 1) ss.push([sent[i][0], sent[k][1]]);
      this.spanCache.set(n, ss);
    }
    return ss;
  }

  /** The spans with their vectors. */
  windows(n: number): Window[] {
    let ws = this.wins.get(n);
    if (!ws) {
      const text = this.engine.records[n]!.match;
      ws = this.spans(n).map(([start, end]) => ({ start, end, vec: this.vec(text.slice(start, end)) }));
      this.wins.set(n, ws);
    }
    return ws;
  }

  /** The window of unit `n` whose vector is closest to `v` (shortest on ties); null if `n` has one sentence. */
  bestWindow(v: Vec, n: number): { window: Window; cos: number } | null {
    let best: { window: Window; cos: number } | null = null;
    for (const window of this.windows(n)) {
      const cos = cosine(v, window.vec);
      if (!best || cos > best.cos + 1e-9 || (cos > best.cos - 1e-9 && window.end - window.start < best.window.end - best.window.start))
        best = { window, cos };
    }
    return best;
  }

  /**
   * How much of unit `a`'s title appears verbatim in unit `b`'s text, weighted by how rare the shared run
   * is: the title 实施基础研究十年行动 found whole in 制定实施基础研究十年行动方案 is strong evidence, a shared
   * 加强党的建设 much weaker.
   */
  titleIn(a: number, b: number): number {
    const title = this.engine.records[a]!.matchTitle;
    if (title.length < MIN_TITLE) return 0;
    const run = this.titleRun(a).longestIn(this.engine.records[b]!.match);
    if (run.length < MIN_TITLE) return 0;
    return (run.length / title.length) * this.rarity(run);
  }

  /** Titles alike (rewritten slogans: 稳定和扩大消费 / 推动消费持续恢复), or one title quoted in the other text. */
  titleSimilarity(a: number, b: number): number {
    const ta = this.engine.records[a]!.matchTitle;
    const tb = this.engine.records[b]!.matchTitle;
    if (Math.min(ta.length, tb.length) < 2) return 0;
    const shared = (ta.length <= tb.length ? this.titleRun(a).longestIn(tb) : this.titleRun(b).longestIn(ta)).length;
    const alike = Math.max(shared / Math.max(ta.length, tb.length), cosine(this.titleVec(a), this.titleVec(b)));
    return Math.max(alike, this.titleIn(a, b), this.titleIn(b, a));
  }

  /** Similarity of two units in [0, 1]. */
  units(a: number, b: number): Match {
    const la = this.engine.records[a]!.match.length;
    const lb = this.engine.records[b]!.match.length;
    let base = cosine(this.unitVec(a), this.unitVec(b));
    let aWindow: [number, number] | null = null;
    let bWindow: [number, number] | null = null;
    const [short, long, sl, ll] = la <= lb ? [a, b, la, lb] : [b, a, lb, la];
    if (base >= WINDOW_FLOOR && sl >= MIN_WINDOW_TEXT && ll >= WINDOW_RATIO * sl) {
      const w = this.bestWindow(this.unitVec(short), long);
      const discounted = w ? w.cos * Math.pow(sl / ll, WINDOW_GAMMA) : 0;
      if (w && discounted > base) {
        base = discounted;
        const span: [number, number] = [w.window.start, w.window.end];
        if (long === a) aWindow = span;
        else bWindow = span;
      }
    }
    const score = base + TITLE_WEIGHT * this.titleSimilarity(a, b) * (1 - base);
    return { score, aWindow, bWindow };
  }
}

const models = new WeakMap<Engine, { sig: string; model: Model }>();

/** The engine's model, started afresh when documents were added or removed since. */
export function modelOf(engine: Engine): Model {
  const sig = `${engine.unitCount}/${engine.records.length}/${engine.docs.size}`;
  const hit = models.get(engine);
  if (hit && hit.sig === sig) return hit.model;
  const model = new Model(engine);
  models.set(engine, { sig, model });
  return model;
}
