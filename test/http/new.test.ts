/** /api/new: a report's 新提法 and strength shifts, and the shifts every diff carries, through app.request(). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { expectError, getJson } from './setup.js';
import { seedEngine } from '../helpers/seeds.js';

let app: Hono;
const get = (path: string, params: Record<string, string>) => getJson(app, `${path}?${new URLSearchParams(params)}`);

beforeAll(async () => {
  const opened = await seedEngine();
  // the shared test machine is slow; the budget is the serving default's business, not this file's
  app = createApp(opened.engine, { info: opened.info, timeBudgetMs: 120_000 });
});

describe('GET /api/new', () => {
  it('answers what the CLI prints with --json', async () => {
    const { status, body } = await get('/api/new', { doc: 'state-council-2024', limit: '1000' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ doc: { id: 'state-council-2024', level: 'national' }, against: 'level', shifts: { previous: { id: 'state-council-2023' } } });
    expect(body.phrases.map((p: any) => p.match)).toEqual(expect.arrayContaining(['新质生产力', '人工智能+', '低空经济']));
    expect(body.phrases.length).toBe(body.total);
  });

  it('takes --against and --limit as parameters', async () => {
    const { status, body } = await get('/api/new', { doc: 'sichuan-2024-conference', against: 'all', limit: '3' });
    expect(status).toBe(200);
    expect(body.against).toBe('all');
    expect(body.phrases).toHaveLength(3);
  });

  it.each([
    [{}, 400, 'BAD_INPUT'],
    [{ doc: 'state-council-2024', against: 'province' }, 400, 'BAD_INPUT'],
    [{ doc: 'state-council-2024', limit: '0' }, 400, 'BAD_INPUT'],
    [{ doc: 'state-council-2024', limit: 'ten' }, 400, 'BAD_INPUT'],
    [{ doc: 'state-council-2024', q: '新' }, 400, 'BAD_INPUT'],
    [{ doc: 'no-such-report' }, 404, 'NOT_FOUND'],
  ])('refuses %j with %i and the reason', async (params, status, code) => {
    const r = await get('/api/new', params as Record<string, string>);
    expect(r.status).toBe(status);
    expectError(r.body, code);
  });

  it('is in the OpenAPI document, and DiffOp carries its shift', async () => {
    const { body } = await getJson(app, '/api/openapi.json');
    const op = body.paths['/api/new'].get;
    expect(op.parameters.map((p: any) => p.name).sort()).toEqual(['against', 'doc', 'format', 'limit']);
    expect(Object.keys(op.responses).sort()).toEqual(['200', '400', '404', '503']);
    expect(body.components.schemas.NewResult).toBeDefined();
    expect(body.components.schemas.DiffOp.properties.shift).toBeDefined();
  });
});

describe('GET /api/diff marks strength shifts', () => {
  it('on the insert op of 稳健 → 适度宽松 between the 2024 and 2025 reports', async () => {
    const { status, body } = await get('/api/diff', { a: 'state-council-2024', b: 'state-council-2025' });
    expect(status).toBe(200);
    const shifts = body.pairs.flatMap((p: any) => p.diff.filter((o: any) => o.shift).map((o: any) => ({ op: o.op, ...o.shift })));
    expect(shifts).toContainEqual({ op: 'insert', ladder: 'monetary-stance', from: '稳健', to: '适度宽松', direction: 'up' });
  });
});
