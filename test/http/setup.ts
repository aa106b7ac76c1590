/** One engine per test file over the bundled seeds, in a temporary index folder (building takes ~3 s). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect } from 'vitest';
import { openEngine, type Opened } from '../../src/persist/open.js';

const made: string[] = [];
// registered while the importing test file is collected, so it runs after that file (~15 MB per index)
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

export function openTestEngine(): Promise<Opened> {
  const index = mkdtempSync(join(tmpdir(), 'yaodian-http-'));
  made.push(index);
  return openEngine({ seeds: 'seeds', index });
}

type Requester = { request: (path: string, init?: RequestInit) => Response | Promise<Response> };

/** GET a path; the body must be JSON whatever the status. */
export async function getJson(app: Requester, path: string, init?: RequestInit) {
  const res = await app.request(path, init);
  expect(res.headers.get('content-type') ?? '').toMatch(/^application\/json/);
  return { res, status: res.status, body: (await res.json()) as any };
}

/** The error envelope every refusal uses. */
export function expectError(body: any, code: string) {
  expect(body).toEqual({ error: { code, message: expect.any(String), issues: expect.any(Array) } });
  expect(body.error.message.length).toBeGreaterThan(0);
}
