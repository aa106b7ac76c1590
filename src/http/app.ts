/**
 * The HTTP API, composed: hardening middleware, the route modules, one error handler, the OpenAPI document
 * (generated from the same zod schemas that validate requests) and the web pages. No logic lives here.
 */
import type { Hono } from 'hono';
import { OpenAPIHono } from '@hono/zod-openapi';
import { cors } from 'hono/cors';
import { etag } from 'hono/etag';
import { secureHeaders } from 'hono/secure-headers';
import type { Engine } from '../index/engine.js';
import type { IndexInfo } from '../persist/save.js';
import { resolveLimits, type ExtractLimits } from '../ingest/limits.js';
import { watchIndex } from '../persist/watch.js';
import type { CorpusWriter } from '../persist/writer.js';
import { DEFAULT_TIME_BUDGET_MS, warmUp } from './budget.js';
import { ResponseCache } from './cache.js';
import { notFound, onError, validationHook } from './errors.js';
import { bodyLimits, compression, requestLog } from './middleware.js';
import { writeAuth } from './auth.js';
import type { HttpContext } from './router.js';
import type { WorkerPool } from './pool.js';
import { createWeb } from '../web/index.js';
import { compareRoutes } from './routes/compare.js';
import { diffRoutes } from './routes/diff.js';
import { documentRoutes } from './routes/documents.js';
import { firstRoutes } from './routes/first.js';
import { newRoutes } from './routes/new.js';
import { healthRoutes } from './routes/health.js';
import { indicatorRoutes } from './routes/indicators.js';
import { searchRoutes } from './routes/search.js';
import { trendRoutes } from './routes/trend.js';
import { writeRoutes } from './routes/writes.js';

export interface AppOptions {
  /** origins allowed to call the API from a browser; ['*'] for any; none by default */
  cors?: string[];
  /** synchronous engine work per request, in ms, before the answer becomes 503 TIMEOUT */
  timeBudgetMs?: number;
  /** receives one line per request, and internal errors */
  log?: (line: string) => void;
  info?: IndexInfo;
  /** response cache size in bytes; 0 turns it off (e.g. to measure the engine) */
  cacheBytes?: number;
  /** the index folder, for POST/DELETE /api/documents */
  indexDir?: string;
  /** worker threads for diff, compare and trend (`yaodian serve` starts one); without it they run in this thread */
  pool?: WorkerPool;
  /** bearer token for writes; defaults to $YAODIAN_TOKEN; without one, writes answer 403 */
  writeToken?: string;
  /** caps on reading an uploaded report; defaults from the environment (ingest/limits.ts) */
  limits?: ExtractLimits;
  /** watch indexDir for other writers' changes every this many ms (serve does; tests opt in) */
  watchMs?: number;
  /** where POST/DELETE /api/documents write when the corpus is in a database */
  writer?: CorpusWriter;
  /** called once with what to run when another server changed the corpus (cached answers are dropped) */
  follow?: (onChange: () => void) => void;
}

export const OPENAPI_PATH = '/api/openapi.json';

export function createApp(engine: Engine, opts: AppOptions = {}): Hono {
  const cache = new ResponseCache(opts.cacheBytes);
  // the workers load the index again from disk, where the write has already landed
  const onChange = () => (cache.clear(), opts.pool?.reload());
  const ctx: HttpContext = {
    engine,
    info: opts.info,
    timeBudgetMs: opts.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS,
    indexDir: opts.indexDir,
    writer: opts.writer,
    writeToken: opts.writeToken ?? (process.env.YAODIAN_TOKEN || undefined),
    pool: opts.pool,
    limits: opts.limits ?? resolveLimits(),
    onChange,
  };
  opts.follow?.(() => cache.clear());
  const log = opts.log ?? (() => {});
  // another writer's change (a CLI add, another server) reaches this engine, its cached answers and the workers
  if (opts.indexDir && opts.watchMs) watchIndex(engine, opts.indexDir, onChange, log, opts.watchMs);
  warmUp();
  const app = new OpenAPIHono({ defaultHook: validationHook });

  // the pages read the API through app.fetch itself; those inner calls are not client requests to log
  const inner = new WeakSet<Request>();
  const api = (path: string) => {
    const req = new Request(new URL(path, 'http://localhost'));
    inner.add(req);
    return app.fetch(req);
  };
  if (opts.log) app.use(requestLog(opts.log, (c) => inner.has(c.req.raw)));
  app.use(secureHeaders());
  if (opts.cors?.length)
    app.use('/api/*', cors({ origin: opts.cors.includes('*') ? '*' : opts.cors, allowMethods: ['GET', 'HEAD', 'OPTIONS', 'POST', 'DELETE'], maxAge: 600 }));
  app.use(compression());
  // before the body limits and any parsing: an unauthorised write is refused on its headers alone
  app.use(writeAuth(ctx.writeToken));
  app.use(bodyLimits(ctx.limits.inputBytes));
  // outside the cache, so cached answers carry an ETag too
  app.use('/api/documents/*', etag());
  app.use('/api/units/*', etag());
  app.use('/api/*', cache.middleware());

  app.route('/', healthRoutes(ctx));
  app.route('/api', searchRoutes(ctx));
  app.route('/api', compareRoutes(ctx));
  app.route('/api', diffRoutes(ctx));
  app.route('/api', firstRoutes(ctx));
  app.route('/api', newRoutes(ctx));
  app.route('/api', trendRoutes(ctx));
  app.route('/api', documentRoutes(ctx));
  app.route('/api', indicatorRoutes(ctx));
  app.route('/api', writeRoutes(ctx));

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearer', { type: 'http', scheme: 'bearer' });
  app.doc(OPENAPI_PATH, {
    openapi: '3.0.3',
    info: { title: 'yaodian', version: '1', description: 'Search and compare Chinese government work reports.' },
  });
  app.route('/', createWeb(api));
  app.notFound(notFound);
  app.onError(onError(log));
  return app;
}
