/**
 * One engine in a fresh process, so memory numbers do not mix: build it, time the queries, size the index.
 * Also `load` (RSS after loadIndex of a saved yaodian index) and `baseline` (RSS of the bare process).
 * The parent forks this file, sends one task, and receives one result.
 */
import { loadavg } from 'node:os';
import { openCorpus, type CorpusSource } from './corpus.js';
import { loadIndex, readIndexInfo } from '../src/persist.js';
import { matchQuery, search } from '../src/search.js';
import { parseQuery } from '../src/query.js';
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
  /** per query: time of the timed run, and the sorted hit set */
  ms: number[];
  /** per query: time of runIds, for engines that have it */
  msIds?: number[];
  hits: Int32Array[];
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
  /** per query, timed like the build process's: search() on the loaded index, what `yaodian serve` answers from */
  ms: number[];
  /** per query: the loaded engine's hit set equals the built one's (checked by the parent) */
  hits: Int32Array[];
}

const gc = () => (globalThis as { gc?: () => void }).gc?.();
const peak = () => process.resourceUsage().maxRSS * 1024;
const sortedIds = (xs: number[]) => Int32Array.from(xs).sort();

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
  // warm-up pass, which also collects the hit sets; then the timed passes
  const hits = queries.map((q) => {
    engine.run(q);
    return sortedIds(engine.hits(q));
  });
  const ms = timed(queries, (q) => engine.run(q));
  const msIds = engine.runIds ? timed(queries, (q) => engine.runIds!(q)) : undefined;
  let indexBytes = 0;
  let indexError: string | undefined;
  try {
    indexBytes = await engine.indexBytes();
  } catch (e) {
    indexError = (e as Error).message;
  }
  return { buildMs, indexBytes, indexError, rssBefore, peakRss, rssAfterBuild, ms, msIds, hits, savedDir: engine.savedDir, note: engine.note?.(), loadavg: load };
}

/** Three timed runs per query, its time their median: one run alone is at the mercy of a GC or a neighbour. */
function timed(queries: Query[], run: (q: Query) => unknown): number[] {
  return queries.map((q) => {
    const runs = [0, 1, 2].map(() => {
      const t = performance.now();
      run(q);
      return performance.now() - t;
    });
    return runs.sort((a, b) => a - b)[1];
  });
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
  // the same protocol as the build process: a warm-up pass (collecting the hit sets), then three timed runs each
  const hits = queries.map((q) => {
    search(engine, queryText(q), { limit: 20 });
    return sortedIds(matchQuery(engine, parseQuery(queryText(q))).hits);
  });
  const ms = timed(queries, (q) => search(engine, queryText(q), { limit: 20 }));
  return { loadMs, rss, heapUsed, external, probeTotal, firstSearchMs, secondSearchMs, rssAfterSearch, ms, hits };
}

process.once('message', async (task: WorkerTask) => {
  try {
    const result =
      task.mode === 'bench' ? await bench(task.engine, task.corpus, task.queries)
      : task.mode === 'load' ? load(task.dir, task.probe, task.queries)
      : (gc(), process.memoryUsage());
    process.send!({ ok: true, result }, () => process.exit(0));
  } catch (e) {
    process.send!({ ok: false, error: (e as Error).stack ?? String(e) }, () => process.exit(1));
  }
});
