/**
 * Document diff: every unit of A aligned to at most one unit of B. Candidate pairs are the units that share one
 * of either unit's rarest bigrams (not all pairs); their whole-text cosines pick each unit's few best partners,
 * which are then scored in full, and a greedy one-to-one assignment takes the strongest pairs first (so a task
 * that moved is still found), breaking ties toward pairs at the same relative position (so the order is kept
 * where it can be).
 */
import type { Engine, UnitRecord } from '../index/engine.js';
import { badInput } from '../errors.js';
import { diffTexts, type DiffOp } from './diff.js';
import type { Doc } from '../types.js';
import { round3 } from './common.js';
import { cosine, KIND_RANK, modelOf, PAIR_THRESHOLD, type Model, type Vec } from './similarity.js';

/** Partners per unit scored in full (by whole-text cosine, from both sides). */
export const TOP_K = 5;

export interface DocDiffPair {
  a: string | null;
  b: string | null;
  /** null for a unit without a partner */
  similarity: number | null;
  /** A's text → B's text; a pure delete for a removed unit, a pure insert for an added one */
  diff: DiffOp[];
}

export interface DocDiff {
  a: string;
  b: string;
  pairs: DocDiffPair[];
  /** a partition of the pairs: paired and identical, paired and edited, only in B, only in A */
  summary: { matched: number; changed: number; added: number; removed: number };
}

/**
 * The units a diff aligns: tasks, items, rows, sections and paragraphs, except a unit that contains others
 * (a paragraph holding 一是…二是… items), whose items are aligned instead so nothing is paired twice.
 */
export function alignable(engine: Engine, doc: Doc): number[] {
  const units = doc.units;
  const out: number[] = [];
  for (const u of units) {
    const container = units.some((v) => v !== u && u.start <= v.start && v.end <= u.end && v.end - v.start < u.end - u.start);
    if (!container) out.push(engine.numberOfUnit(u.id)!);
  }
  return out;
}

/**
 * Bigrams per unit that propose candidate partners: its most heavily weighted (rarest, repeated) ones. A real
 * counterpart shares names, slogans and figures, which are rare; two units that share only 发展 and 加强 are not
 * worth scoring, and no longer cost a pass over every unit of the other document each. 64 keeps every pairing
 * of the last twelve State Council reports' consecutive diffs as scoring all pairs gave (24 lost 9 weak ones,
 * 48 one): a short unit proposes with all its bigrams, a long one with its rarest.
 */
export const RARE_KEYS = 64;

/** The `RARE_KEYS` heaviest bigram keys of a vector. */
function rareKeys(v: Vec): Uint32Array {
  if (v.keys.length <= RARE_KEYS) return v.keys;
  const order = Array.from(v.keys.keys()).sort((x, y) => v.vals[y] - v.vals[x] || v.keys[x] - v.keys[y]);
  return Uint32Array.from(order.slice(0, RARE_KEYS), (t) => v.keys[t]);
}

/**
 * Pairs (i, j) sharing a rare bigram of either unit: for each side, its units' rare bigrams are looked up in an
 * inverted index of the other side's units (only the keys asked for are indexed).
 */
function candidatePairs(vecA: Vec[], vecB: Vec[]): Set<number> {
  const nb = vecB.length;
  const pairs = new Set<number>();
  const propose = (from: Vec[], to: Vec[], add: (f: number, t: number) => void) => {
    const rare = from.map(rareKeys);
    const wanted = new Set<number>();
    for (const keys of rare) for (const k of keys) wanted.add(k);
    const holders = new Map<number, number[]>();
    to.forEach((v, t) => {
      for (const k of v.keys) if (wanted.has(k)) (holders.get(k) ?? holders.set(k, []).get(k)!).push(t);
    });
    rare.forEach((keys, f) => {
      for (const k of keys) for (const t of holders.get(k) ?? []) add(f, t);
    });
  };
  propose(vecA, vecB, (i, j) => pairs.add(i * nb + j));
  propose(vecB, vecA, (j, i) => pairs.add(i * nb + j));
  return pairs;
}

/** Pairs (i in A, j in B) worth scoring in full: each unit's TOP_K candidates by whole-text cosine, from both sides. */
function shortlist(model: Model, as: number[], bs: number[]): [number, number][] {
  const vecA = as.map((n) => model.unitVec(n));
  const vecB = bs.map((n) => model.unitVec(n));
  const nb = bs.length;
  const ofA: { other: number; cos: number }[][] = as.map(() => []);
  const ofB: { other: number; cos: number }[][] = bs.map(() => []);
  for (const key of candidatePairs(vecA, vecB)) {
    const i = Math.floor(key / nb);
    const j = key % nb;
    const cos = cosine(vecA[i], vecB[j]);
    if (cos <= 0) continue;
    ofA[i].push({ other: j, cos });
    ofB[j].push({ other: i, cos });
  }
  const keys = new Set<number>();
  const best = (list: { other: number; cos: number }[]) => list.sort((x, y) => y.cos - x.cos || x.other - y.other).slice(0, TOP_K);
  ofA.forEach((list, i) => best(list).forEach(({ other: j }) => keys.add(i * nb + j)));
  ofB.forEach((list, j) => best(list).forEach(({ other: i }) => keys.add(i * nb + j)));
  return [...keys].map((key) => [Math.floor(key / nb), key % nb]);
}

/** Diffs recently computed, per engine, valid for the engine generation they were computed at. */
const DIFF_CACHE_SIZE = 32;
const diffCache = new WeakMap<Engine, { generation: number; diffs: Map<string, DocDiff> }>();

/**
 * Every unit of A aligned with B, each pair with its word diff. The answer is kept for the engine's generation:
 * adding or removing any document (which moves every weight) starts afresh, and the same two documents asked
 * again are answered from memory. The result is shared: callers read it, never change it.
 */
export function diffDocs(engine: Engine, a: string, b: string): DocDiff {
  if (a === b) throw badInput(`cannot diff document "${a}" with itself; give two different document ids`);
  let cached = diffCache.get(engine);
  if (!cached || cached.generation !== engine.generation) diffCache.set(engine, (cached = { generation: engine.generation, diffs: new Map() }));
  const key = JSON.stringify([a, b]);
  const hit = cached.diffs.get(key);
  if (hit) {
    cached.diffs.delete(key); // most recently used last
    cached.diffs.set(key, hit);
    return hit;
  }
  const diff = computeDiff(engine, a, b);
  cached.diffs.set(key, diff);
  if (cached.diffs.size > DIFF_CACHE_SIZE) cached.diffs.delete(cached.diffs.keys().next().value!);
  return diff;
}

function computeDiff(engine: Engine, a: string, b: string): DocDiff {
  const [docA, docB] = [engine.getDoc(a), engine.getDoc(b)];
  const model = modelOf(engine);
  const as = alignable(engine, docA);
  const bs = alignable(engine, docB);
  const cells = shortlist(model, as, bs)
    .map(([i, j]) => ({ i, j, s: model.units(as[i], bs[j]).score }))
    .filter((c) => c.s >= PAIR_THRESHOLD);
  const rel = (i: number, n: number) => (n > 1 ? i / (n - 1) : 0);
  const kind = (n: number) => KIND_RANK[engine.records[n]!.unit.kind];
  cells.sort(
    (x, y) =>
      y.s - x.s ||
      Math.abs(rel(x.i, as.length) - rel(x.j, bs.length)) - Math.abs(rel(y.i, as.length) - rel(y.j, bs.length)) ||
      kind(as[x.i]) + kind(bs[x.j]) - kind(as[y.i]) - kind(bs[y.j]) ||
      x.i - y.i ||
      x.j - y.j,
  );
  const partnerOfA = new Map<number, { j: number; s: number }>();
  const takenB = new Set<number>();
  for (const c of cells) {
    if (partnerOfA.has(c.i) || takenB.has(c.j)) continue;
    partnerOfA.set(c.i, { j: c.j, s: c.s });
    takenB.add(c.j);
  }
  return render(engine, a, b, as, bs, partnerOfA);
}

/** A's units in order, each unpaired unit of B placed after the pair holding its nearest earlier B unit. */
function render(engine: Engine, a: string, b: string, as: number[], bs: number[], partnerOfA: Map<number, { j: number; s: number }>): DocDiff {
  const rec = (n: number): UnitRecord => engine.records[n]!;
  const pairs: DocDiffPair[] = [];
  const afterB = new Map<number, DocDiffPair[]>(); // B index → added units to emit after it
  const leading: DocDiffPair[] = [];
  let lastPaired = -1;
  const bPaired = new Set([...partnerOfA.values()].map((p) => p.j));
  bs.forEach((n, j) => {
    if (bPaired.has(j)) return void (lastPaired = j);
    const text = rec(n).unit.text;
    const row: DocDiffPair = { a: null, b: rec(n).unit.id, similarity: null, diff: text ? [{ op: 'insert', text }] : [] };
    if (lastPaired < 0) leading.push(row);
    else afterB.set(lastPaired, [...(afterB.get(lastPaired) ?? []), row]);
  });
  pairs.push(...leading);
  const summary = { matched: 0, changed: 0, added: leading.length, removed: 0 };
  as.forEach((n, i) => {
    const p = partnerOfA.get(i);
    const ta = rec(n).unit.text;
    if (!p) {
      summary.removed++;
      pairs.push({ a: rec(n).unit.id, b: null, similarity: null, diff: ta ? [{ op: 'delete', text: ta }] : [] });
      return;
    }
    const diff = diffTexts(ta, rec(bs[p.j]).unit.text, engine.segment);
    if (diff.every((o) => o.op === 'equal')) summary.matched++;
    else summary.changed++;
    pairs.push({ a: rec(n).unit.id, b: rec(bs[p.j]).unit.id, similarity: round3(p.s), diff });
    const added = afterB.get(p.j) ?? [];
    summary.added += added.length;
    pairs.push(...added);
  });
  return { a, b, pairs, summary };
}
