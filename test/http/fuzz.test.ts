/**
 * Seeded fuzz over every read route the OpenAPI document lists, and every page: hostile strings (and, mixed in,
 * plausible values that reach deeper code) in each parameter must never produce a 5xx; the API always answers
 * JSON. Writes are fuzzed in writes-fuzz.test.ts. Set FUZZ_SEED to explore other cases.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp, OPENAPI_PATH } from '../../src/http/app.js';
import { seedEngine } from '../helpers/seeds.js';
import { fuzz, FUZZ_SEED } from '../helpers/fuzz.js';

const CASES = 150;
const f = fuzz();

interface Param {
  name: string;
  in: 'query' | 'path';
}
interface Route {
  path: string;
  params: Param[];
}

/** Put a string into a URL either encoded, or raw so odd percent sequences reach the server as they are. */
function place(s: string): string {
  if (f.rand() < 0.5) {
    try {
      return encodeURIComponent(s);
    } catch {
      // lone surrogates cannot be encoded; send them raw and let the URL parser cope
    }
  }
  return s;
}

let app: Hono;
let routes: Route[];
/** small documents' ids, so a plausible diff or `new` stays quick */
let ids: string[];

beforeAll(async () => {
  const { engine, info } = await seedEngine();
  // the budget is not under test here; a 503 from a slow cold ranking would hide a real 5xx
  app = createApp(engine, { info, timeBudgetMs: 600_000 });
  const doc = (await (await app.request(OPENAPI_PATH)).json()) as { paths: Record<string, Record<string, { parameters?: Param[] }>> };
  routes = Object.entries(doc.paths).flatMap(([path, ops]) => (ops.get ? [{ path, params: ops.get.parameters ?? [] }] : []));
  ids = engine.docList().sort((a, b) => engine.getDoc(a.id).units.length - engine.getDoc(b.id).units.length).slice(0, 3).map((m) => m.id);
});

/** A value for a parameter: usually hostile, sometimes one the route accepts, so the hostile ones beside it go deeper. */
function valueFor(name: string): string {
  if (f.rand() < 0.6) return f.hostile();
  if (['a', 'b', 'doc', 'id'].includes(name)) return f.pick(ids);
  if (['limit', 'offset', 'year', 'page'].includes(name)) return f.pick(['1', '2022', '0', '20']);
  return f.pick(['科技', '基础研究', '四川省', 'province', 'all', 'first-last']);
}

function urlOf(path: string, params: Param[]): string {
  let url = path;
  const query: string[] = [];
  for (const p of params) {
    if (p.in === 'path') url = url.replace(`{${p.name}}`, place(valueFor(p.name)));
    else if (f.rand() < 0.6) query.push(`${p.name}=${place(valueFor(p.name))}`);
  }
  return query.length ? `${url}?${query.join('&')}` : url;
}

/** Each case's URL, or null when a client could not even form it. */
function formed(url: string): string | null {
  try {
    new URL(url, 'http://localhost');
    return url;
  } catch {
    return null;
  }
}

async function failuresOf(urls: string[], { method = (): string => 'GET', wantJson = true, ok = (status: number) => status < 500 } = {}): Promise<string[]> {
  const failures: string[] = [];
  for (const url of urls) {
    const m = method();
    const res = await app.request(url, { method: m });
    const text = await res.text();
    let json = true;
    try {
      JSON.parse(text);
    } catch {
      json = false;
    }
    if (!ok(res.status) || (wantJson && !json)) failures.push(`${res.status} ${m} ${JSON.stringify(url.slice(0, 120))} → ${text.slice(0, 200)}`);
  }
  return failures;
}

describe(`fuzz over the read routes (seed ${FUZZ_SEED})`, () => {
  it('covers every route of the OpenAPI document that reads', () => {
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/api/search', '/api/diff', '/api/new', '/api/documents/{id}', '/api/units/{id}', '/api/indicators/plan-vs-actual']));
  });

  it('answers every documented GET route without a 5xx, always in JSON', async () => {
    const failures: string[] = [];
    for (const r of routes) {
      const urls = Array.from({ length: CASES }, () => formed(urlOf(r.path, r.params))).filter((u): u is string => u !== null);
      failures.push(...(await failuresOf(urls)));
    }
    expect(failures).toEqual([]);
  });

  it('answers other methods on the read routes with a 4xx in JSON', async () => {
    const urls = routes.flatMap((r) => Array.from({ length: 5 }, () => formed(urlOf(r.path, r.params)) ?? r.path));
    const failures = await failuresOf(urls, { method: () => f.pick(['PUT', 'PATCH', 'POST', 'DELETE']), ok: (status) => status >= 400 && status < 500 });
    expect(failures).toEqual([]);
  });

  it('renders every page without a 5xx', async () => {
    const pages: Route[] = [
      { path: '/', params: ['q', 'page'].map((name) => ({ name, in: 'query' })) },
      { path: '/compare', params: ['q', 'unit', 'mode'].map((name) => ({ name, in: 'query' })) },
      { path: '/diff', params: ['a', 'b'].map((name) => ({ name, in: 'query' })) },
      { path: '/first', params: [{ name: 'q', in: 'query' }] },
      { path: '/new', params: ['doc', 'against', 'limit'].map((name) => ({ name, in: 'query' })) },
      { path: '/indicators', params: ['name', 'region'].map((name) => ({ name, in: 'query' })) },
      { path: '/doc/{id}', params: [{ name: 'id', in: 'path' }] },
    ];
    const urls = pages.flatMap((p) => Array.from({ length: CASES / 3 }, () => formed(urlOf(p.path, p.params)))).filter((u): u is string => u !== null);
    expect(await failuresOf(urls, { wantJson: false })).toEqual([]);
  });
});
