/**
 * Seeded fuzz over the writes: uploads with odd file names, contents and form fields, malformed bodies, and
 * removals of odd ids must never answer a 5xx, and never lose or half-add a document — what a write answered is
 * what the server serves, and what it serves is what a reload from disk finds. Set FUZZ_SEED to explore others.
 */
import { cpSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Engine } from '../../src/index/engine.js';
import { createApp } from '../../src/http/app.js';
import { openEngine } from '../../src/persist/open.js';
import { SEED, tmpIndexDir } from '../helpers/seeds.js';
import { fuzz, fuzzReport, FUZZ_SEED } from '../helpers/fuzz.js';

const TOKEN = 's3cret';
const f = fuzz(FUZZ_SEED + 1);

let app: Hono;
let engine: Engine;
let index: string;
let seeds: string;

beforeAll(async () => {
  seeds = tmpIndexDir();
  mkdirSync(join(seeds, 'sci-tech'));
  for (const rel of [SEED.sichuan2022, SEED.suining2023]) cpSync(join('seeds', rel), join(seeds, rel));
  index = tmpIndexDir();
  ({ engine } = await openEngine({ seeds, index }));
  app = createApp(engine, { indexDir: index, writeToken: TOKEN });
});

const ids = () => [...engine.docs.keys()].sort();

interface Outcome {
  status: number;
  body: unknown;
  text: string;
}

async function send(path: string, init: RequestInit): Promise<Outcome> {
  const res = await app.request(path, init);
  const text = await res.text();
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  return { status: res.status, body, text };
}

/** What went wrong with one write, judged by what the server served before and after it. */
function judge(what: string, out: Outcome, before: string[], after: string[]): string[] {
  const bad = (why: string) => [`${why}: ${what} → ${out.status} ${out.text.slice(0, 200)}`];
  if (out.status >= 500) return bad('a 5xx');
  if (out.body === undefined) return bad('not JSON');
  const body = out.body as { id?: string; duplicateOf?: string; removed?: string };
  if (out.status === 201) {
    const gained = after.filter((id) => !before.includes(id));
    if (gained.length !== 1 || gained[0] !== body.id || before.some((id) => !after.includes(id))) return bad(`added, but served ${gained.length} more`);
  } else if (out.status === 200 && body.removed) {
    if (after.includes(body.removed) || after.length !== before.length - 1) return bad('removed, but still served');
  } else if (after.join() !== before.join()) return bad('refused, yet the documents changed');
  return [];
}

function uploadForm(serial: number): { form: FormData; what: string } {
  const form = new FormData();
  const name = f.fileName();
  const content = f.content(serial);
  const fields = f.fields();
  if (f.rand() < 0.9) form.append('file', new File([new Uint8Array(content)], name));
  else form.append('file', f.hostile()); // a string, not a file
  for (const [k, v] of fields) form.append(k, v);
  const what = `upload ${JSON.stringify(name.slice(0, 60))} (${content.length} bytes) ${JSON.stringify(fields).slice(0, 200)}`;
  return { form, what };
}

describe(`fuzz over the writes (seed ${FUZZ_SEED + 1})`, () => {
  it('answers every odd upload with a 2xx or a 4xx in JSON, adding exactly what it answered', async () => {
    const failures: string[] = [];
    let added = 0;
    for (let serial = 0; serial < 80; serial++) {
      const { form, what } = uploadForm(serial);
      const before = ids();
      const out = await send('/api/documents', { method: 'POST', body: form, headers: { authorization: `Bearer ${TOKEN}` } });
      if (out.status === 201) added++;
      failures.push(...judge(what, out, before, ids()));
    }
    expect(failures).toEqual([]);
    // the generator's plain reports are most of the cases: the fuzz must have added some, or it tested nothing
    expect(added).toBeGreaterThanOrEqual(5);
  });

  it('refuses malformed bodies and odd authorization headers with a 4xx in JSON, changing nothing', async () => {
    const failures: string[] = [];
    const bodies: [string, BodyInit | undefined][] = [
      ['multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="file"; filename="a.txt"\r\n\r\n' + fuzzReport(1)], // never closed
      ['multipart/form-data', '--\r\n\r\n'],
      ['multipart/form-data; boundary=' + 'b'.repeat(500), 'garbage'],
      ['application/json', JSON.stringify({ file: fuzzReport(2) })],
      ['text/plain', fuzzReport(3)],
      ['application/x-www-form-urlencoded', 'file=' + encodeURIComponent(fuzzReport(4))],
      ['', undefined],
    ];
    for (const [type, body] of bodies) {
      const before = ids();
      const headers: Record<string, string> = { authorization: `Bearer ${TOKEN}`, ...(type && { 'content-type': type }) };
      failures.push(...judge(`POST ${type}`, await send('/api/documents', { method: 'POST', body, headers }), before, ids()));
    }
    for (let k = 0; k < 30; k++) {
      const auth = f.pick([() => f.hostile(), () => `Bearer ${f.hostile()}`, () => TOKEN, () => `Basic ${TOKEN}`, () => `Bearer  ${TOKEN} x`]);
      const before = ids();
      const { form, what } = uploadForm(1000 + k);
      const out = await send('/api/documents', { method: 'POST', body: form, headers: { authorization: auth().replace(/[^\x20-\x7e]/g, '?') } });
      if (out.status !== 403) failures.push(`not refused: ${what} → ${out.status}`);
      failures.push(...judge(what, out, before, ids()));
    }
    expect(failures).toEqual([]);
  });

  it('removes only documents it has, answering odd ids with a 4xx in JSON', async () => {
    const failures: string[] = [];
    for (let k = 0; k < 40; k++) {
      const id = f.rand() < 0.2 ? f.pick(ids()) : f.hostile();
      let path: string;
      try {
        path = `/api/documents/${encodeURIComponent(id)}`;
      } catch {
        path = `/api/documents/${id}`;
      }
      const before = ids();
      failures.push(...judge(`DELETE ${JSON.stringify(id.slice(0, 60))}`, await send(path, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } }), before, ids()));
    }
    expect(failures).toEqual([]);
  });

  it('serves after all that exactly what a reload from disk finds, leaving no temporary files behind', async () => {
    const reloaded = (await openEngine({ seeds, index })).engine;
    expect([...reloaded.docs.keys()].sort()).toEqual(ids());
    const leftovers = readdirSync(index, { recursive: true }).map(String).filter((p) => /\.tmp-|\.break$|(^|\/)LOCK$/.test(p));
    expect(leftovers).toEqual([]);
  });
});
