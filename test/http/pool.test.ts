/** The worker pool: heavy requests answered in worker threads, with a budget that stops the work. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDocs } from '../../src/compare/docdiff.js';
import { createApp } from '../../src/http/app.js';
import { DEFAULT_WORKER_NICE, WorkerPool } from '../../src/http/pool.js';
import type { Engine } from '../../src/index/engine.js';
import { seedEngine, seedIndex, tmpIndexDir } from '../helpers/seeds.js';
import { TOKEN_CACHE_FILE } from '../../src/persist/token-cache.js';
import { fuzzReport } from '../helpers/fuzz.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEngine } from '../../src/persist/open.js';
import { addReport } from '../../src/persist/writer.js';
import { buildDoc } from '../../src/ingest/corpus.js';

let engine: Engine;
let pool: WorkerPool;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
  pool = new WorkerPool({ index: seedIndex(), size: 1 });
  await pool.ready();
}, 120_000);
afterAll(() => pool.close());

describe('WorkerPool', () => {
  it('is warm once ready: every worker has run compare before it takes a task', () => {
    expect(pool.warm).toBe(true);
  });

  // the kernel's view of this process's threads: /proc/self/task/<tid>/stat, the nice value is field 19
  const threadNices = (): number[] =>
    readdirSync('/proc/self/task').map((tid) => Number(readFileSync(`/proc/self/task/${tid}/stat`, 'utf8').replace(/^.*\) /s, '').split(' ')[16]));

  it.runIf(existsSync('/proc/self/task'))('runs its workers at a lower priority than the thread that answers searches', () => {
    const nices = threadNices();
    const own = Number(readFileSync('/proc/thread-self/stat', 'utf8').replace(/^.*\) /s, '').split(' ')[16]);
    expect(own).toBeLessThan(DEFAULT_WORKER_NICE);
    expect(nices.filter((n) => n === DEFAULT_WORKER_NICE).length).toBeGreaterThanOrEqual(pool.size);
  });

  it('refuses a nice value the kernel has not', () => {
    expect(() => new WorkerPool({ index: seedIndex(), size: 1, nice: 20 })).toThrow(/0–19/);
    expect(() => new WorkerPool({ index: seedIndex(), size: 1, nice: -1 })).toThrow(/0–19/);
  });

  it('answers a document diff in a worker exactly as the main thread does', async () => {
    const got = await pool.run('diff', { a: 'sichuan-2022-work-points', b: 'suining-2023-work-points' }, 60_000);
    expect(got).toEqual(diffDocs(engine, 'sichuan-2022-work-points', 'suining-2023-work-points'));
  }, 120_000);

  it('passes a typed error back from the worker', async () => {
    await expect(pool.run('diff', { a: 'no-such-doc', b: 'state-council-2024' }, 60_000)).rejects.toMatchObject({ code: 'NOT_FOUND' });
  }, 120_000);

  it('stops a worker past its budget and answers TIMEOUT at once, then serves the next request from a fresh worker', async () => {
    const t0 = performance.now();
    await expect(pool.run('diff', { a: 'state-council-2021', b: 'state-council-2022' }, 1)).rejects.toMatchObject({ code: 'TIMEOUT' });
    expect(performance.now() - t0).toBeLessThan(1000);
    const again = await pool.run<{ a: string }>('diff', { a: 'state-council-2024', b: 'state-council-2025' }, 120_000);
    expect(again.a).toBe('state-council-2024');
  }, 180_000);
});

describe('the API with a pool', () => {
  it('answers /api/diff from the pool, and 503 with the reason when the budget runs out', async () => {
    const ok = await createApp(engine, { pool, cacheBytes: 0 }).request('/api/diff?a=sichuan-2022-work-points&b=suining-2023-work-points');
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual(JSON.parse(JSON.stringify(diffDocs(engine, 'sichuan-2022-work-points', 'suining-2023-work-points'))));
    const slow = await createApp(engine, { pool, cacheBytes: 0, timeBudgetMs: 1 }).request('/api/trend?q=发展');
    expect(slow.status).toBe(503);
    expect(((await slow.json()) as { error: { message: string } }).error.message).toMatch(/budget/);
  }, 180_000);
});

/** An index of two small reports (not the seeds: what these tests check does not need a large corpus to load). */
async function twoReports(): Promise<{ index: string; engine: Engine; ids: string[] }> {
  const seeds = tmpIndexDir();
  mkdirSync(join(seeds, 'sci-tech'));
  writeFileSync(join(seeds, 'sci-tech', 'r1.txt'), fuzzReport(1));
  writeFileSync(join(seeds, 'sci-tech', 'r2.txt'), fuzzReport(2).replace('2025年', '2024年'));
  const index = tmpIndexDir();
  const { engine } = await openEngine({ seeds, index });
  return { index, engine, ids: engine.docList().map((d) => d.id) };
}

describe('the pool and other writers', () => {
  it('answers from the workers a document that another process added while the server ran', async () => {
    const seeds = tmpIndexDir();
    mkdirSync(join(seeds, 'sci-tech'));
    writeFileSync(join(seeds, 'sci-tech', 'base.txt'), fuzzReport(1));
    const index = tmpIndexDir();
    const own = (await openEngine({ seeds, index })).engine;
    const [base] = own.docList();
    const workers = new WorkerPool({ index, size: 1 });
    try {
      await workers.ready();
      const app = createApp(own, { pool: workers, indexDir: index, watchMs: 50, cacheBytes: 0, timeBudgetMs: 60_000 });
      // a CLI add: another writer, seen by the server only through the index on disk
      const text = fuzzReport(2).replace('2025年', '2024年');
      const added = (await addReport(index, { text, doc: buildDoc(text, 'r2.txt') })).doc.meta.id;
      await expect.poll(() => own.docs.has(added), { timeout: 5000 }).toBe(true);
      const res = await app.request(`/api/diff?a=${base.id}&b=${added}`);
      expect(res.status).toBe(200);
      expect(((await res.json()) as { b: string }).b).toBe(added);
    } finally {
      await workers.close();
    }
  }, 120_000);
});

describe('the word tokens a pool computes', () => {
  it('are saved beside the index after a diff, and a restarted pool diffing the same reports tokenizes nothing again', async () => {
    const { index, engine: own, ids } = await twoReports();
    const cache = join(index, TOKEN_CACHE_FILE);
    rmSync(cache, { force: true });
    const ask = { a: ids[0], b: ids[1] };
    const first = new WorkerPool({ index, size: 1 });
    const diff = await first.run<ReturnType<typeof diffDocs>>('diff', ask, 120_000);
    expect(diff).toEqual(diffDocs(own, ids[0], ids[1]));
    // the two reports differ inside aligned units, so the diff had words to tokenize
    expect(diff.pairs.some((p) => p.a && p.b && p.diff.some((o) => o.op !== 'equal'))).toBe(true);
    // saved right after the answer was posted
    for (let t = 0; t < 100 && !existsSync(cache); t++) await new Promise((r) => setTimeout(r, 50));
    await first.close();
    expect(existsSync(cache)).toBe(true);
    const saved = statSync(cache).mtimeMs;
    const restarted = new WorkerPool({ index, size: 1 });
    expect(await restarted.run('diff', ask, 120_000)).toEqual(diff);
    await restarted.close();
    expect(statSync(cache).mtimeMs).toBe(saved);
  }, 240_000);
});
