/**
 * Stance on the 16 provincial government work reports of 2026, against hand labels (test/fixtures/stance-2026.json):
 * each report reviews 2025 and the 14th five-year plan, sets out the 15th (2026–2030) and plans 2026, under
 * headings that differ from province to province. Every unit is scored by the label of the line it starts on.
 */
import { describe, it, expect } from 'vitest';
import { precisionRecall, scoreStances, STANCES } from '../helpers/stance-labels.js';

const pairs = scoreStances();

describe('stance of 2026 provincial reports against hand labels', () => {
  it.each(STANCES)('%s: precision and recall at least 95%', (stance) => {
    const { precision, recall } = precisionRecall(pairs, stance);
    const wrong = pairs.filter((p) => (p.got === stance) !== (p.want === stance)).map((p) => `${p.unit.id} ${p.want}→${p.got} ${p.unit.title}`);
    expect({ stance, precision: precision >= 0.95, recall: recall >= 0.95, wrong: wrong.slice(0, 12) }).toMatchObject({ precision: true, recall: true });
  });

  it('gives an outlook unit the years of the five-year plan it sets out', () => {
    const outlook = pairs.filter((p) => p.got === 'outlook').map((p) => p.unit);
    expect(outlook.length).toBeGreaterThan(100);
    for (const u of outlook) expect([u.year, u.yearTo]).toEqual([2026, 2030]);
  });

  it('gives a review unit the year it reviews and a plan unit 2026', () => {
    for (const { unit, got } of pairs) {
      if (got === 'plan') expect(unit.year).toBe(2026);
      if (got === 'review') expect(unit.year).toBeLessThan(2026);
    }
  });
});
