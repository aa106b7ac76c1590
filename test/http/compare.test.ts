/** /api/compare (and the other comparison endpoints as they are wired), through app.request(). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import type { Opened } from '../../src/persist/open.js';
import { expectError, getJson } from './setup.js';
import { seedEngine } from '../helpers/seeds.js';

let opened: Opened;
let app: Hono;
const get = (path: string, params: Record<string, string>) => getJson(app, `${path}?${new URLSearchParams(params)}`);

beforeAll(async () => {
  opened = await seedEngine();
  app = createApp(opened.engine, { info: opened.info });
});

describe('GET /api/compare', () => {
  it('follows a query across documents in date order', async () => {
    const { status, body } = await get('/api/compare', { q: '揭榜挂帅' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ query: '揭榜挂帅', kind: 'term', seed: null });
    const entries = body.timeline.filter((e: any) => e.type === 'entry');
    expect(entries.length).toBeGreaterThan(1);
    expect(entries[0]).toMatchObject({ unitId: expect.any(String), docId: expect.any(String), diff: null, window: [expect.any(Number), expect.any(Number)] });
    for (const e of entries.slice(1)) expect(Array.isArray(e.diff)).toBe(true);
    for (const e of entries) expect(e.text.slice(e.sentence[0], e.sentence[1])).toContain('揭榜挂帅');
    const dates = body.timeline.map((e: any) => e.date ?? `${e.year}-12-31`);
    expect([...dates].sort()).toEqual(dates);
  });

  it('lists the reports that stopped saying it as gaps, unless hideGaps', async () => {
    const { body } = await get('/api/compare', { q: '基础研究十年行动', level: 'national' });
    expect(body.timeline.map((e: any) => [e.type, e.docId])).toEqual([
      ['entry', 'state-council-2021'],
      ['gap', 'state-council-2022'],
      ['gap', 'state-council-2023'],
      ['gap', 'state-council-2024'],
      ['gap', 'state-council-2025'],
    ]);
    expect(body.timeline[1].reason).toBe('not in 2022年中华人民共和国国务院政府工作报告');
    const hidden = await get('/api/compare', { q: '基础研究十年行动', level: 'national', hideGaps: 'true' });
    expect(hidden.body.timeline.map((e: any) => e.docId)).toEqual(['state-council-2021']);
  });

  it('follows a statement of up to 2,000 characters, by GET and by POST', async () => {
    const statement = '制定实施基础研究十年行动方案，提升企业技术创新能力';
    const { status, body } = await get('/api/compare', { q: statement, level: 'national', year: '2021..2022' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ kind: 'statement', threshold: expect.any(Number) });
    expect(body.timeline.map((e: any) => e.unitId)).toEqual(['state-council-2021:p25', 'state-council-2022:p51']);
    expect(body.timeline[1].why.anchors).toContain('基础研究');
    // a whole paragraph, longer than the 200 characters a search query may have, in a JSON body
    const paragraph = opened.engine.getUnit('state-council-2022:p51').unit.text;
    expect(paragraph.length).toBeGreaterThan(200);
    // a roomy time budget: the machine the tests share is slow, and the budget is not what is tested here
    const roomy = createApp(opened.engine, { info: opened.info, timeBudgetMs: 60_000 });
    const posted = await roomy.request('/api/compare', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q: paragraph, level: 'national', hideGaps: true }) });
    expect(posted.status).toBe(200);
    const found = (await posted.json()) as any;
    expect(found.kind).toBe('statement');
    expect(found.timeline.find((e: any) => e.docId === 'state-council-2022')).toMatchObject({ unitId: 'state-council-2022:p51', similarity: expect.any(Number) });
  });

  it('takes a pasted stretch of 2,000 characters and finds where it came from', async () => {
    // a roomy time budget: the machine the tests share is slow, and the budget is not what is tested here
    const roomy = createApp(opened.engine, { info: opened.info, timeBudgetMs: 60_000 });
    const text = opened.engine.getDoc('state-council-2024').units.filter((u) => u.kind !== 'item').map((u) => u.text).join('');
    const q = [...text].slice(5000, 7000).join('');
    const res = await roomy.request('/api/compare', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ q, hideGaps: true }) });
    expect(res.status).toBe(200);
    const body = (await res.json()) as any;
    expect(body.kind).toBe('statement');
    expect(body.timeline.find((e: any) => e.docId === 'state-council-2024').similarity).toBeGreaterThan(0.5);
  });

  it('follows a unit', async () => {
    const unitId = opened.engine.getDoc('sichuan-2022-work-points').units.find((u) => u.kind === 'task')!.id;
    const { status, body } = await get('/api/compare', { unit: unitId });
    expect(status).toBe(200);
    expect(body.seed).toBe(unitId);
    expect(body.timeline.filter((e: any) => e.type === 'entry').map((e: any) => e.unitId)).toContain(unitId);
  });

  it('applies filter parameters', async () => {
    const { body } = await get('/api/compare', { q: '科技', region: '四川' });
    expect(body.timeline.length).toBeGreaterThan(0);
    for (const e of body.timeline) expect(e.region).toBe('四川省');
    expect(body.timeline.some((e: any) => e.type === 'entry')).toBe(true);
  });

  it.each([
    ['neither q nor unit', {}],
    ['both q and unit', { q: '科技', unit: 'x:t1' }],
    ['a query over 2,000 characters', { q: '科'.repeat(2001) }],
    ['a bad hideGaps', { q: '科技', hideGaps: 'yes' }],
    ['an unknown view', { q: '科技', view: 'page' }],
    ['a bad filter', { q: '科技', year: 'recent' }],
    ['an unknown parameter', { q: '科技', limit: '5' }],
  ])('400 for %s', async (_name, params) => {
    const { status, body } = await get('/api/compare', params as Record<string, string>);
    expect(status).toBe(400);
    expectError(body, 'BAD_INPUT');
  });

  it.each([
    ['an unbalanced quote', '"揭榜'],
    ['filters only', 'year:2022'],
    ['too many terms', '一 二 三 四 五 六 七 八 九'],
  ])('400 BAD_QUERY for %s', async (_name, q) => {
    const { status, body } = await get('/api/compare', { q });
    expect(status).toBe(400);
    expectError(body, 'BAD_QUERY');
  });

  it('404 for an unknown unit', async () => {
    const { status, body } = await get('/api/compare', { unit: 'no-such-doc:t1' });
    expect(status).toBe(404);
    expectError(body, 'NOT_FOUND');
  });
});

describe('GET /api/diff', () => {
  it('aligns two documents and summarises the changes', async () => {
    const { status, body } = await get('/api/diff', { a: 'sichuan-2022-work-points', b: 'sichuan-2024-conference' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ a: 'sichuan-2022-work-points', b: 'sichuan-2024-conference' });
    const { matched, changed, added, removed } = body.summary;
    expect(matched + changed + added + removed).toBe(body.pairs.length);
    for (const p of body.pairs) {
      expect(p.a !== null || p.b !== null).toBe(true);
      expect(Array.isArray(p.diff)).toBe(true);
    }
  });

  it.each([
    ['a missing b', { a: 'state-council-2023' }],
    ['the same document twice', { a: 'state-council-2023', b: 'state-council-2023' }],
    ['an unknown parameter', { a: 'state-council-2023', b: 'state-council-2024', c: 'x' }],
  ])('400 for %s', async (_name, params) => {
    const { status, body } = await get('/api/diff', params as Record<string, string>);
    expect(status).toBe(400);
    expectError(body, 'BAD_INPUT');
  });

  it('says which parameter is missing', async () => {
    const { body } = await get('/api/diff', { a: 'state-council-2023' });
    expect(body.error.issues).toEqual([{ path: 'b', code: 'invalid_type', message: 'required' }]);
  });

  it('404 for an unknown document', async () => {
    const { status, body } = await get('/api/diff', { a: 'state-council-2023', b: 'no-such-doc' });
    expect(status).toBe(404);
    expectError(body, 'NOT_FOUND');
  });
});

describe('GET /api/first', () => {
  it('finds the earliest occurrence and lists the rest in date order', async () => {
    const { status, body } = await get('/api/first', { q: '揭榜挂帅' });
    expect(status).toBe(200);
    expect(body.phrase).toBe('揭榜挂帅');
    expect(body.first).toEqual(body.occurrences[0]);
    expect(body.first.quote).toContain('揭榜挂帅');
    const keys = body.occurrences.map((o: any) => o.date ?? `${o.year}-12-31`);
    expect([...keys].sort()).toEqual(keys);
  });

  it('takes the phrase literally and applies filters', async () => {
    const { body } = await get('/api/first', { q: '科技', region: '四川' });
    for (const o of body.occurrences) expect(o.region).toBe('四川省');
  });

  it('404 when the phrase occurs nowhere', async () => {
    const { status, body } = await get('/api/first', { q: '这句话不会出现在任何报告里' });
    expect(status).toBe(404);
    expectError(body, 'NOT_FOUND');
  });

  it.each([
    ['no phrase', {}, 'BAD_INPUT'],
    ['an empty phrase', { q: '' }, 'BAD_INPUT'],
    ['a phrase over 200 characters', { q: '科'.repeat(201) }, 'BAD_INPUT'],
    ['a blank phrase', { q: '   ' }, 'BAD_QUERY'],
  ])('400 for %s', async (_name, params, code) => {
    const { status, body } = await get('/api/first', params as Record<string, string>);
    expect(status).toBe(400);
    expectError(body, code);
  });
});

describe('GET /api/trend', () => {
  it('counts units and occurrences by year and region', async () => {
    const { status, body } = await get('/api/trend', { q: '揭榜挂帅' });
    expect(status).toBe(200);
    expect(body.query).toBe('揭榜挂帅');
    const sum = (m: Record<string, { units: number }>) => Object.values(m).reduce((s, c) => s + c.units, 0);
    expect(sum(body.byYear)).toBe(body.total.units);
    expect(sum(body.byRegion)).toBe(body.total.units);
    expect(body.total.occurrences).toBeGreaterThanOrEqual(body.total.units);
    const years = Object.keys(body.byYear).map(Number);
    expect([...years].sort((a, b) => a - b)).toEqual(years);
  });

  it('applies filter parameters', async () => {
    const { body } = await get('/api/trend', { q: '科技', year: '2022..2023' });
    expect(Object.keys(body.byYear).every((y) => y === '2022' || y === '2023')).toBe(true);
  });

  it.each([
    ['no query', {}, 'BAD_QUERY'],
    ['an unbalanced quote', { q: '"科技' }, 'BAD_QUERY'],
    ['too many terms', { q: '一 二 三 四 五 六 七 八 九' }, 'BAD_QUERY'],
    ['a bad filter', { q: '科技', stance: 'maybe' }, 'BAD_INPUT'],
    ['an unknown parameter', { q: '科技', limit: '3' }, 'BAD_INPUT'],
  ])('400 for %s', async (_name, params, code) => {
    const { status, body } = await get('/api/trend', params as Record<string, string>);
    expect(status).toBe(400);
    expectError(body, code);
  });
});
