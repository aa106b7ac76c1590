/** Helpers for the API tests (the engine is the shared seed index: test/helpers/seeds.ts). */
import { expect } from 'vitest';

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
