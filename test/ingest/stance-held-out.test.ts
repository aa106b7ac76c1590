/**
 * Stance on reports it was not tuned on: four State Council government work reports (2011 and 2016 set out a
 * five-year plan; 2019 and 2024 do not), hand-labelled paragraph by paragraph in test/fixtures/stance-state-council.json.
 * The floors sit under the figures measured when the labels were made (README, Units), so a change that makes
 * stance worse on unseen reports fails here even when the tuned set still passes.
 */
import { describe, it, expect } from 'vitest';
import { precisionRecall, scoreHeldOut, type Scored } from '../helpers/stance-labels.js';
import type { Stance } from '../../src/types.js';

const pairs = scoreHeldOut();
const FLOOR: Record<Stance, number> = { review: 0.95, outlook: 0.9, plan: 0.9, other: 0.7 };

const misses = (stance: Stance) =>
  pairs.filter((p: Scored) => (p.got === stance) !== (p.want === stance)).map((p) => `${p.unit.id} ${p.want}→${p.got} ${p.unit.text.slice(0, 24)}`);

describe('stance of State Council reports it was not tuned on, against hand labels', () => {
  it.each(Object.keys(FLOOR) as Stance[])('%s: precision and recall at their floor', (stance) => {
    const { precision, recall } = precisionRecall(pairs, stance);
    expect({ stance, precision: precision >= FLOOR[stance], recall: recall >= FLOOR[stance], precisionWas: precision, recallWas: recall, wrong: misses(stance).slice(0, 12) }).toMatchObject({
      precision: true,
      recall: true,
    });
  });

  it('labels every stance in enough units to measure it', () => {
    for (const stance of Object.keys(FLOOR) as Stance[]) expect(pairs.filter((p) => p.want === stance).length).toBeGreaterThanOrEqual(10);
  });
});
