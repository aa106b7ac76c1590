/**
 * Every failure leaves the API through here, as `{error: {code, message, issues}}`. Domain error codes map
 * to statuses in one table; anything unexpected is a bug and answers a generic 500 (the details go to the
 * log, never to the client).
 */
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import { isYaodianError, YaodianError, type ErrorCode } from '../errors.js';
import { escapeControls } from './middleware.js';

export const STATUS: Record<ErrorCode, ContentfulStatusCode> = {
  BAD_QUERY: 400,
  BAD_INPUT: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  FORBIDDEN: 403,
  TIMEOUT: 503,
  BAD_FILE: 422,
  TOO_LARGE: 413,
  OVER_LIMIT: 422,
  UNAVAILABLE: 503,
};

/** Codes for refusals that come from the HTTP layer rather than the engine. */
const HTTP_CODES: Partial<Record<number, string>> = {
  400: 'BAD_INPUT',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  413: 'TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
};

export interface Issue {
  path: string;
  code: string;
  message: string;
}

/** `cap`: for a file over an extraction cap, which one and its value (ingest/limits.ts), so clients need not parse the message */
export const errorBody = (code: string, message: string, issues: Issue[] = [], cap?: { limit: string; max: number }) => ({ error: { code, message, issues, ...cap } });

const capOf = (details: unknown): { limit: string; max: number } | undefined =>
  details && typeof details === 'object' && 'limit' in details && 'max' in details && typeof details.limit === 'string' && typeof details.max === 'number'
    ? { limit: details.limit, max: details.max }
    : undefined;

const isIssueList = (x: unknown): x is Issue[] =>
  Array.isArray(x) && x.every((i) => i && typeof i === 'object' && typeof i.path === 'string' && typeof i.message === 'string');

export function issuesOf(error: z.core.$ZodError): Issue[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.'),
    code: i.code,
    // zod says "Invalid input: expected string, received undefined" for a parameter that is simply missing
    message: i.code === 'invalid_type' && /received undefined$/.test(i.message) ? 'required' : i.message,
  }));
}

/** zod-openapi's validation hook: turn a failed parse into a BAD_INPUT that onError reports like any other. */
export const validationHook: Hook<unknown, any, any, undefined> = (result) => {
  if (result.success) return;
  const issues = issuesOf(result.error as z.core.$ZodError);
  const where = result.target === 'param' ? 'path' : result.target === 'query' ? 'parameters' : result.target;
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new YaodianError('BAD_INPUT', `invalid ${where}: ${summary}`, issues);
};

export function onError(log: (line: string) => void): ErrorHandler {
  return (err, c) => {
    if (isYaodianError(err)) {
      const issues = isIssueList(err.details) ? err.details : [];
      return c.json(errorBody(err.code, err.message, issues, capOf(err.details)), STATUS[err.code]);
    }
    if (err instanceof HTTPException && err.status < 500) {
      const code = HTTP_CODES[err.status] ?? `HTTP_${err.status}`;
      const message = err.message || err.res?.statusText || code.toLowerCase().replace(/_/g, ' ');
      return c.json(errorBody(code, message), err.status);
    }
    log(`internal error on ${c.req.method} ${escapeControls(c.req.path)}: ${(err as Error)?.stack ?? String(err)}`);
    return c.json(errorBody('INTERNAL', 'internal error'), 500);
  };
}

export const notFound: NotFoundHandler = (c: Context) =>
  c.json(errorBody('NOT_FOUND', `no route for ${c.req.method} ${c.req.path}; see /api/openapi.json`), 404);
