/** /api/indicators and /api/indicators/plan-vs-actual, through app.request(). */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { indicators } from '../../src/indicators/index.js';
import type { Opened } from '../../src/persist/open.js';
import { expectError, getJson } from './setup.js';
import { seedEngine } from '../helpers/seeds.js';

let opened: Opened;
let app: Hono;

beforeAll(async () => {
  opened = await seedEngine();
  app = createApp(opened.engine, { info: opened.info });
});

describe('GET /api/indicators', () => {
  it('returns what the CLI --json returns', async () => {
    const { status, body } = await getJson(app, '/api/indicators');
    expect(status).toBe(200);
    expect(body).toEqual(JSON.parse(JSON.stringify(indicators(opened.engine))));
    expect(body.length).toBeGreaterThan(0);
  });

  it('filters by region, year and stance', async () => {
    const { status, body } = await getJson(app, `/api/indicators?${new URLSearchParams({ region: '四川', year: '2022', stance: 'target' })}`);
    expect(status).toBe(200);
    for (const i of body) expect(i).toMatchObject({ year: 2022, stance: 'target', region: expect.stringContaining('四川') });
  });

  it('pairs plans with actuals', async () => {
    const { status, body } = await getJson(app, '/api/indicators/plan-vs-actual?region=四川');
    expect(status).toBe(200);
    expect(body.length).toBeGreaterThan(0);
    expect(body[0]).toMatchObject({ region: expect.any(String), name: expect.any(String), year: expect.any(Number) });
  });

  it.each([
    ['a malformed year', 'year=22'],
    ['an unknown stance', 'stance=maybe'],
    ['an empty name', 'name='],
    ['an unknown parameter', 'colour=red'],
  ])('400 for %s', async (_name, qs) => {
    const { status, body } = await getJson(app, `/api/indicators?${qs}`);
    expect(status).toBe(400);
    expectError(body, 'BAD_INPUT');
  });
});
