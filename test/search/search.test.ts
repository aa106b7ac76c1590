import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { search } from '../../src/search/search.js';
import { matchQuery } from '../../src/search/match.js';
import { parseQuery } from '../../src/search/query.js';
import { Engine } from '../../src/index/engine.js';
import { buildDoc } from '../../src/ingest/corpus.js';
import { normalizeQuery } from '../../src/text/normalize.js';
import { seedEngine } from '../helpers/seeds.js';

let engine: Engine;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

/** The exactness reference: units whose matching form contains the term. */
const scan = (e: Engine, term: string) =>
  e.records.flatMap((r) => (r && r.match.includes(normalizeQuery(term)) ? [r.unit.id] : [])).sort();
const hitIds = (e: Engine, q: string) => {
  const { hits } = matchQuery(e, parseQuery(q));
  return hits.map((n) => e.records[n]!.unit.id).sort();
};

describe('search never misses and never over-reaches', () => {
  it.each(['揭榜挂帅', '科技型中小企业', '锂', '基础研究十年行动', '5G', 'R&D', '7.5%', '“互联网+”', '脱贫攻坚', '1420亿元'])(
    '%s: hits = units containing it',
    (term) => {
      expect(hitIds(engine, `"${term}"`)).toEqual(scan(engine, term));
      expect(hitIds(engine, `"${term}"`).length).toBeGreaterThan(0);
    },
  );

  it('finds random substrings of the corpus exactly (property)', () => {
    const texts = engine.records.filter((r) => r && r.match.length > 20).map((r) => r!.match);
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.nat(1000), fc.integer({ min: 1, max: 12 }), (i, at, len) => {
        const t = texts[i];
        const start = at % (t.length - len);
        const term = t.slice(start, start + len);
        fc.pre(/[\p{L}\p{N}]/u.test(term) && !term.includes('"') && !term.includes(' '));
        const q = `"${term}"`;
        expect(hitIds(engine, q)).toEqual(scan(engine, term));
      }),
      { numRuns: 150, seed: 20261122 },
    );
  });

  it('does not let scattered bigrams fake a phrase (…扶贫攻坚…脱贫… is not 脱贫攻坚)', () => {
    const e = new Engine();
    e.addDoc(buildDoc('打赢扶贫攻坚战,确保贫困人口脱贫。', 'x/2020_国务院_政府工作报告.txt'));
    e.addDoc(buildDoc('增长7.8%,失业率2.5%左右。', 'y/2019_国务院_政府工作报告.txt'));
    expect(search(e, '脱贫攻坚').total).toBe(0);
    expect(search(e, '7.5%').total).toBe(0);
    expect(search(e, '扶贫攻坚').total).toBe(1);
  });

  it.each([
    ['２０２２年', '2022年'],
    ['發展', '发展'],
    ['「互联网+」', '“互联网+”'],
    ['内核能级', '内核能级'],
  ])('%s finds the same units as %s', (a, b) => {
    expect(hitIds(engine, a)).toEqual(hitIds(engine, b));
  });

  it('finds text broken across two lines in the source, and highlights it in the original characters', () => {
    const r = search(engine, '内核能级');
    expect(r.total).toBe(1);
    const h = r.hits[0];
    expect(h.docId).toBe('sichuan-2024-conference');
    expect(h.highlights.map(([s, e]) => h.text.slice(s, e))).toEqual(['内核能级']);
  });

  it.each([
    ['瞪羚企业', '培育“瞪羚”企业50家', '瞪羚”企业'],
    ['专精特新企业', '新增"专精特新"企业120家', '专精特新"企业'],
    ['“专精特新”企业', '新增专精特新企业120家', '专精特新企业'],
    ['政府工作报告', '认真落实《政府工作报告》部署', '政府工作报告'],
    ['十五五规划纲要', '编制〈“十五五”规划纲要〉', '十五五”规划纲要'],
  ])('%s matches across the quotation and book-title marks of %s, and highlights the original characters', (q, text, shown) => {
    const e = new Engine();
    e.addDoc(buildDoc(`1.培育企业。${text}。`, 'a/2026_某省_工作要点.txt'));
    const r = search(e, q);
    expect(r.total).toBe(1);
    const h = r.hits[0];
    expect(h.highlights.map(([s, e]) => h.text.slice(s, e))).toEqual([shown]);
  });

  it('highlights traditional characters as they are written (1954)', () => {
    const r = search(engine, '人民代表大会 doc:state-council-1954', { limit: 1 });
    const h = r.hits[0];
    expect(h.highlights.map(([s, e]) => h.text.slice(s, e))).toContain('人民代表大會');
  });
});

describe('query language', () => {
  it('space is AND, OR is either, -term excludes', () => {
    const both = hitIds(engine, '基础研究 十年行动');
    expect(both).toEqual(scan(engine, '基础研究').filter((id) => scan(engine, '十年行动').includes(id)));
    const either = hitIds(engine, '揭榜挂帅 OR 揭榜制');
    expect(either).toEqual([...new Set([...scan(engine, '揭榜挂帅'), ...scan(engine, '揭榜制')])].sort());
    const without = hitIds(engine, '揭榜挂帅 -试点');
    expect(without).toEqual(scan(engine, '揭榜挂帅').filter((id) => !scan(engine, '试点').includes(id)));
  });

  it('reads a quoted phrase that starts with a minus as the phrase ("-3%"), and -"phrase" as an exclusion', () => {
    expect(parseQuery('"-3%"')).toMatchObject({ clauses: [['-3%']], excludes: [] });
    expect(parseQuery('科技 -"揭榜挂帅"')).toMatchObject({ clauses: [['科技']], excludes: ['揭榜挂帅'] });
  });

  it('filters passed beside the query (the web form, the API) combine with the typed ones and are left as they were', () => {
    const given = { regions: ['四川'], yearFrom: 2020 };
    const q = parseQuery('科技 region:遂宁 year:2021..2023 level:city', given);
    expect(q.filters).toEqual({ regions: ['四川', '遂宁'], yearFrom: 2021, yearTo: 2023, levels: ['city'] });
    expect(given).toEqual({ regions: ['四川'], yearFrom: 2020 });
  });

  it('filters combine with AND', () => {
    const r = search(engine, '科技 year:2022 region:四川 kind:task', { limit: 1000 });
    expect(r.total).toBeGreaterThan(10);
    for (const h of r.hits) expect(h).toMatchObject({ year: 2022, region: '四川省', kind: 'task' });
    const range = search(engine, '揭榜挂帅 year:2021..2022', { limit: 1000 });
    for (const h of range.hits) expect(h.year === 2021 || h.year === 2022).toBe(true);
    expect(search(engine, '科技 level:city stance:plan', { limit: 1000 }).hits.every((h) => h.region === '遂宁市')).toBe(true);
    expect(search(engine, '科技 doc:suining-2023-work-points', { limit: 1000 }).hits.every((h) => h.docId === 'suining-2023-work-points')).toBe(true);
  });

  it('stance:outlook finds the five-year plans the 2026 reports set out, and no review or plan of a year', () => {
    const r = search(engine, '主要目标 stance:outlook year:2026', { limit: 1000 });
    expect(r.hits.every((h) => h.stance === 'outlook')).toBe(true);
    expect(new Set(r.hits.map((h) => h.region)).size).toBeGreaterThanOrEqual(10);
  });

  it('a year: filter finds an outlook in every year of its range (a 2026 report\'s 2026–2030 plan in year:2028)', () => {
    const outlook = (q: string) => search(engine, q, { limit: 1000 }).hits.filter((h) => h.stance === 'outlook' && h.yearTo === 2030);
    const in2028 = outlook('十五五 year:2028');
    expect(new Set(in2028.map((h) => h.region)).size).toBeGreaterThanOrEqual(10);
    expect(in2028.every((h) => h.year === 2026)).toBe(true);
    expect(outlook('十五五 year:2029..2035').map((h) => h.unitId)).toEqual(in2028.map((h) => h.unitId));
    expect(outlook('十五五 year:2031..2035')).toEqual([]);
    // the year facet counts such a unit in each of its years, so clicking 2028 finds what the count says
    const r = search(engine, '十五五 region:上海', { limit: 1000 });
    expect(r.facets.year['2028']).toBe(search(engine, '十五五 region:上海 year:2028', { limit: 1000 }).total);
    expect(r.facets.year['2028']).toBeGreaterThan(0);
  });

  it.each([
    ['', /empty/],
    ['"基础研究', /unbalanced quote/],
    ['，。！', /no words/],
    ['foo:bar', /unknown filter/],
    ['year:20x', /not a year/],
    ['level:town', /not one of/],
    ['OR 科技', /OR needs/],
    ['-科技', /only of excluded/],
    ['科技 doc:sichuan-2022-work-point', /doc:sichuan-2022-work-point — no document has that id/],
  ])('%j is refused with a clear message', (q, message) => {
    expect(() => search(engine, q)).toThrow(message);
  });
});

describe('ranking', () => {
  const tiny = () => {
    const e = new Engine();
    e.addDoc(buildDoc('1.实施创新联合体行动。推动企业发展。\n2.加强平台建设。支持组建创新联合体,促进协同。\n3.其他工作。开展科普活动,推动普及。', 'a/2022_某省_工作要点.txt'));
    return e;
  };
  it('a title match outranks a body match', () => {
    const r = search(tiny(), '创新联合体');
    expect(r.hits.map((h) => h.title)).toEqual(['实施创新联合体行动', '加强平台建设']);
  });
  it('a rarer term weighs more', () => {
    const r = search(tiny(), '推动 OR 科普');
    expect(r.hits[0].title).toBe('其他工作');
  });
  it('a whole-word match outranks a match across a word boundary', () => {
    const e = new Engine();
    // 智慧城市场景 contains 市场 across the words 城市/场景; the longer unit has it as a word
    e.addDoc(buildDoc('1.甲任务。进一步加强和规范市场监管工作。\n2.乙任务。打造智慧城市场景。', 'a/2022_某省_工作要点.txt'));
    const r = search(e, '市场');
    expect(r.hits[0].title).toBe('甲任务');
  });
  it('breaks ties by date, newest first', () => {
    const r = search(engine, '揭榜挂帅 kind:item', { limit: 50 });
    expect(r.total).toBeGreaterThan(0);
  });
});

describe('results', () => {
  it('counts facets over the whole result set, not the page', () => {
    const r = search(engine, '科技', { limit: 5 });
    expect(r.hits).toHaveLength(5);
    // a unit counts once in every year it covers (an outlook of 2026–2030 in five)
    const all = search(engine, '科技', { limit: 1000 });
    expect(all.total).toBeLessThanOrEqual(1000);
    const years = all.hits.reduce((a, h) => a + (h.yearTo ?? h.year) - h.year + 1, 0);
    expect(Object.values(r.facets.year).reduce((a, b) => a + b, 0)).toBe(years);
    expect(Object.values(r.facets.kind).reduce((a, b) => a + b, 0)).toBe(r.total);
  });
  it('counts each search’s facets afresh (the counters are reused from search to search)', () => {
    search(engine, '的', { limit: 1 });
    const r = search(engine, '揭榜挂帅', { limit: 1000 });
    const expected: Record<string, number> = {};
    for (const h of r.hits) for (let y = h.year; y <= (h.yearTo ?? h.year); y++) expected[String(y)] = (expected[String(y)] ?? 0) + 1;
    expect(r.facets.year).toEqual(expected);
    expect(Object.values(r.facets.region).reduce((a, b) => a + b, 0)).toBe(r.total);
  });
  it('pages with limit and offset', () => {
    const all = search(engine, '揭榜挂帅', { limit: 1000 }).hits.map((h) => h.unitId);
    const page = search(engine, '揭榜挂帅', { limit: 2, offset: 1 }).hits.map((h) => h.unitId);
    expect(page).toEqual(all.slice(1, 3));
    expect(() => search(engine, '科技', { limit: 1001 })).toThrow(/limit/);
  });
  it('gives a keyword-in-context snippet and offsets into the display text', () => {
    const h = search(engine, '天府科创贷', { limit: 1 }).hits[0];
    expect(h.snippet).toContain('天府科创贷');
    for (const [s, e] of h.highlights) expect(normalizeQuery(h.text.slice(s, e))).toBe('天府科创贷');
  });
});
