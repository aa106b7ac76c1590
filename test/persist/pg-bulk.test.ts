/**
 * A build writes FlexSearch's postings by COPY, an add through FlexSearch's adapter: both must leave the rows the
 * adapter reads as its own — each unit's distinct characters and bigrams under its unit number, and the unit in
 * the registry — and the adapter's indexes. Runs against the test PostgreSQL (test/helpers/pg.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithDatabase, freshDatabase } from '../helpers/pg.js';
import { sciTechSeeds } from '../helpers/seeds.js';
import { buildDoc, loadCorpus } from '../../src/ingest/corpus.js';
import { bigrams, unigrams } from '../../src/index/store.js';
import { FORMAT_VERSION } from '../../src/persist/save.js';
import { PgCorpus } from '../../src/persist/pg/corpus.js';
import { database } from '../../src/persist/pg/db.js';
import { search } from '../../src/search/search.js';
import { prefetchQuery } from '../../src/search/prefetch.js';
import type { PgTextIndex } from '../../src/index/flexsearch-pg.js';

const TABLES = [
  ['u', unigrams],
  ['b', bigrams],
] as const;

describeWithDatabase('a build into the PostgreSQL store', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let corpus: PgCorpus;

  beforeAll(async () => {
    db = await freshDatabase('bulk');
    corpus = await PgCorpus.open(db.url);
    // text COPY must escape: a backslash, a tab kept inside a unit
    const odd = buildDoc('2025年德阳市科技工作要点\n1.建设C:\\数据\\目录与\t制表符相关的平台,推进反斜杠测试。\n', 'deyang-odd.txt', { region: '德阳市' });
    const built = await corpus.addDocs([...loadCorpus(sciTechSeeds(), FORMAT_VERSION).docs, odd]);
    expect(built.added).toHaveLength(6);
    await corpus.addText('2025年绵阳市科技创新工作要点\n1.实施量子计算专项行动。\n', 'mianyang.txt', { region: '绵阳市' });
  });

  afterAll(async () => {
    await corpus?.close();
    await db?.drop();
  });

  /** Each term's candidates by our reads, after checking FlexSearch's own query through its adapter gives the same. */
  async function sameAsAdapter(terms: string[]): Promise<number[][]> {
    const index = corpus.engine.index as PgTextIndex;
    index.forget();
    await index.prefetch(terms);
    const ours = terms.map((t) => [...index.candidates(t)]);
    index.forget();
    await index.prefetchByAdapter(terms);
    expect(terms.map((t) => [...index.candidates(t)])).toEqual(ours);
    return ours;
  }

  it.each(TABLES)("leaves in FlexSearch's %s tables the rows its adapter writes, for the build and for the add", async (f, terms) => {
    const pg = database(db.url);
    const units = await pg.any<{ n: number; match: string }>('SELECT n, match FROM yaodian.units');
    const rows = (await pg.any<{ key: string; res: number; id: number }>(`SELECT key, res, id FROM flexsearch_yaodian_${f}.map_${f}`)).map((r) => `${r.id} ${r.res} ${r.key}`);
    const want = units.flatMap((u) => terms(u.match).map((k) => `${u.n} 0 ${k}`));
    expect(rows.length).toBe(want.length);
    expect(new Set(rows)).toEqual(new Set(want));
    const reg = (await pg.any<{ id: number }>(`SELECT id FROM flexsearch_yaodian_${f}.reg`)).map((r) => r.id);
    expect(new Set(reg)).toEqual(new Set(units.filter((u) => terms(u.match).length).map((u) => u.n)));
  });

  it("writes a build into an empty store as one list per key, frozen, under the adapter's map view", async () => {
    const pg = database(db.url);
    const units = await pg.any<{ n: number; match: string; doc_id: string }>('SELECT n, match, doc_id FROM yaodian.units ORDER BY n');
    for (const [f, terms] of TABLES) {
      const kind = await pg.one<{ kind: string }>(`SELECT relkind AS kind FROM pg_class WHERE oid = 'flexsearch_yaodian_${f}.map_${f}'::regclass`);
      expect(kind.kind).toBe('v');
      // the build's units in the lists, each key once with its units ascending; the add's in the rows table
      const built = units.filter((u) => !u.doc_id.startsWith('mianyang'));
      const want = new Map<string, number[]>();
      for (const u of built) for (const k of terms(u.match)) want.set(k, [...(want.get(k) ?? []), u.n]);
      const lists = await pg.any<{ key: string; ids: number[] }>(`SELECT key, ids FROM flexsearch_yaodian_${f}.map_${f}_lists`);
      expect(lists.length).toBe(want.size);
      expect(new Map(lists.map((l) => [l.key, l.ids]))).toEqual(want);
      const added = units.filter((u) => u.doc_id.startsWith('mianyang'));
      const rows = await pg.any<{ id: number }>(`SELECT DISTINCT id FROM flexsearch_yaodian_${f}.map_${f}_rows`);
      expect(rows.map((r) => r.id).sort()).toEqual(added.map((u) => u.n).sort());
      // written frozen: the lists' pages are all-visible (as the build's ANALYZE counted them)
      const c = await pg.one<{ pages: number; visible: number }>(
        `SELECT relpages AS pages, relallvisible AS visible FROM pg_class WHERE oid = 'flexsearch_yaodian_${f}.map_${f}_lists'::regclass`,
      );
      expect(c.pages).toBeGreaterThan(0);
      expect(c.visible).toBe(c.pages);
    }
    const defs = (await pg.any<{ indexname: string; indexdef: string }>("SELECT indexname, indexdef FROM pg_indexes WHERE schemaname LIKE 'flexsearch_yaodian_%'")).map(
      (r) => `${r.indexname}: ${r.indexdef.replace(/^.* ON /, '')}`,
    );
    for (const f of ['u', 'b'])
      expect(defs).toEqual(
        expect.arrayContaining([
          `flexsearch_yaodian_${f}_map_index_${f}: flexsearch_yaodian_${f}.map_${f}_rows USING btree (key, id)`,
          `flexsearch_yaodian_${f}_map_id_${f}: flexsearch_yaodian_${f}.map_${f}_rows USING brin (id)`,
        ]),
      );
  });

  it("reads the same candidates as FlexSearch's own query through its adapter", async () => {
    await corpus.refresh();
    // up to three bigrams: the store reads all of them, as the adapter does
    const terms = ['科', '锂', '创新', '科技创新', '揭榜挂帅', '反斜杠', '量子计算', '未见过的词'];
    const ours = await sameAsAdapter(terms);
    expect(ours.filter((ids) => ids.length).length).toBe(terms.length - 1);
  });

  it('finds what the build wrote, escaped text included', async () => {
    await corpus.refresh();
    for (const q of ['反斜杠测试', '揭榜挂帅', '量子计算']) {
      await prefetchQuery(corpus.engine, q);
      expect(search(corpus.engine, q).total).toBeGreaterThan(0);
    }
  });

  it('removes a built document and an added one from the lists, the rows and the registry, and the adapter reads the rest', async () => {
    const pg = database(db.url);
    const gone = (await pg.any<{ id: string }>("SELECT id FROM yaodian.documents WHERE id NOT LIKE 'mianyang%' ORDER BY id LIMIT 1"))[0].id;
    const added = (await pg.one<{ id: string }>("SELECT id FROM yaodian.documents WHERE id LIKE 'mianyang%'")).id;
    const before = await pg.any<{ n: number }>('SELECT n FROM yaodian.units WHERE doc_id = ANY($1)', [[gone, added]]);
    await corpus.remove(gone);
    await corpus.remove(added);
    const units = await pg.any<{ n: number; match: string }>('SELECT n, match FROM yaodian.units');
    for (const [f, terms] of TABLES) {
      const rows = (await pg.any<{ key: string; id: number }>(`SELECT key, id FROM flexsearch_yaodian_${f}.map_${f}`)).map((r) => `${r.id} ${r.key}`);
      expect(new Set(rows)).toEqual(new Set(units.flatMap((u) => terms(u.match).map((k) => `${u.n} ${k}`))));
      const reg = await pg.one<{ n: number }>(`SELECT count(*)::int AS n FROM flexsearch_yaodian_${f}.reg WHERE id = ANY($1)`, [before.map((u) => u.n)]);
      expect(reg.n).toBe(0);
    }
    const ours = await sameAsAdapter(['科技创新', '揭榜挂帅', '量子计算', '反斜杠']);
    expect(ours[2]).toEqual([]);
  });

  it('keeps the postings of a second database in that database when one process opens two', async () => {
    const other = await freshDatabase('other');
    try {
      const second = await PgCorpus.open(other.url);
      await second.addText('2025年广元市科技创新工作要点\n1.建设氢能装备中试平台。\n', 'guangyuan.txt', { region: '广元市' });
      const pg = database(other.url);
      const units = await pg.any<{ n: number; match: string }>('SELECT n, match FROM yaodian.units');
      const rows = await pg.one<{ n: number }>('SELECT count(*)::int AS n FROM flexsearch_yaodian_b.map_b');
      expect(rows.n).toBe(units.reduce((n, u) => n + bigrams(u.match).length, 0));
      await prefetchQuery(second.engine, '氢能装备');
      expect(search(second.engine, '氢能装备').total).toBe(1);
      await second.close();
    } finally {
      await other.drop();
    }
  });
});
