import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { createApp } from '../../src/http/app.js';
import { openEngine } from '../../src/persist/open.js';
import { SEED, tmpIndexDir } from '../helpers/seeds.js';
import type { Hono } from 'hono';

const REPORT = '2025年全市科技创新工作要点\n1.实施量子信息专项行动。布局建设量子计算中心。\n';
let app: Hono;
let open: Hono;
let seeds: string;
let index: string;

beforeAll(async () => {
  seeds = tmpIndexDir();
  mkdirSync(join(seeds, 'sci-tech'));
  cpSync('seeds/sci-tech', join(seeds, 'sci-tech'), { recursive: true });
  index = tmpIndexDir();
  const { engine } = await openEngine({ seeds, index });
  app = createApp(engine, { indexDir: index, writeToken: 's3cret' });
  open = createApp(engine, { indexDir: index, writeToken: '' });
});

const form = (content: Uint8Array | string, name = 'mianyang.txt', fields: Record<string, string> = {}) => {
  const f = new FormData();
  f.set('file', new File([typeof content === 'string' ? content : new Uint8Array(content)], name));
  for (const [k, v] of Object.entries(fields)) f.set(k, v);
  return f;
};
const post = (a: Hono, body: FormData, token?: string) =>
  a.request('/api/documents', { method: 'POST', body, headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('POST and DELETE /api/documents', () => {
  it('answers 403 when the server has no token, or the request the wrong one', async () => {
    expect((await post(open, form(REPORT), 'anything')).status).toBe(403);
    const wrong = await post(app, form(REPORT), 'guess');
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error.code).toBe('FORBIDDEN');
    expect((await post(app, form(REPORT))).status).toBe(403);
  });

  it('adds a GBK file with metadata corrections, finds it at once, and recognises it the second time', async () => {
    const res = await post(app, form(iconv.encode(REPORT, 'gbk'), 'mianyang.txt', { region: '绵阳市', date: '2025-02-20' }), 's3cret');
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toMatchObject({ id: 'mianyang-2025-work-points', meta: { region: '绵阳市', level: 'city', date: '2025-02-20', year: 2025 }, units: 2 });
    const found = await (await app.request('/api/search?q=量子计算')).json();
    expect(found.hits[0].docId).toBe('mianyang-2025-work-points');
    const again = await post(app, form(REPORT, 'copy.md'), 's3cret');
    expect(again.status).toBe(200);
    expect((await again.json()).duplicateOf).toBe('mianyang-2025-work-points');
  });

  it('names another edition of a report it holds, with its similarity, and adds it only with force=true', async () => {
    const edition = readFileSync(join(seeds, SEED.sichuan2023), 'utf8').replace('。', '。会议还部署了另一项工作。');
    const res = await post(app, form(edition, 'edition.txt'), 's3cret');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.duplicateOf).toBe('sichuan-2023-conference');
    expect(body.similarity).toBeGreaterThanOrEqual(0.9);
    expect(body.similarity).toBeLessThan(1);
    expect((await post(app, form(edition, 'edition.txt', { force: 'yes' }), 's3cret')).status).toBe(400);
    const forced = await post(app, form(edition, 'edition.txt', { force: 'true' }), 's3cret');
    expect(forced.status).toBe(201);
    expect((await forced.json()).id).toBe('sichuan-2023-conference-2');
  });

  it('keeps what was added across a restart (the journal), then removes it', async () => {
    const { engine } = await openEngine({ seeds, index });
    expect(engine.docs.has('mianyang-2025-work-points')).toBe(true);
    const del = await app.request('/api/documents/mianyang-2025-work-points', { method: 'DELETE', headers: { authorization: 'Bearer s3cret' } });
    expect(del.status).toBe(200);
    expect((await (await app.request('/api/search?q=量子计算')).json()).total).toBe(0);
    const again = await app.request('/api/documents/mianyang-2025-work-points', { method: 'DELETE', headers: { authorization: 'Bearer s3cret' } });
    expect(again.status).toBe(404);
  });

  it.each([
    ['no file field', () => { const f = new FormData(); f.set('region', '绵阳市'); return f; }, 400],
    ['an empty file', () => form(''), 422],
    ['a binary file', () => form(new Uint8Array([0, 1, 2, 0, 255])), 422],
    ['a bad year', () => form(REPORT, 'x.txt', { year: 'soon' }), 400],
  ])('refuses %s with a JSON reason', async (_n, make, status) => {
    const res = await post(app, make(), 's3cret');
    expect(res.status).toBe(status);
    expect((await res.json()).error.message).toBeTruthy();
  });
});
