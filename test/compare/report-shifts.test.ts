import { beforeAll, describe, expect, it } from 'vitest';
import { diffDocs } from '../../src/compare/docdiff.js';
import { issuerShifts, previousReport, stanceChanges } from '../../src/compare/report-shifts.js';
import type { Engine } from '../../src/index/engine.js';
import { seedEngine } from '../helpers/seeds.js';
import { expectLosslessDiff, expectShiftsInside } from './helpers.js';

let engine: Engine;

beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

const stance = (id: string, ladder: string) => {
  const prev = previousReport(engine, engine.getDoc(id).meta)!;
  return stanceChanges(engine, prev.id, id).find((s) => s.ladder === ladder);
};

describe('strength shifts against the issuer’s previous report', () => {
  it('compares a State Council report with the one before it', () => {
    expect(previousReport(engine, engine.getDoc('state-council-2025').meta)?.id).toBe('state-council-2024');
    expect(previousReport(engine, engine.getDoc('state-council-1954').meta)).toBeNull();
    expect(issuerShifts(engine, 'state-council-1954')).toBeNull();
  });

  // held cases: the stance changes of the record, labelled from the reports' own wording
  it.each([
    ['state-council-1999', 'monetary-stance', '适度从紧', '稳健', 'up'],
    ['state-council-1999', 'fiscal-stance', '适度从紧', '积极', 'up'],
    ['state-council-2005', 'fiscal-stance', '积极', '稳健', 'down'],
    ['state-council-2008', 'monetary-stance', '稳健', '从紧', 'down'],
    ['state-council-2009', 'monetary-stance', '从紧', '适度宽松', 'up'],
    ['state-council-2009', 'fiscal-stance', '稳健', '积极', 'up'],
    ['state-council-2011', 'monetary-stance', '适度宽松', '稳健', 'down'],
    ['state-council-2025', 'monetary-stance', '稳健', '适度宽松', 'up'],
    ['state-council-2025', 'fiscal-stance', '积极', '更加积极', 'up'],
  ])('%s: the %s moves %s → %s (%s)', (id, ladder, was, now, direction) => {
    expect(stance(id, ladder)).toMatchObject({ was, now, direction });
  });

  it.each([
    ['state-council-2013', 'monetary-stance', '稳健'],
    ['state-council-2016', 'fiscal-stance', '积极'],
  ])('%s: the %s stays %s, with no direction', (id, ladder, word) => {
    expect(stance(id, ladder)).toMatchObject({ was: word, now: word, direction: null });
  });

  it('marks 2024 → 2025 in the diff itself: 稳健 → 适度宽松 and 积极 → 更加积极, both up', () => {
    const s = issuerShifts(engine, 'state-council-2025')!;
    const marks = s.shifts.map((x) => `${x.ladder} ${x.from}→${x.to} ${x.direction}`);
    expect(marks).toEqual(expect.arrayContaining(['monetary-stance 稳健→适度宽松 up', 'fiscal-stance 积极→更加积极 up']));
    const monetary = s.shifts.find((x) => x.ladder === 'monetary-stance')!;
    expect(monetary).toMatchObject({ label: '货币政策取向', a: expect.stringMatching(/^state-council-2024:/), b: expect.stringMatching(/^state-council-2025:/) });
    expect(monetary.was).toContain('稳健');
    expect(monetary.now).toContain('适度宽松');
    expect(s.up + s.down).toBe(s.shifts.length);
    expect(s.stances.map((x) => x.direction)).toEqual(['up', 'up']);
  });
});

describe('strength shifts over every consecutive pair of State Council reports, 1978–2025', () => {
  it('puts each shift inside its replaced spans, on a lossless diff', () => {
    const ids = engine
      .docList()
      .filter((m) => m.level === 'national' && m.year >= 1978)
      .map((m) => m.id);
    let shifts = 0;
    for (let k = 1; k < ids.length; k++) {
      for (const pair of diffDocs(engine, ids[k - 1], ids[k]).pairs) {
        if (!pair.a || !pair.b) continue;
        expectLosslessDiff(pair.diff, engine.getUnit(pair.a).unit.text, engine.getUnit(pair.b).unit.text);
        expectShiftsInside(pair.diff);
        shifts += pair.diff.filter((o) => o.shift).length;
      }
    }
    expect(shifts).toBeGreaterThan(20);
  }, 600_000);
});
