/**
 * Reports this project was not tuned on, in layouts the seeds do not have: an autonomous region's work points
 * with 一、/（一）/1. nesting, a city government work report, a county conference news page.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildDoc } from '../../src/ingest/corpus.js';

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

describe('when the page does not name its region outright', () => {
  it('reads the province from the venue of a 全省 meeting (在兰州召开 → 甘肃省), with a 下午 date', () => {
    const d = buildDoc('2019年全省科技工作会议召开\n2019年2月13日下午,全省科技工作会议在兰州召开。会议总结2018年工作,部署2019年任务。', 'gs.txt');
    expect(d.meta).toMatchObject({ region: '甘肃省', level: 'province', year: 2019, date: '2019-02-13', kind: 'conference-report' });
  });

  it('says 未知 rather than guessing, and takes the level from 全市', () => {
    const d = buildDoc('4月17日,全市科技工作会议召开,总结去年工作,部署今年任务。\n(文章来源:某某日报)\n欢迎转载', 'x.txt');
    expect(d.meta).toMatchObject({ region: '未知', level: 'city', issuer: '未知' });
    expect(d.display).not.toMatch(/文章来源|欢迎转载/);
  });

  it('keeps a headline with spaced phrases apart from the body', () => {
    const d = buildDoc('围绕中心强支撑 只争朝夕抓落实 省科技厅召开一季度重点工作交流会\n\n4月7日上午,省科技厅召开一季度重点工作交流会,研究部署二季度重点工作。', 'zj.txt');
    expect(d.display.split('\n')).toHaveLength(2);
    expect(d.meta.title).toBe('围绕中心强支撑 只争朝夕抓落实 省科技厅召开一季度重点工作交流会');
  });
});
