/**
 * Exports for analysis: CSV and Excel hold one row per hit, timeline entry, count or indicator value, every
 * metadata field in its own column, offsets that slice back to the text, numbers as numbers.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import { search } from '../../src/search/search.js';
import { compare, isEntry } from '../../src/compare/timeline.js';
import { trend } from '../../src/compare/trend.js';
import { indicators, planVsActual } from '../../src/indicators/index.js';
import { citeUnit, compareExport, indicatorsExport, newExport, planVsActualExport, render, searchExport, trendExport, type Exportable } from '../../src/export/index.js';
import { newPhrases } from '../../src/compare/new.js';
import { seedEngine } from '../helpers/seeds.js';
import { readCsv, readExcel, sheetRows } from './readers.js';

const NOW = new Date('2025-03-05T02:00:00Z');
let engine: Engine;
beforeAll(async () => void ({ engine } = await seedEngine()));

const hits = () => searchExport({ result: search(engine, '揭榜挂帅', { limit: 1000 }) }, engine, { now: NOW });

describe('a search export', () => {
  it('has one row per hit, with the unit, its document and the citation in their own columns', () => {
    const result = search(engine, '揭榜挂帅', { limit: 1000 });
    const { table } = searchExport({ result }, engine, { now: NOW });
    expect(table.rows).toHaveLength(result.total);
    for (const key of ['rank', 'unitId', 'unitKind', 'ordinal', 'stance', 'year', 'title', 'path', 'unitStart', 'unitEnd', 'docId', 'docTitle', 'issuer', 'region', 'level', 'docYear', 'docDate', 'docKind', 'docNo', 'source', 'score', 'matchStart', 'matchEnd', 'text', 'citation', 'permalink'])
      expect(table.columns.map((c) => c.key)).toContain(key);
    const suining = table.rows.find((r) => r.docId === 'suining-2023-work-points')!;
    expect(suining).toMatchObject({ issuer: '遂宁市科学技术局', region: '遂宁市', level: 'city', docKind: 'work-points', unitKind: 'task', permalink: '/u/suining-2023-work-points:t6' });
    expect(suining.citation).toBe('遂宁市科学技术局. 2023年全市科技创新工作要点[Z]. 2023-02-28: 第6项任务.');
  });

  it('gives offsets that slice the match out of the unit and the unit out of its document', () => {
    for (const row of hits().table.rows) {
      const text = String(row.text);
      expect(text.slice(Number(row.matchStart), Number(row.matchEnd))).toBe('揭榜挂帅');
      expect(engine.getDoc(String(row.docId)).display.slice(Number(row.unitStart), Number(row.unitEnd))).toBe(text);
    }
  });

  it('numbers ranks on from the offset of the page exported', () => {
    const page = searchExport({ result: search(engine, '揭榜挂帅', { limit: 2, offset: 3 }), offset: 3 }, engine);
    expect(page.table.rows.map((r) => r.rank)).toEqual([4, 5]);
  });
});

describe('the CSV file', () => {
  it('starts with a UTF-8 byte-order mark, so Excel reads the Chinese as Chinese', async () => {
    const { bytes } = await render(hits(), 'csv', NOW);
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it('round-trips through a CSV parser: every cell back as written, Chinese, commas, quotes and line breaks intact', async () => {
    const x = hits();
    const rows = readCsv((await render(x, 'csv', NOW)).bytes);
    const asText = (v: unknown) => (v === null || v === undefined ? '' : String(v));
    expect(rows).toEqual(x.table.rows.map((r) => Object.fromEntries(x.table.columns.map((c) => [c.key, asText(r[c.key])]))));
    expect(rows.some((r) => /[“”,]/.test(r.text))).toBe(true);
  });

  it('writes numbers as numbers a statistics package reads back', async () => {
    const rows = readCsv((await render(trendExport(trend(engine, '科技创新'), { now: NOW }), 'csv', NOW)).bytes);
    for (const r of rows) expect(r.units).toMatch(/^\d+$/);
    expect(rows.filter((r) => r.dimension === 'year').map((r) => Number(r.year))).toEqual([...rows.filter((r) => r.dimension === 'year').map((r) => Number(r.year))].sort((a, b) => a - b));
  });
});

describe('the Excel file', () => {
  const sheetOf = async (x: Exportable) => (await readExcel((await render(x, 'xlsx', NOW)).bytes)).worksheets;

  it('holds the table on its first sheet, numbers in number cells and text as written', async () => {
    const x = hits();
    const [sheet, about] = await sheetOf(x);
    const rows = sheetRows(sheet);
    expect(rows).toHaveLength(x.table.rows.length);
    rows.forEach((r, k) => {
      const want = x.table.rows[k];
      for (const c of x.table.columns) expect(r[c.key], `${c.key} of row ${k + 1}`).toEqual(want[c.key]);
      expect(typeof r.rank).toBe('number');
      expect(typeof r.unitStart).toBe('number');
      expect(typeof r.score).toBe('number');
    });
    expect(about.name).toBe('说明');
    expect(about.getRow(1).getCell(1).value).toBe('检索：揭榜挂帅');
  });

  it('has one row per indicator value, the value a number in its unit', async () => {
    const figures = indicators(engine, { name: '技术合同成交额' });
    const [sheet] = await sheetOf(indicatorsExport(figures, { name: '技术合同成交额' }, engine, { now: NOW }));
    const rows = sheetRows(sheet);
    expect(rows.length).toBe(figures.length);
    expect(rows.length).toBeGreaterThan(0);
    for (const [k, r] of rows.entries()) {
      expect(r).toMatchObject({ name: figures[k].name, value: figures[k].value, unit: figures[k].unit, display: figures[k].display, year: figures[k].year });
      expect(typeof r.value).toBe('number');
      // the figure as printed (full-width digits in older reports); `display` is its folded form
      expect(engine.getDoc(String(r.docId)).display.slice(Number(r.start), Number(r.end)).normalize('NFKC')).toBe(r.display);
    }
  });

  it('puts a plan next to its outcome, attainment as a number', async () => {
    const rows = planVsActual(engine, {}).filter((r) => r.attainment !== null);
    const [sheet] = await sheetOf(planVsActualExport(rows, {}, engine, { now: NOW }));
    const read = sheetRows(sheet);
    expect(read.map((r) => r.attainment)).toEqual(rows.map((r) => r.attainment));
    expect(read.map((r) => r.targetValue)).toEqual(rows.map((r) => r.target!.value));
    expect(read.every((r) => typeof r.actualCitation === 'string' && String(r.actualCitation).endsWith('.'))).toBe(true);
  });

  it('has one row per timeline entry with the compared window and its diff', async () => {
    const result = compare(engine, { query: '基础研究十年行动' });
    const entries = result.timeline.filter(isEntry);
    expect(entries.length).toBeLessThan(result.timeline.length);
    const x = compareExport(result, engine, { now: NOW });
    const rows = sheetRows((await sheetOf(x))[0]);
    // gaps have no unit to cite: the table holds the entries, the report shows the gaps
    expect(rows.map((r) => r.unitId)).toEqual(entries.map((e) => e.unitId));
    expect(rows[0].diff).toBeNull();
    expect(String(rows[1].diff)).toContain('[-');
    expect(rows.map((r) => r.citation)).toEqual(entries.map((e) => citeUnit(engine.getUnit(e.unitId).doc, engine.getUnit(e.unitId).unit)));
    for (const r of rows) expect(String(r.text).slice(Number(r.windowStart), Number(r.windowEnd))).toBe(r.compared);
  });
});

describe('a new-phrases (新提法) export', () => {
  it('has one row per phrase, counts as numbers, the first unit and its citation beside it', async () => {
    const result = newPhrases(engine, 'state-council-2024', { limit: 30 });
    const x = newExport(result, engine, { now: NOW });
    const rows = sheetRows((await readExcel((await render(x, 'xlsx', NOW)).bytes)).worksheets[0]);
    expect(rows.map((r) => r.phrase)).toEqual(result.phrases.map((p) => p.phrase));
    expect(rows.map((r) => r.rank)).toEqual(result.phrases.map((_, k) => k + 1));
    for (const [k, r] of rows.entries()) {
      const p = result.phrases[k];
      const { unit, doc } = engine.getUnit(p.firstUnit);
      expect(r).toMatchObject({ count: p.count, laterDocuments: p.laterDocuments, unitId: p.firstUnit, docId: 'state-council-2024', citation: citeUnit(doc, unit) });
      expect(typeof r.salience).toBe('number');
      expect(String(r.takenUpBy).split('; ').filter(Boolean)).toHaveLength(p.takenUpBy.length);
    }
  });
});
