/**
 * Exports for drafts: the Word file opens as a report — a heading with the query and date, the comparison as a
 * table of year, issuer and sentence, deletions struck through in red and insertions underlined in green as
 * 修订 shows them — and the Markdown file says the same in Markdown.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import type { DiffOp } from '../../src/compare/diff.js';
import { compare, isEntry, type CompareResult } from '../../src/compare/timeline.js';
import { diffDocs } from '../../src/compare/docdiff.js';
import { search } from '../../src/search/search.js';
import { citeUnit, compareExport, diffExport, newExport, render, searchExport } from '../../src/export/index.js';
import { newPhrases } from '../../src/compare/new.js';
import { DELETED_COLOR, INSERTED_COLOR } from '../../src/export/docx.js';
import { seedEngine } from '../helpers/seeds.js';
import { readWord, utf8, wordXmlRuns, type WordRun } from './readers.js';

const NOW = new Date('2025-03-05T02:00:00Z');
let engine: Engine;
/** A term's timeline, with the State Council reports that stopped saying it as gaps; a statement's, through its rewording. */
let timeline: CompareResult;
let statement: CompareResult;
beforeAll(async () => {
  ({ engine } = await seedEngine());
  timeline = compare(engine, { query: '基础研究十年行动' });
  statement = compare(engine, { query: '制定实施基础研究十年行动方案，提升企业技术创新能力', filters: { yearFrom: 2021, yearTo: 2022 } });
});

const cellText = (cell: WordRun[][]) => cell.map((p) => p.map((r) => r.text).join(''));
/** What a reader sees as struck, underlined and plain in one paragraph of runs. */
const marked = (runs: WordRun[]) => ({
  deleted: runs.filter((r) => r.strike).map((r) => r.text).join(''),
  inserted: runs.filter((r) => r.underline).map((r) => r.text).join(''),
  kept: runs.filter((r) => !r.strike && !r.underline).map((r) => r.text).join(''),
});
const side = (ops: DiffOp[], op: DiffOp['op']) => ops.filter((o) => o.op === op).map((o) => o.text).join('');

describe('the Word file of a comparison', () => {
  it('opens with a heading naming the query and the export date', async () => {
    const doc = await readWord((await render(compareExport(timeline, engine, { now: NOW }), 'docx', NOW)).bytes);
    expect(doc.html).toContain('<h1>历年比较：基础研究十年行动</h1>');
    expect(doc.paragraphs).toContain('导出日期：2025-03-05');
  });

  it('is a table of year, issuer and sentence, one row per document in the timeline, a gap marked as not mentioned', async () => {
    const [table] = (await readWord((await render(compareExport(timeline, engine, { now: NOW }), 'docx', NOW)).bytes)).tables;
    expect(table.map((row) => row.map((cell) => cellText(cell)[0]))[0]).toEqual(['年份', '发布机关', '语句']);
    expect(table.slice(1).map((row) => [cellText(row[0])[0], cellText(row[1])[0]])).toEqual(
      timeline.timeline.map((e) => [`${e.year}年`, engine.getDoc(e.docId).meta.issuer]),
    );
    expect(cellText(table[1][2])[1]).toBe('国务院. 2021年中华人民共和国国务院政府工作报告[R]. 2021-03-05: 第25段.');
    const gap = timeline.timeline.findIndex((e) => e.docId === 'state-council-2022');
    expect(timeline.timeline[gap].type).toBe('gap');
    expect(cellText(table[gap + 1][2])).toEqual(['（未提及）']);
  });

  it('strikes out the words deleted since the entry before and underlines the words inserted', async () => {
    const [table] = (await readWord((await render(compareExport(statement, engine, { now: NOW }), 'docx', NOW)).bytes)).tables;
    statement.timeline.forEach((e, k) => {
      if (!isEntry(e)) return;
      const sentence = table[k + 1][2][0];
      if (!e.diff) return expect(marked(sentence)).toEqual({ deleted: '', inserted: '', kept: e.text.slice(e.window[0], e.window[1]) });
      expect(marked(sentence)).toEqual({ deleted: side(e.diff, 'delete'), inserted: side(e.diff, 'insert'), kept: side(e.diff, 'equal') });
    });
    // the State Council 2022 report comes after the Sichuan 2022 work points (2022-02-28) and words it otherwise
    const sc2022 = table[statement.timeline.findIndex((e) => e.docId === 'state-council-2022') + 1][2][0];
    expect(marked(sc2022).deleted).toContain('十年行动');
    expect(marked(sc2022).inserted).toContain('十年规划');
  });

  it('colours deletions red and insertions green', async () => {
    const runs = await wordXmlRuns((await render(compareExport(statement, engine, { now: NOW }), 'docx', NOW)).bytes);
    const struck = runs.filter((r) => r.strike);
    const underlined = runs.filter((r) => r.underline);
    expect(struck.length).toBeGreaterThan(1);
    expect(underlined.length).toBeGreaterThan(1);
    for (const r of struck) expect(r.color).toBe(DELETED_COLOR);
    for (const r of underlined) expect(r).toMatchObject({ color: INSERTED_COLOR, underline: 'single', underlineColor: INSERTED_COLOR });
  });
});

describe('the Word file of a document diff', () => {
  it('marks every changed unit the same way, one row per aligned pair', async () => {
    const d = diffDocs(engine, 'sichuan-2023-conference', 'sichuan-2024-conference');
    const doc = await readWord((await render(diffExport(d, engine, { now: NOW }), 'docx', NOW)).bytes);
    expect(doc.paragraphs[0]).toBe('文件对比：2023年全省科技工作会议在蓉召开 → 四川确定新一年科技创新“任务书”');
    const [table] = doc.tables;
    expect(table[0].map((c) => cellText(c)[0])).toEqual(['原文位置', '新文位置', '变化', '语句']);
    expect(table).toHaveLength(d.pairs.length + 1);
    d.pairs.forEach((p, k) => {
      expect(marked(table[k + 1][3][0])).toEqual({ deleted: side(p.diff, 'delete'), inserted: side(p.diff, 'insert'), kept: side(p.diff, 'equal') });
      const status = cellText(table[k + 1][2])[0];
      expect(status).toBe(!p.a ? '新增' : !p.b ? '删去' : p.diff.every((o) => o.op === 'equal') ? '相同' : '修改');
    });
  });
});

describe('the Word file of a search', () => {
  it('highlights each match in the original text and cites the unit', async () => {
    const result = search(engine, '揭榜挂帅', { limit: 3 });
    const [table] = (await readWord((await render(searchExport({ result }, engine, { now: NOW }), 'docx', NOW)).bytes)).tables;
    expect(table).toHaveLength(4);
    for (const row of table.slice(1)) {
      const hits = row[2][0].filter((r) => r.highlight);
      expect(hits.map((r) => r.text)).toContain('揭榜挂帅');
      expect(hits.every((r) => r.highlight === 'yellow')).toBe(true);
    }
  });
});

describe('the Word file of a report\'s new phrases (新提法)', () => {
  it('lists each phrase with its first quote and citation, then the strength shifts against the previous report', async () => {
    const r = newPhrases(engine, 'state-council-2024', { limit: 30 });
    const doc = await readWord((await render(newExport(r, engine, { now: NOW }), 'docx', NOW)).bytes);
    expect(doc.paragraphs[0]).toBe('新提法：2024年中华人民共和国国务院政府工作报告');
    const [phrases, shifts] = doc.tables;
    expect(phrases.slice(1).map((row) => cellText(row[1])[0])).toEqual(r.phrases.map((p) => p.phrase));
    expect(phrases.slice(1).map((row) => cellText(row[1])[0])).toContain('新质生产力');
    for (const [k, row] of phrases.slice(1).entries()) expect(cellText(row[3])[1]).toBe(citeUnit(engine.getUnit(r.phrases[k].firstUnit).doc, engine.getUnit(r.phrases[k].firstUnit).unit));
    expect(r.shifts).not.toBeNull();
    expect(shifts).toHaveLength(r.shifts!.stances.length + r.shifts!.shifts.length + 1);
    // the old wording struck, the new underlined
    expect(shifts.slice(1).every((row) => row[2][0].every((run) => run.strike) && row[2][1].every((run) => run.underline))).toBe(true);
  });
});

describe('the Markdown file', () => {
  it('writes the comparison as a table, deletions ~~struck~~ and insertions <ins>underlined</ins>', async () => {
    const md = utf8((await render(compareExport(timeline, engine, { now: NOW }), 'md', NOW)).bytes);
    expect(md.split('\n').slice(0, 3)).toEqual(['# 历年比较：基础研究十年行动', '', '导出日期：2025-03-05  ']);
    expect(md).toContain('| 年份 | 发布机关 | 语句 |');
    expect(md).toContain('（未提及）');
    const rewording = utf8((await render(compareExport(statement, engine, { now: NOW }), 'md', NOW)).bytes);
    expect(rewording).toContain('~~十年行动~~');
    expect(rewording).toContain('<ins>十年规划，加强长期稳定支持，提高基础研究经费占全社会研发经费比重</ins>');
    // the header, its rule and one row per entry: no cell text broke the table
    expect(md.split('\n').filter((l) => l.startsWith('| ')).length).toBe(timeline.timeline.length + 2);
  });
});
