import { describe, expect, it } from 'vitest';
import { spanText, type Run } from '../../src/compare/phrases.js';
import { termsOf, type Lookups } from '../../src/compare/terms.js';
import type { WordClass } from '../../src/text/pos.js';

/** A run from `word/class` pieces: n noun, m modifier, v verb, u unknown, q numeral. */
function run(spec: string): Run {
  const cls: Record<string, WordClass> = { n: 'noun', m: 'modifier', v: 'verb', u: 'unknown', q: 'numeral' };
  let at = 0;
  return spec.split(' ').map((p) => {
    const [text, c] = p.split('/');
    const w = { text, start: at, cls: cls[c] };
    at += text.length;
    return w;
  });
}

/** Lookups where a string is new when it holds one of `novel`, `generic` verbs are listed, and `bound` pairs too. */
const look = (novel: string[], generic: string[] = [], bound: string[] = []): Lookups => ({
  fresh: (s) => novel.some((x) => s.includes(x)),
  generic: (w) => generic.includes(w),
  bound: (outer, inner, side) => bound.includes(side === 'left' ? `${outer}|${inner}` : `${inner}|${outer}`),
});

const terms = (spec: string, l: Lookups) => {
  const r = run(spec);
  return termsOf(r, l).map(([i, j]) => spanText(r, i, j));
};

describe('terms of a run of words', () => {
  it.each([
    ['the generic verbs in front stay out', '加快/v 发展/v 新/m 质/u 生产力/n', look(['新质', '质生'], ['加快', '发展']), ['新质生产力']],
    ['a new modifier grows to its head, up to the break', '打造/v 低空/n 经济/n', look(['低空'], ['打造']), ['低空经济']],
    ['a verb that ends the run is the head', '扎实/m 推进/v 乡村/n 全面/n 振兴/v', look(['乡村全面'], ['推进']), ['乡村全面振兴']],
    ['a generic verb with a known object is a new sentence, not a term', '推动/v 经济/n 实现/v', look(['推动经济实现'], ['推动', '实现']), []],
    ['a span ending in a count is a piece', '国民经济/n 再上/u 一个/q', look(['再上']), []],
    ['a lone unknown character glued to the word before starts no term', '毕业/v 生就/v 业/u 制度/n', look(['业制度'], ['生就']), []],
    ['an uncommon verb in front is part of the term', '渐进/v 式/u 延迟/v 退休/v 年龄/n', look(['式延迟']), ['渐进式延迟退休年龄']],
    ['a word the corpus binds to the edge comes along, verb or not', '全国/n 统一/v 大/m 市场/n 建设/v', look(['大市场建设'], ['统一'], ['统一|大市场']), ['全国统一大市场建设']],
    ['a suffix does not start a term', '保障/v 性/u 住房/n', look(['性住房'], ['保障']), ['保障性住房']],
    ['a number alone is no core', '十四五/q', look(['十四五']), []],
    ['an ordinal cut from its number is a piece', '稳居/u 全国/n 第/n', look(['稳居']), []],
    ['a verb alone is a predicate, not a term', '擦亮/v', look(['擦亮']), []],
    ['a verb with what it governs can be a term', '文艺/n 赋美/v', look(['赋美']), ['文艺赋美']],
  ])('%s', (_, spec, l, expected) => {
    expect(terms(spec, l)).toEqual(expected);
  });
});
