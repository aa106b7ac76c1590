/** yaodian serve: open (building when missing or stale) the index, then serve the API and the web pages. */
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import * as z from 'zod';
import type { Io } from './io.js';
import { check, defineCommand, intFlag, INDEX_FLAGS, type FlagValues } from './command.js';
import { DEFAULT_INDEX, openEngine } from '../persist/open.js';
import { createApp } from '../http/app.js';
import { DEFAULT_WORKER_NICE, defaultPoolSize, WorkerPool } from '../http/pool.js';
import { DEFAULT_TIME_BUDGET_MS } from '../http/budget.js';
import { closeSandbox } from '../ingest/sandbox.js';
import { LIMIT_FLAGS, limitsFromFlags } from './limit-flags.js';
import { databaseUrl, openDatabase } from './store.js';
import { warmCompare } from '../compare/warm.js';

const flags = {
  ...INDEX_FLAGS,
  port: { value: 'PORT', help: 'the port to listen on (default 8787; 0 picks a free one)' },
  host: { value: 'HOST', help: 'the address to listen on (default 127.0.0.1)' },
  cors: { value: 'ORIGINS', help: 'comma-separated origins allowed to call the API from a browser (* for any)' },
  budget: { value: 'MS', help: `per-request engine time before a 503 (default ${DEFAULT_TIME_BUDGET_MS})` },
  workers: { value: 'N', help: 'worker threads for diff, compare and trend, each with the index loaded (default 2; 0 runs them on the main thread)' },
  'worker-nice': { value: 'N', help: `the worker threads' nice value, 0–19: higher leaves more of the cores to searches while diffs run (default ${DEFAULT_WORKER_NICE}; Linux)` },
  quiet: { help: 'no request log on stderr' },
  ...LIMIT_FLAGS,
} as const;

export const serveCommand = defineCommand({
  name: 'serve',
  summary: 'serve the JSON API and the web page (http://127.0.0.1:8787)',
  usage: '[--port 8787] [--host 127.0.0.1] [--index DIR] [--seeds DIR] [--cors ORIGINS] [--budget MS] [--workers N] [--worker-nice N] [--quiet]',
  flags,
  help: 'Serves the JSON API under /api (OpenAPI document at /api/openapi.json), /healthz and the web pages. Writes (POST and DELETE /api/documents) need YAODIAN_TOKEN set; uploads are read in a child process under the caps above.',
  run: runServe,
});

const hostFlag = z.string().regex(/^[\w.:-]+$/, '--host must be a host name or an IP address');

/** `stop` ends the server like SIGINT/SIGTERM do (tests use it instead of signalling the process). */
async function runServe(_: string[], values: FlagValues<typeof flags>, io: Io, stop?: AbortSignal): Promise<number> {
  const port = values.port === undefined ? 8787 : check(intFlag('port', 0, 65535), values.port);
  const host = values.host === undefined ? '127.0.0.1' : check(hostFlag, values.host);
  const timeBudgetMs = values.budget === undefined ? undefined : check(intFlag('budget', 1, 600_000), values.budget);
  const workers = values.workers === undefined ? defaultPoolSize() : check(intFlag('workers', 0, 16), values.workers);
  const workerNice = values['worker-nice'] === undefined ? undefined : check(intFlag('worker-nice', 0, 19), values['worker-nice']);
  const cors = values.cors?.split(',').map((o) => o.trim()).filter(Boolean);
  const limits = limitsFromFlags(values);

  const url = databaseUrl(values);
  const corpus = url ? await openDatabase(url) : null;
  let changed = () => {};
  await corpus?.follow(() => changed(), io.err);
  const opened = corpus ? null : await openEngine({ index: values.index, seeds: values.seeds, log: io.err });
  const engine = corpus ? corpus.engine : opened!.engine;
  const indexDir = values.index ?? DEFAULT_INDEX;
  // the workers load the index openEngine has just made sure is on disk; requests queue until they have (a
  // database-backed server has no folder for them to load: its diff, compare and trend run in the process)
  const pool = workers > 0 && !corpus ? new WorkerPool({ index: indexDir, size: workers, nice: workerNice }) : undefined;
  const app = createApp(engine, {
    info: opened?.info,
    cors,
    timeBudgetMs,
    pool,
    log: values.quiet ? undefined : io.err,
    limits,
    // a folder is watched for other writers' changes (a CLI add, another server); a database tells its own
    ...(corpus ? { writer: corpus, follow: (f: () => void) => (changed = f) } : { indexDir, watchMs: 500 }),
  });
  const server = serve({ fetch: app.fetch, port, hostname: host });
  try {
    await once(server, 'listening');
  } catch (e) {
    io.err(`yaodian: cannot listen on ${host}:${port}: ${(e as Error).message}`);
    await pool?.close();
    await corpus?.close();
    return 1;
  }
  const addr = server.address() as AddressInfo;
  const shown = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  const from = corpus ? ` from ${corpus.store.where}` : '';
  io.out(`yaodian: serving ${engine.docs.size} documents, ${engine.unitCount} units${from} at http://${shown}:${addr.port}/`);
  // without workers, compare runs on this thread: warm it once listening, not inside a client's first request
  // (the workers warm themselves before they take tasks)
  if (!pool) setImmediate(() => warmCompare(engine));

  await new Promise<void>((resolve) => {
    const shutdown = (why: string) => {
      process.off('SIGINT', onSigint);
      process.off('SIGTERM', onSigterm);
      io.err(`yaodian: ${why}, closing (in-flight requests finish first)`);
      // keep-alive clients may hold sockets open indefinitely; after a grace period, cut them
      const force = setTimeout(() => 'closeAllConnections' in server && server.closeAllConnections(), 5000);
      force.unref();
      server.close(() => void Promise.all([pool?.close(), corpus?.close()]).then(() => resolve()));
    };
    const onSigint = () => shutdown('SIGINT');
    const onSigterm = () => shutdown('SIGTERM');
    process.once('SIGINT', onSigint);
    process.once('SIGTERM', onSigterm);
    if (stop?.aborted) shutdown('stopped');
    else stop?.addEventListener('abort', () => shutdown('stopped'), { once: true });
  });
  closeSandbox();
  return 0;
}
