/** Pairing precision and recall of diffDocs against the hand-labelled pairs in test/fixtures/pairs.json. */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import { pairingQuality, type Labelled } from '../../src/compare/quality.js';
import { seedEngine } from '../helpers/seeds.js';

let engine: Engine;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

const labelled = JSON.parse(readFileSync('test/fixtures/pairs.json', 'utf8')) as Labelled;

describe('pairing quality', () => {
  it('labels only units that exist', () => {
    for (const set of labelled.sets)
      for (const p of set.pairs) {
        if (p.a) expect(() => engine.getUnit(`${set.a}:${p.a}`)).not.toThrow();
        if (p.b) expect(() => engine.getUnit(`${set.b}:${p.b}`)).not.toThrow();
      }
  });

  it('reaches precision and recall of at least 0.9', () => {
    const q = pairingQuality(engine, labelled);
    console.log(
      `diffDocs pairing: precision ${q.precision.toFixed(3)} (${q.correct}/${q.judged}), recall ${q.recall.toFixed(3)} (${q.found}/${q.labelled})` +
        (q.errors.length ? `\n  ${q.errors.join('\n  ')}` : ''),
    );
    expect(q.precision).toBeGreaterThanOrEqual(0.9);
    expect(q.recall).toBeGreaterThanOrEqual(0.9);
  });

  it('counts a pair with an unlabelled-wrong partner against precision', () => {
    const tricky: Labelled = { sets: [{ a: 'sichuan-2022-work-points', b: 'suining-2023-work-points', pairs: [{ a: 't18', b: 't6' }] }] };
    const q = pairingQuality(engine, tricky);
    expect(q).toMatchObject({ correct: 0, labelled: 1, found: 0, precision: 0, recall: 0 });
    expect(q.judged).toBeGreaterThanOrEqual(1);
  });
});
