/**
 * Reports this project was not tuned on, in layouts the seeds do not have: an autonomous region's work points
 * with 一、/（一）/1. nesting, a city government work report, a county conference news page.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildDoc } from '../src/corpus.js';

const load = (name: string) => buildDoc(readFileSync(`test/fixtures/unseen/${name}`, 'utf8'), name);
const kinds = (name: string) => load(name).units.reduce<Record<string, number>>((m, u) => ((m[u.kind] = (m[u.kind] ?? 0) + 1), m), {});

describe('reports from other regions', () => {
  it.each([
    ['guangxi-2024-work-points.txt', { region: '广西壮族自治区', level: 'province', year: 2024, kind: 'work-points', date: '2024-02-06', docNo: '桂科发〔2024〕3号', issuer: '广西壮族自治区科学技术厅' }],
    ['xiangyang-2023-gov-report.txt', { region: '襄阳市', level: 'city', year: 2023, kind: 'government-work-report', date: '2023-01-10', issuer: '襄阳市人民政府' }],
    ['pingyao-2022-conference.txt', { region: '平遥县', level: 'county', year: 2022, kind: 'conference-report', date: '2022-03-16' }],
  ])('%s is labelled', (name, expected) => {
    expect(load(name).meta).toMatchObject(expected);
  });

  it('cuts the Guangxi work points into 2 sections, 2 subsections and 5 tasks with their paths', () => {
    const { units } = load('guangxi-2024-work-points.txt');
    expect(kinds('guangxi-2024-work-points.txt')).toMatchObject({ section: 4, task: 5 });
    expect(units.find((u) => u.kind === 'task' && u.ordinal === 3)).toMatchObject({
      title: '实施基础研究十年行动',
      path: ['一、强化战略科技力量', '（二）加强基础研究'],
      stance: 'plan',
      year: 2024,
    });
  });

  it('splits the city report into a review of 2022 and a plan for 2023', () => {
    const sections = load('xiangyang-2023-gov-report.txt').units.filter((u) => u.kind === 'section');
    expect(sections.map((s) => [s.title, s.stance, s.year])).toEqual([
      ['一、2022年工作回顾', 'review', 2022],
      ['二、2023年工作安排', 'plan', 2023],
      ['（一）坚持创新引领,加快建设区域科技创新中心', 'plan', 2023],
      ['（二）坚持扩大内需,推动消费持续恢复', 'plan', 2023],
    ]);
  });

  it('keeps the county news article and drops the page around it', () => {
    const d = load('pingyao-2022-conference.txt');
    expect(d.display).not.toMatch(/首页|相关新闻|县领导调研/);
    const items = d.units.filter((u) => u.kind === 'item');
    expect(items.map((i) => [i.stance, i.year])).toEqual([
      ['review', 2021], ['review', 2021], ['plan', 2022], ['plan', 2022], ['plan', 2022],
    ]);
  });
});
