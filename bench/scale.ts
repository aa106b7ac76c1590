/**
 * The scale curve (issue 19): growing scaled corpora (~100 MB, 300 MB, 1 GB of recombined State Council
 * sentences, bench/corpus.ts), yaodian against SQLite FTS5 (trigram) at each size, in one run: build time, index
 * size, RSS of the process that answers, and p50 / p99 per query type, with the scan as the exactness reference.
 *
 *   npm run -s bench -- --scale [100,300,1000] [--quick] [--engines a,b] [--seed N]
 *
 * What answers is timed: yaodian's saved index loaded in a fresh process (what `serve` and the CLI run on),
 * SQLite's in-memory database in the process that built it. The scan and yaodian's build process give their
 * hit sets and exit, so a 1 GB run does not hold five gigabyte-sized processes at once.
 */
import { loadavg } from 'node:os';
import { scaledSource } from './corpus.js';
import { benchCorpus, checkExactness, runWorker } from './measure.js';
import { machineFacts, type CorpusReport, type TypeStats } from './report.js';
import { writeSection } from './sections.js';
import { QUERY_TYPES } from './types.js';
import type { EngineName } from './worker.js';

export const DEFAULT_SCALE_SIZES = [100, 300, 1000];
export const SCALE_ENGINES: EngineName[] = ['scan', 'yaodian', 'sqlite-fts5-trigram'];
export const SCALE_HEADING = '## Scale curve (issue 19)';

/** the issue's limits on the largest corpus */
const BUILD_LIMIT_S = 300;
const RSS_LIMIT_RATIO = 4;

export interface ScaleOptions {
  sizes: number[];
  engines: EngineName[];
  seed: number;
  perType: number;
  buildTimeoutS: number;
  /** BENCHMARKS.md to write the section into (after each size, so a run stopped midway keeps what it measured) */
  out: string;
  command: string;
  json: boolean;
  log: (line: string) => void;
}

export interface ScaleReport {
  command: string;
  date: string;
  machine: Record<string, string | number>;
  loadavg: string;
  totalSeconds: number;
  baselineRss: number;
  corpora: CorpusReport[];
  warnings: string[];
}

export async function runScaleBench(o: ScaleOptions): Promise<ScaleReport> {
  const t0 = performance.now();
  const loadBefore = loadavg()[0];
  const bare = await runWorker<NodeJS.MemoryUsage>({ mode: 'baseline' }, 4096);
  const report: ScaleReport = { command: o.command, date: new Date().toISOString(), machine: machineFacts(), loadavg: '', totalSeconds: 0, baselineRss: bare.rss, corpora: [], warnings: [] };
  for (const mb of o.sizes) {
    // the workers read the cached corpus; once benchCorpus has sampled its queries nothing here holds the parent's
    // copy, so it is freed while the engines build (at 1 GB it is gigabytes)
    const c = await (() => {
      const { corpus, source } = scaledSource(mb, o.seed, o.log);
      return benchCorpus(corpus, source, { engines: o.engines, perType: o.perType, seed: o.seed, buildTimeoutS: o.buildTimeoutS, loadedOnly: true, log: o.log }, bare.rss);
    })();
    report.corpora.push(c);
    report.warnings.push(...checkExactness(c).filter((w) => w.includes('(loaded)')));
    report.totalSeconds = (performance.now() - t0) / 1000;
    report.loadavg = `${loadBefore.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} now`;
    writeSection(o.out, SCALE_HEADING, renderScale(report));
    o.log(`  scale: ${c.name} written to ${o.out}`);
  }
  for (const w of report.warnings) o.log(`WARNING: not exact: ${w}`);
  if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
  return report;
}

const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
const ms = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? '—' : x < 10 ? x.toFixed(2) : x.toFixed(1));
const pct = (s: TypeStats | undefined) => (s ? `${ms(s.p50Ms)} / ${ms(s.p99Ms)}` : '—');

/** The process that answers queries, and its RSS: yaodian's loaded index; SQLite's build process (in memory). */
function answering(c: CorpusReport, engine: string): { rss: number; queries?: Record<string, TypeStats> } | null {
  const e = c.engines[engine];
  if (!e || e.error) return null;
  if (engine === 'yaodian') return e.load ? { rss: e.load.rss, queries: e.load.queries } : null;
  return { rss: e.rssAfterBuildBytes, queries: e.queries };
}

export function renderScale(r: ScaleReport): string {
  const peers = [...new Set(r.corpora.flatMap((c) => Object.keys(c.engines)))].filter((n) => n !== 'scan');
  const m = r.machine;
  const L: string[] = [
    `Produced by \`${r.command}\` on ${r.date.slice(0, 10)} (${r.totalSeconds.toFixed(0)} s; load average ${r.loadavg}). Machine: nproc ${m.nproc} (${m.cpu}), ${m.memGiB} GiB RAM, Node ${m.node}, SQLite ${m.sqlite}.`,
    '',
    'Scaled corpora as in the search benchmark (State Council sentences recombined into new documents, every line unique; sizes are UTF-8 bytes of the display text), sampled queries of every type, the scan as the reference for exactness. yaodian is timed where users meet it: its saved index loaded in a fresh process (`search()`, limit 20, first page with texts and highlights); SQLite FTS5 (trigram, in memory) in the process that built it. Queries interleaved across engines, three passes, median of three runs each (method above). RSS "answering" is that process\'s RSS after a full GC; a bare worker process is ' + mb(r.baselineRss) + '.',
    '',
    '| corpus | documents | units | engine | build s | MB/s | index size | peak RSS (build) | RSS answering | × corpus |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of r.corpora)
    for (const n of peers) {
      const e = c.engines[n];
      if (!e) continue;
      if (e.error) {
        L.push(`| ${c.name} | ${c.documents} | ${c.units} | ${n} | ${e.error} | | | | | |`);
        continue;
      }
      const a = answering(c, n);
      L.push(`| ${c.name} | ${c.documents} | ${c.units} | ${n} | ${(e.buildMs / 1000).toFixed(1)} | ${e.mbPerS.toFixed(2)} | ${e.indexBytes ? mb(e.indexBytes) : '—'} | ${mb(e.rssBytes)} | ${a ? mb(a.rss) : '—'} | ${a ? (a.rss / c.bytes).toFixed(2) + '×' : '—'} |`);
    }
  L.push('', 'p50 / p99 ms per query type (the last column: how many times yaodian\'s p50 is faster than SQLite\'s):', '');
  const [ours, peer] = ['yaodian', 'sqlite-fts5-trigram'];
  L.push(`| corpus | query type | ${peers.join(' | ')} | SQLite p50 / yaodian p50 |`, `|---|---|${peers.map(() => '---').join('|')}|---|`);
  for (const c of r.corpora)
    for (const t of QUERY_TYPES) {
      const cells = peers.map((n) => pct(answering(c, n)?.queries?.[t]));
      const a = answering(c, ours)?.queries?.[t]?.p50Ms;
      const b = answering(c, peer)?.queries?.[t]?.p50Ms;
      L.push(`| ${c.name} | ${t} | ${cells.join(' | ')} | ${a && b ? (b / a).toFixed(1) + '×' : '—'} |`);
    }
  if (r.warnings.length) L.push('', '**Not exact:**', '', ...r.warnings.map((w) => `- ${w}`));
  else L.push('', 'yaodian\'s hit sets equal the scan\'s on every query of every size (recall = precision = 1).');
  L.push('', 'Targets (issue 19, on the largest corpus):', '');
  const big = r.corpora.at(-1);
  const y = big?.engines.yaodian;
  if (big && y && !y.error) {
    const a = answering(big, ours);
    L.push(`- ${y.buildMs / 1000 <= BUILD_LIMIT_S ? '✅' : '❌'} **${big.name}: build ≤ ${BUILD_LIMIT_S / 60} min** — ${(y.buildMs / 1000).toFixed(0)} s (${y.mbPerS.toFixed(2)} MB/s)`);
    if (a) L.push(`- ${a.rss <= RSS_LIMIT_RATIO * big.bytes ? '✅' : '❌'} **${big.name}: RSS after load ≤ ${RSS_LIMIT_RATIO}× corpus** — ${mb(a.rss)} = ${(a.rss / big.bytes).toFixed(2)}× (${((a.rss - r.baselineRss) / big.bytes).toFixed(2)}× without the bare process)`);
    const behind = QUERY_TYPES.filter((t) => {
      const ya = a?.queries?.[t]?.p50Ms;
      const sb = answering(big, peer)?.queries?.[t]?.p50Ms;
      return ya !== undefined && sb !== undefined && !(ya < sb);
    });
    if (answering(big, peer)) L.push(`- ${behind.length ? '❌' : '✅'} **${big.name}: every query type's p50 ahead of SQLite FTS5** — ${behind.length ? `behind on ${behind.join(', ')}` : 'ahead on all ' + QUERY_TYPES.length}`);
  } else L.push(`- ❌ the largest corpus has no yaodian result${y?.error ? `: ${y.error}` : ''}`);
  L.push('');
  return L.join('\n');
}
