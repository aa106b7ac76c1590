/**
 * Citations as a Chinese reader writes them: the document in GB/T 7714-2015 form, then the unit's place in it
 * (第8项任务, 第26段) where GB/T 7714 puts the cited page.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import { citeDoc, citeUnit, locator, type CitableDoc, type CitableUnit } from '../../src/export/cite.js';
import { seedEngine } from '../helpers/seeds.js';

let engine: Engine;
beforeAll(async () => void ({ engine } = await seedEngine()));

describe('the citation of a seed document', () => {
  it.each([
    ['sichuan-2022-work-points', '四川省科学技术厅. 2022年全省科技创新工作要点: 川科发〔2022〕2号[Z]. 2022-02-28(落款日期2023-02-28).'],
    ['sichuan-2023-conference', '四川省科学技术厅. 2023年全省科技工作会议在蓉召开[Z]. 2023-02-09.'],
    ['sichuan-2024-conference', '四川省科学技术厅. 四川确定新一年科技创新“任务书”[Z]. 2024.'],
    ['suining-2023-work-points', '遂宁市科学技术局. 2023年全市科技创新工作要点[Z]. 2023-02-28.'],
    ['shanxi-2021-conference', '山西省科技厅. 2021年全省科技工作会议召开[Z]. 2021-03-30.'],
    ['state-council-1954', '国务院. 1954年中华人民共和国国务院政府工作报告[R]. 1954-09-23.'],
    ['state-council-1955', '国务院. 1955年中华人民共和国国务院政府工作报告[R]. 1955.'],
    ['state-council-1964', '国务院. 1964年中华人民共和国国务院政府工作报告（摘要）[R]. 1964-12-21.'],
    ['state-council-2021', '国务院. 2021年中华人民共和国国务院政府工作报告[R]. 2021-03-05.'],
    ['state-council-2025', '国务院. 2025年中华人民共和国国务院政府工作报告[R]. 2025-03-05.'],
  ])('%s: %s', (id, citation) => {
    expect(citeDoc(engine.getDoc(id).meta)).toBe(citation);
  });
});

describe('the citation of a seed unit', () => {
  it.each([
    ['sichuan-2022-work-points:t8', '四川省科学技术厅. 2022年全省科技创新工作要点: 川科发〔2022〕2号[Z]. 2022-02-28(落款日期2023-02-28): 第8项任务.'],
    ['state-council-2021:p25', '国务院. 2021年中华人民共和国国务院政府工作报告[R]. 2021-03-05: 第25段.'],
    ['state-council-2021:s1', '国务院. 2021年中华人民共和国国务院政府工作报告[R]. 2021-03-05: 第一部分.'],
    ['state-council-2021:s4', '国务院. 2021年中华人民共和国国务院政府工作报告[R]. 2021-03-05: 第三部分（一）.'],
    ['sichuan-2023-conference:i3', '四川省科学技术厅. 2023年全省科技工作会议在蓉召开[Z]. 2023-02-09: 第3项.'],
    ['suining-2023-work-points:t6', '遂宁市科学技术局. 2023年全市科技创新工作要点[Z]. 2023-02-28: 第6项任务.'],
    ['suining-2023-work-points:r1', '遂宁市科学技术局. 2023年全市科技创新工作要点[Z]. 2023-02-28: 表格第1行.'],
    ['sichuan-2024-conference:p7', '四川省科学技术厅. 四川确定新一年科技创新“任务书”[Z]. 2024: 第7段.'],
  ])('%s: %s', (id, citation) => {
    const { unit, doc } = engine.getUnit(id);
    expect(citeUnit(doc, unit)).toBe(citation);
  });
});

const report: CitableDoc = { title: '2026年四川省政府工作报告', issuer: '四川省人民政府', year: 2026, date: '2026-01-27', kind: 'government-work-report', docNo: null };

describe('a citation', () => {
  it('gives the consistent date and names the printed one when the document is signed with a wrong date', () => {
    const signedLate: CitableDoc = { ...report, kind: 'work-points', title: '2022年全省科技创新工作要点', docNo: '川科发〔2022〕2号', date: '2022-02-28', datePrinted: '2023-02-28' };
    expect(citeDoc(signedLate)).toBe('四川省人民政府. 2022年全省科技创新工作要点: 川科发〔2022〕2号[Z]. 2022-02-28(落款日期2023-02-28).');
    expect(citeDoc({ ...report, datePrinted: '2026-01-27' })).toBe('四川省人民政府. 2026年四川省政府工作报告[R]. 2026-01-27.');
  });

  const unit = (kind: CitableUnit['kind'], ordinal: number, title = '', path: string[] = []): CitableUnit => ({ kind, ordinal, title, path });
  it.each([
    [unit('task', 12), '第12项任务'],
    [unit('paragraph', 3), '第3段'],
    [unit('item', 2), '第2项'],
    [unit('table-row', 5), '表格第5行'],
    [unit('section', 1, '一、2025年工作回顾'), '第一部分'],
    [unit('section', 6, '（三）依靠创新推动实体经济高质量发展', ['三、2021年重点工作']), '第三部分（三）'],
    [unit('section', 9, '2.加快建设产业创新平台', ['二、强化平台', '(一)平台建设']), '第二部分（一）第2条'],
    [unit('section', 4, '政府自身建设'), '第4节'],
  ])('locates %o as %s', (u, place) => {
    expect(locator(u)).toBe(place);
  });
});
