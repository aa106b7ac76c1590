import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { newPhrases, type NewResult } from '../../src/compare/new.js';
import { byDate } from '../../src/index/engine.js';
import type { Engine } from '../../src/index/engine.js';
import { toMatchForm } from '../../src/text/normalize.js';
import { tokenize } from '../../src/text/tokenize.js';
import { seedEngine } from '../helpers/seeds.js';

let engine: Engine;
const lists = new Map<string, NewResult>();
/** The whole list (no limit) of a document, computed once per test file. */
const all = (id: string, against: 'level' | 'all' = 'level') => {
  const key = `${id} ${against}`;
  if (!lists.has(key)) lists.set(key, newPhrases(engine, id, { against, limit: Infinity, shifts: false }));
  return lists.get(key)!;
};
const phrasesOf = (id: string) => all(id).phrases.map((p) => p.match);

beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

describe('new: the phrases a State Council report uses for the first time', () => {
  it.each([
    ['state-council-2024', ['新质生产力', '人工智能+', '低空经济']],
    ['state-council-2025', ['具身智能']],
    ['state-council-2015', ['互联网+']],
    ['state-council-2021', ['碳达峰', '新发展格局']],
  ])('%s lists %j', (id, expected) => {
    expect(phrasesOf(id)).toEqual(expect.arrayContaining(expected));
  });

  it('lists 新质生产力 once: not again as 质生产力 or 发展新质生产力', () => {
    const related = phrasesOf('state-council-2024').filter((p) => p.includes('质生产') || '加快发展新质生产力'.includes(p));
    expect(related).toEqual(['新质生产力']);
  });

  it('gives each phrase its count, first unit and quote, in the document’s own characters', () => {
    const p = all('state-council-2021').phrases.find((x) => x.match === '碳达峰')!;
    expect(p).toMatchObject({ phrase: '碳达峰', count: 1, firstUnit: expect.stringMatching(/^state-council-2021:/) });
    expect(engine.getUnit(p.firstUnit).unit.text).toContain('碳达峰');
    expect(p.quote).toContain('扎实做好碳达峰、碳中和');
  });

  it('follows a phrase into the earliest later documents that took it up', () => {
    const p = all('state-council-2021').phrases.find((x) => x.match === '碳达峰')!;
    // State Council 2021 → Sichuan 2022 → State Council 2022 → Suining 2023 → …
    expect(p.takenUpBy.slice(0, 3).map((u) => u.id)).toEqual(['sichuan-2022-work-points', 'state-council-2022', 'suining-2023-work-points']);
    expect(p.laterDocuments).toBeGreaterThanOrEqual(p.takenUpBy.length);
    const dates = p.takenUpBy.map((u) => u.date);
    expect(dates).toEqual([...dates].sort());
    for (const u of p.takenUpBy) expect(engine.getUnit(u.unitId).match).toContain('碳达峰');
  });

  it('ranks by salience, most salient first, and cuts the list at the limit', () => {
    const full = all('state-council-2015');
    const top = newPhrases(engine, 'state-council-2015', { limit: 10, shifts: false });
    expect(top.phrases.map((p) => p.match)).toEqual(full.phrases.slice(0, 10).map((p) => p.match));
    expect(top.total).toBe(full.total);
    const s = full.phrases.map((p) => p.salience);
    expect(s).toEqual([...s].sort((a, b) => b - a));
  });
});

/** Earlier documents a list must be absent from, scanned as whole display texts (not through the index). */
function earlierTexts(id: string, against: 'level' | 'all'): { id: string; text: string }[] {
  const meta = engine.getDoc(id).meta;
  const rank = { national: 0, province: 1, city: 2, county: 3 } as const;
  return [...engine.docs.values()]
    .filter((d) => byDate(d.meta, meta) < 0 && (against === 'all' || rank[d.meta.level] <= rank[meta.level]))
    .map((d) => ({ id: d.meta.id, text: toMatchForm(d.display).text }));
}

describe('new: every listed phrase is truly new', () => {
  const sample = () => [
    ...engine
      .docList()
      .filter((m) => m.level === 'national' && m.year >= 1978)
      .filter((_, k) => k % 8 === 0)
      .map((m) => m.id),
    'sichuan-2023-conference',
    'suining-2023-work-points',
    'sichuan-2024-conference',
  ];

  it('is absent from every earlier document of the same or a higher level (a scan of their whole texts)', () => {
    for (const id of sample()) {
      const texts = earlierTexts(id, 'level');
      expect(all(id).earlierDocuments).toBe(texts.length);
      for (const p of all(id).phrases) {
        const holder = texts.find((t) => t.text.includes(p.match));
        expect(holder, `${id}: "${p.match}" is in ${holder?.id}`).toBeUndefined();
      }
    }
  });

  it('with --against all, is absent from every earlier document of any level', () => {
    const id = 'sichuan-2024-conference';
    const texts = earlierTexts(id, 'all');
    expect(texts.map((t) => t.id)).toContain('suining-2023-work-points');
    expect(all(id, 'all').earlierDocuments).toBe(texts.length);
    expect(all(id, 'all').earlierDocuments).toBeGreaterThan(all(id, 'level').earlierDocuments);
    for (const p of all(id, 'all').phrases) expect(texts.find((t) => t.text.includes(p.match))?.id).toBeUndefined();
  });

  it('is 2–12 characters of whole segmenter words, and occurs in the document', () => {
    for (const id of ['state-council-2024', 'state-council-1993', 'suining-2023-work-points']) {
      const text = toMatchForm(engine.getDoc(id).display).text;
      const units = engine.getDoc(id).units.map((u) => {
        // phrases are found where quotes are kept (they bound a named concept)
        const m = toMatchForm(u.text, { keepMarks: true }).text;
        return { m, ends: new Set(tokenize(m).flatMap((t) => [t.start, t.end])) };
      });
      for (const p of all(id).phrases) {
        expect([...p.match].length).toBeGreaterThanOrEqual(2);
        expect([...p.match].length).toBeLessThanOrEqual(12);
        expect(text).toContain(p.match);
        expect(p.count).toBeGreaterThanOrEqual(1);
        // somewhere in the document (where it was found) both of its ends fall on word boundaries of the segmenter
        const whole = units.some(({ m, ends }) => {
          for (let at = m.indexOf(p.match); at >= 0; at = m.indexOf(p.match, at + 1)) if (ends.has(at) && ends.has(at + p.match.length)) return true;
          return false;
        });
        expect(whole, `${id}: "${p.match}" cuts a word wherever it occurs`).toBe(true);
      }
    }
  });

  it('never lists a number or a date alone', () => {
    for (const id of ['state-council-2024', 'state-council-1979']) for (const p of all(id).phrases) expect(p.match).not.toMatch(/^[\d.%〇零一二两三四五六七八九十百千万亿第年月日]+$/);
  });
});

describe('new: the head of each list', () => {
  const { labels } = JSON.parse(readFileSync('test/fixtures/new-phrases.json', 'utf8')) as { labels: Record<string, Record<string, string[]>> };

  it.each(Object.keys(labels))('%s: at most 3 of the top 30 are fragments or boilerplate (hand labels)', (id) => {
    const top = all(id).phrases.slice(0, 30).map((p) => p.match);
    const label = (p: string) => Object.keys(labels[id]).find((k) => labels[id][k].includes(p));
    expect(top.filter((p) => !label(p)), `${id}: unlabelled in the top 30 (label them in test/fixtures/new-phrases.json)`).toEqual([]);
    expect(top.filter((p) => label(p) === 'fragment or boilerplate').length).toBeLessThanOrEqual(3);
  });
});

describe('new: bad input', () => {
  it('names an unknown document', () => {
    expect(() => newPhrases(engine, 'no-such-doc')).toThrow(/no document with id "no-such-doc"/);
  });
});
