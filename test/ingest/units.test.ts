import { describe, it, expect } from 'vitest';
import { buildDoc } from '../../src/ingest/corpus.js';
import { findItems, segmentUnits } from '../../src/ingest/units.js';
import { readSeed, SEED } from '../helpers/seeds.js';
import type { Unit, UnitKind } from '../../src/types.js';

const doc = (rel: string) => buildDoc(readSeed(rel), rel);
const ofKind = (units: Unit[], kind: UnitKind) => units.filter((u) => u.kind === kind);

describe('units: the seeds, exactly', () => {
  it('Sichuan 2022 work points → 33 tasks; the 附件 list is not tasks', () => {
    const { units, display } = doc(SEED.sichuan2022);
    const tasks = ofKind(units, 'task');
    expect(tasks).toHaveLength(33);
    expect(tasks.map((t) => t.ordinal)).toEqual(Array.from({ length: 33 }, (_, k) => k + 1));
    expect(tasks[7]).toMatchObject({ id: 'sichuan-2022-work-points:t8', title: '实施基础研究十年行动', stance: 'plan', year: 2022 });
    expect(tasks[32].title).toBe('切实加强党的建设');
    for (const t of tasks) expect(display.slice(t.start, t.end)).toBe(t.text);
    expect(units.some((u) => u.text.startsWith('2.重要文件清单') && u.kind === 'paragraph')).toBe(true);
  });

  it('Suining 2023 → 6 sections, 17 tasks, 10 table rows', () => {
    const { units } = doc(SEED.suining2023);
    expect(ofKind(units, 'section')).toHaveLength(6);
    expect(ofKind(units, 'task')).toHaveLength(17);
    const rows = ofKind(units, 'table-row');
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({ ordinal: 1, title: '争创国家创新型城市' });
    expect(rows[9]).toMatchObject({ ordinal: 10, title: '支持蓬溪县、安居区创建省级农业科技园区' });
    // the numbered measures inside a table cell are not tasks
    expect(ofKind(units, 'task').every((t) => !t.text.includes('|'))).toBe(true);
    const t5 = ofKind(units, 'task')[4];
    expect(t5).toMatchObject({ title: '梯度培育科技企业', path: ['三、加强优势企业培育,增强产业核心竞争力'] });
  });

  it('Sichuan 2023 report → 10 review items about 2022 and 9 plan items for 2023', () => {
    const items = ofKind(doc(SEED.sichuan2023).units, 'item');
    const review = items.filter((i) => i.stance === 'review' && i.year === 2022);
    const plan = items.filter((i) => i.stance === 'plan' && i.year === 2023);
    expect(review).toHaveLength(10);
    expect(plan).toHaveLength(9);
    expect(review[2].title).toBe('基础研究部署得到系统强化');
    expect(plan[0].title).toBe('突出抓好高能级创新平台建设');
    expect(review[9].text.startsWith('十是')).toBe(true);
  });

  it('State Council 2021 → sections with their stance, and paragraphs', () => {
    const { units } = doc('state-council/2021_国务院_政府工作报告.txt');
    const sections = ofKind(units, 'section');
    expect(sections[0]).toMatchObject({ title: '一、2020年工作回顾', stance: 'review', year: 2020 });
    expect(sections.find((s) => s.title === '三、2021年重点工作')).toMatchObject({ stance: 'plan', year: 2021 });
    expect(sections.filter((s) => s.path.length === 2)).toHaveLength(8);
    expect(ofKind(units, 'paragraph').length).toBeGreaterThan(40);
  });

  it('every unit’s text is its slice of the display text', () => {
    for (const rel of [...Object.values(SEED), 'state-council/1954_国务院_政府工作报告.txt']) {
      const { units, display } = doc(rel);
      for (const u of units) expect(display.slice(u.start, u.end)).toBe(u.text);
    }
  });
});

describe('units: the rules', () => {
  it.each([
    ['一是甲。二是乙。三是丙。', ['一是甲。', '二是乙。', '三是丙。']],
    ['重点做好:一是甲,二是乙', ['一是甲', '二是乙']],
    ['统一是前提。', []],
    ['一是只有一项。', []],
  ])('items in %j', (text, expected) => {
    expect(findItems(text).map((s) => text.slice(s.start, s.end))).toEqual(expected);
  });

  it('restarts task numbering only at 1, so a stray number is a paragraph', () => {
    const units = segmentUnits('1.甲任务。\n2.乙任务。\n7.不是任务。\n3.丙任务。', { id: 'x', year: 2022, kind: 'work-points' });
    expect(ofKind(units, 'task').map((t) => t.title)).toEqual(['甲任务', '乙任务', '丙任务']);
  });

  it('reads a one-line markdown table too', () => {
    const units = segmentUnits('| 序号 | 工作事项 | 举措 |\n| 1 | 建设中试平台 | 年内建成 |\n| 2 | 培育企业 | 新增50家 |', { id: 'x', year: 2023, kind: 'work-points' });
    expect(ofKind(units, 'table-row').map((r) => r.title)).toEqual(['建设中试平台', '培育企业']);
  });

  const REPORT = [
    '2026年某省政府工作报告',
    '各位代表：',
    '现在，我代表省人民政府，向大会报告工作，请予审议。',
    '2025年工作回顾',
    '过去一年，我们坚持稳中求进，经济运行总体平稳，地区生产总值增长5.2%，各项事业取得新进展。',
    '（一）产业转型加快。全年新增高新技术企业1200家，规上工业增加值增长6%，制造业投资增长8%。',
    '（二）民生持续改善。城镇新增就业60万人，居民人均可支配收入增长5.5%，养老服务不断完善。',
    '2026年工作安排',
    '今年经济社会发展的主要预期目标是：地区生产总值增长5%左右，城镇新增就业55万人以上。',
    '（一）扩大有效需求。实施提振消费专项行动，推动重大项目建设，全年完成投资增长5%以上。',
    '（二）加快科技创新。培育“瞪羚”企业100家，实施关键核心技术攻关项目50项以上。',
    '名词解释',
    '1.“瞪羚”企业：',
    '指跨过创业死亡谷、进入高成长期的中小企业。',
    '2.新质生产力：指创新起主导作用的先进生产力质态。',
  ].join('\n');
  const units = segmentUnits(REPORT, { id: 'x', year: 2026, kind: 'government-work-report' });

  it('takes headings without a number for the top level, with their stance, and puts each （一） under its own', () => {
    expect(ofKind(units, 'section').map((s) => [s.path.join(' > '), s.stance, s.year])).toEqual([
      ['2025年工作回顾', 'review', 2025],
      ['2025年工作回顾 > （一）产业转型加快', 'review', 2025],
      ['2025年工作回顾 > （二）民生持续改善', 'review', 2025],
      ['2026年工作安排', 'plan', 2026],
      ['2026年工作安排 > （一）扩大有效需求', 'plan', 2026],
      ['2026年工作安排 > （二）加快科技创新', 'plan', 2026],
      ['名词解释', 'other', 2026],
    ]);
  });

  it('reads a glossary at the end as glossary entries, each a term with its definition, not tasks or paragraphs', () => {
    const entries = ofKind(units, 'glossary');
    expect(entries.map((g) => [g.title, g.text, g.stance])).toEqual([
      ['“瞪羚”企业', '1.“瞪羚”企业：\n指跨过创业死亡谷、进入高成长期的中小企业。', 'other'],
      ['新质生产力', '2.新质生产力：指创新起主导作用的先进生产力质态。', 'other'],
    ]);
    expect(ofKind(units, 'task')).toEqual([]);
    expect(units.filter((u) => u.text.includes('死亡谷')).map((u) => u.kind)).toEqual(['glossary']);
  });

  it('Guangdong 2026: 13 glossary entries after 名词解释, the ten 民生实事 of 附件1 planned for 2026', () => {
    const d = doc('provinces-2026/2026_广东省_政府工作报告.txt');
    expect(ofKind(d.units, 'glossary').map((g) => g.title).slice(0, 3)).toEqual(['“四上”企业', '“双高计划”', '“四好农村路”']);
    expect(ofKind(d.units, 'glossary')).toHaveLength(13);
    const annex = d.units.filter((u) => u.path[0] === '附件1' && u.kind === 'paragraph');
    expect(annex.length).toBeGreaterThan(10);
    expect(new Set(annex.map((u) => `${u.stance} ${u.year}`))).toEqual(new Set(['plan 2026']));
  });

  it('never makes a unit of a line broken mid-phrase in the 2026 reports and the State Council’s', () => {
    for (const rel of ['provinces-2026/2026_云南省_政府工作报告.txt', 'provinces-2026/2026_广东省_政府工作报告.txt', 'state-council/2017_国务院_政府工作报告.txt']) {
      const short = doc(rel).units.filter((u) => u.kind === 'paragraph' && u.text.length <= 6 && !/^各位代表/.test(u.text) && !/^附件|名词解释|政府工作报告/.test(u.text));
      expect(short.map((u) => u.text)).toEqual([]);
    }
  });
});
