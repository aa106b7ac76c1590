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
});
