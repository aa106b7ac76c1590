/** Comparison links: what a comparison was asked with, written into its URL and read back the same. */
import { describe, expect, it } from 'vitest';
import { comparePath, compareParams, linkOf } from '../../src/export/links.js';
import { filterValues, parseQuery } from '../../src/search/query.js';

describe('filterValues', () => {
  it.each([
    'year:2021..2023',
    'year:2024',
    'region:四川,重庆',
    'level:province,city',
    'kind:task,government-work-report',
    'stance:plan',
    'doc:state-council-2024',
    'year:2020..2025 region:四川 level:province kind:item stance:review,outlook doc:a,b',
  ])('writes the filters of %s back as values that parse to the same filters', (words) => {
    const { filters } = parseQuery(words);
    const back = Object.entries(filterValues(filters)).map(([k, v]) => `${k}:${v}`).join(' ');
    expect(parseQuery(back).filters).toEqual(filters);
  });
});

describe('comparePath', () => {
  it.each([
    [{ q: '基础研究十年行动' }, `/compare?q=${encodeURIComponent('基础研究十年行动')}`],
    [{ unit: 'sichuan-2022-work-points:t8' }, '/compare?unit=sichuan-2022-work-points:t8'],
    [{ q: 'x', view: 'sentence' as const, hideGaps: false, mode: 'steps' as const }, '/compare?q=x'],
    [{ q: 'x', as: 'statement' as const, view: 'paragraph' as const, hideGaps: true, mode: 'first-last' as const }, '/compare?q=x&as=statement&view=paragraph&hideGaps=true&mode=first-last'],
    [{ unit: 'a:t1', filters: parseQuery('level:national year:2020..2024').filters }, '/compare?unit=a:t1&year=2020..2024&level=national'],
  ])('%j → %s', (link, path) => {
    expect(comparePath(link)).toBe(path);
  });

  it('carries every option compare() was given, and only those that differ from the defaults', () => {
    const asked = { query: '粮食产量', as: 'term' as const, view: 'paragraph' as const, gaps: false, filters: { regions: ['四川'] } };
    expect(compareParams(linkOf(asked))).toEqual([
      ['q', '粮食产量'],
      ['as', 'term'],
      ['view', 'paragraph'],
      ['hideGaps', 'true'],
      ['region', '四川'],
    ]);
    expect(compareParams(linkOf({ query: '粮食产量' }))).toEqual([['q', '粮食产量']]);
  });
});
