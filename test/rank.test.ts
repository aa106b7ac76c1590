import { describe, it, expect } from 'vitest';
import { wholeWordAt, idf, countOccurrences } from '../src/rank.js';

describe('rank: whole words', () => {
  it.each([
    ['加强市场监管', '市场', true],
    ['打造智慧城市场景', '市场', false], // 城市 straddles the start, 场景 the end
    ['市场监管', '市场', true], // a longer word around the match does not count against it
    ['成渝中线科创走廊建设', '科创走廊', true],
    ['成渝中线科创走廊建设', '创走', false],
  ])('%s: %s whole = %s', (text, term, whole) => {
    const at = text.indexOf(term);
    expect(wholeWordAt(text, at, at + term.length)).toBe(whole);
  });
});

describe('rank: BM25 parts', () => {
  it('a rarer term has a higher idf', () => {
    expect(idf(2, 1000)).toBeGreaterThan(idf(200, 1000));
  });
  it.each([
    ['科技科技科技', '科技', 3],
    ['aaaa', 'aa', 2],
    ['', '科技', 0],
  ])('counts non-overlapping occurrences of %s in %s', (hay, needle, n) => {
    expect(countOccurrences(hay, needle)).toBe(n);
  });
});
