import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync } from 'node:fs';
import type { Engine } from '../../src/index/engine.js';
import { extractionQuality, indicators, planVsActual, type SeedFigure } from '../../src/indicators/query.js';
import { seedEngine } from '../helpers/seeds.js';

let engine: Engine;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

const table = (JSON.parse(readFileSync('test/indicators/seed-figures.json', 'utf8')) as { figures: SeedFigure[] }).figures;
const series = (name: string, region = '四川') =>
  indicators(engine, { name, region }).map((i) => `${i.stance} ${i.year} ${i.value}${i.unit} ${i.docId}`);

describe('the Sichuan series across three documents', () => {
  it('技术合同成交额: target 1420亿元 → actual 1649亿元 (+18.1%) → target 2200亿元', () => {
    expect(series('技术合同成交额')).toEqual([
      'target 2022 1420亿元 sichuan-2022-work-points',
      'actual 2022 1649亿元 sichuan-2023-conference',
      'target 2024 2200亿元 sichuan-2024-conference',
    ]);
    expect(indicators(engine, { name: '技术合同成交额', region: '四川', stance: 'actual' })[0]).toMatchObject({
      growth: 18.1, display: '1649亿元', qualifier: ['达到'], unitId: 'sichuan-2023-conference:i4',
      quote: '技术合同成交额达到1649亿元、同比增长18.1%',
    });
  });

  it('高新技术产业营业收入: 2.45万亿元 → 2.6万亿元 → 3万亿元 (the 2024 headline repeats the target)', () => {
    expect(series('高新技术产业营业收入')).toEqual([
      'target 2022 24500亿元 sichuan-2022-work-points',
      'actual 2022 26000亿元 sichuan-2023-conference',
      'target 2024 30000亿元 sichuan-2024-conference',
      'target 2024 30000亿元 sichuan-2024-conference',
    ]);
  });

  it('科技信息服务业营业收入: 3500亿元 → 4645亿元 → 5600亿元', () => {
    expect(series('科技信息服务业营业收入')).toEqual([
      'target 2022 3500亿元 sichuan-2022-work-points',
      'actual 2022 4645亿元 sichuan-2023-conference',
      'target 2024 5600亿元 sichuan-2024-conference',
    ]);
  });

  it('高新技术企业: 新增1500家以上 (target 2022) → 1.45万家 (actual 2022) → 1.8万家 (target 2024)', () => {
    const list = indicators(engine, { name: '国家高新技术企业', region: '四川省' });
    expect(list.map((i) => [i.stance, i.year, i.value, i.qualifier])).toEqual([
      ['target', 2022, 1500, ['新增', '以上']],
      ['actual', 2022, 14500, ['达到']],
      ['target', 2024, 18000, ['力争', '达到']],
    ]);
  });

  it('Suining and Shanxi report the same indicators under their own names', () => {
    expect(series('高新技术企业', '遂宁')).toEqual(['target 2023 185家 suining-2023-work-points']);
    expect(series('技术合同认定登记额', '遂宁')).toEqual(['target 2023 12亿元 suining-2023-work-points']);
    expect(series('技术合同成交额', '遂宁')).toEqual([]);
    expect(series('高新技术企业', '山西')).toEqual([
      'actual 2020 3178家 shanxi-2021-conference',
      'target 2025 5000家 shanxi-2021-conference',
    ]);
  });

  it('counts each figure once although a paragraph and its 一是… items share text', () => {
    const conf = indicators(engine).filter((i) => i.docId === 'sichuan-2023-conference');
    expect(conf.every((i) => i.unitId.includes(':i'))).toBe(true);
    expect(new Set(conf.map((i) => i.start)).size).toBe(conf.length);
  });
});

describe('plan vs actual', () => {
  it('技术合同成交额 2022 in 四川: 1649 / 1420 = 116.1%', () => {
    const [row] = planVsActual(engine, { name: '技术合同成交额', region: '四川', year: 2022 });
    expect(row).toMatchObject({ region: '四川省', name: '技术合同成交额', year: 2022, increment: false, attainment: 116.1 });
    expect([row.target?.docId, row.actual?.docId]).toEqual(['sichuan-2022-work-points', 'sichuan-2023-conference']);
  });

  it('pairs increments with increments only: 瞪羚企业 新增 50 → 62, while 新增1500家 is not compared with 1.45万家', () => {
    const rows = planVsActual(engine, { region: '四川', year: 2022 });
    const get = (name: string, increment: boolean) => rows.find((r) => r.name === name && r.increment === increment);
    expect(get('瞪羚企业', true)?.attainment).toBe(124);
    expect(get('科技型中小企业', false)?.attainment).toBe(133.6);
    expect(get('高新技术产业营业收入', false)?.attainment).toBe(106.1);
    expect(get('高新技术企业', true)).toMatchObject({ actual: null, attainment: null });
    expect(get('高新技术企业', false)).toMatchObject({ target: null, attainment: null });
  });

  it('national growth: the 2023 target 5%左右 against 126万亿元, 增长5.2% reported in 2024', () => {
    const [row] = planVsActual(engine, { name: '国内生产总值增长', region: '全国', year: 2023 });
    expect(row.target).toMatchObject({ value: 5, qualifier: ['左右'], docId: 'state-council-2023' });
    expect(row.actual).toMatchObject({ value: 5.2, docId: 'state-council-2024' });
    expect(row.attainment).toBe(104);
  });
});

describe('plan vs actual across the State Council reports', () => {
  it('compares one year with one year: five-year sums are left out', () => {
    const rows = planVsActual(engine, { name: '城镇新增就业', region: '全国' });
    const paired = rows.filter((r) => r.attainment !== null);
    expect(paired.length).toBeGreaterThan(15);
    expect(paired.every((r) => r.attainment! > 80 && r.attainment! < 160)).toBe(true);
    expect(rows.find((r) => r.year === 2023)).toMatchObject({ target: { display: '1200万人' }, actual: { display: '1244万人' }, attainment: 103.7 });
  });
});

describe('State Council growth targets', () => {
  it.each([
    [2013, 7.5, undefined],
    [2014, 7.5, undefined],
    [2016, 6.5, 7],
    [2019, 6, 6.5],
    [2024, 5, undefined],
  ])('%i: 国内生产总值增长 %d…%s', (year, value, valueMax) => {
    const [first] = indicators(engine, { name: '国内生产总值增长', region: '全国', year, stance: 'target' });
    expect(first).toMatchObject({ value, unit: '%' });
    expect(first.valueMax).toBe(valueMax);
  });

  it('reads full-width figures of the 1980s', () => {
    expect(indicators(engine, { name: '工业总产值增长', year: 1983 })[0]).toMatchObject({ value: 10.5, stance: 'actual', docId: 'state-council-1984' });
  });
});

describe('extraction quality on the five seeds', () => {
  it('precision and recall against the hand-made table are at least 0.95', () => {
    const q = extractionQuality(engine, table);
    console.log(
      `indicator extraction on the seeds: precision ${q.precision.toFixed(3)} (${q.matched}/${q.found}), recall ${q.recall.toFixed(3)} (${q.matched}/${q.expected})`,
    );
    for (const m of q.missed) console.log('  missed  ', JSON.stringify(m));
    for (const s of q.spurious) console.log('  spurious', s.docId, s.name, s.value, s.unit, s.stance, s.year, s.quote);
    expect(table.length).toBeGreaterThanOrEqual(50);
    expect(q.precision).toBeGreaterThanOrEqual(0.95);
    expect(q.recall).toBeGreaterThanOrEqual(0.95);
  });
});
