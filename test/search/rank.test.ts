import { describe, it, expect, beforeAll } from 'vitest';
import { wholeWordAt, idf, countOccurrences, rank, RERANK_DEPTH, bm25, isWholeWord, WHOLE_WORD_BOOST } from '../../src/search/rank.js';
import { Engine } from '../../src/index/engine.js';
import { buildDoc, loadCorpus } from '../../src/ingest/corpus.js';
import { search } from '../../src/search/search.js';
import { matchIds } from '../../src/search/match.js';
import { parseQuery } from '../../src/search/query.js';

describe('rank: whole words', () => {
  it.each([
    ['加强市场监管', '市场', true],
    ['打造智慧城市场景', '市场', false], // 城市 straddles the start, 场景 the end
    ['市场监管', '市场', true], // a longer word around the match does not count against it
    ['成渝中线科创走廊建设', '科创走廊', true],
    ['成渝中线科创走廊建设', '创走', false],
  ])('%s: %s whole = %s', (text, term, whole) => {
    const at = text.indexOf(term);
    expect(wholeWordAt(text, at, at + term.length)).toBe(whole);
  });
});

describe('rank: BM25 parts', () => {
  it('a rarer term has a higher idf', () => {
    expect(idf(2, 1000)).toBeGreaterThan(idf(200, 1000));
  });
  it.each([
    ['科技科技科技', '科技', 3],
    ['aaaa', 'aa', 2],
    ['', '科技', 0],
  ])('counts non-overlapping occurrences of %s in %s', (hay, needle, n) => {
    expect(countOccurrences(hay, needle)).toBe(n);
  });
});

describe('rank: the first page', () => {
  let engine: Engine;
  beforeAll(() => {
    engine = new Engine();
    engine.addDocs(loadCorpus('seeds', 0).docs);
  });

  it.each(['发展', '科技 创新', '企业', '的', '研究', '市场', '"科技型中小企业"', '创新 OR 改革'])(
    'for %s is the first page of a full whole-word rerank (checking stops early only when no later hit can reach it)',
    (q) => {
      const { hits, terms } = matchIds(engine, parseQuery(q));
      const page = rank(engine, hits, terms, 20).slice(0, 20);
      const full = rank(engine, hits, terms, RERANK_DEPTH).slice(0, 20);
      expect(page).toEqual(full);
    },
  );

  it.each(['发展', '科技 创新', '企业', '的', '市场', '"科技型中小企业"', '创新 OR 改革', '研究 -基础', '科技创新', '高新技术企业 人才'])(
    'for %s equals a plain reference: BM25 of every hit, the whole-word boost on the best raw scores, sorted',
    (q) => {
      const { hits, terms } = matchIds(engine, parseQuery(q));
      const date = (n: number) => engine.cols.date[n];
      const order = (a: { n: number; score: number }, b: { n: number; score: number }) => b.score - a.score || date(b.n) - date(a.n) || a.n - b.n;
      const raw = [...hits].map((n) => ({ n, score: bm25(engine.records[n]!, terms, engine.unitCount, engine.avgUnitLength) })).sort(order);
      const boosted = raw.slice(0, RERANK_DEPTH).map(({ n, score }) => {
        const whole = terms.filter((t) => isWholeWord(engine.records[n]!, t.term)).length;
        return { n, score: score * (1 + (WHOLE_WORD_BOOST * whole) / terms.length) };
      });
      const expected = boosted.sort(order).slice(0, 20);
      const got = rank(engine, hits, terms, 20).slice(0, 20);
      expect(got.map((s) => s.n)).toEqual(expected.map((s) => s.n));
      got.forEach((s, k) => expect(s.score).toBeCloseTo(expected[k].score, 9));
    },
  );

  it('leaves nothing behind for the next ranking (its working arrays are reused)', () => {
    const small = matchIds(engine, parseQuery('揭榜挂帅'));
    const before = rank(engine, small.hits, small.terms, 20);
    const big = matchIds(engine, parseQuery('发展 的'));
    rank(engine, big.hits, big.terms, 1000);
    expect(rank(engine, small.hits, small.terms, 20)).toEqual(before);
  });

  it('boosts a title match in a document added after the first search', () => {
    const e = new Engine();
    e.addDocs(loadCorpus('seeds', 0).docs.slice(0, 2));
    search(e, '钙钛矿');
    e.addDoc(
      buildDoc(
        '2027年某市科技工作要点\n一、重点任务\n1.钙钛矿电池攻关。组织企业开展长周期稳定性、转换效率和大面积制备工艺研究，推动中试线建设和示范应用，支持产业链上下游协同攻关。\n2.加快平台建设。支持钙钛矿平台。',
        'extra/2027_某市_工作要点.txt',
      ),
    );
    const hits = search(e, '钙钛矿').hits;
    expect(hits.map((h) => h.title)[0]).toContain('钙钛矿');
    expect(hits.length).toBe(2);
  });
});
