/**
 * Pairing quality of diffDocs against hand-labelled pairs (test/fixtures/pairs.json). Labels are partial:
 * only units judged unambiguous are labelled, so precision counts only predicted pairs that touch a
 * labelled unit — a pair is right when it is exactly a labelled pair, wrong otherwise (including pairing a
 * unit labelled as having no counterpart). Recall is over the labelled pairs.
 */
import type { Engine } from '../index/engine.js';
import { diffDocs } from './docdiff.js';

export interface LabelledSet {
  /** document ids */
  a: string;
  b: string;
  /** unit ids without the document prefix (t18, p3); null = no counterpart in the other document */
  pairs: { a: string | null; b: string | null; note?: string }[];
}

export interface Labelled {
  sets: LabelledSet[];
}

export interface PairingQuality {
  precision: number;
  recall: number;
  /** predicted pairs touching a labelled unit / of those, exactly labelled */
  judged: number;
  correct: number;
  /** labelled pairs with both sides / of those, predicted */
  labelled: number;
  found: number;
  /** what went wrong, for reading: "a↔b predicted", "a↔b missed" */
  errors: string[];
}

export function pairingQuality(engine: Engine, labelled: Labelled): PairingQuality {
  const q: PairingQuality = { precision: 1, recall: 1, judged: 0, correct: 0, labelled: 0, found: 0, errors: [] };
  for (const set of labelled.sets) {
    const full = (doc: string, id: string | null) => (id === null ? null : `${doc}:${id}`);
    const labelOfA = new Map<string, string | null>();
    const labelOfB = new Map<string, string | null>();
    for (const p of set.pairs) {
      const [a, b] = [full(set.a, p.a), full(set.b, p.b)];
      if (a) labelOfA.set(a, b);
      if (b) labelOfB.set(b, a);
    }
    const predicted = new Map<string, string>();
    for (const p of diffDocs(engine, set.a, set.b).pairs) if (p.a && p.b) predicted.set(p.a, p.b);
    for (const [a, b] of predicted) {
      if (!labelOfA.has(a) && !labelOfB.has(b)) continue;
      q.judged++;
      if (labelOfA.get(a) === b) q.correct++;
      else q.errors.push(`${a} ↔ ${b} predicted`);
    }
    for (const [a, b] of labelOfA) {
      if (b === null) continue;
      q.labelled++;
      if (predicted.get(a) === b) q.found++;
      else q.errors.push(`${a} ↔ ${b} missed`);
    }
  }
  q.precision = q.judged ? q.correct / q.judged : 1;
  q.recall = q.labelled ? q.found / q.labelled : 1;
  return q;
}
