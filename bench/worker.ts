/**
 * One engine in a fresh process, so memory numbers do not mix: build it (or load a saved yaodian index), warm it
 * up, size the index, then stay alive to time queries one at a time on the parent's request. The parent keeps
 * every engine's process alive and asks them in turn, query by query, so a shared machine's good and bad minutes
 * fall on every engine alike instead of on whichever ran then. `baseline` measures the bare process.
 *
 * Protocol: the parent sends one task; the worker answers `{ ok, result }` when set up (result without timings),
 * then `{ i, ms }` for each `{ cmd: 'time', i, ids }`, and exits on `{ cmd: 'done' }`.
 */
import { loadavg } from 'node:os';
import { openCorpus, type CorpusSource } from './corpus.js';
import { loadIndex, readIndexInfo } from '../src/persist/save.js';
import { search } from '../src/search/search.js';
import { matchQuery } from '../src/search/match.js';
import { parseQuery } from '../src/search/query.js';
import { MiniSearchEngine } from './engines/minisearch.js';
import { ScanEngine } from './engines/scan.js';
import { SqliteEngine } from './engines/sqlite.js';
import { YaodianEngine } from './engines/yaodian.js';
import { queryText, type BenchEngine, type Query } from './types.js';

export const ENGINES = {
  yaodian: () => new YaodianEngine(),
  'yaodian-flexsearch': () => new YaodianEngine('flexsearch'),
  'minisearch-bigram': () => new MiniSearchEngine(),
  'sqlite-fts5-trigram': () => new SqliteEngine(),
  scan: () => new ScanEngine(),
} satisfies Record<string, () => BenchEngine>;
export type EngineName = keyof typeof ENGINES;

export type WorkerTask =
  | { mode: 'bench'; engine: EngineName; corpus: CorpusSource; queries: Query[] }
  | { mode: 'load'; dir: string; probe: string; queries: Query[] }
  | { mode: 'baseline' };

export interface BenchResult {
  buildMs: number;
  indexBytes: number;
  /** RSS with the corpus loaded, before building */
  rssBefore: number;
  /** peak RSS of the process up to the end of the build (corpus + index) */
  peakRss: number;
  /** RSS after the build and a full GC */
  rssAfterBuild: number;
  /** why the index could not be serialized, when it could not */
  indexError?: string;
  /** per query: the sorted hit set */
  hits: Int32Array[];
  /** the engine has runIds (the peers' answer), timed on request too */
  hasIds: boolean;
  savedDir?: string;
  note?: string;
  /** 1-minute load average when the build started: the machine may be shared */
  loadavg: number;
}

export interface LoadResult {
  loadMs: number;
  rss: number;
  heapUsed: number;
  /** memory outside the V8 heap: typed arrays' buffers and the like */
  external: number;
  probeTotal: number;
  /** RSS after the probe search too: the first search loads what ranking needs (the word list) */
  rssAfterSearch: number;
  /** the probe search right after loading (it reads the word list and the page's display texts), then again */
  firstSearchMs: number;
  secondSearchMs: number;
  /** per query: the loaded engine's hit set (checked against the scan like the others) */
  hits: Int32Array[];
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const peak = () => process.resourceUsage().maxRSS * 1024;
const sortedIds = (xs: number[]) => Int32Array.from(xs).sort();

/**
 * What the parent times: one query, run once untimed (the process was idle while the others ran, its caches
 * are theirs), then three times, the median (one run alone is at the mercy of a GC); a query that took over a second
 * untimed runs once more.
 */
let timeQuery: ((i: number, ids: boolean) => number) | null = null;

function median3(run: () => unknown): number {
  const t0 = performance.now();
  run();
  const warm = performance.now() - t0;
  // a query of a second or more is timed once more: its noise is a small share of it, and three more runs of a
  // gigabyte-sized scan would take most of the benchmark's time
  const runs = (warm > 1000 ? [0] : [0, 1, 2]).map(() => {
    const t = performance.now();
    run();
    return performance.now() - t;
  });
  return runs.sort((a, b) => a - b)[Math.floor(runs.length / 2)];
}

async function bench(name: EngineName, src: CorpusSource, queries: Query[]): Promise<BenchResult> {
  let corpus: ReturnType<typeof openCorpus> | null = openCorpus(src);
  gc();
  const rssBefore = process.memoryUsage().rss;
  const engine: BenchEngine = ENGINES[name]();
  const load = loadavg()[0];
  const t0 = performance.now();
  engine.build(corpus.docs);
  const buildMs = performance.now() - t0;
  const peakRss = peak();
  process.send!({ phase: 'built', buildMs }); // the parent's build timeout stops here
  corpus = null; // engines keep what they need
  gc();
  const rssAfterBuild = process.memoryUsage().rss;
  // warm-up pass, which also collects the hit sets (each timed turn warms up again, runIds included)
  const hits = queries.map((q) => {
    engine.run(q);
    return sortedIds(engine.hits(q));
  });
  let indexBytes = 0;
  let indexError: string | undefined;
  try {
    indexBytes = await engine.indexBytes();
  } catch (e) {
    indexError = (e as Error).message;
  }
  gc();
  timeQuery = (i, ids) => median3(() => (ids ? engine.runIds!(queries[i]) : engine.run(queries[i])));
  return { buildMs, indexBytes, indexError, rssBefore, peakRss, rssAfterBuild, hits, hasIds: !!engine.runIds, savedDir: engine.savedDir, note: engine.note?.(), loadavg: load };
}

function load(dir: string, probe: string, queries: Query[]): LoadResult {
  const info = readIndexInfo(dir);
  if (!info) throw new Error(`no saved index in ${dir}`);
  const t0 = performance.now();
  const engine = loadIndex(dir, info);
  const loadMs = performance.now() - t0;
  gc();
  const { rss, heapUsed, external } = process.memoryUsage();
  let t = performance.now();
  const probeTotal = search(engine, probe).total;
  const firstSearchMs = performance.now() - t;
  t = performance.now();
  search(engine, probe);
  const secondSearchMs = performance.now() - t;
  gc();
  const rssAfterSearch = process.memoryUsage().rss;
  // a warm-up pass like the build process's, collecting the hit sets
  const hits = queries.map((q) => {
    search(engine, queryText(q), { limit: 20 });
    return sortedIds(matchQuery(engine, parseQuery(queryText(q))).hits);
  });
  timeQuery = (i) => median3(() => search(engine, queryText(queries[i]), { limit: 20 }));
  return { loadMs, rss, heapUsed, external, probeTotal, firstSearchMs, secondSearchMs, rssAfterSearch, hits };
}

process.once('message', async (task: WorkerTask) => {
  try {
    const result =
      task.mode === 'bench' ? await bench(task.engine, task.corpus, task.queries)
      : task.mode === 'load' ? load(task.dir, task.probe, task.queries)
      : (gc(), process.memoryUsage());
    if (!timeQuery) {
      process.send!({ ok: true, result }, () => process.exit(0));
      return;
    }
    process.send!({ ok: true, result });
    process.on('message', (m: { cmd: 'time'; i: number; ids?: boolean } | { cmd: 'done' }) => {
      if (m.cmd === 'done') process.exit(0);
      else process.send!({ i: m.i, ms: timeQuery!(m.i, !!m.ids) });
    });
  } catch (e) {
    process.send!({ ok: false, error: (e as Error).stack ?? String(e) }, () => process.exit(1));
  }
});
