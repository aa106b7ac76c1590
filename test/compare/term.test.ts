/**
 * Following a term: every entry holds the term in the matching form (precision 1.0), every document that has
 * it is an entry (recall 1.0), and the reports of the same series or year that lack it are gaps.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import { compare, isEntry } from '../../src/compare/timeline.js';
import { classifyQuery, TERM_MAX } from '../../src/compare/query-kind.js';
import { normalizeQuery } from '../../src/text/normalize.js';
import { seedEngine } from '../helpers/seeds.js';

let engine: Engine;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

/** The documents with a unit whose matching form holds the term: what recall is measured against. */
const docsWith = (term: string) => new Set(engine.records.filter((r) => r?.match.includes(normalizeQuery(term))).map((r) => r!.doc.id));

describe('a term across the provinces and years', () => {
  it.each([['低空经济'], ['人工智能+'], ['人工智能＋'], ['新质生产力'], ['揭榜挂帅']])('%s: precision and recall 1.0, one entry per document', (term) => {
    const entries = compare(engine, { query: term }).timeline.filter(isEntry);
    const t = normalizeQuery(term);
    for (const e of entries) expect(normalizeQuery(e.text.slice(e.sentence[0], e.sentence[1]))).toContain(t);
    expect(new Set(entries.map((e) => e.docId))).toEqual(docsWith(term));
    expect(entries.length).toBe(new Set(entries.map((e) => e.docId)).size);
  });

  it('never lists a 临空经济区 unit for 低空经济, nor the 2017–2022 State Council reports for 人工智能+', () => {
    const low = compare(engine, { query: '低空经济' }).timeline.filter(isEntry);
    expect(low.some((e) => e.text.includes('临空经济') && !e.text.includes('低空经济'))).toBe(false);
    const ai = compare(engine, { query: '人工智能+' }).timeline.filter(isEntry);
    expect(ai.filter((e) => e.docId.startsWith('state-council-')).map((e) => e.docId)).toEqual(['state-council-2024', 'state-council-2025']);
  });

  it('says why each entry was picked: the term, the role of the sentence, the other sentences passed over', () => {
    const gd = compare(engine, { query: '低空经济' }).timeline.filter(isEntry).find((e) => e.docId === 'guangdong-2026-gov-report')!;
    expect(gd.why.anchors).toEqual(['低空经济']);
    expect(gd.why.role).toEqual({ stance: 'plan', mention: 'focus' });
    expect(gd.why.note).toMatch(/^contains 低空经济 · plan sentence; \d+ other sentences \(/);
    expect(gd.text.slice(gd.sentence[0], gd.sentence[1])).toMatch(/^发展低空经济，/);
  });

  it('prefers a plan sentence about the term to a list that names it and to a review of last year', () => {
    const entries = compare(engine, { query: '低空经济' }).timeline.filter(isEntry);
    const focus = entries.filter((e) => e.why.role.mention === 'focus');
    expect(focus.every((e) => e.why.role.stance !== 'review')).toBe(true);
    expect(entries.filter((e) => e.why.role.stance === 'review')).toEqual([]);
  });
});

describe('the plan sentence, where a province has one (hand labels: test/fixtures/term-plan-sentences.json)', () => {
  const LABELS: Record<string, Record<string, string[]>> = JSON.parse(readFileSync('test/fixtures/term-plan-sentences.json', 'utf8')).terms;

  it.each(Object.keys(LABELS))('%s: the entry is a labelled plan sentence in at least 90% of the provinces that have one', (term) => {
    const entries = new Map(compare(engine, { query: term, gaps: false }).timeline.filter(isEntry).map((e) => [e.docId, e]));
    const labelled = Object.entries(LABELS[term]);
    const right = labelled.filter(([doc, quotes]) => {
      const e = entries.get(doc);
      return e !== undefined && quotes.some((q) => normalizeQuery(e.text.slice(e.sentence[0], e.sentence[1])).includes(normalizeQuery(q)));
    });
    expect(right.length / labelled.length).toBeGreaterThanOrEqual(0.9);
  });
});

describe('gaps', () => {
  it('a province of the 2026 cohort without the term is a gap, named by its report', () => {
    const r = compare(engine, { query: '低空经济' });
    const gaps = r.timeline.filter((i) => i.type === 'gap');
    const cohort = engine.docList().filter((d) => d.year === 2026 && d.level === 'province');
    const without = cohort.filter((d) => !docsWith('低空经济').has(d.id));
    expect(without.length).toBeGreaterThan(0);
    for (const d of without) expect(gaps).toContainEqual(expect.objectContaining({ docId: d.id, reason: `not in ${d.title}` }));
  });

  it('before a series first says it there is no gap; after, every report that does not is one', () => {
    const r = compare(engine, { query: '人工智能+', filters: { levels: ['national'] } });
    expect(r.timeline.map((i) => [i.type, i.year])).toEqual([
      ['entry', 2024],
      ['entry', 2025],
    ]);
    const stopped = compare(engine, { query: '基础研究十年行动', filters: { levels: ['national'] } });
    expect(stopped.timeline.map((i) => `${i.type} ${i.year}`)).toEqual(['entry 2021', 'gap 2022', 'gap 2023', 'gap 2024', 'gap 2025']);
  });

  it('are left out when asked', () => {
    const r = compare(engine, { query: '低空经济', gaps: false });
    expect(r.timeline.every(isEntry)).toBe(true);
  });
});

describe('telling a term from a statement', () => {
  it.each([
    ['低空经济', 'term'],
    ['基础研究十年行动方案', 'term'],
    ['人工智能+ region:四川', 'term'],
    ['"推动经济实现质的有效提升和量的合理增长"', 'term'],
    ['低空经济 OR 商业航天', 'term'],
    ['粮食产量保持在1.3万亿斤以上', 'statement'],
    ['制定实施基础研究十年行动方案，提升企业技术创新能力 year:2021', 'statement'],
  ] as const)('%s is a %s', (query, kind) => {
    expect(classifyQuery(query).kind).toBe(kind);
  });

  it(`a word of up to ${TERM_MAX} characters is a term; --as overrides`, () => {
    expect(classifyQuery('一'.repeat(TERM_MAX)).kind).toBe('term');
    expect(classifyQuery('一'.repeat(TERM_MAX + 1)).kind).toBe('statement');
    expect(classifyQuery('低空经济', 'statement').kind).toBe('statement');
  });

  it('takes the filters out of a statement and refuses one over 2,000 characters or of filters only', () => {
    expect(classifyQuery('粮食产量保持在1.3万亿斤以上 level:national')).toEqual({
      kind: 'statement',
      text: '粮食产量保持在1.3万亿斤以上',
      filters: { levels: ['national'] },
    });
    expect(() => classifyQuery('粮'.repeat(2001), 'statement')).toThrow(expect.objectContaining({ code: 'BAD_QUERY' }));
    expect(() => classifyQuery('year:2022', 'statement')).toThrow(expect.objectContaining({ code: 'BAD_QUERY' }));
  });
});
