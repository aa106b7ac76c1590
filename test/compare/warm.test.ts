/** Warming compare: what `yaodian serve` runs before its first client, so that client finds the caches filled. */
import { describe, expect, it } from 'vitest';
import { compare } from '../../src/compare/timeline.js';
import { isWarm, warmCompare, warmStatement } from '../../src/compare/warm.js';
import { openEngine } from '../../src/persist/open.js';
import { seedIndex } from '../helpers/seeds.js';

const fresh = async () => (await openEngine({ index: seedIndex() })).engine;
const STATEMENT = '稳定粮食播种面积，优化种植结构，确保粮食产量保持在1.3万亿斤以上';

describe('warmCompare', () => {
  it('follows a plan sentence of the corpus itself', async () => {
    const engine = await fresh();
    const s = warmStatement(engine)!;
    expect(s.length).toBeGreaterThanOrEqual(20);
    const owner = engine.records.find((r) => r?.match.includes(s));
    expect(owner?.unit.stance).toBe('plan');
  });

  it('marks the engine warm, and leaves every later answer as a cold engine gives it', async () => {
    const cold = await fresh();
    const warm = await fresh();
    expect(isWarm(warm)).toBe(false);
    warmCompare(warm);
    expect(isWarm(warm)).toBe(true);
    expect(isWarm(cold)).toBe(false);
    for (const query of [STATEMENT, '低空经济']) expect(compare(warm, { query })).toEqual(compare(cold, { query }));
  }, 120_000);
});
