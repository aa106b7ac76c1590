/**
 * Writes are checked from the headers alone, before any byte of their body is read: a client without the token
 * is refused at once, so it cannot make the server buffer or parse a 60 MB upload (the body it still sends is
 * drained and dropped by the server adapter, or the connection closed).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import { YaodianError } from '../errors.js';

const READS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A request that changes the index: anything but a read under /api/documents. */
export const isWrite = (method: string, path: string) => !READS.has(method) && /^\/api\/documents(\/|$)/.test(path);

/** Compared as digests: equal lengths whatever was sent, so the time taken tells nothing about the token. */
const digest = (s: string) => createHash('sha256').update(s).digest();

/** Throws FORBIDDEN unless `authorization` is `Bearer <token>` with the configured token. */
export function checkWriteToken(authorization: string | undefined, token: string | undefined): void {
  if (!token) throw new YaodianError('FORBIDDEN', 'writes are disabled on this server (start it with YAODIAN_TOKEN set)');
  const m = /^Bearer +(\S+) *$/i.exec(authorization ?? '');
  if (!m) throw new YaodianError('FORBIDDEN', 'writes need an `Authorization: Bearer <token>` header');
  if (!timingSafeEqual(digest(m[1]), digest(token))) throw new YaodianError('FORBIDDEN', 'a valid bearer token is required for writes');
}

export function writeAuth(token: string | undefined): MiddlewareHandler {
  return async (c, next) => {
    if (!isWrite(c.req.method, c.req.path)) return next();
    try {
      checkWriteToken(c.req.header('authorization'), token);
    } catch (e) {
      // the refused client may still be sending its body: tell it the connection ends with this answer
      c.header('connection', 'close');
      throw e;
    }
    return next();
  };
}
