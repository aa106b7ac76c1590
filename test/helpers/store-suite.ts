/**
 * The store-behaviour tests, once per store: search answers, adds and removes seen by the next search, editions,
 * filters and facets. test/persist/stores.test.ts runs them on the embedded index folder and on PostgreSQL; a
 * store is given to the suite as an engine and the writer the write endpoints use for it (CorpusWriter).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildDoc } from '../../src/ingest/corpus.js';
import { Engine } from '../../src/index/engine.js';
import { search, type Hit } from '../../src/search/search.js';
import { prefetchQuery } from '../../src/search/prefetch.js';
import type { CorpusWriter } from '../../src/persist/writer.js';
import type { Doc } from '../../src/types.js';

export interface StoreUnderTest {
  engine: Engine;
  writer: CorpusWriter;
  close(): Promise<void>;
}

const REPORT = (city: string, topic: string) =>
  `2025年${city}科技创新工作要点\n1.实施${topic}专项行动。布局建设${topic}中心。\n2.推动人工智能赋能千行百业,支持企业牵头${topic}攻关。\n`;

const added = (text: string, name: string, region: string) => ({ text, doc: buildDoc(text, name, { region }) });

/** A search as the API makes it: the store's lists fetched first (a no-op for the embedded store). */
async function ask(engine: Engine, q: string) {
  await prefetchQuery(engine, q);
  return search(engine, q, { limit: 1000 });
}

/**
 * The suite. `open` stores `docs` in a new store of its kind; the answers are checked against an engine built in
 * memory from the same documents.
 */
export function storeBehaviour(open: (docs: Doc[]) => Promise<StoreUnderTest>, docs: () => Doc[]): void {
  let store: StoreUnderTest;
  let reference: Engine;

  beforeAll(async () => {
    reference = new Engine();
    reference.addDocs(docs());
    store = await open(docs());
  });

  afterAll(async () => {
    await store?.close();
  });

  it.each([
    '科技',
    '锂',
    '揭榜挂帅',
    '"基础研究十年行动"',
    '基础研究 十年行动',
    '揭榜挂帅 OR 揭榜制',
    '科技 -疫情',
    '２０２２',
    '發展',
  ])('answers %s with the same hits, order and totals as an engine over the same documents', async (q) => {
    const got = await ask(store.engine, q);
    const want = search(reference, q, { limit: 1000 });
    expect(want.total).toBeGreaterThan(0);
    expect(got.hits.map((h) => h.unitId)).toEqual(want.hits.map((h) => h.unitId));
    expect(got.total).toBe(want.total);
  });

  it.each([
    ['成果转化 year:2022', (h: Hit) => h.year <= 2022 && 2022 <= (h.yearTo ?? h.year)],
    ['企业 region:四川', () => true],
    ['创新 kind:task', (h: Hit) => h.kind === 'task'],
    ['研发 stance:plan', (h: Hit) => h.stance === 'plan'],
    ['高新技术企业 doc:sichuan-2023-conference', (h: Hit) => h.docId === 'sichuan-2023-conference'],
  ] as [string, (h: Hit) => boolean][])('filters %s to the units that pass, with the facets of the whole match', async (q, pass) => {
    const got = await ask(store.engine, q);
    const want = search(reference, q, { limit: 1000 });
    expect(got.total).toBeGreaterThan(0);
    expect(got.hits.filter((h) => !pass(h))).toEqual([]);
    expect(got.hits.map((h) => h.unitId)).toEqual(want.hits.map((h) => h.unitId));
    expect(got.facets).toEqual(want.facets);
  });

  it('finds an added report at once, and not after it is removed', async () => {
    const a = await store.writer.addPrepared(added(REPORT('绵阳市', '量子计算'), '绵阳市2025年科技创新工作要点.txt', '绵阳市'), { region: '绵阳市' });
    expect(a.duplicateOf).toBeUndefined();
    const found = await ask(store.engine, '量子计算');
    expect(found.hits.map((h) => h.docId)).toEqual(Array(found.total).fill(a.doc.meta.id));
    expect(found.hits[0]).toMatchObject({ region: '绵阳市' });
    expect((await ask(store.engine, '量子计算 region:绵阳市')).total).toBe(found.total);
    await store.writer.remove(a.doc.meta.id);
    expect((await ask(store.engine, '量子计算')).total).toBe(0);
    expect(store.engine.docs.has(a.doc.meta.id)).toBe(false);
  });

  it('stores a report once: the same text again is named, another edition is refused unless forced', async () => {
    const text = REPORT('德阳市', '氢能装备');
    const first = await store.writer.addPrepared(added(text, 'deyang.txt', '德阳市'), { region: '德阳市' });
    const again = await store.writer.addPrepared(added(text, 'deyang-copy.txt', '德阳市'), { region: '德阳市' });
    expect(again.duplicateOf).toBe(first.doc.meta.id);
    const edition = text.replace('攻关。', '攻关,建设中试平台。');
    const refused = await store.writer.addPrepared(added(edition, 'deyang-2.txt', '德阳市'), { region: '德阳市' });
    expect(refused).toMatchObject({ duplicateOf: first.doc.meta.id, similarity: expect.any(Number) });
    expect((await ask(store.engine, '中试平台 region:德阳市')).total).toBe(0);
    const forced = await store.writer.addPrepared(added(edition, 'deyang-2.txt', '德阳市'), { region: '德阳市' }, { force: true });
    expect(forced.duplicateOf).toBeUndefined();
    expect(forced.doc.meta.id).not.toBe(first.doc.meta.id);
    expect((await ask(store.engine, '中试平台 region:德阳市')).hits.map((h) => h.docId)).toEqual([forced.doc.meta.id]);
  });
}
