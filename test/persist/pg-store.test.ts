/**
 * The PostgreSQL store beyond what every store does (test/persist/stores.test.ts runs those tests on it and on
 * the embedded store): one statement per query and the lists a server holds, writes shared by every server on
 * the database, and a schema that knows its version. Runs against $YAODIAN_TEST_DATABASE_URL (see test/helpers/pg.ts).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeWithDatabase, freshDatabase } from '../helpers/pg.js';
import { sciTechSeeds, tmpIndexDir } from '../helpers/seeds.js';
import { runCli as run } from '../helpers/cli.js';
import { loadCorpus } from '../../src/ingest/corpus.js';
import { Engine } from '../../src/index/engine.js';
import { PgTextIndex } from '../../src/index/flexsearch-pg.js';
import { FORMAT_VERSION } from '../../src/persist/save.js';
import { PgCorpus } from '../../src/persist/pg/corpus.js';
import { PgStore } from '../../src/persist/pg/store.js';
import { database } from '../../src/persist/pg/db.js';
import { search } from '../../src/search/search.js';
import { prefetchQuery } from '../../src/search/prefetch.js';
import type { Doc } from '../../src/types.js';

const REPORT = (city: string, topic: string) =>
  `2025年${city}科技创新工作要点\n1.实施${topic}专项行动。布局建设${topic}中心。\n2.推动人工智能赋能千行百业,支持企业牵头${topic}攻关。\n`;

async function within<T>(ms: number, probe: () => T | undefined): Promise<{ value: T; ms: number }> {
  const t0 = performance.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return { value, ms: performance.now() - t0 };
    if (performance.now() - t0 > ms) throw new Error(`not seen within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describeWithDatabase('the PostgreSQL store', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let seeds: string;
  let docs: Doc[];
  let embedded: Engine;
  let a: PgCorpus;
  let b: PgCorpus;

  beforeAll(async () => {
    db = await freshDatabase('store');
    seeds = sciTechSeeds();
    docs = loadCorpus(seeds, FORMAT_VERSION).docs;
    embedded = new Engine();
    embedded.addDocs(docs);
    a = await PgCorpus.open(db.url);
    await a.addDocs(docs);
    b = await PgCorpus.open(db.url);
    await b.follow();
  });

  afterAll(async () => {
    await b?.close();
    await db?.drop();
  });

  it("asks the database for a query's terms it has not fetched, all of them in one statement, and not for an excluded term", async () => {
    const index = b.engine.index as PgTextIndex;
    index.forget();
    const asked = index.databaseLookups;
    const trips = index.roundTrips;
    await prefetchQuery(b.engine, '科技创新 区域 -疫情');
    // the excluded term is checked in each hit's text
    expect(index.databaseLookups).toBe(asked + 2);
    expect(index.roundTrips).toBe(trips + 1);
  });

  it('answers from the lists it holds until another server adds a unit holding one of their keys', async () => {
    const index = b.engine.index as PgTextIndex;
    const q = '科技创新 企业';
    await prefetchQuery(b.engine, q);
    const before = search(b.engine, q, { limit: 1000 }).total;
    index.forget(false);
    const trips = index.roundTrips;
    await prefetchQuery(b.engine, q);
    // every list of the query held: no statement
    expect(index.roundTrips).toBe(trips);
    expect(search(b.engine, q, { limit: 1000 }).total).toBe(before);
    const added = await a.addText(REPORT('遂宁市', '科技创新企业培育'), '遂宁市2025年科技创新工作要点.txt', { region: '遂宁市' });
    await within(1000, () => (b.engine.docs.has(added.doc.meta.id) ? true : undefined));
    await prefetchQuery(b.engine, q);
    expect(search(b.engine, q, { limit: 1000 }).total).toBeGreaterThan(before);
    await a.remove(added.doc.meta.id);
    await within(1000, () => (b.engine.docs.has(added.doc.meta.id) ? undefined : true));
  });

  it('shows an add through one server on another within a second, and a remove too', async () => {
    const added = await a.addText(REPORT('绵阳市', '量子计算'), '绵阳市2025年科技创新工作要点.txt', { region: '绵阳市' });
    const seen = await within(1000, () => (b.engine.docs.has(added.doc.meta.id) ? true : undefined));
    expect(seen.ms).toBeLessThan(1000);
    await prefetchQuery(b.engine, '量子计算');
    expect(search(b.engine, '量子计算').hits[0]).toMatchObject({ docId: added.doc.meta.id, region: '绵阳市' });
    await a.remove(added.doc.meta.id);
    await within(1000, () => (b.engine.docs.has(added.doc.meta.id) ? undefined : true));
    await prefetchQuery(b.engine, '量子计算');
    expect(search(b.engine, '量子计算').total).toBe(0);
  });

  it('loses nothing when two servers add at once, and stores the same report once', async () => {
    const [x, y, same1, same2] = await Promise.all([
      a.addText(REPORT('德阳市', '氢能装备'), 'deyang.txt', { region: '德阳市' }),
      b.addText(REPORT('乐山市', '晶硅光伏'), 'leshan.txt', { region: '乐山市' }),
      a.addText(REPORT('宜宾市', '动力电池'), 'yibin.txt', { region: '宜宾市' }),
      b.addText(REPORT('宜宾市', '动力电池'), 'yibin-copy.txt', { region: '宜宾市' }),
    ]);
    expect([same1.duplicateOf, same2.duplicateOf].filter(Boolean)).toHaveLength(1);
    for (const c of [a, b]) {
      await c.refresh();
      for (const d of [x, y, same1]) expect(c.engine.docs.has(d.doc.meta.id)).toBe(true);
    }
    const pg = database(db.url);
    const units = await pg.one('SELECT count(*)::int AS n, count(DISTINCT n)::int AS distinct FROM yaodian.units');
    expect(units.n).toBe(units.distinct);
    expect(await pg.one("SELECT count(*)::int AS n FROM yaodian.documents WHERE region = '宜宾市'")).toEqual({ n: 1 });
    expect(a.engine.unitCount).toBe(b.engine.unitCount);
  });

  it('takes more adds at once than it has database connections, and keeps them all', async () => {
    const cities = ['成都市', '绵竹市', '攀枝花市', '广元市', '内江市', '眉山市', '广安市', '雅安市', '巴中市', '资阳市', '阿坝州', '甘孜州'];
    const added = await Promise.all(cities.map((c) => a.addText(REPORT(c, '低空经济'), `${c}.txt`, { region: c }, { force: true })));
    expect(added.filter((x) => x.duplicateOf)).toEqual([]);
    await prefetchQuery(a.engine, '低空经济');
    expect(new Set(search(a.engine, '低空经济', { limit: 1000 }).hits.map((h) => h.region))).toEqual(new Set(cities));
  });

  it('records its schema version and refuses a database newer than itself', async () => {
    const store = await PgStore.open(db.url);
    expect((await store.stats()).schemaVersion).toBe(1);
    const pg = database(db.url);
    await pg.none("INSERT INTO yaodian.migrations (version, name) VALUES (99, 'from the future')");
    try {
      await expect(PgStore.open(db.url)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/version 99, newer than this program's 1/) });
    } finally {
      await pg.none('DELETE FROM yaodian.migrations WHERE version = 99');
    }
  });

  it('refuses a database whose matching forms another index format wrote', async () => {
    const pg = database(db.url);
    await pg.none("UPDATE yaodian.settings SET value = '1' WHERE key = 'format'");
    try {
      await expect(PgStore.open(db.url)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/indexed with index format 1, this program matches with format \d+/) });
    } finally {
      await pg.none('UPDATE yaodian.settings SET value = $1 WHERE key = $2', [String(FORMAT_VERSION), 'format']);
    }
  });

  it('serves the reading commands from the database named by --store or $YAODIAN_DATABASE_URL', async () => {
    const r = await run('search', '揭榜挂帅', '--store', db.url, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).total).toBe(search(embedded, '揭榜挂帅').total);
    const diffed = await run('diff', 'sichuan-2022-work-points', 'sichuan-2023-conference', '--store', db.url, '--json');
    expect(diffed.code).toBe(0);
    expect(JSON.parse(diffed.out)).toMatchObject({ a: 'sichuan-2022-work-points', b: 'sichuan-2023-conference' });
    process.env.YAODIAN_DATABASE_URL = db.url;
    try {
      const listed = await run('docs', '--json');
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.out).map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(docs.map((d) => d.meta.id)));
    } finally {
      delete process.env.YAODIAN_DATABASE_URL;
    }
  });

  it('indexes a folder into the database without storing a report twice or replacing one', async () => {
    const again = await run('index', '--seeds', seeds, '--store', db.url);
    expect(again.code).toBe(0);
    expect(again.err).toMatch(/stored 0 new documents/);
    expect(again.err).toMatch(/= sichuan-2023-conference: already stored/);
  });

  it('migrates an index folder, with the documents added to it, into the database', async () => {
    const index = tmpIndexDir();
    expect((await run('index', '--seeds', seeds, '--out', index)).code).toBe(0);
    const file = join(tmpIndexDir(), '自贡市2025年科技创新工作要点.txt');
    writeFileSync(file, REPORT('自贡市', '工业机器人'));
    expect((await run('add', file, '--region', '自贡市', '--index', index)).code).toBe(0);
    const r = await run('migrate', '--from', index, '--to', db.url);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/stored 1 new documents/);
    const found = await run('search', '工业机器人', '--store', db.url, '--json');
    expect(JSON.parse(found.out).hits[0]).toMatchObject({ region: '自贡市' });
  });

  it.each([
    [['migrate', '--from', '/nonexistent/index', '--to', 'postgres://x@127.0.0.1/db'], 2, /there is no index in \/nonexistent\/index/],
    [['migrate', '--from', 'index', '--to', 'mysql://x'], 2, /--to must be a postgres:\/\/ URL/],
    [['search', '科技', '--store', 'redis://x'], 2, /--store must be a postgres:\/\/ URL/],
    [['docs', '--store', 'postgres://nobody@127.0.0.1:1/none'], 1, /the database postgres:\/\/nobody@127.0.0.1:1\/none cannot be used/],
  ])('refuses %j with a reason', async (argv, code, message) => {
    const r = await run(...argv);
    expect(r.code).toBe(code);
    expect(r.err).toMatch(message);
  });
});
