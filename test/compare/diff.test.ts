import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { diffTexts, render, diffStats, similarityFromDiff, type DiffOp } from '../../src/compare/diff.js';
import { POLICY_WORDS } from '../../src/text/dictionary.js';
import type { Token } from '../../src/types.js';

const side = (ops: DiffOp[], skip: DiffOp['op']) =>
  ops
    .filter((o) => o.op !== skip)
    .map((o) => o.text)
    .join('');
const oldSide = (ops: DiffOp[]) => side(ops, 'insert');
const newSide = (ops: DiffOp[]) => side(ops, 'delete');

function expectLossless(a: string, b: string) {
  const ops = diffTexts(a, b);
  expect(oldSide(ops)).toBe(a);
  expect(newSide(ops)).toBe(b);
  for (const o of ops) expect(o.text).not.toBe('');
  for (let i = 1; i < ops.length; i++) expect(ops[i].op).not.toBe(ops[i - 1].op);
}

describe('diffTexts', () => {
  it('replaces the planning period as one word', () => {
    expect(render(diffTexts('实施“十三五”规划', '实施“十四五”规划'))).toBe(
      '实施“<del>十三五</del><ins>十四五</ins>”规划',
    );
  });

  it('replaces a changed amount as one whole token', () => {
    const ops = diffTexts('技术合同成交额达到1420亿元', '技术合同成交额达到2200亿元');
    expect(ops).toEqual([
      { op: 'equal', text: '技术合同成交额达到' },
      { op: 'delete', text: '1420亿元' },
      { op: 'insert', text: '2200亿元' },
    ]);
  });

  it('shows a percentage change as whole numbers', () => {
    expect(render(diffTexts('增长7.5%左右', '增长6%左右'))).toBe('增长<del>7.5%</del><ins>6%</ins>左右');
  });

  it('reports identical and empty texts without changes', () => {
    expect(diffTexts('', '')).toEqual([]);
    expect(diffTexts('科技创新', '科技创新')).toEqual([{ op: 'equal', text: '科技创新' }]);
    expect(diffTexts('', '新增')).toEqual([{ op: 'insert', text: '新增' }]);
    expect(diffTexts('删除', '')).toEqual([{ op: 'delete', text: '删除' }]);
  });

  it('puts the deletion before the insertion within a change', () => {
    const ops = diffTexts('加快建设科技强省', '全面建设创新型省份');
    for (let i = 1; i < ops.length; i++) {
      expect(ops[i - 1].op === 'insert' && ops[i].op === 'delete').toBe(false);
    }
  });

  it('folds a lone punctuation mark between two changes into one replacement', () => {
    // word-level tokens a|，|b against c|，|d: the shared comma alone would be confetti
    const tok = (s: string): Token[] => {
      let pos = 0;
      return s.split(/(，)/).filter(Boolean).map((text) => {
        const t = { text, start: pos, end: pos + text.length, isWord: text !== '，' };
        pos = t.end;
        return t;
      });
    };
    expect(render(diffTexts('甲，乙', '丙，丁', tok))).toBe('<del>甲，乙</del><ins>丙，丁</ins>');
  });

  it('does not turn separate insertions into a replacement', () => {
    const ops = diffTexts('推进创新', '推进科技创新发展');
    expect(ops.some((o) => o.op === 'delete')).toBe(false);
    expect(newSide(ops)).toBe('推进科技创新发展');
  });

  it('falls back to a line-level diff on timeout, still lossless', () => {
    // far too many edits for Myers to finish within 0 ms, so the fallback is taken
    const a = Array.from({ length: 400 }, (_, i) => `甲乙丙丁${i}科技创新戊己\n`).join('') + '共同的一行\n';
    const b = Array.from({ length: 400 }, (_, i) => `子丑寅卯${i * 7}科技创新辰巳\n`).join('') + '共同的一行\n';
    const ops = diffTexts(a, b, undefined, { timeoutMs: 0 });
    expect(oldSide(ops)).toBe(a);
    expect(newSide(ops)).toBe(b);
    expect(ops.every((o) => o.text.endsWith('\n'))).toBe(true);
    expect(ops.at(-1)).toEqual({ op: 'equal', text: '共同的一行\n' });
  });
});

describe('diffs are lossless', () => {
  const cjk = fc.integer({ min: 0x4e00, max: 0x4e80 }).map((c) => String.fromCharCode(c));
  const piece = fc.oneof(
    cjk,
    fc.constantFrom(...POLICY_WORDS),
    fc.constantFrom('，', '。', '“', '”', ' ', '\n', '1420亿元', '7.5%', '2022年', 'ABC'),
  );
  const chinese = fc.array(piece, { maxLength: 30 }).map((p) => p.join(''));

  it('for random string pairs', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), expectLossless));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'grapheme', maxLength: 20 }), expectLossless),
      { numRuns: 50 },
    );
  });

  it('for Chinese texts and mutations of them', () => {
    const edit = fc.record({ at: fc.nat(), del: fc.nat({ max: 6 }), ins: chinese });
    fc.assert(
      fc.property(chinese, fc.array(edit, { maxLength: 4 }), (a, edits) => {
        let b = a;
        for (const { at, del, ins } of edits) {
          const i = b.length ? at % (b.length + 1) : 0;
          b = b.slice(0, i) + ins + b.slice(i + del);
        }
        expectLossless(a, b);
      }),
      { numRuns: 200 },
    );
  });
});

describe('diffStats and similarityFromDiff', () => {
  it('counts characters per kind', () => {
    const ops = diffTexts('技术合同成交额达到1420亿元', '技术合同成交额达到2200亿元');
    expect(diffStats(ops)).toEqual({ equalChars: 9, insertedChars: 6, deletedChars: 6 });
    expect(similarityFromDiff(ops)).toBeCloseTo(18 / 30);
  });

  it('is 1 for identical texts and 0 for disjoint ones', () => {
    expect(similarityFromDiff(diffTexts('科技创新', '科技创新'))).toBe(1);
    expect(similarityFromDiff(diffTexts('', ''))).toBe(1);
    expect(similarityFromDiff(diffTexts('甲乙', '丙丁'))).toBe(0);
  });

  it('counts an emoji as one character', () => {
    expect(diffStats([{ op: 'insert', text: '😀' }]).insertedChars).toBe(1);
  });
});
