/** Assertions shared by the comparison tests. */
import { expect } from 'vitest';
import type { DiffOp } from '../../src/compare/diff.js';

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
