/**
 * What the search benchmarks share: engines in their own processes (bench/worker.ts), set up one at a time and
 * timed query by query in turn, and their hit sets judged against the scan. `npm run bench` runs it on the
 * bundled and the 100 MB corpus with every engine; `npm run bench -- --scale` on growing corpora, where only
 * what a user's process answers from is timed (the loaded index) and the build processes are let go.
 */
import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import type { BenchCorpus, CorpusSource } from './corpus.js';
import { HARD, sampleQueries } from './queries.js';
import type { CorpusReport, EngineReport, TypeStats } from './report.js';
import { benchScript, loaderArgs } from './paths.js';
import { QUERY_TYPES, queryText, type Query } from './types.js';
import type { BenchResult, EngineName, LoadResult, WorkerTask } from './worker.js';

const WORKER_TIMEOUT_MS = 30 * 60_000;
/** full timed passes over the queries (each query's time: the median of its passes) */
const PASSES = 3;
/** a query's time in a pass past this (ms) is far above the machine's noise: later passes skip it on that engine */
const SLOW_MS = 1000;

export interface CorpusBenchOptions {
  engines: EngineName[];
  /** sampled queries per query type */
  perType: number;
  seed: number;
  /** an engine that has not finished building by then is stopped and reported as such */
  buildTimeoutS: number;
  /**
   * Time only the loaded yaodian index and the peers: the scan gives its hit sets and exits, yaodian's build
   * process saves its index and exits. On a 1 GB corpus every live process holds gigabytes, and these are the
   * ones that do not answer users.
   */
  loadedOnly?: boolean;
  log: (line: string) => void;
}

/** A worker process: its setup result, then queries timed on request, until closed. */
export interface WorkerHandle<T> {
  ready: Promise<T>;
  /** median of three runs of query i, in ms (`ids`: the peers' answer) */
  time(i: number, ids?: boolean): Promise<number>;
  close(): void;
}

export function startWorker<T>(task: WorkerTask, heapMb: number, buildTimeoutS = Infinity): WorkerHandle<T> {
  const child = fork(benchScript('worker'), [], {
    execArgv: [...loaderArgs(), '--expose-gc', `--max-old-space-size=${heapMb}`],
    serialization: 'advanced',
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  let why = '';
  let exited: Error | null = null;
  let pending: { resolve: (ms: number) => void; reject: (e: Error) => void } | null = null;
  const stop = (reason: string) => () => ((why = reason), child.kill('SIGKILL'));
  const timer = setTimeout(stop(`did not finish within ${WORKER_TIMEOUT_MS / 1000} s`), WORKER_TIMEOUT_MS);
  const buildTimer = Number.isFinite(buildTimeoutS) ? setTimeout(stop(`did not finish building within ${buildTimeoutS} s`), buildTimeoutS * 1000) : undefined;
  const ready = new Promise<T>((resolve, reject) => {
    child.on('message', (m: { phase?: string; ok?: boolean; result?: T; error?: string; i?: number; ms?: number }) => {
      if (m.phase === 'built') clearTimeout(buildTimer);
      else if (m.ok === true) resolve(m.result as T);
      else if (m.ok === false) why ||= m.error ?? 'failed';
      else if (m.ms !== undefined && pending) {
        const p = pending;
        pending = null;
        p.resolve(m.ms);
      }
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearTimeout(buildTimer);
      exited = new Error(why || `worker exited with ${signal ?? `code ${code}`}`);
      reject(exited);
      pending?.reject(exited);
      pending = null;
    });
  });
  ready.catch(() => undefined); // the caller awaits it; an early exit must not be an unhandled rejection here
  child.send(task);
  return {
    ready,
    time: (i, ids = false) =>
      new Promise<number>((resolve, reject) => {
        if (exited) return reject(exited);
        pending = { resolve, reject };
        child.send({ cmd: 'time', i, ids });
      }),
    close: () => {
      // a worker that only reports exits by itself, maybe before this arrives: the callback takes the error
      if (!exited && child.connected) child.send({ cmd: 'done' }, () => undefined);
    },
  };
}

/** A worker that only sets up and reports (the bare-process baseline). */
export function runWorker<T>(task: WorkerTask, heapMb: number): Promise<T> {
  const w = startWorker<T>(task, heapMb);
  return w.ready.finally(() => w.close());
}

export const percentile = (xs: number[], p: number) => {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.max(0, Math.ceil(p * s.length) - 1)];
};

/** |a ∩ b| for sorted id arrays */
function overlap(a: Int32Array, b: Int32Array): number {
  let i = 0, j = 0, n = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) n++, i++, j++;
    else if (a[i] < b[j]) i++;
    else j++;
  }
  return n;
}

/** Latency percentiles and micro-averaged recall/precision (against the scan) per query type. */
export function typeStats(queries: Query[], r: { ms: number[]; hits: Int32Array[] }, ref: Int32Array[]): Record<string, TypeStats> {
  const out: Record<string, TypeStats> = {};
  for (const type of QUERY_TYPES) {
    const idx = queries.map((q, i) => (q.type === type ? i : -1)).filter((i) => i >= 0);
    if (!idx.length) continue;
    let tp = 0, expected = 0, returned = 0;
    const inexact: string[] = [];
    for (const i of idx) {
      const both = overlap(r.hits[i], ref[i]);
      tp += both;
      expected += ref[i].length;
      returned += r.hits[i].length;
      if (both !== ref[i].length || both !== r.hits[i].length) inexact.push(`${queryText(queries[i])} (${r.hits[i].length} vs ${ref[i].length})`);
    }
    const ms = idx.map((i) => r.ms[i]);
    out[type] = {
      n: idx.length,
      p50Ms: percentile(ms, 0.5),
      p99Ms: percentile(ms, 0.99),
      recall: expected ? tp / expected : 1,
      precision: returned ? tp / returned : 1,
      inexactCount: inexact.length,
      inexact: inexact.slice(0, 3),
    };
  }
  return out;
}

export async function benchCorpus(corpus: BenchCorpus, source: CorpusSource, o: CorpusBenchOptions, baselineRss: number): Promise<CorpusReport> {
  const { log } = o;
  // what the report needs of the corpus, taken now: the workers read it from `source`, and nothing below holds
  // the parent's copy (a caller that lets go of it frees gigabytes while the engines build)
  const { name: corpusName, bytes } = corpus;
  const documents = corpus.docs.length;
  const units = corpus.docs.reduce((s, d) => s + d.units.length, 0);
  const queries = sampleQueries(corpus.docs, o.perType, o.seed);
  log(`${corpusName}: ${(bytes / 1e6).toFixed(1)} MB, ${documents} documents, ${units} units, ${queries.length} queries`);
  const heapMb = Math.max(4096, Math.ceil((bytes / 1e6) * 120));
  const engines: Record<string, EngineReport> = {};
  // set up every engine in turn (builds never overlap), keeping each process alive for the timed queries
  interface Live {
    name: string;
    /** which timing of the engine's report the times go to */
    column: 'run' | 'ids' | 'loaded';
    w: WorkerHandle<unknown>;
    ms: number[];
  }
  const live: Live[] = [];
  const built = new Map<string, BenchResult>();
  const loaded = new Map<string, LoadResult>();
  const cleanup: string[] = [];
  for (const name of o.engines) {
    const t0 = performance.now();
    try {
      const w = startWorker<BenchResult>({ mode: 'bench', engine: name, corpus: source, queries }, heapMb, o.buildTimeoutS);
      const r = await w.ready;
      built.set(name, r);
      const timed = !o.loadedOnly || (name !== 'scan' && name !== 'yaodian');
      if (timed) live.push({ name, column: 'run', w, ms: [] });
      if (timed && r.hasIds && name === 'yaodian') live.push({ name, column: 'ids', w, ms: [] });
      if (r.indexError) log(`  ${name}: could not serialize the index: ${r.indexError}`);
      if (r.savedDir) cleanup.push(r.savedDir);
      // the persisted index loaded in a fresh process: its RSS, and the answers a user gets from it
      if (name === 'yaodian' && r.savedDir && !r.indexError) {
        const lw = startWorker<LoadResult>({ mode: 'load', dir: r.savedDir, probe: HARD[0], queries }, heapMb);
        loaded.set(name, await lw.ready);
        live.push({ name, column: 'loaded', w: lw, ms: [] });
      }
      if (!timed) w.close();
      log(`  ${name}: built in ${(r.buildMs / 1000).toFixed(1)} s, ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
    } catch (e) {
      let error = (e as Error).message.split('\n')[0];
      const dnf = error.match(/did not finish building within (\d+) s/);
      if (dnf) error += ` (slower than ${(bytes / 1e6 / Number(dnf[1])).toFixed(2)} MB/s)`;
      log(`  ${name}: FAILED — ${error}`);
      engines[name] = { error } as EngineReport;
    }
  }
  // query by query, every engine in turn: a slow minute of the shared machine falls on all of them. Each query
  // starts with another engine, so no engine always follows the same neighbour (one that has just streamed 100 MB
  // through the caches, say); and the whole pass runs PASSES times, each query's time the median of its passes
  // (only the first, for a query that took over SLOW_MS on an engine).
  const t1 = performance.now();
  const passes: number[][][] = live.map(() => queries.map(() => []));
  for (let pass = 0; pass < PASSES; pass++)
    for (let i = 0; i < queries.length; i++)
      for (let k = 0; k < live.length; k++) {
        const at = (i + pass + k) % live.length;
        const l = live[at];
        if (engines[l.name]?.error) continue;
        // a scan of a gigabyte for a 1-character LIKE takes seconds a run: once is enough to know
        if (pass > 0 && passes[at][i][0] > SLOW_MS) continue;
        try {
          passes[at][i].push(await l.w.time(i, l.column === 'ids'));
        } catch (e) {
          log(`  ${l.name}: FAILED while timing — ${(e as Error).message.split('\n')[0]}`);
          engines[l.name] = { error: (e as Error).message.split('\n')[0] } as EngineReport;
        }
      }
  live.forEach((l, at) => (l.ms = passes[at].map((xs) => percentile(xs, 0.5))));
  for (const l of live) l.w.close();
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
  log(`  timed ${queries.length} queries on ${new Set(live.map((l) => l.name)).size} engines, interleaved, ${PASSES} passes, in ${((performance.now() - t1) / 1000).toFixed(0)} s`);
  const ref = built.get('scan')?.hits ?? [];
  for (const [name, r] of built) {
    if (engines[name]?.error) continue;
    const times = (column: Live['column']) => live.find((l) => l.name === name && l.column === column)?.ms;
    const report: EngineReport = {
      buildMs: r.buildMs,
      mbPerS: bytes / 1e6 / (r.buildMs / 1000),
      indexBytes: r.indexBytes,
      ...(r.indexError ? { indexError: r.indexError } : {}),
      ...(r.note ? { note: r.note } : {}),
      loadavg: r.loadavg,
      rssBytes: r.peakRss,
      rssBeforeBytes: r.rssBefore,
      rssAfterBuildBytes: r.rssAfterBuild,
      // untimed (the scan's build process, yaodian's under loadedOnly): hit sets only
      queries: typeStats(queries, { ms: times('run') ?? queries.map(() => NaN), hits: r.hits }, ref),
    };
    const ids = times('ids');
    if (ids) report.queriesIds = typeStats(queries, { ms: ids, hits: r.hits }, ref);
    const l = loaded.get(name);
    const lms = times('loaded');
    if (l && lms) {
      const { hits: loadedHits, ...rest } = l;
      report.load = { ...rest, ratio: l.rss / bytes, netRatio: (l.rss - baselineRss) / bytes, queries: typeStats(queries, { ms: lms, hits: loadedHits }, ref) };
    }
    engines[name] = report;
  }
  const sample: Record<string, string[]> = {};
  for (const q of queries) (sample[q.type] ??= []).length < 3 && sample[q.type].push(queryText(q));
  return { name: corpusName, bytes, documents, units, sampleQueries: sample, engines };
}

/** The benchmark checks what it times: yaodian must be exact (recall = precision = 1) on every query type. */
export function checkExactness(c: CorpusReport): string[] {
  const y = c.engines.yaodian;
  if (!y || y.error) return [];
  const bad = (what: string, qs: Record<string, TypeStats>) =>
    Object.entries(qs)
      .filter(([, s]) => s.recall !== 1 || s.precision !== 1)
      .map(([type, s]) => `${c.name}/${type} (${what}): yaodian recall ${s.recall.toFixed(4)}, precision ${s.precision.toFixed(4)}; e.g. ${s.inexact.slice(0, 2).join('; ')}`);
  return [...bad('built', y.queries), ...(y.load?.queries ? bad('loaded', y.load.queries) : [])];
}

