/** The similarity model's building blocks, and how it ranks real units. */
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Engine } from '../../src/index/engine.js';
import { longestCommonRun, RunFinder, sentences } from '../../src/compare/text-math.js';
import { modelOf, PAIR_THRESHOLD } from '../../src/compare/similarity.js';
import { seedEngine } from '../helpers/seeds.js';

function bruteRun(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      best = Math.max(best, k);
    }
  return best;
}

describe('longestCommonRun', () => {
  it('agrees with brute force', () => {
    const text = fc.string({ unit: fc.constantFrom('基', '础', '研', '究', '十', '年', 'a', '。'), maxLength: 30 });
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(longestCommonRun(a, b)).toBe(bruteRun(a, b));
      }),
      { numRuns: 300 },
    );
  });

  it('returns the run itself', () => {
    expect(new RunFinder('实施基础研究十年行动').longestIn('制定实施基础研究十年规划')).toBe('实施基础研究十年');
    expect(longestCommonRun('', '科技')).toBe(0);
  });
});

describe('sentences', () => {
  it('tiles the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('科', '技', '。', ';', '!', '?', ','), maxLength: 40 }), (t) => {
        const spans = sentences(t);
        expect(spans.map(([s, e]) => t.slice(s, e)).join('')).toBe(t);
        for (const [s, e] of spans) expect(e).toBeGreaterThan(s);
      }),
    );
  });
});

describe('the model on the seeds', () => {
  let engine: Engine;
  const n = (id: string) => engine.numberOfUnit(id)!;
  beforeAll(async () => {
    engine = (await seedEngine()).engine;
  });

  it('is symmetric up to which side was narrowed to a window', () => {
    const m = modelOf(engine);
    const [a, b] = [n('sichuan-2022-work-points:t8'), n('state-council-2021:p25')];
    const ab = m.units(a, b);
    const ba = m.units(b, a);
    expect(ab.score).toBeCloseTo(ba.score, 9);
    expect(ab.bWindow).toEqual(ba.aWindow);
  });

  it('scores a reworded counterpart above the threshold and an unrelated unit below', () => {
    const m = modelOf(engine);
    expect(m.units(n('sichuan-2022-work-points:t18'), n('suining-2023-work-points:t5')).score).toBeGreaterThan(PAIR_THRESHOLD);
    expect(m.units(n('sichuan-2022-work-points:t18'), n('suining-2023-work-points:t16')).score).toBeLessThan(PAIR_THRESHOLD);
  });
});
