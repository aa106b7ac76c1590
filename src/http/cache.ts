/**
 * A response cache for the read-only API. The engine does not change while the server runs, and the same
 * searches recur (the web page, shared links, pagination), while an uncached search holds the event loop
 * for its whole synchronous ranking. Entries are keyed by path and raw query string, evicted least-recently-used by total
 * size. Client errors are cached too (parsing again gives the same answer); 503s are not, because an
 * over-budget answer usually comes from a cold tokenizer cache and the retry is fast.
 * Anything that ever mutates the engine must call clear().
 */
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

interface Entry {
  status: ContentfulStatusCode;
  /** UTF-8, encoded once rather than on every hit */
  body: Uint8Array<ArrayBuffer>;
  bytes: number;
}

const CACHEABLE = new Set([200, 400, 404]);

export class ResponseCache {
  private readonly entries = new Map<string, Entry>();
  private bytes = 0;

  /** maxBytes bounds the cached bodies; 0 disables the cache */
  constructor(readonly maxBytes = 64 * 1024 * 1024) {}

  get size(): number {
    return this.entries.size;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private get(key: string): Entry | undefined {
    const e = this.entries.get(key);
    if (e) {
      this.entries.delete(key); // re-inserted last: most recently used
      this.entries.set(key, e);
    }
    return e;
  }

  private set(key: string, status: ContentfulStatusCode, body: Uint8Array<ArrayBuffer>): void {
    const bytes = body.byteLength + key.length * 2 + 64;
    if (bytes > this.maxBytes / 8) return; // one huge answer must not flush everything else
    const old = this.entries.get(key);
    if (old) this.bytes -= old.bytes;
    this.entries.set(key, { status, body, bytes });
    this.bytes += bytes;
    for (const [k, e] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(k);
      this.bytes -= e.bytes;
    }
  }

  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (this.maxBytes <= 0 || c.req.method !== 'GET') return next();
      const url = c.req.url;
      const key = url.slice(url.indexOf('/', url.indexOf('//') + 2));
      const hit = this.get(key);
      if (hit) return c.body(hit.body, hit.status, { 'content-type': 'application/json', 'x-cache': 'hit' });
      await next();
      const res = c.res;
      if (!CACHEABLE.has(res.status) || !res.headers.get('content-type')?.startsWith('application/json')) return;
      this.set(key, res.status as ContentfulStatusCode, new Uint8Array(await res.clone().arrayBuffer()));
    };
  }
}
