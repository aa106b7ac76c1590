/** The worker pool: heavy requests answered in worker threads, with a budget that stops the work. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { diffDocs } from '../../src/compare/docdiff.js';
import { createApp } from '../../src/http/app.js';
import { WorkerPool } from '../../src/http/pool.js';
import type { Engine } from '../../src/index/engine.js';
import { seedEngine, seedIndex } from '../helpers/seeds.js';

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
