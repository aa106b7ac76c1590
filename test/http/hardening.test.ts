/** Middleware and error mapping: body limits, CORS, security headers, compression, ETag, log, budget, cache. */
import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { onError, STATUS } from '../../src/http/errors.js';
import { YaodianError, type ErrorCode } from '../../src/errors.js';
import type { Opened } from '../../src/persist/open.js';
import { expectError, getJson } from './setup.js';
import { seedEngine } from '../helpers/seeds.js';

let opened: Opened;
let app: Hono;
const lines: string[] = [];

beforeAll(async () => {
  opened = await seedEngine();
  app = createApp(opened.engine, { info: opened.info, log: (l) => lines.push(l), cors: ['https://allowed.example'] });
});

describe('body limits', () => {
  it('refuses a body over 1 MB with 413 JSON', async () => {
    const { status, body } = await getJson(app, '/api/search', { method: 'POST', body: 'x'.repeat(1024 * 1024 + 1) });
    expect(status).toBe(413);
    expectError(body, 'TOO_LARGE');
  });

  it('refuses by declared length before reading, and allows 60 MB on upload paths', async () => {
    const writer = createApp(opened.engine, { writeToken: 't0ken' });
    const declared = (path: string, bytes: number) =>
      writer.request(path, { method: 'POST', body: 'x', headers: { 'content-length': String(bytes), authorization: 'Bearer t0ken' } });
    expect((await declared('/api/search', 2 * 1024 * 1024)).status).toBe(413);
    expect((await declared('/api/documents', 2 * 1024 * 1024)).status).not.toBe(413);
    expect((await declared('/api/documents', 61 * 1024 * 1024)).status).toBe(413);
  });
});

describe('headers', () => {
  it('sets security headers', async () => {
    const res = await app.request('/api/documents');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('allows only configured origins', async () => {
    const ok = await app.request('/api/documents', { headers: { origin: 'https://allowed.example' } });
    expect(ok.headers.get('access-control-allow-origin')).toBe('https://allowed.example');
    const other = await app.request('/api/documents', { headers: { origin: 'https://evil.example' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
    const preflight = await app.request('/api/search', {
      method: 'OPTIONS',
      headers: { origin: 'https://allowed.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('GET');
  });

  it('sends no CORS headers when none are configured', async () => {
    const plain = createApp(opened.engine);
    const res = await plain.request('/api/documents', { headers: { origin: 'https://allowed.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('compresses when asked', async () => {
    const res = await app.request('/api/documents', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.headers.get('content-encoding')).toBe('gzip');
    const docs = JSON.parse(gunzipSync(Buffer.from(await res.arrayBuffer())).toString('utf8'));
    expect(docs.length).toBe(opened.engine.docs.size);
  });

  it('tags document responses with an ETag and answers 304 to a matching If-None-Match', async () => {
    const id = opened.engine.docList()[3].id;
    for (const path of [`/api/documents/${id}`, `/api/documents`, `/api/units/${opened.engine.getDoc(id).units[0].id}`]) {
      const first = await app.request(path);
      const tag = first.headers.get('etag');
      expect(tag).toMatch(/^"[0-9a-f]+"$/);
      const again = await app.request(path, { headers: { 'if-none-match': tag! } });
      expect(again.status).toBe(304);
      expect(again.headers.get('etag')).toBe(tag); // the second answer came from the cache
      expect((await app.request(path, { headers: { 'if-none-match': '"other"' } })).status).toBe(200);
    }
  });
});

describe('request log', () => {
  it('writes one line per request: method, path, status, ms', async () => {
    lines.length = 0;
    await app.request('/api/search?q=科技&limit=1');
    await app.request('/api/nope');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^GET \/api\/search 200 \d+\.\dms$/);
    expect(lines[1]).toMatch(/^GET \/api\/nope 404 \d+\.\dms$/);
  });

  it('escapes control characters a URL smuggles in, so one request stays one line', async () => {
    lines.length = 0;
    await app.request('/api/nope%0d%0aGET%20/forged%20200%00%1b[31m');
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toMatch(/[\u0000-\u001f]/);
    expect(lines[0]).toMatch(/^GET \/api\/nope\\r\\nGET \/forged 200\\x00\\x1b\[31m 404 /);
  });
});

describe('time budget', () => {
  it('answers 503 TIMEOUT with the reason when engine work runs over', async () => {
    const strict = createApp(opened.engine, { timeBudgetMs: 0.0001, cacheBytes: 0 });
    const { status, body } = await getJson(strict, '/api/search?q=发展');
    expect(status).toBe(503);
    expectError(body, 'TIMEOUT');
    expect(body.error.message).toMatch(/budget/);
    expect((await strict.request('/api/documents')).status).toBe(200);
  });

  it('is not cached, so a retry can succeed', async () => {
    const strict = createApp(opened.engine, { timeBudgetMs: 0.0001 });
    await strict.request('/api/search?q=发展');
    expect((await strict.request('/api/search?q=发展')).headers.get('x-cache')).toBeNull();
  });
});

describe('response cache', () => {
  it('answers a repeated request from the cache, byte for byte', async () => {
    const path = '/api/search?q=创新&limit=7';
    const a = await app.request(path);
    const b = await app.request(path);
    expect(a.headers.get('x-cache')).toBeNull();
    expect(b.headers.get('x-cache')).toBe('hit');
    expect(await b.text()).toBe(await a.text());
    const bad = '/api/search?q=%22unbalanced';
    expect((await app.request(bad)).status).toBe(400);
    const again = await app.request(bad);
    expect([again.status, again.headers.get('x-cache')]).toEqual([400, 'hit']);
  });

  it('can be turned off', async () => {
    const uncached = createApp(opened.engine, { cacheBytes: 0 });
    await uncached.request('/api/search?q=创新');
    expect((await uncached.request('/api/search?q=创新')).headers.get('x-cache')).toBeNull();
  });
});

describe('onError', () => {
  const logged: string[] = [];
  const probe = new Hono();
  probe.get('/throw/:code', (c) => {
    throw new YaodianError(c.req.param('code') as ErrorCode, `refused: ${c.req.param('code')}`);
  });
  probe.get('/bug', () => {
    throw new TypeError('secret internals');
  });
  probe.onError(onError((l) => logged.push(l)));

  it.each(Object.entries({ BAD_QUERY: 400, BAD_INPUT: 400, NOT_FOUND: 404, CONFLICT: 409, FORBIDDEN: 403, TIMEOUT: 503, BAD_FILE: 422, TOO_LARGE: 413, OVER_LIMIT: 422 }))(
    'maps %s to %i',
    async (code, status) => {
      expect(STATUS[code as ErrorCode]).toBe(status);
      const { status: got, body } = await getJson(probe, `/throw/${code}`);
      expect(got).toBe(status);
      expect(body.error).toMatchObject({ code, message: `refused: ${code}`, issues: [] });
    },
  );

  it('answers a bug with a generic 500 and logs the details', async () => {
    const { status, body } = await getJson(probe, '/bug');
    expect(status).toBe(500);
    expect(body).toEqual({ error: { code: 'INTERNAL', message: 'internal error', issues: [] } });
    expect(JSON.stringify(body)).not.toContain('secret');
    expect(logged.join('\n')).toContain('secret internals');
  });
});
