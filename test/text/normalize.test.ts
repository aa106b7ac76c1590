import { describe, it, expect } from 'vitest';
import { matchMap, toMatchForm, toSourceRange, normalizeQuery } from '../../src/text/normalize.js';

describe('normalize: the matching form', () => {
  it.each([
    ['２０２２年', '2022年'],
    ['增长１８．１％', '增长18.1%'],
    ['發展', '发展'],
    ['我們第一届全國人民代表大會', '我们第一届全国人民代表大会'],
    ['“互联网+”', '互联网+'],
    ['"互联网+"', '互联网+'],
    ['「政治设计院」', '政治设计院'],
    ['培育“瞪羚”企业', '培育瞪羚企业'],
    ["‘专精特新’企业", '专精特新企业'],
    ['学习《政府工作报告》〈解读〉', '学习政府工作报告解读'],
    ['＂互联网＋＂', '互联网+'],
    ['R&D经费', 'r&d经费'],
    ['从1 9 9 3 年3 月就职', '从1993年3月就职'],
    ['2.45 万亿元', '2.45万亿元'],
    ['内核能\n级', '内核能级'],
    ['new  energy', 'new energy'],
    ['5G网络', '5g网络'],
    ['零\u200b宽', '零宽'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(toMatchForm(input).text).toBe(expected);
  });

  it('maps every folded character back to its source offset', () => {
    const input = '从1 9 9 3 年，發展';
    const form = toMatchForm(input);
    const at = form.text.indexOf('1993');
    expect(toSourceRange(form, input, at, at + 4)).toEqual([1, 8]);
    const fz = form.text.indexOf('发展');
    const [s, e] = toSourceRange(form, input, fz, fz + 2);
    expect(input.slice(s, e)).toBe('發展');
  });

  it('points a match across quotation marks at the original characters, marks inside it included', () => {
    const input = '培育“瞪羚”企业50家';
    const form = toMatchForm(input);
    const at = form.text.indexOf('瞪羚企业');
    const [s, e] = toSourceRange(form, input, at, at + 4);
    expect(input.slice(s, e)).toBe('瞪羚”企业');
  });

  it('keeps the marks, one kind of each, for a reader that needs where a quoted term ends', () => {
    expect(toMatchForm('培育“瞪羚”企业、《纲要》', { keepMarks: true }).text).toBe('培育"瞪羚"企业、《纲要》');
  });

  it('treats queries the same way as documents', () => {
    expect(normalizeQuery('２０２２ 發展')).toBe('2022发展');
  });
});

describe('matching form of texts that grow when folded', () => {
  it.each([
    ['one character folding to four, past twice the input length', '㍿'.repeat(100), '株式会社'.repeat(100)],
    ['a text longer than the reused scratch space', '發展２０２２'.repeat(20_000), '发展2022'.repeat(20_000)],
    ['expansions inside a long text', ('㍿' + '科'.repeat(70)).repeat(1200), ('株式会社' + '科'.repeat(70)).repeat(1200)],
  ])('%s keeps every folded character and its map', (_label, input, folded) => {
    const form = toMatchForm(input);
    expect(form.text).toBe(folded);
    expect(form.map.length).toBe(folded.length + 1);
    expect(form.map[folded.length]).toBe(input.length);
    expect(matchMap(input)).toEqual(form.map);
    // every folded character points at the input character it came from (one assertion over all of them: an
    // expect per character cost seconds on these lengths)
    const astray: number[] = [];
    for (let i = 0; i < folded.length; i++) if (!toMatchForm(input[form.map[i]]).text.includes(folded[i])) astray.push(i);
    expect(astray).toEqual([]);
  });
});
