/**
 * Document diff: every unit of A aligned to at most one unit of B. Whole-text cosines for all pairs come
 * cheaply from an inverted index over B's vectors; the few best partners of each unit are then scored in
 * full, and a greedy one-to-one assignment takes the strongest pairs first (so a task that moved is still
 * found), breaking ties toward pairs at the same relative position (so the order is kept where it can be).
 */
import type { Engine, UnitRecord } from '../index/engine.js';
import { badInput } from '../errors.js';
import { diffTexts, type DiffOp } from './diff.js';
import type { Doc } from '../types.js';
import { round3 } from './common.js';
import { KIND_RANK, modelOf, PAIR_THRESHOLD, type Model } from './similarity.js';

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

/** Pairs (i in A, j in B) worth scoring: each unit's TOP_K partners by whole-text cosine, from both sides. */
function shortlist(model: Model, as: number[], bs: number[]): [number, number][] {
  const posting = new Map<number, { j: number; w: number }[]>();
  const normB = bs.map((b, j) => {
    const v = model.unitVec(b);
    v.keys.forEach((k, t) => {
      const list = posting.get(k);
      if (list) list.push({ j, w: v.vals[t] });
      else posting.set(k, [{ j, w: v.vals[t] }]);
    });
    return v.norm;
  });
  const cos = as.map((a) => {
    const v = model.unitVec(a);
    const dots = new Float64Array(bs.length);
    v.keys.forEach((k, t) => {
      for (const p of posting.get(k) ?? []) dots[p.j] += v.vals[t] * p.w;
    });
    return dots.map((d, j) => (d ? d / (v.norm * normB[j]) : 0));
  });
  const keys = new Set<number>();
  const best = (score: (x: number) => number, n: number) =>
    Array.from({ length: n }, (_, x) => x)
      .filter((x) => score(x) > 0)
      .sort((x, y) => score(y) - score(x) || x - y)
      .slice(0, TOP_K);
  as.forEach((_, i) => best((j) => cos[i][j], bs.length).forEach((j) => keys.add(i * bs.length + j)));
  bs.forEach((_, j) => best((i) => cos[i][j], as.length).forEach((i) => keys.add(i * bs.length + j)));
  return [...keys].map((key) => [Math.floor(key / bs.length), key % bs.length]);
}

export function diffDocs(engine: Engine, a: string, b: string): DocDiff {
  if (a === b) throw badInput(`cannot diff document "${a}" with itself; give two different document ids`);
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
