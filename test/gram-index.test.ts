import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { GramIndex, intersectSorted } from '../src/gram-index.js';
import { FlexTextIndex } from '../src/text-index.js';
import { Engine } from '../src/engine.js';
import { loadCorpus, buildDoc } from '../src/corpus.js';
import { matchQuery, search } from '../src/search.js';
import { parseQuery } from '../src/query.js';
import { tmpIndexDir } from './helpers/seeds.js';
import type { Doc } from '../src/types.js';

let docs: Doc[];
beforeAll(() => {
  docs = loadCorpus('seeds', 0).docs.filter((d) => d.meta.source.startsWith('sci-tech') || d.meta.year >= 2019);
});

const ids = (e: Engine, q: string) => matchQuery(e, parseQuery(q)).hits.map((n) => e.records[n]!.unit.id).sort();

describe('stores behind the seam', () => {
  it('the gram index and FlexSearch return the same hits', () => {
    const gram = new Engine(new GramIndex());
    gram.addDocs(docs);
    const flex = new Engine(new FlexTextIndex());
    flex.addDocs(docs);
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

  it('saves and loads its postings as typed arrays', async () => {
    const a = new GramIndex();
    a.build([{ id: 0, text: '基础研究十年行动' }, { id: 1, text: '十年行动计划' }, { id: 2, text: '锂电' }]);
    const dir = tmpIndexDir();
    await a.save(dir);
    const b = new GramIndex();
    b.load(dir);
    expect(b.candidates('十年行动')).toEqual([0, 1]);
    expect(b.candidates('锂')).toEqual([2]);
    expect(b.candidates('不存在')).toEqual([]);
  });

  it('adding then removing a document leaves search results unchanged', () => {
    const e = new Engine();
    e.addDocs(docs);
    const before = search(e, '科技 创新', { limit: 50 });
    e.addDoc(buildDoc('2026年全市科技工作要点\n1.推进科技创新。加强科技创新平台建设。', 'extra/2026_某市_工作要点.txt'));
    expect(search(e, '科技 创新', { limit: 50 }).total).toBe(before.total + 1);
    e.removeDoc(e.docList().find((d) => d.year === 2026)!.id);
    expect(search(e, '科技 创新', { limit: 50 })).toEqual(before);
  });

  it.each([
    [[[1, 3, 5, 7], [3, 4, 5], [0, 3, 5, 9]], [3, 5]],
    [[[1, 2], []], []],
    [[[2, 4, 6, 8, 10, 12, 14, 16], [16]], [16]],
  ])('intersects sorted lists %j', (lists, expected) => {
    expect(intersectSorted(lists)).toEqual(expected);
  });
});
