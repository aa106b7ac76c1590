/** diffDocs(): two documents aligned unit by unit. */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../../src/index/engine.js';
import { buildDoc } from '../../src/ingest/corpus.js';
import { render } from '../../src/compare/diff.js';
import { alignable, diffDocs, type DocDiff } from '../../src/compare/docdiff.js';
import { seedEngine } from '../helpers/seeds.js';
import { expectLosslessDiff } from './helpers.js';

let engine: Engine;
let sichuanSuining: DocDiff;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
  sichuanSuining = diffDocs(engine, 'sichuan-2022-work-points', 'suining-2023-work-points');
});

const partnerOf = (d: DocDiff, a: string) => d.pairs.find((p) => p.a === a)?.b ?? null;
const text = (id: string) => engine.getUnit(id).unit.text;

describe('diffDocs: Sichuan 2022 work points against Suining 2023', () => {
  it('pairs the 科技型中小企业铺天盖地 / 高新技术企业扩容倍增 tasks', () => {
    expect(partnerOf(sichuanSuining, 'sichuan-2022-work-points:t18')).toBe('suining-2023-work-points:t5');
    for (const phrase of ['科技型中小企业铺天盖地', '高新技术企业扩容倍增']) {
      expect(text('sichuan-2022-work-points:t18')).toContain(phrase.slice(0, 6));
      expect(text('suining-2023-work-points:t5')).toContain(phrase);
    }
  });

  it('pairs the 天府科创贷 tasks', () => {
    expect(partnerOf(sichuanSuining, 'sichuan-2022-work-points:t30')).toBe('suining-2023-work-points:t13');
  });

  it('leaves tasks without a counterpart unpaired', () => {
    // 基础研究十年行动, 省自然科学基金, 外专引智: nothing in Suining's plan
    for (const t of ['t8', 't9', 't23']) expect(partnerOf(sichuanSuining, `sichuan-2022-work-points:${t}`)).toBeNull();
    expect(sichuanSuining.pairs.find((p) => p.b === 'suining-2023-work-points:r7')?.a).toBeNull();
  });

  it('pairs every unit at most once and lists every alignable unit', () => {
    const as = sichuanSuining.pairs.flatMap((p) => (p.a ? [p.a] : []));
    const bs = sichuanSuining.pairs.flatMap((p) => (p.b ? [p.b] : []));
    expect(new Set(as).size).toBe(as.length);
    expect(new Set(bs).size).toBe(bs.length);
    expect(as.length).toBe(alignable(engine, engine.getDoc('sichuan-2022-work-points')).length);
    expect(bs.length).toBe(alignable(engine, engine.getDoc('suining-2023-work-points')).length);
  });

  it('keeps A in document order', () => {
    const order = engine.getDoc('sichuan-2022-work-points').units.map((u) => u.id);
    const as = sichuanSuining.pairs.flatMap((p) => (p.a ? [order.indexOf(p.a)] : []));
    expect(as).toEqual([...as].sort((x, y) => x - y));
  });

  it('summarises the pairs as a partition', () => {
    const { matched, changed, added, removed } = sichuanSuining.summary;
    expect(matched + changed + added + removed).toBe(sichuanSuining.pairs.length);
    expect(added).toBe(sichuanSuining.pairs.filter((p) => !p.a).length);
    expect(removed).toBe(sichuanSuining.pairs.filter((p) => !p.b).length);
    expect(matched).toBeGreaterThanOrEqual(1); // the signing date 2023年2月28日 is the same
  });
});

describe('diffDocs: alignment rules', () => {
  it('aligns the items of a paragraph, not the paragraph as well', () => {
    const units = alignable(engine, engine.getDoc('sichuan-2023-conference')).map((n) => engine.records[n]!.unit.id);
    expect(units).toContain('sichuan-2023-conference:i3');
    expect(units).not.toContain('sichuan-2023-conference:p5');
  });

  it('pairs nothing between a science plan of 2023 and the report of 1954', () => {
    const d = diffDocs(engine, 'suining-2023-work-points', 'state-council-1954');
    expect(d.pairs.filter((p) => p.a && p.b)).toEqual([]);
  });

  it('finds year-to-year counterparts of the State Council report', () => {
    const d = diffDocs(engine, 'state-council-2021', 'state-council-2022');
    expect(partnerOf(d, 'state-council-2021:p48')).toBe('state-council-2022:p51'); // 提升科技创新能力
    expect(partnerOf(d, 'state-council-2021:p58')).toBe('state-council-2022:p64'); // 共建“一带一路”
  });

  it('rejects the same document twice and reports unknown documents', () => {
    expect(() => diffDocs(engine, 'state-council-2022', 'state-council-2022')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => diffDocs(engine, 'state-council-2022', 'no-such-doc')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});

describe('docdiff diffs are lossless', () => {
  it('each pair rebuilds A’s text from equal+delete and B’s from equal+insert', () => {
    const ids = ['sichuan-2022-work-points', 'suining-2023-work-points', 'sichuan-2023-conference', 'sichuan-2024-conference', 'shanxi-2021-conference', 'state-council-2023', 'state-council-2024'];
    const twoDocs = fc.tuple(fc.constantFrom(...ids), fc.constantFrom(...ids)).filter(([a, b]) => a !== b);
    fc.assert(
      fc.property(twoDocs, ([a, b]) => {
        for (const p of diffDocs(engine, a, b).pairs)
          expectLosslessDiff(p.diff, p.a ? text(p.a) : '', p.b ? text(p.b) : '');
      }),
      { numRuns: 8 },
    );
  });
});

describe('the words a diff is made of', () => {
  const report = (task: string) => `2022年全省科技创新工作要点\n一、总体要求\n1.${task}\n`;
  const engineWith = (segment?: Engine['segment']) => {
    const e = new Engine({ segment });
    e.addDoc(buildDoc(report('加强基础研究。建设重点实验室。'), 'a/2022_某省_工作要点.txt', { id: 'a' }));
    e.addDoc(buildDoc(report('加强基础研究。建设实验室体系。'), 'b/2023_某省_工作要点.txt', { id: 'b' }));
    return e;
  };
  const changes = (e: Engine) => render(diffDocs(e, 'a', 'b').pairs.find((p) => p.a === 'a:t1')!.diff);

  it('are the engine segmenter\'s: one character a word gives a character diff, the default whole words', () => {
    const chars = (text: string) => Array.from(text, (ch, i) => ({ text: ch, start: i, end: i + 1, isWord: true }));
    expect(changes(engineWith(chars))).toContain('建设<del>重点</del>实验室<ins>体系</ins>');
    expect(changes(engineWith())).not.toBe(changes(engineWith(chars)));
  });
});
