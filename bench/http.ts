/**
 * HTTP load benchmark: autocannon against `createApp` served by @hono/node-server on 127.0.0.1. The server
 * runs in a child process so that the load generator does not compete with it for the event loop.
 *
 *   node dist/bench/http.js [--duration 30] [--connections 50] [--no-write]   (after npm run build)
 *   node --import tsx bench/http.ts …                                         (from the sources)
 *
 * Rows: /api/search and /api/compare as served (response cache on, after a warm-up pass over the query
 * set), and /api/search with the cache off, which is what the engine itself sustains.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { AddressInfo } from 'node:net';
import { writeSection } from './sections.js';
import { compiled, loaderArgs, repoRoot } from './paths.js';

const root = repoRoot;

/** The parts of autocannon's result used here (the package ships no types). */
export interface CannonResult {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
type Cannon = (opts: {
  url: string;
  connections: number;
  duration: number;
  requests: { method: 'GET'; path: string }[];
}) => Promise<CannonResult>;
export const autocannon = createRequire(import.meta.url)('autocannon') as Cannon;

export const SEARCH_QUERIES = [
  '科技', '创新', '发展 经济', '揭榜挂帅', '"基础研究十年行动"', '脱贫攻坚', '乡村振兴', '高新技术企业', '科技成果转化',
  '数字经济', '人工智能', '碳达峰', '营商环境', '知识产权', '人才 year:2020..2024', '改革 region:四川', '国有企业',
  '对外开放', '生态环境 -疫情', '揭榜挂帅 OR 揭榜制',
];
const COMPARE_QUERIES = ['揭榜挂帅', '基础研究', '科技成果转化', '高新技术企业', '乡村振兴', '营商环境', '知识产权', '人工智能'];

export interface HttpBenchOptions {
  /** seconds per measured row (default 30) */
  duration?: number;
  connections?: number;
  /** write the "## HTTP load" section of BENCHMARKS.md (default true) */
  write?: boolean;
  benchmarksFile?: string;
  log?: (line: string) => void;
}

export interface HttpBenchRow {
  name: string;
  cache: boolean;
  reqPerSec: number;
  p50Ms: number;
  p99Ms: number;
  avgMs: number;
  requests: number;
  errors: number;
  non2xx: number;
  rssWarmBytes: number;
  rssAfterBytes: number;
  skipped?: string;
}

export interface HttpBenchResult {
  duration: number;
  connections: number;
  machine: string;
  rows: HttpBenchRow[];
  searchTargetMet: boolean;
}

// --- the server side: `bench/http.ts --serve <cacheBytes>` in a child process ---

/**
 * `workers` > 0 serves as `yaodian serve --workers N` does: diff, compare and trend in a pool of worker threads,
 * at the workers' default nice value unless `nice` is given (`--worker-nice`).
 */
async function childServer(cacheBytes: number, workers: number, nice?: number): Promise<void> {
  const { openEngine } = await import('../src/persist/open.js');
  const { createApp } = await import('../src/http/app.js');
  const { WorkerPool } = await import('../src/http/pool.js');
  const { serve } = await import('@hono/node-server');
  const index = mkdtempSync(join(tmpdir(), 'yaodian-httpbench-'));
  const { engine, info } = await openEngine({ seeds: join(root, 'seeds'), index });
  const pool = workers > 0 ? new WorkerPool({ index, size: workers, nice }) : undefined;
  await pool?.ready();
  const app = createApp(engine, { info, cacheBytes, pool });
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (addr: AddressInfo) => process.send!({ port: addr.port }));
  process.on('message', (m) => {
    if (m === 'rss') process.send!({ rss: process.memoryUsage().rss });
    if (m === 'stop') server.close(() => void (pool?.close() ?? Promise.resolve()).then(() => (rmSync(index, { recursive: true, force: true }), process.exit(0))));
  });
}

export interface Child {
  url: string;
  rss: () => Promise<number>;
  stop: () => Promise<void>;
}

export function startChild(cacheBytes: number, workers = 0, nice?: number): Promise<Child> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', String(cacheBytes), String(workers), ...(nice === undefined ? [] : [String(nice)])], {
    execArgv: loaderArgs(),
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const next = <T>() => new Promise<T>((resolve) => child.once('message', (m) => resolve(m as T)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`bench server exited with code ${code}`)));
    next<{ port: number }>().then(({ port }) =>
      resolve({
        url: `http://127.0.0.1:${port}`,
        rss: async () => (child.send('rss'), (await next<{ rss: number }>()).rss),
        stop: () => new Promise((done) => (child.removeAllListeners('exit'), child.once('exit', () => done()), child.send('stop'))),
      }),
    );
  });
}

// --- the load side ---

export const paths = (endpoint: string, queries: string[]) =>
  queries.map((q) => `${endpoint}?${new URLSearchParams(endpoint === '/api/search' ? { q, limit: '20' } : { q })}`);

async function measure(
  name: string,
  child: Child,
  urls: string[],
  o: Required<Pick<HttpBenchOptions, 'duration' | 'connections'>>,
  cache: boolean,
  log: (l: string) => void,
): Promise<HttpBenchRow> {
  const empty = { reqPerSec: 0, p50Ms: 0, p99Ms: 0, avgMs: 0, requests: 0, errors: 0, non2xx: 0, rssWarmBytes: 0, rssAfterBytes: 0 };
  // one pass in order: fills the tokenizer's cache (and the response cache when on), and checks the route
  for (const p of urls) {
    const res = await fetch(child.url + p);
    await res.arrayBuffer();
    if (res.status === 404) return { name, cache, ...empty, skipped: `${p.split('?')[0]} is not served (404)` };
    if (res.status !== 200) log(`  warning: ${p} answered ${res.status}`);
  }
  const requests = urls.map((path) => ({ method: 'GET' as const, path }));
  await autocannon({ url: child.url, connections: o.connections, duration: Math.min(5, Math.max(1, o.duration / 6)), requests });
  const rssWarmBytes = await child.rss();
  log(`  ${name} (cache ${cache ? 'on' : 'off'}): ${o.duration} s at ${o.connections} connections…`);
  const r = await autocannon({ url: child.url, connections: o.connections, duration: o.duration, requests });
  return {
    name,
    cache,
    reqPerSec: Math.round(r.requests.average),
    p50Ms: r.latency.p50,
    p99Ms: r.latency.p99,
    avgMs: r.latency.average,
    requests: r.requests.total,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
    rssWarmBytes,
    rssAfterBytes: await child.rss(),
  };
}

export async function runHttpBench(opts: HttpBenchOptions = {}): Promise<HttpBenchResult> {
  const o = { duration: opts.duration ?? 30, connections: opts.connections ?? 50 };
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const rows: HttpBenchRow[] = [];
  // other work on the machine skews every number; the report says how busy it was
  const load = loadavg()[0];
  const cached = await startChild(64 * 1024 * 1024);
  try {
    rows.push(await measure('/api/search', cached, paths('/api/search', SEARCH_QUERIES), o, true, log));
    rows.push(await measure('/api/compare', cached, paths('/api/compare', COMPARE_QUERIES), o, true, log));
  } finally {
    await cached.stop();
  }
  const uncached = await startChild(0);
  try {
    rows.push(await measure('/api/search', uncached, paths('/api/search', SEARCH_QUERIES), o, false, log));
  } finally {
    await uncached.stop();
  }
  const search = rows[0];
  const result: HttpBenchResult = {
    ...o,
    machine: `${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${availableParallelism()} cores, Node ${process.version}, 1-min load average ${load.toFixed(1)} at start`,
    rows,
    searchTargetMet: !search.skipped && search.reqPerSec >= 3000 && search.p99Ms <= 50 && search.errors === 0,
  };
  if (opts.write ?? true) writeSection(opts.benchmarksFile ?? join(root, 'BENCHMARKS.md'), HTTP_HEADING, renderSection(result));
  return result;
}

// --- BENCHMARKS.md ---

const mb = (b: number) => (b ? `${Math.round(b / 1024 / 1024)} MB` : '—');

export const HTTP_HEADING = '## HTTP load';

/** The section's body (under HTTP_HEADING). */
export function renderSection(r: HttpBenchResult): string {
  const head = '| endpoint | response cache | req/s | p50 ms | p99 ms | errors | non-2xx | RSS after warm-up | RSS after run |';
  const rows = r.rows.map((x) =>
    x.skipped
      ? `| ${x.name} | ${x.cache ? 'on' : 'off'} | — | — | — | — | — | — | — (${x.skipped}) |`
      : `| ${x.name} | ${x.cache ? 'on' : 'off'} | ${x.reqPerSec.toLocaleString('en')} | ${x.p50Ms} | ${x.p99Ms} | ${x.errors} | ${x.non2xx} | ${mb(x.rssWarmBytes)} | ${mb(x.rssAfterBytes)} |`,
  );
  const s = r.rows[0];
  return [
    `\`${compiled ? 'node dist/bench/http.js' : 'node --import tsx bench/http.ts'} --duration ${r.duration}\` (${compiled ? 'compiled, as `npm run bench` runs it' : 'from the TypeScript sources'}) — autocannon, ${r.connections} connections, ${r.duration} s per row, ` +
      `against \`yaodian serve\`'s app (@hono/node-server, 127.0.0.1) in a separate process; ${r.machine}. ` +
      `Each row first requests every URL of its query set once, then runs a short warm-up; connections cycle through ` +
      `${SEARCH_QUERIES.length} search queries (limit 20) or ${COMPARE_QUERIES.length} compare queries. No request log.`,
    '',
    head,
    '|---|---|--:|--:|--:|--:|--:|--:|--:|',
    ...rows,
    '',
    `Target (search ≥ 3,000 req/s with p99 ≤ 50 ms on 2 cores): **${r.searchTargetMet ? 'met' : 'not met'}** ` +
      (s.skipped ? '(search was not measured).' : `(${s.reqPerSec.toLocaleString('en')} req/s, p99 ${s.p99Ms} ms).`),
    '',
    'With the cache on, repeated URLs are answered from memory (the engine does not change while serving); the ' +
      'cache-off row is what the engine sustains when every request runs a search, dominated by ranking ' +
      '(BM25 over every hit, then whole-word checks on the hits that can still reach the page).',
    '',
  ].join('\n');
}

// --- command line ---

function flag(argv: string[], name: string): string | undefined {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  if (argv[0] === '--serve') await childServer(Number(argv[1]), Number(argv[2] ?? 0), argv[3] === undefined ? undefined : Number(argv[3]));
  else {
    const duration = Number(flag(argv, '--duration') ?? 30);
    const connections = Number(flag(argv, '--connections') ?? 50);
    if (!(duration > 0) || !(connections > 0)) throw new Error('--duration and --connections must be positive numbers');
    const r = await runHttpBench({ duration, connections, write: !argv.includes('--no-write') });
    console.log(JSON.stringify(r, null, 2));
  }
}
