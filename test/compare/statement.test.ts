/**
 * Following a statement: each document's sentence with the same role, through rewordings and changed figures,
 * on hand-labelled cases (test/fixtures/statement-pairs.json, which the threshold was calibrated on, and
 * statement-held.json, which nothing was tuned on).
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import { compare, isEntry, type TimelineEntry } from '../../src/compare/timeline.js';
import { partsOf, pickByStatement } from '../../src/compare/statement.js';
import { prepareStatement, scoreText, STATEMENT_THRESHOLD } from '../../src/compare/statement-score.js';
import { modelOf } from '../../src/compare/similarity.js';
import { normalizeQuery } from '../../src/text/normalize.js';
import { seedEngine } from '../helpers/seeds.js';

interface Case {
  id: string;
  from: string;
  statement: string;
  /** docId → quotes, one of which the entry's sentence holds */
  expect: Record<string, string[]>;
  absent?: string[];
}
const load = (name: string): Case[] => JSON.parse(readFileSync(`test/fixtures/${name}`, 'utf8')).cases;
const PAIRS = load('statement-pairs.json');
const HELD = load('statement-held.json');

let engine: Engine;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

const sentence = (e: TimelineEntry) => e.text.slice(e.sentence[0], e.sentence[1]);
const holdsOne = (text: string, quotes: string[]) => quotes.some((q) => normalizeQuery(text).includes(normalizeQuery(q)));

/** The entries a statement gets, by document, followed with the shipped threshold. */
const follow = (c: Case, docs: string[]) => {
  const r = compare(engine, { query: c.statement, as: 'statement', filters: { docs }, gaps: false });
  return new Map(r.timeline.filter(isEntry).map((e) => [e.docId, e]));
};

describe('the labelled pairs the threshold was calibrated on', () => {
  it.each(PAIRS.map((c) => [c.id, c] as const))('%s: the same-role sentence in every document that restates it, nothing where none does', (_id, c) => {
    const entries = follow(c, [...Object.keys(c.expect), ...(c.absent ?? [])]);
    for (const [doc, quotes] of Object.entries(c.expect)) {
      const e = entries.get(doc);
      expect(e && sentence(e), `${c.id} in ${doc}`).toSatisfy((s: string | undefined) => s !== undefined && holdsOne(s, quotes));
    }
    for (const doc of c.absent ?? []) expect(entries.has(doc), `${c.id} should not be in ${doc}`).toBe(false);
  });
});

describe('held-out cross-year cases', () => {
  it('finds the sentence with the same role in the other year in at least 7 of 8', () => {
    expect(HELD).toHaveLength(8);
    const found = HELD.filter((c) => {
      const [[doc, quotes]] = Object.entries(c.expect);
      const e = follow(c, [doc]).get(doc);
      return e !== undefined && holdsOne(sentence(e), quotes);
    });
    expect(found.length).toBeGreaterThanOrEqual(7);
  });
});

describe('a pasted paragraph', () => {
  it('is followed part for part, three sentences at a time', () => {
    expect(partsOf('一。二。三。')).toEqual(['一。二。三。']);
    expect(partsOf('一。二。三。四。五。六。七。')).toEqual(['一。二。三。', '四。五。六。', '七。']);
  });

  it('finds the report it was pasted from, and the sentences of other years on what one of its parts says', () => {
    const paragraph = engine.getUnit('state-council-2022:p51').unit.text;
    const entries = compare(engine, { query: paragraph, gaps: false }).timeline.filter(isEntry);
    expect(entries.find((e) => e.docId === 'state-council-2022')).toMatchObject({ unitId: 'state-council-2022:p51', similarity: 1 });
    expect(sentence(entries.find((e) => e.docId === 'state-council-2021')!)).toContain('基础研究十年行动方案');
  });
});

describe('the diffs between entries', () => {
  it('show a changed figure as one change, never digit soup, and rebuild both sentences', () => {
    const r = compare(engine, { query: '粮食产量保持在1.3万亿斤以上', filters: { docs: ['state-council-2023', 'state-council-2024', 'state-council-2025'] } });
    const entries = r.timeline.filter(isEntry);
    expect(entries.map((e) => e.docId)).toEqual(['state-council-2023', 'state-council-2024', 'state-council-2025']);
    const changes = (e: TimelineEntry) => e.diff!.filter((o) => o.op !== 'equal').map((o) => `${o.op}:${o.text}`);
    expect(changes(entries[1])).toEqual(['delete:保持在']);
    expect(changes(entries[2])).toEqual(['delete:1.3万亿斤以上', 'insert:1.4万亿斤左右']);
    for (const [k, e] of entries.entries())
      if (k) {
        expect(e.diff!.filter((o) => o.op !== 'insert').map((o) => o.text).join('')).toBe(sentence(entries[k - 1]));
        expect(e.diff!.filter((o) => o.op !== 'delete').map((o) => o.text).join('')).toBe(sentence(e));
      }
  });
});

describe('the similarity', () => {
  const score = (statement: string, text: string) => scoreText(modelOf(engine), prepareStatement(engine, normalizeQuery(statement)), normalizeQuery(text));

  it('is 1 for the statement itself, and survives a changed figure', () => {
    expect(score('粮食产量保持在1.3万亿斤以上', '粮食产量保持在1.3万亿斤以上').score).toBeCloseTo(1, 9);
    expect(score('粮食产量保持在1.3万亿斤以上', '粮食产量1.4万亿斤左右').score).toBeGreaterThan(STATEMENT_THRESHOLD);
  });

  it('lets the rare words count: the anchor shared matters more than the boilerplate around it', () => {
    const statement = '制定实施基础研究十年行动方案';
    const anchors = score(statement, '实施基础研究十年规划');
    const boilerplate = score(statement, '制定实施实现碳达峰行动方案');
    expect(anchors.score).toBeGreaterThan(boilerplate.score);
    expect(anchors.shared).toContain('基础研究');
    expect(boilerplate.score).toBeLessThan(STATEMENT_THRESHOLD);
  });

  it('prefers a plan sentence to a review of how last year went when the statement is a plan', () => {
    const { picks } = pickByStatement(engine, '今年再减少农村贫困人口1000万人以上', { docs: ['state-council-2016'] });
    const [p] = picks;
    const rec = engine.records[p.n]!;
    // the 2016 report reviews 农村贫困人口减少1442万人 and plans 今年要完成1000万以上农村贫困人口脱贫任务
    expect(rec.match.slice(p.span![0], p.span![1])).toContain('今年要完成1000万以上农村贫困人口脱贫任务');
    expect(p.why.role.stance).toBe('plan');
  });
});
