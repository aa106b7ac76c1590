import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { GramIndex } from '../../src/index/gram.js';
import { countOccurrences } from '../../src/search/rank.js';
import { FlexTextIndex } from '../../src/index/flexsearch.js';
import type { TagFilter } from '../../src/index/store.js';
import { Engine } from '../../src/index/engine.js';
import { loadCorpus, buildDoc } from '../../src/ingest/corpus.js';
import { search } from '../../src/search/search.js';
import { matchQuery } from '../../src/search/match.js';
import { parseQuery } from '../../src/search/query.js';
import { tmpIndexDir } from '../helpers/seeds.js';
import type { Doc } from '../../src/types.js';

let docs: Doc[];
beforeAll(() => {
  docs = loadCorpus('seeds', 0).docs.filter((d) => d.meta.source.startsWith('sci-tech') || d.meta.year >= 2019);
});

const ids = (e: Engine, q: string) => matchQuery(e, parseQuery(q)).hits.map((n) => e.records[n]!.unit.id).sort();

describe('stores behind the seam', () => {
  // the two engines only answer queries (and save) below, so they are built once for all of these cases
  let gram: Engine;
  let flex: Engine;
  beforeAll(() => {
    gram = new Engine({ index: new GramIndex() });
    gram.addDocs(docs);
    flex = new Engine({ index: new FlexTextIndex() });
    flex.addDocs(docs);
  });

  it('the gram index and FlexSearch return the same hits', () => {
    const texts = gram.records.map((r) => r!.match);
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.nat(500), fc.integer({ min: 1, max: 8 }), (i, at, len) => {
        const t = texts[i];
        fc.pre(t.length > len);
        const term = t.slice(at % (t.length - len), (at % (t.length - len)) + len);
        fc.pre(/[\p{L}\p{N}]/u.test(term) && !/["\s]/.test(term));
        expect(ids(gram, `"${term}"`)).toEqual(ids(flex, `"${term}"`));
      }),
      { numRuns: 100, seed: 7 },
    );
  });

  it.each([
    '科技 year:2022',
    '创新 year:2021..2023 region:四川',
    '发展 level:national kind:paragraph',
    '企业 stance:plan -研发',
    '科技 region:遂宁 kind:task',
    '"科技型中小企业" OR 揭榜挂帅 year:2021..2024',
    '改革 doc:state-council-2021',
    // an outlook of 2026–2030 carries each of its years as a tag
    '十五五 year:2028',
    '主要目标 stance:outlook year:2027..2029',
  ])('FlexSearch filters by its own string tags (AND across filters) and agrees with the gram store: %s', (q) => {
    expect(ids(flex, q)).toEqual(ids(gram, q));
    expect(ids(flex, q).length).toBeGreaterThan(0);
  });

  it('keeps its tags through save and load, and a tag filter alone selects by them', async () => {
    const dir = tmpIndexDir();
    await flex.index.save(dir);
    const loaded = new FlexTextIndex();
    loaded.load(dir);
    const expected = flex.records.flatMap((r, n) => (r && r.unit.year === 2022 && r.doc.region === '四川省' ? [n] : []));
    // the store filters by its own tags, without asking the engine (`keep` refuses every unit)
    const all = flex.records.map((_, n) => n);
    const byTags = (tags: TagFilter) => [...loaded.filter(all, () => tags, () => false)];
    expect(byTags({ year: ['2022'], region: ['四川省'] })).toEqual(expected);
    expect(byTags({ year: ['2022', '2023'] }).length).toBeGreaterThan(expected.length);
  });

  it('saves and loads its postings as typed arrays', async () => {
    const a = new GramIndex();
    a.build([{ id: 0, text: '基础研究十年行动' }, { id: 1, text: '十年行动计划' }, { id: 2, text: '锂电' }]);
    const dir = tmpIndexDir();
    await a.save(dir);
    const b = new GramIndex();
    b.load(dir);
    expect([...b.candidates('十年行动')]).toEqual([0, 1]);
    expect([...b.candidates('锂')]).toEqual([2]);
    expect([...b.candidates('不存在')]).toEqual([]);
    expect(b.postings('十年')).toEqual(a.postings('十年'));
  });

  it('gives each unit its number of occurrences of a one- or two-character term, counted without overlap', () => {
    const g = new GramIndex();
    g.build([{ id: 0, text: '哈哈哈哈，科技' }, { id: 3, text: '科技兴科技强' }, { id: 4, text: '无' }]);
    const list = (t: string) => { const p = g.postings(t); return [...p.ids].map((n, k) => [n, p.tf[k]]); };
    expect(list('哈哈')).toEqual([[0, 2]]);
    expect(list('哈')).toEqual([[0, 4]]);
    expect(list('科技')).toEqual([[0, 1], [3, 2]]);
    g.add(7, '科技科技科技');
    expect(list('科技')).toEqual([[0, 1], [3, 2], [7, 3]]);
    g.remove(3);
    expect(list('科技')).toEqual([[0, 1], [7, 3]]);
    expect([...g.candidates('科技科')]).toEqual([7]);
  });

  it('bounds each candidate of a longer term by how often the term can occur in it, also for added and removed units', () => {
    const g = new GramIndex();
    const texts = ['十年行动，十年行动，十年行动', '基础研究十年行动', '十年十年行动行动', '行动十年', '十年行动计划'];
    g.build(texts.map((text, id) => ({ id, text })));
    g.add(5, '十年行动再出发，十年行动');
    g.add(6, '十年之行动');
    g.remove(4);
    const live = new Map<number, string>([...texts.entries(), [5, '十年行动再出发，十年行动'] as const, [6, '十年之行动'] as const].filter(([n]) => n !== 4));
    for (const term of ['十年行动', '年行动', '十年行', '再出发']) {
      const { ids, tfBound } = g.candidatesBounded(term);
      expect([...ids]).toEqual([...g.candidates(term)]);
      for (const [n, text] of live) if (text.includes(term)) expect([...ids]).toContain(n);
      ids.forEach((n, k) => {
        // 0 means no bound is known (a unit added since the build)
        if (tfBound[k]) expect(tfBound[k]).toBeGreaterThanOrEqual(countOccurrences(live.get(n)!, term));
      });
    }
    const { ids, tfBound } = g.candidatesBounded('十年行动');
    expect(tfBound[[...ids].indexOf(0)]).toBe(3);
    expect(tfBound[[...ids].indexOf(1)]).toBe(1);
  });

  it('probes a term only among given units: candidatesWithin = candidates ∩ within, also for added and removed units', () => {
    const g = new GramIndex();
    const texts = ['基础研究十年行动', '十年行动计划', '锂电池', '科技创新十年行动', '行动十年', '创新行动'];
    g.build(texts.map((text, id) => ({ id, text })));
    g.add(6, '十年行动再出发');
    g.add(7, '锂资源');
    g.remove(3);
    fc.assert(
      fc.property(fc.constantFrom('十年行动', '行动', '锂', '十年', '创新', '出发', '无此'), fc.subarray([0, 1, 2, 3, 4, 5, 6, 7]), (term, within) => {
        const all = [...g.candidates(term)];
        expect([...g.candidatesWithin(term, Uint32Array.from(within))]).toEqual(within.filter((n) => all.includes(n)));
        if (term.length <= 2) expect(g.dfBound(term)).toBe(all.length);
        else expect(g.dfBound(term)).toBeGreaterThanOrEqual(all.length);
      }),
      { numRuns: 200, seed: 11 },
    );
  });

  it('finds exactly the units holding every term of a random AND query (terms checked cheapest first)', () => {
    const e = gram;
    const texts = e.records.map((r) => r!.match);
    fc.assert(
      fc.property(fc.nat(texts.length - 1), fc.array(fc.tuple(fc.nat(400), fc.integer({ min: 1, max: 5 })), { minLength: 2, maxLength: 3 }), (i, picks) => {
        const t = texts[i];
        const terms = picks.map(([at, len]) => t.slice(at % Math.max(1, t.length - len), (at % Math.max(1, t.length - len)) + len));
        fc.pre(terms.every((x) => x.length > 0 && /^[\p{L}\p{N}]+$/u.test(x)));
        const expected = e.records.flatMap((r) => (r && terms.every((x) => r.match.includes(x)) ? [r.unit.id] : [])).sort();
        expect(ids(e, terms.join(' '))).toEqual(expected);
      }),
      { numRuns: 150, seed: 13 },
    );
  });

  it('adding then removing a document leaves search results unchanged', () => {
    const e = new Engine();
    e.addDocs(docs);
    const before = search(e, '科技 创新', { limit: 50 });
    const extra = buildDoc('2026年全市科技工作要点\n1.推进科技创新。加强科技创新平台建设。', 'extra/2026_某市_工作要点.txt');
    e.addDoc(extra);
    expect(search(e, '科技 创新', { limit: 50 }).total).toBe(before.total + 1);
    e.removeDoc(extra.meta.id);
    expect(search(e, '科技 创新', { limit: 50 })).toEqual(before);
  });

});
