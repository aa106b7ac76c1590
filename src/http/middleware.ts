/** The HTTP layer's own middleware: the request log line, per-path body limits, and compression. */
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { compress } from 'hono/compress';
import { HTTPException } from 'hono/http-exception';
import { overLimit } from '../ingest/limits.js';

/**
 * Control characters as escapes (\n, \x00, \u2028): a decoded URL may hold CR/LF or NUL, which written raw
 * would forge or cut lines of the log.
 */
export const escapeControls = (s: string) =>
  s.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, (ch) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    const code = ch.charCodeAt(0);
    return named[ch] ?? (code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
  });

/** One line per request, written after the response is ready: `GET /api/search 200 3.1ms`. */
export function requestLog(log: (line: string) => void, skip: (c: Context) => boolean = () => false): MiddlewareHandler {
  return async (c, next) => {
    if (skip(c)) return next();
    const t0 = performance.now();
    await next();
    log(`${escapeControls(c.req.method)} ${escapeControls(c.req.path)} ${c.res.status} ${(performance.now() - t0).toFixed(1)}ms`);
  };
}

/** room for the form around the file: field names, metadata fields, multipart boundaries */
const FORM_OVERHEAD = 1024 * 1024;
export const DEFAULT_LIMIT = 1024 * 1024;
/** Routes that will accept report files (PDF, DOCX, zip); everything else takes small JSON at most. */
const isUpload = (method: string, path: string) => method === 'POST' && /^\/api\/(documents|uploads)(\/|$)/.test(path);

const limit = (maxSize: number, refuse: () => Error = () => new HTTPException(413, { message: `the request body is larger than ${Math.round(maxSize / 1024 / 1024)} MB` })) =>
  bodyLimit({
    maxSize,
    onError: () => {
      throw refuse();
    },
  });

const BODYLESS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** `fileBytes`: the cap on an uploaded report's size; its form may be that plus a little. */
export function bodyLimits(fileBytes: number): MiddlewareHandler {
  // counted as the body streams in (hono/body-limit), so a body without a declared length is cut off too
  const upload = limit(fileBytes + FORM_OVERHEAD, () => overLimit('the upload', 'inputBytes', fileBytes, 'is larger than the file size cap allows'));
  const other = limit(DEFAULT_LIMIT);
  // a GET carries no body we read; skipping it also avoids materialising node-server's lazy Request
  return (c, next) => (BODYLESS.has(c.req.method) ? next() : (isUpload(c.req.method, c.req.path) ? upload : other)(c, next));
}

/**
 * hono/compress, entered only when the client accepts an encoding. Otherwise it would still set Vary through
 * c.header(), which on a finished response rebuilds it and forces @hono/node-server off its fast path
 * (a third of the throughput on cached answers); setting the header in place costs nothing.
 */
export function compression(): MiddlewareHandler {
  const inner = compress();
  return async (c, next) => {
    if (c.req.header('accept-encoding')) return inner(c, next);
    await next();
    c.res.headers.append('vary', 'accept-encoding');
  };
}
