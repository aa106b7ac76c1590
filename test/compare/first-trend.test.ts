/** first() and trend(): where a phrase appears first, and how often over years and regions. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import { first } from '../../src/compare/first.js';
import { trend } from '../../src/compare/trend.js';
import { seedEngine } from '../helpers/seeds.js';

let engine: Engine;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

describe('first', () => {
  it('dates 揭榜挂帅 to the State Council report of 2021-03-05, before the Shanxi meeting of 2021-03-30', () => {
    const r = first(engine, '揭榜挂帅');
    expect(r.first).toMatchObject({ docId: 'state-council-2021', date: '2021-03-05', level: 'national', region: '全国' });
    const docs = r.occurrences.map((o) => o.docId);
    expect(docs.indexOf('state-council-2021')).toBeLessThan(docs.indexOf('shanxi-2021-conference'));
    expect(r.occurrences[0]).toEqual(r.first);
  });

  it('quotes about 20 characters each side in the original characters', () => {
    const { quote } = first(engine, '揭榜挂帅').first;
    expect(quote).toContain('揭榜挂帅');
    const bare = quote.replace(/^…|…$/g, '');
    expect(bare.length).toBeLessThanOrEqual(20 + 4 + 20);
    expect(bare.indexOf('揭榜挂帅')).toBe(20);
  });

  it('counts a phrase in an item once, not again for its paragraph', () => {
    const r = first(engine, '基础研究十年行动计划方案');
    expect(r.occurrences.map((o) => o.unitId)).toEqual(['sichuan-2023-conference:i3']);
  });

  it('matches whatever the width or script of the phrase', () => {
    expect(first(engine, '揭榜掛帥').first.unitId).toBe(first(engine, '揭榜挂帅').first.unitId);
  });

  it('says clearly when a phrase occurs nowhere', () => {
    expect(() => first(engine, '量子纠缠猫')).toThrow(expect.objectContaining({ code: 'NOT_FOUND', message: '"量子纠缠猫" does not occur in any document' }));
    expect(() => first(engine, '  ')).toThrow(expect.objectContaining({ code: 'BAD_QUERY' }));
  });
});

describe('trend', () => {
  it('counts units and occurrences by year and by region, without double counting', () => {
    const f = first(engine, '揭榜挂帅');
    const t = trend(engine, '揭榜挂帅');
    expect(t.total.units).toBe(f.occurrences.length);
    const sum = (m: Record<string, { units: number; occurrences: number }>) =>
      Object.values(m).reduce((s, c) => ({ units: s.units + c.units, occurrences: s.occurrences + c.occurrences }), { units: 0, occurrences: 0 });
    expect(sum(t.byYear)).toEqual(t.total);
    expect(sum(t.byRegion)).toEqual(t.total);
    expect(t.byRegion['全国'].units).toBeGreaterThanOrEqual(1);
    expect(t.byYear['2021'].units).toBeGreaterThanOrEqual(1);
  });

  it('counts an item and its paragraph once', () => {
    expect(trend(engine, '基础研究十年行动计划方案').total).toEqual({ units: 1, occurrences: 1 });
  });

  it('counts every occurrence within a unit', () => {
    const t = trend(engine, '基础研究 doc:sichuan-2022-work-points kind:task');
    expect(t.total.occurrences).toBeGreaterThan(t.total.units);
  });

  it('applies filters and rejects an empty query', () => {
    const t = trend(engine, '揭榜挂帅 region:四川');
    expect(Object.keys(t.byRegion)).toEqual(['四川省']);
    expect(() => trend(engine, '')).toThrow(expect.objectContaining({ code: 'BAD_QUERY' }));
  });
});
