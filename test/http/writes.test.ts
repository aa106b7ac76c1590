import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { createApp } from '../../src/http/app.js';
import { openEngine } from '../../src/persist/open.js';
import { SEED, tmpIndexDir } from '../helpers/seeds.js';
import type { Hono } from 'hono';
import { existsSync, readdirSync } from 'node:fs';
import { docxBomb, longLineReport, pdfManyPages, pdfStreamBomb } from '../../bench/bombs.js';
import { DEFAULT_LIMITS } from '../../src/ingest/limits.js';
import type { Engine } from '../../src/index/engine.js';

const MB = 1024 * 1024;

const REPORT = '2025年全市科技创新工作要点\n1.实施量子信息专项行动。布局建设量子计算中心。\n';
let app: Hono;
let open: Hono;
let seeds: string;
let index: string;
let engine: Engine;
/** every file under the index folder's journal, to see that a refused write left nothing */
const journalFiles = () => (existsSync(join(index, 'journal')) ? readdirSync(join(index, 'journal'), { recursive: true }).map(String).sort() : []);

beforeAll(async () => {
  seeds = tmpIndexDir();
  mkdirSync(join(seeds, 'sci-tech'));
  cpSync('seeds/sci-tech', join(seeds, 'sci-tech'), { recursive: true });
  index = tmpIndexDir();
  ({ engine } = await openEngine({ seeds, index }));
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
    ['a bare token without "Bearer "', { authorization: 's3cret' }],
    ['another scheme', { authorization: 'Basic s3cret' }],
    ['a token that only starts right', { authorization: 'Bearer s3cret2' }],
  ])('answers 403 to %s', async (_what, headers) => {
    const res = await app.request('/api/documents', { method: 'POST', body: form(REPORT), headers });
    expect(res.status).toBe(403);
    expect((await res.json()).error.code).toBe('FORBIDDEN');
  });

  it.each([
    ['with a wrong token', () => app, { authorization: 'Bearer guess' }],
    ['on a server without a token', () => open, { authorization: 'Bearer anything' }],
  ])('refuses a write %s before reading a byte of its body', async (_what, target, headers) => {
    let pulled = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(ctl) {
        pulled++;
        ctl.enqueue(new Uint8Array(1024 * 1024));
      },
    });
    const req = new Request('http://localhost/api/documents', { method: 'POST', body, headers: { ...headers, 'content-type': 'multipart/form-data; boundary=x' }, duplex: 'half' } as RequestInit);
    const res = await target().request(req);
    expect(res.status).toBe(403);
    expect(res.headers.get('connection')).toBe('close');
    // a ReadableStream pulls once to fill its queue; reading the body would pull again and again
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it.each([
    ['a line of 200,000 characters', () => form(REPORT + '科技创新'.repeat(50_000) + '\n', 'long-line.txt'), 201],
    // editions of REPORT, added with force (another edition is not added by default)
    ['a file name with NUL and newline', () => form(REPORT.replace('量子', '量子纠缠'), 'a\u0000b\nc.txt', { force: 'true' }), 201],
    ['a file name of 300+ bytes', () => form(REPORT.replace('量子', '量子通信'), '报'.repeat(120) + '.txt', { force: 'true' }), 201],
    ['a region of 300 characters', () => form(REPORT, 'r.txt', { region: '四'.repeat(300) }), 400],
    ['a year given as a form string', () => form(REPORT.replace('量子', '量子雷达'), 'y.txt', { year: '2024', force: 'true' }), 201],
  ])('answers %s with a 2xx or a 4xx, never a 500', async (_what, make, status) => {
    const res = await post(app, make(), 's3cret');
    const body = await res.json();
    expect(res.status, JSON.stringify(body)).toBe(status);
    if (status === 201) {
      expect(Buffer.byteLength(body.meta.source)).toBeLessThanOrEqual(200);
      expect(body.meta.source).not.toMatch(/[\u0000-\u001f]/);
    }
  });

  it.each([
    ['a .docx whose XML inflates to 100 MB', 'bomb.docx', () => docxBomb({ xmlBytes: 100 * MB }), 422, 'inflatedBytes'],
    ['a 50 KB .docx of 220,000 paragraphs', 'units.docx', () => docxBomb({ xmlBytes: 16 * MB }), 422, 'units'],
    ['a PDF whose one stream inflates to 1.2 GB', 'stream.pdf', () => pdfStreamBomb(1200 * MB), 422, 'inflatedBytes'],
    ['a PDF of 20,000 pages', 'pages.pdf', () => pdfManyPages(20_000), 422, 'pages'],
    ['a text of one 3,000,000-character line', 'line.txt', () => Buffer.from(longLineReport(3_000_000)), 422, 'chars'],
  ])('refuses %s with %i naming the cap, answers /healthz meanwhile, and leaves the index as it was', async (_what, name, make, status, cap) => {
    const before = { docs: engine.docs.size, journal: journalFiles() };
    const upload = post(app, form(make(), name), 's3cret');
    const health = await app.request('/healthz');
    expect(health.status).toBe(200);
    const res = await upload;
    const body = await res.json();
    expect(res.status).toBe(status);
    expect(body.error).toMatchObject({ code: 'OVER_LIMIT', limit: cap, max: expect.any(Number) });
    expect(body.error.message).toMatch(new RegExp(`^${name.replace('.', '\\.')}: .*${cap}`));
    expect({ docs: engine.docs.size, journal: journalFiles() }).toEqual(before);
  });

  it('refuses a file over the size cap with 413, before reading it', async () => {
    const small = createApp(engine, { indexDir: index, writeToken: 's3cret', limits: { ...DEFAULT_LIMITS, inputBytes: 64 * 1024 } });
    const res = await post(small, form(longLineReport(100_000), 'big.txt'), 's3cret');
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatchObject({ code: 'TOO_LARGE', limit: 'inputBytes', max: 64 * 1024 });
  });

  it('takes the documented year field as the year', async () => {
    const res = await post(app, form(REPORT.replace('量子', '量子精密测量'), 'y.txt', { year: '2023' }), 's3cret');
    expect((await res.json()).meta.year).toBe(2023);
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
