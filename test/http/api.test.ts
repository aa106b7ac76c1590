/** Every endpoint and its error paths, through app.request() (no ports). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { MAX_LIMIT } from '../../src/search/search.js';
import { FORMAT_VERSION } from '../../src/persist/save.js';
import type { Opened } from '../../src/persist/open.js';
import { expectError, getJson } from './setup.js';
import { seedEngine } from '../helpers/seeds.js';

let opened: Opened;
let app: Hono;
const q = (params: Record<string, string>) => '/api/search?' + new URLSearchParams(params);

beforeAll(async () => {
  opened = await seedEngine();
  app = createApp(opened.engine, { info: opened.info });
});

describe('GET /healthz', () => {
  it('reports the format version and counts', async () => {
    const { status, body } = await getJson(app, '/healthz');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', formatVersion: FORMAT_VERSION, documents: opened.engine.docs.size, units: opened.engine.unitCount });
    expect(body.documents).toBeGreaterThan(50);
  });

  it('says whether compare is warm where it runs (an app without a pool, never warmed: no)', async () => {
    const { body } = await getJson(app, '/healthz');
    expect(body.warm).toBe(false);
  });
});

describe('GET /api/search', () => {
  it('answers the same shape as the CLI --json', async () => {
    const { status, body } = await getJson(app, q({ q: '揭榜挂帅', limit: '3' }));
    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(['facets', 'hits', 'query', 'total']);
    expect(body.query).toBe('揭榜挂帅');
    expect(body.total).toBeGreaterThan(0);
    expect(body.hits.length).toBeLessThanOrEqual(3);
    const h = body.hits[0];
    expect(h.text.slice(h.highlights[0][0], h.highlights[0][1])).toBe('揭榜挂帅');
  });

  it('pages with offset', async () => {
    const all = (await getJson(app, q({ q: '科技', limit: '10' }))).body;
    const page = (await getJson(app, q({ q: '科技', limit: '5', offset: '5' }))).body;
    expect(page.hits.map((h: any) => h.unitId)).toEqual(all.hits.slice(5, 10).map((h: any) => h.unitId));
  });

  it('takes filters as parameters, the same as in the query', async () => {
    const inQuery = (await getJson(app, q({ q: '科技 year:2021..2023 region:四川' }))).body;
    const asParams = (await getJson(app, q({ q: '科技', year: '2021..2023', region: '四川' }))).body;
    expect(asParams.total).toBe(inQuery.total);
    expect(asParams.total).toBeGreaterThan(0);
    for (const h of asParams.hits) {
      expect(h.year).toBeGreaterThanOrEqual(2021);
      expect(h.year).toBeLessThanOrEqual(2023);
      expect(h.region).toBe('四川省');
    }
    const levels = (await getJson(app, q({ q: '发展', level: 'national', kind: 'government-work-report', stance: 'plan,review' }))).body;
    expect(Object.keys(levels.facets.level)).toEqual(['national']);
  });

  it('accepts filters alone', async () => {
    const { status, body } = await getJson(app, q({ year: '2022', limit: '1' }));
    expect(status).toBe(200);
    // every hit covers 2022; an outlook of 2021–2025 among them counts in its other years too
    expect(body.facets.year['2022']).toBe(body.total);
    for (const n of Object.values(body.facets.year) as number[]) expect(n).toBeLessThanOrEqual(body.total);
  });

  it.each([
    ['missing query', {}, 'BAD_QUERY'],
    ['empty query', { q: '' }, 'BAD_QUERY'],
    ['blank query', { q: '   ' }, 'BAD_QUERY'],
    ['unbalanced quote', { q: '"科技' }, 'BAD_QUERY'],
    ['unknown filter in q', { q: '科技 color:red' }, 'BAD_QUERY'],
    ['punctuation only', { q: '，。' }, 'BAD_QUERY'],
    ['only excluded terms', { q: '-科技' }, 'BAD_QUERY'],
    ['too many terms', { q: '一 二 三 四 五 六 七 八 九' }, 'BAD_QUERY'],
    ['query over 200 characters', { q: '科'.repeat(201) }, 'BAD_INPUT'],
    ['limit over MAX_LIMIT', { q: '科技', limit: String(MAX_LIMIT + 1) }, 'BAD_INPUT'],
    ['limit 0', { q: '科技', limit: '0' }, 'BAD_INPUT'],
    ['limit not a number', { q: '科技', limit: 'ten' }, 'BAD_INPUT'],
    ['limit in exponent form', { q: '科技', limit: '1e2' }, 'BAD_INPUT'],
    ['negative offset', { q: '科技', offset: '-1' }, 'BAD_INPUT'],
    ['backwards years', { q: '科技', year: '2023..2021' }, 'BAD_INPUT'],
    ['not a year', { q: '科技', year: '22' }, 'BAD_INPUT'],
    ['empty filter', { q: '科技', year: '' }, 'BAD_INPUT'],
    ['unknown level', { q: '科技', level: 'planet' }, 'BAD_INPUT'],
    ['unknown kind', { q: '科技', kind: 'poem' }, 'BAD_INPUT'],
    ['unknown stance', { q: '科技', stance: 'maybe' }, 'BAD_INPUT'],
    ['space in a filter', { q: '科技', region: '四川 科技' }, 'BAD_INPUT'],
    ['unknown parameter', { q: '科技', years: '2022' }, 'BAD_INPUT'],
  ])('refuses %s with 400', async (_name, params, code) => {
    const { status, body } = await getJson(app, q(params as Record<string, string>));
    expect(status).toBe(400);
    expectError(body, code);
  });

  it('names the offending parameter in issues', async () => {
    const { body } = await getJson(app, q({ q: '科技', limit: '5000', year: 'soon' }));
    expect(body.error.issues.map((i: any) => i.path).sort()).toEqual(['limit', 'year']);
    expect(body.error.message).toMatch(/limit/);
  });

  it('refuses a repeated parameter', async () => {
    const { status, body } = await getJson(app, '/api/search?q=科技&q=发展');
    expect(status).toBe(400);
    expect(body.error.issues[0].path).toBe('q');
  });

  it('accepts exactly MAX_LIMIT and 200 characters', async () => {
    expect((await app.request(q({ q: '科技', limit: String(MAX_LIMIT) }))).status).toBe(200);
    expect((await app.request(q({ q: '科'.repeat(200) }))).status).toBe(200);
  });
});

describe('documents and units', () => {
  it('lists documents in date order with unit counts', async () => {
    const { status, body } = await getJson(app, '/api/documents');
    expect(status).toBe(200);
    expect(body).toHaveLength(opened.engine.docs.size);
    expect(body[0]).toMatchObject({ id: expect.any(String), title: expect.any(String), units: expect.any(Number) });
    const keys = body.map((d: any) => d.date ?? `${d.year}-12-31`);
    expect([...keys].sort()).toEqual(keys);
  });

  it('returns one document with its units', async () => {
    const id = opened.engine.docList()[0].id;
    const { status, body } = await getJson(app, `/api/documents/${encodeURIComponent(id)}`);
    expect(status).toBe(200);
    expect(body.meta.id).toBe(id);
    expect(body.units.length).toBe(opened.engine.getDoc(id).units.length);
    expect(body.units[0]).toMatchObject({ id: expect.any(String), docId: id, text: expect.any(String) });
  });

  it('returns one unit with its document', async () => {
    const unit = opened.engine.docList().map((m) => opened.engine.getDoc(m.id).units.find((u) => u.kind === 'task')).find(Boolean)!;
    const { status, body } = await getJson(app, `/api/units/${encodeURIComponent(unit.id)}`);
    expect(status).toBe(200);
    expect(body.unit).toEqual({ ...unit, citation: expect.stringMatching(/第\d+项任务\.$/), permalink: `/u/${unit.id}` });
    expect(body.doc.id).toBe(unit.docId);
  });

  it.each(['/api/documents/no-such-doc', '/api/units/no-such-doc:t1', '/api/documents/%E4%B8', '/api/units/%F0%9F%98%80'])(
    '404 for unknown id %s',
    async (path) => {
      const { status, body } = await getJson(app, path);
      expect(status).toBe(404);
      expectError(body, 'NOT_FOUND');
    },
  );

  it('refuses an over-long id with 400', async () => {
    const { status, body } = await getJson(app, `/api/documents/${'x'.repeat(400)}`);
    expect(status).toBe(400);
    expectError(body, 'BAD_INPUT');
  });
});

describe('routing and the OpenAPI document', () => {
  it.each(['/nope', '/api', '/api/nope', '/api/search/extra'])('404 JSON for unknown route %s', async (path) => {
    const { status, body } = await getJson(app, path);
    expect(status).toBe(404);
    expectError(body, 'NOT_FOUND');
  });

  it('404 JSON for a method no route takes', async () => {
    const { status, body } = await getJson(app, '/api/search?q=x', { method: 'DELETE' });
    expect(status).toBe(404);
    expectError(body, 'NOT_FOUND');
  });

  it('publishes every API route with its parameters and error responses', async () => {
    const { status, body } = await getJson(app, '/api/openapi.json');
    expect(status).toBe(200);
    expect(body.openapi).toMatch(/^3\./);
    const paths = Object.keys(body.paths);
    const expected = ['/healthz', '/api/search', '/api/compare', '/api/diff', '/api/first', '/api/new', '/api/trend', '/api/documents', '/api/documents/{id}', '/api/units/{id}', '/api/indicators'];
    for (const p of expected)
      expect(paths).toContain(p);
    for (const p of paths) for (const op of Object.values<any>(body.paths[p])) expect(op.responses['200']).toBeDefined();
    const search = body.paths['/api/search'].get;
    expect(search.parameters.map((p: any) => p.name).sort()).toEqual(['doc', 'format', 'kind', 'level', 'limit', 'offset', 'q', 'region', 'stance', 'year']);
    expect(search.parameters.find((p: any) => p.name === 'q').schema.maxLength).toBe(200);
    expect(search.parameters.find((p: any) => p.name === 'limit').schema.maximum).toBe(MAX_LIMIT);
    expect(Object.keys(search.responses).sort()).toEqual(['200', '400', '503']);
    expect(body.components.schemas.Error).toBeDefined();
  });
});

describe('web pages', () => {
  it('are mounted at /', async () => {
    const res = await app.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/html/);
    const search = await app.request('/?q=' + encodeURIComponent('揭榜挂帅'));
    expect(search.status).toBe(200);
    expect(await search.text()).toContain('揭榜挂帅');
  });
});
