import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { diffTexts, render, type DiffOp } from '../../src/compare/diff.js';
import { LADDERS } from '../../src/compare/ladders.js';
import { markShifts } from '../../src/compare/shifts.js';
import { expectLosslessDiff, expectShiftsInside, shiftsOf } from './helpers.js';

describe('strength shifts in a word diff', () => {
  it('marks the replacement on its insert op', () => {
    const ops = diffTexts('实施积极的财政政策和稳健的货币政策', '实施积极的财政政策和适度宽松的货币政策');
    expect(ops.find((o) => o.op === 'insert')).toEqual({
      op: 'insert',
      text: '适度宽松的',
      shift: { ladder: 'monetary-stance', from: '稳健', to: '适度宽松', direction: 'up' },
    });
  });

  it('widens a bare insertion to the whole ladder word (积极 → 更加积极), losslessly', () => {
    const a = '实施积极的财政政策';
    const b = '实施更加积极的财政政策';
    const ops = diffTexts(a, b);
    expect(render(ops)).toBe('实施<del>积极</del><ins>更加积极</ins>的财政政策');
    expectLosslessDiff(ops, a, b);
  });

  it('takes in a neighbouring change the ladder word spans (稳健…适度 | 宽松)', () => {
    const a = '稳健的货币政策要灵活适度、精准有效。';
    const b = '实施适度宽松的货币政策。';
    const ops = diffTexts(a, b);
    expect(shiftsOf(a, b)).toEqual(['monetary-stance 稳健→适度宽松 up']);
    expectLosslessDiff(ops, a, b);
  });

  it.each([
    ['a ladder word only inserted', '推进国有企业改革', '推进国有企业改革，深化财税体制改革'],
    ['a ladder word only deleted', '推进国有企业改革，深化财税体制改革', '推进国有企业改革'],
    ['a rewording with no ladder word', '提高城乡居民收入', '增加城乡居民收入'],
    ['ladder words in different places of a rewrite', '对住房问题进行研究', '推进城市更新工作'],
    ['the same step in other words', '实行从紧的货币政策', '实行紧缩的货币政策'],
  ])('marks no shift for %s', (_, a, b) => {
    const ops = diffTexts(a, b);
    expect(ops.some((o) => o.shift)).toBe(false);
    expectLosslessDiff(ops, a, b);
  });

  it('marks both ladders when one replacement moves two stances', () => {
    const ops = diffTexts('稳健的财政政策和从紧的货币政策', '积极的财政政策和适度宽松的货币政策');
    const all = ops.flatMap((o) => o.shifts ?? (o.shift ? [o.shift] : []));
    expect(all.map((s) => `${s.ladder} ${s.direction}`).sort()).toEqual(['fiscal-stance up', 'monetary-stance up']);
  });

  it('reads traditional characters through the matching form', () => {
    expect(shiftsOf('實施穩健的貨幣政策', '實施適度寬鬆的貨幣政策')).toEqual(['monetary-stance 稳健→适度宽松 up']);
  });

  it('holds for any mix of ladder words and filler: lossless, and each shift inside its replaced spans', () => {
    const words = LADDERS.flatMap((l) => l.steps.flat());
    const piece = fc.oneof(fc.constantFrom(...words), fc.constantFrom('的', '货币政策', '财政政策', '改革', '企业', '，', '。', '城乡', '加强'));
    const text = fc.array(piece, { maxLength: 12 }).map((p) => p.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const ops = diffTexts(a, b);
        expectLosslessDiff(ops, a, b);
        expectShiftsInside(ops);
      }),
      { numRuns: 300 },
    );
  });

  it('leaves ops without a replacement as they are', () => {
    const ops: DiffOp[] = [
      { op: 'equal', text: '推进' },
      { op: 'insert', text: '国企' },
      { op: 'equal', text: '改革' },
    ];
    expect(markShifts(ops)).toBe(ops);
  });
});
