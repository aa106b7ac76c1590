/** Assertions shared by the comparison tests. */
import { expect } from 'vitest';
import { diffTexts, type DiffOp } from '../../src/compare/diff.js';
import { LADDERS } from '../../src/compare/ladders.js';
import { normalizeQuery } from '../../src/text/normalize.js';

const side = (ops: DiffOp[], skip: DiffOp['op']) =>
  ops
    .filter((o) => o.op !== skip)
    .map((o) => o.text)
    .join('');

/** Equal + delete rebuild the earlier text; equal + insert rebuild the later one. */
export function expectLosslessDiff(ops: DiffOp[], earlier: string, later: string): void {
  expect(side(ops, 'insert')).toBe(earlier);
  expect(side(ops, 'delete')).toBe(later);
}

/** Every strength shift of the word diff from `a` to `b`, as `ladder from→to direction`. */
export const shiftsOf = (a: string, b: string): string[] =>
  diffTexts(a, b).flatMap((o) => (o.shifts ?? (o.shift ? [o.shift] : [])).map((s) => `${s.ladder} ${s.from}→${s.to} ${s.direction}`));

/** Every shift sits on an insert op right after a delete op, its `from` in the deleted text and `to` in the inserted. */
export function expectShiftsInside(ops: DiffOp[]): void {
  ops.forEach((o, k) => {
    for (const s of o.shifts ?? (o.shift ? [o.shift] : [])) {
      expect(o.op).toBe('insert');
      expect(ops[k - 1]?.op).toBe('delete');
      expect(normalizeQuery(ops[k - 1].text)).toContain(s.from);
      expect(normalizeQuery(o.text)).toContain(s.to);
      const ladder = LADDERS.find((l) => l.name === s.ladder)!;
      const rank = (w: string) => ladder.steps.findIndex((step) => step.includes(w));
      expect(s.direction).toBe(rank(s.to) > rank(s.from) ? 'up' : 'down');
    }
  });
}
