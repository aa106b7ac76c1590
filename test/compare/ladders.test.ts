import { describe, expect, it } from 'vitest';
import { diffTexts } from '../../src/compare/diff.js';
import { LADDERS, LaddersSchema, ladderHits } from '../../src/compare/ladders.js';

import { shiftsOf } from './helpers.js';

/** Per ladder: a change up, a change down, and wording its scope or exclusions keep off it. */
const CASES: Record<string, { up: [string, string]; down: [string, string]; not: [string, string] }> = {
  'monetary-stance': {
    up: ['实施稳健的货币政策', '实施适度宽松的货币政策'],
    down: ['继续实行稳健的货币政策', '继续实行从紧的货币政策'],
    not: ['保持经济稳健发展', '保持经济适度宽松发展'],
  },
  'fiscal-stance': {
    up: ['实行稳健的财政政策', '实行积极的财政政策'],
    down: ['继续实施积极的财政政策', '继续实施稳健的财政政策'],
    not: ['坚持稳健经营', '坚持积极经营'],
  },
  advance: {
    up: ['推进国有企业改革', '深化国有企业改革'],
    down: ['全面推进依法治国', '推进依法治国'],
    not: ['加强基础研究', '加强基础推进'],
  },
  proactive: {
    up: ['实施积极的就业政策', '实施更加积极的就业政策'],
    down: ['实施更加积极的就业政策', '实施积极的就业政策'],
    not: ['调动各方面积极性', '调动各方面更加积极性'],
  },
  support: {
    up: ['鼓励民间投资', '支持民间投资'],
    down: ['大力支持小微企业', '支持小微企业'],
    not: ['提高支持率', '提高鼓励率'],
  },
  pace: {
    up: ['稳步推进城镇化', '加快推进城镇化'],
    down: ['全面建设小康社会', '加快建设小康社会'],
    not: ['稳步增长', '稳步回升'],
  },
  attention: {
    up: ['关注民生', '高度重视民生'],
    down: ['高度重视安全生产', '重视安全生产'],
    not: ['重视程度', '重视力度'],
  },
  restriction: {
    up: ['限制高耗能项目', '严禁高耗能项目'],
    down: ['禁止新建小煤矿', '严格限制新建小煤矿'],
    not: ['限制条件', '限制范围'],
  },
};

describe('the ladders file', () => {
  it('is valid: named ladders, at least two steps, no word on two steps of one ladder', () => {
    expect(() => LaddersSchema.parse(LADDERS)).not.toThrow();
  });

  it('has a test case for every ladder', () => {
    expect(Object.keys(CASES).sort()).toEqual(LADDERS.map((l) => l.name).sort());
  });

  it('rejects a word on two steps and an exclusion holding no step word', () => {
    const bad = [{ name: 'x', label: 'x', about: 'x', steps: [['推进'], ['推进']] }];
    expect(() => LaddersSchema.parse(bad)).toThrow(/推进 on two steps/);
    const stray = [{ name: 'x', label: 'x', about: 'x', steps: [['推进'], ['深化']], exclude: ['研究生'] }];
    expect(() => LaddersSchema.parse(stray)).toThrow(/exclude 研究生/);
  });
});

describe.each(Object.entries(CASES))('ladder %s', (name, c) => {
  const ladder = LADDERS.find((l) => l.name === name)!;
  const word = (text: string, side: 'a' | 'b', pair: [string, string]) => {
    const hits = ladderHits(text).filter((h) => LADDERS[h.ladder] === ladder);
    return hits.length ? hits[0].word : `no ${name} word in ${side}: ${pair[side === 'a' ? 0 : 1]}`;
  };

  it('marks a move to the right as up', () => {
    const [a, b] = c.up;
    expect(shiftsOf(a, b)).toContain(`${name} ${word(a, 'a', c.up)}→${word(b, 'b', c.up)} up`);
  });

  it('marks a move to the left as down', () => {
    const [a, b] = c.down;
    expect(shiftsOf(a, b)).toContain(`${name} ${word(a, 'a', c.down)}→${word(b, 'b', c.down)} down`);
  });

  it('keeps wording outside its scope off it', () => {
    const [a, b] = c.not;
    expect(shiftsOf(a, b).filter((s) => s.startsWith(`${name} `))).toEqual([]);
  });
});
