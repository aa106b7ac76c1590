/** compare(): a policy's timeline across documents, by query or by unit. */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Engine } from '../../src/index/engine.js';
import { compare, isEntry, type CompareOptions, type TimelineEntry } from '../../src/compare/timeline.js';
import { seedEngine } from '../helpers/seeds.js';
import { expectLosslessDiff } from './helpers.js';

let engine: Engine;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

const compared = (e: TimelineEntry) => e.text.slice(e.window[0], e.window[1]);
const entries = (opts: CompareOptions) => compare(engine, opts).timeline.filter(isEntry);

function expectChained(timeline: TimelineEntry[]) {
  timeline.forEach((e, k) => {
    if (k === 0) expect(e.diff).toBeNull();
    else expectLosslessDiff(e.diff!, compared(timeline[k - 1]), compared(e));
  });
}

describe('compare by term', () => {
  it('follows 基础研究十年行动 from the State Council to Sichuan in date order (the 2022 work points by their consistent date, 2022-02-28)', () => {
    const timeline = entries({ query: '基础研究十年行动' });
    expect(timeline.map((e) => e.unitId)).toEqual([
      'state-council-2021:p25',
      'sichuan-2022-work-points:t8',
      'sichuan-2023-conference:i3',
      'sichuan-2024-conference:p7',
    ]);
    expect(compared(timeline[0])).toContain('制定实施基础研究十年行动方案');
    expectChained(timeline);
  });

  it('lists the State Council 2022 report, which says 十年规划, as a gap: a term is never matched by similarity', () => {
    const r = compare(engine, { query: '基础研究十年行动' });
    const sc2022 = r.timeline.find((i) => i.docId === 'state-council-2022')!;
    expect(sc2022).toMatchObject({ type: 'gap', reason: 'not in 2022年中华人民共和国国务院政府工作报告' });
    expect(r.timeline.filter(isEntry).every((e) => compared(e).includes('基础研究十年行动'))).toBe(true);
  });

  it('prefers the item to the paragraph that contains it', () => {
    expect(entries({ query: '基础研究十年行动' }).find((e) => e.docId === 'sichuan-2023-conference')!.kind).toBe('item');
  });

  it('diffs a long paragraph on its matching sentence, keeping the full text; the paragraph view diffs whole units', () => {
    const [sc2021, next] = entries({ query: '基础研究十年行动' });
    expect(sc2021.window[1] - sc2021.window[0]).toBeLessThan(sc2021.text.length);
    expect(sc2021.text.length).toBeGreaterThan(300);
    const [whole] = entries({ query: '基础研究十年行动', view: 'paragraph' });
    expect(whole.window).toEqual([0, whole.text.length]);
    expect(whole.sentence).toEqual(sc2021.sentence);
    expect(next.window).toEqual(next.sentence);
  });

  it('applies the filters of the query language', () => {
    expect(entries({ query: '基础研究十年行动 level:national' }).map((e) => e.docId)).toEqual(['state-council-2021']);
    expect(entries({ query: '基础研究十年行动', filters: { regions: ['四川'] } }).every((e) => e.region === '四川省')).toBe(true);
  });

  it('returns an empty timeline, not an error, for a term found nowhere', () => {
    expect(compare(engine, { query: '量子纠缠猫' }).timeline).toEqual([]);
  });

  it('rejects an empty query and a query of filters only', () => {
    expect(() => compare(engine, { query: '' })).toThrow(expect.objectContaining({ code: 'BAD_QUERY' }));
    expect(() => compare(engine, { query: 'year:2022' })).toThrow(expect.objectContaining({ code: 'BAD_QUERY' }));
  });
});

describe('compare by unit', () => {
  it('finds the counterparts of Sichuan task 8 across levels and years', () => {
    const r = compare(engine, { unitId: 'sichuan-2022-work-points:t8' });
    expect(r.seed).toBe('sichuan-2022-work-points:t8');
    const timeline = r.timeline.filter(isEntry);
    const ids = timeline.map((e) => e.unitId);
    for (const id of ['state-council-2021:p25', 'state-council-2022:p51', 'sichuan-2023-conference:i3', 'sichuan-2024-conference:p7'])
      expect(ids).toContain(id);
    expect(timeline.find((e) => e.unitId === r.seed)!.similarity).toBe(1);
    expectChained(timeline);
  });

  it('leaves a party-building task unpaired against the 1954 report', () => {
    const seed = 'suining-2023-work-points:t16';
    expect(engine.getUnit(seed).unit.text).toContain('党的政治建设');
    expect(entries({ unitId: seed, filters: { docs: ['state-council-1954'] } }).map((e) => e.unitId)).toEqual([seed]);
  });

  it('pairs the 天府科创贷 task with Suining and not with unrelated documents', () => {
    const timeline = entries({ unitId: 'sichuan-2022-work-points:t30' });
    expect(timeline.find((e) => e.docId === 'suining-2023-work-points')?.unitId).toBe('suining-2023-work-points:t13');
    expect(timeline.some((e) => e.docId === 'state-council-1954')).toBe(false);
  });

  it('never pairs a unit with a unit of its own document', () => {
    const timeline = entries({ unitId: 'sichuan-2023-conference:i3' });
    expect(timeline.filter((e) => e.docId === 'sichuan-2023-conference').map((e) => e.unitId)).toEqual(['sichuan-2023-conference:i3']);
  });

  it('reports an unknown unit as NOT_FOUND', () => {
    expect(() => compare(engine, { unitId: 'sichuan-2022-work-points:t999' })).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('timeline diffs are lossless', () => {
  const QUERIES = ['揭榜挂帅', '基础研究', '科技成果转化', '高新技术企业', '乡村振兴', '营商环境', '知识产权', '天府科创贷', '科技金融'];

  it('for queries: equal+delete rebuild the earlier window, equal+insert the later', () => {
    fc.assert(
      fc.property(fc.constantFrom(...QUERIES), (q) => expectChained(entries({ query: q }))),
      { numRuns: QUERIES.length * 2 },
    );
  });

  it('for units followed across documents', () => {
    const ids = ['sichuan-2022-work-points', 'suining-2023-work-points', 'sichuan-2023-conference', 'state-council-2022']
      .flatMap((d) => engine.getDoc(d).units.map((u) => u.id));
    fc.assert(
      fc.property(fc.constantFrom(...ids), (unitId) => expectChained(entries({ unitId }))),
      { numRuns: 25 },
    );
  });
});
