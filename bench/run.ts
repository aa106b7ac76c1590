/**
 * The search benchmark: yaodian against MiniSearch (bigrams), SQLite FTS5 (trigram) and a plain scan, on the
 * bundled corpus and a scaled one. Each engine is built and queried in its own child process (bench/worker.ts);
 * the scan's hit sets are the reference for recall and precision. Then, in the same run, the HTTP load
 * benchmark (bench/http.ts, 30 s per row; 5 s with --quick) and the operations benchmark (bench/ops.ts), each
 * replacing only its own sections of the one BENCHMARKS.md.
 *
 *   npm run -s bench [-- --quick] [--scale-mb N] [--json] [--out FILE] [--engines a,b] [--seed N] [--build-timeout-s S] [--search-only]
 *   npm run -s bench -- --scale [100,300,1000]   the scale curve against SQLite FTS5 only (bench/scale.ts)
 *   npm run -s bench -- --store postgres [--database URL] [--scale-mb N]   the PostgreSQL store against the embedded one (bench/pg.ts)
 *   (-s keeps npm's banner off stdout, so --json prints only the JSON)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, relative } from 'node:path';
import { bundledCorpus, scaledSource } from './corpus.js';
import { benchCorpus, checkExactness, runWorker } from './measure.js';
import { DEFAULT_SCALE_SIZES, SCALE_ENGINES, runScaleBench } from './scale.js';
import { runHttpBench } from './http.js';
import { runOpsBench } from './ops.js';
import { runNewBench } from './new.js';
import { runCompareBench } from './compare.js';
import { runStartupBench } from './startup.js';
import { runMixedBench } from './mixed.js';
import { runGrownBench } from './grown.js';
import { evaluateTargets, machineFacts, ownsSection, renderMarkdown, type CorpusReport, type Report } from './report.js';
import { writeOwnSections } from './sections.js';
import { benchOut, repoRoot } from './paths.js';
import type { EngineName } from './worker.js';

const root = repoRoot;
const outDir = benchOut;
const ALL_ENGINES: EngineName[] = ['scan', 'yaodian', 'yaodian-flexsearch', 'minisearch-bigram', 'sqlite-fts5-trigram'];

interface Options {
  quick: boolean;
  scaleMb: number;
  json: boolean;
  out: string;
  engines: EngineName[];
  seed: number;
  /** an engine that has not finished building by then is stopped and reported as such */
  buildTimeoutS: number;
  /** skip the HTTP and operations benchmarks (a partial run never writes the committed BENCHMARKS.md) */
  searchOnly: boolean;
  /** corpus sizes in MB of the scale curve (`--scale`); empty: the usual benchmark */
  scale: number[];
}

function parseArgs(argv: string[]): Options {
  const o: Options = { quick: false, scaleMb: 100, json: false, out: '', engines: ALL_ENGINES, seed: 1, buildTimeoutS: 600, searchOnly: false, scale: [] };
  let scaleGiven = false;
  let enginesGiven = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === '--quick') o.quick = true;
    else if (a === '--search-only') o.searchOnly = true;
    else if (a === '--json') o.json = true;
    else if (a === '--scale-mb') (o.scaleMb = Number(value())), (scaleGiven = true);
    else if (a === '--scale') {
      // an optional list of sizes: --scale, or --scale 100,300,1000
      const sizes = /^[\d.,]+$/.test(argv[i + 1] ?? '') ? argv[++i].split(',').map(Number) : DEFAULT_SCALE_SIZES;
      if (!sizes.every((mb) => mb > 0)) throw new Error('--scale takes corpus sizes in MB, e.g. --scale 100,300,1000');
      o.scale = sizes;
    }
    else if (a === '--out') o.out = value();
    else if (a === '--seed') o.seed = Number(value());
    else if (a === '--build-timeout-s') o.buildTimeoutS = Number(value());
    else if (a === '--engines') {
      const names = value().split(',');
      for (const n of names) if (!ALL_ENGINES.includes(n as EngineName)) throw new Error(`unknown engine ${n}; engines: ${ALL_ENGINES.join(', ')}`);
      o.engines = ALL_ENGINES.filter((n) => n === 'scan' || names.includes(n)); // the scan is the reference
      enginesGiven = true;
    } else throw new Error(`unknown option ${a}`);
  }
  if (o.scale.length) {
    if (!enginesGiven) o.engines = SCALE_ENGINES;
    // only the sizes with its engines replace the committed scale curve
    const own = !o.quick && o.scale.join(',') === DEFAULT_SCALE_SIZES.join(',') && o.engines.join(',') === SCALE_ENGINES.join(',');
    o.out ||= own ? join(root, 'BENCHMARKS.md') : join(outDir, 'BENCHMARKS.md');
    return o;
  }
  if (o.quick && !scaleGiven) o.scaleMb = 10;
  if (!(o.scaleMb >= 0)) throw new Error('--scale-mb must be a number ≥ 0 (0 skips the scaled corpus)');
  // a quick run must not overwrite the committed results
  o.out ||= o.quick || o.searchOnly || o.scaleMb !== 100 || o.engines.length !== ALL_ENGINES.length ? join(outDir, 'BENCHMARKS.md') : join(root, 'BENCHMARKS.md');
  return o;
}

const log = (line: string) => process.stderr.write(line + '\n');

async function main(): Promise<void> {
  if (process.argv.includes('--store')) {
    // the database store's benchmark runs on its own: it needs a PostgreSQL server, the others do not
    process.chdir(root);
    return (await import('./pg.js')).pgBenchMain(process.argv.slice(2), join(root, 'BENCHMARKS.md'));
  }
  const o = parseArgs(process.argv.slice(2));
  process.chdir(root);
  mkdirSync(outDir, { recursive: true });
  const command = `npm run bench${process.argv.length > 2 ? ' -- ' + process.argv.slice(2).join(' ') : ''}`;
  if (o.scale.length) {
    await runScaleBench({ sizes: o.scale, engines: o.engines, seed: o.seed, perType: o.quick ? 4 : 10, buildTimeoutS: o.buildTimeoutS, out: o.out, command, json: o.json, log });
    return;
  }
  const t0 = performance.now();
  const loadBefore = loadavg()[0];
  const bare = await runWorker<NodeJS.MemoryUsage>({ mode: 'baseline' }, 4096);
  const baselineRss = bare.rss;
  const baselineHeap = bare.heapUsed + bare.external;
  const corpora: CorpusReport[] = [];
  const corpusOptions = { engines: o.engines, perType: o.quick ? 8 : 25, seed: o.seed, buildTimeoutS: o.buildTimeoutS, log };
  corpora.push(await benchCorpus(bundledCorpus(), { kind: 'bundled' }, corpusOptions, baselineRss));
  if (o.scaleMb > 0) {
    const { corpus, source } = scaledSource(o.scaleMb, o.seed, log);
    corpora.push(await benchCorpus(corpus, source, corpusOptions, baselineRss));
  }
  const warnings = corpora.flatMap(checkExactness);
  for (const w of warnings) log(`WARNING: not exact: ${w}`);
  const report: Report = { command, date: new Date().toISOString(), totalSeconds: (performance.now() - t0) / 1000, machine: { ...machineFacts(), loadavg: `${loadBefore.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end` }, baselineRss, baselineHeap, corpora, warnings, targets: evaluateTargets(corpora, baselineHeap) };
  // the search sections replace their old selves only: the other benchmarks' sections stay until they rewrite them
  writeOwnSections(o.out, renderMarkdown(report), ownsSection);
  writeFileSync(join(outDir, 'last.json'), JSON.stringify(report, null, 2));
  log(`search done in ${report.totalSeconds.toFixed(0)} s → ${relative(root, o.out)}`);

  if (o.searchOnly) {
    if (o.json) process.stdout.write(JSON.stringify(report) + '\n');
    return;
  }
  log('HTTP load…');
  const http = await runHttpBench({ duration: o.quick ? 5 : 30, benchmarksFile: o.out, log });
  log('compare, diff, indicators, adding…');
  const ops = await runOpsBench({ quick: o.quick, scaleMb: o.scaleMb, seed: o.seed, out: o.out, log });
  log('new phrases and strength shifts…');
  const news = runNewBench({ out: o.out, log });
  log('sentence-level compare…');
  const sentences = runCompareBench({ out: o.out, log });
  log('cold start and document diff…');
  const startup = await runStartupBench({ out: o.out, runs: o.quick ? 3 : 5, log });
  log('an index grown by add against the same corpus rebuilt…');
  const grown = await runGrownBench({ out: o.out, runs: o.quick ? 3 : 5, log });
  log('searches while documents are diffed…');
  const mixed = await runMixedBench({ duration: o.quick ? 5 : 30, out: o.out, log });
  if (o.json) process.stdout.write(JSON.stringify({ ...report, http, ops, new: news, compare: sentences, startup, grown, mixed }) + '\n');
  log(`done in ${((performance.now() - t0) / 1000).toFixed(0)} s → ${relative(root, o.out)}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
