/**
 * In-process A/B of two builds of yaodian on one saved index: a refactoring is judged by whether the hot paths
 * stay within noise, and a whole benchmark run moves by ~1.7× on this shared machine, while two builds loaded
 * side by side in one process, their queries interleaved, see the same minute of the machine.
 *
 *   npm run -s build && node --expose-gc dist/bench/ab.js --a OLD_DIST --index DIR [--mb 100] [--per-type 40] [--rounds 5] [--loads 0]
 *
 * OLD_DIST is a copy of an earlier dist/ (kept inside this checkout, so that its imports find node_modules);
 * B is this build. DIR holds a saved index (both builds must read its format); when it is missing, the scaled
 * corpus of --mb MB (bench/corpus.ts) is indexed into it first. Queries are sampled from the index's own
 * documents, as the main benchmark samples them. Prints, per query type, the p50 of each build and B / A; with
 * --loads N, first the median time of each build's loadIndex of DIR (N fresh processes each, interleaved).
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { scaledCorpus } from './corpus.js';
import { sampleQueries } from './queries.js';
import { QUERY_TYPES, queryText, type Query } from './types.js';
import { Engine } from '../src/index/engine.js';
import { loadIndex, readIndexInfo, saveIndex } from '../src/persist/save.js';
import { search } from '../src/search/search.js';

type Search = (engine: unknown, q: string, o: { limit: number }) => { total: number; hits: { unitId: string }[] };
interface Build {
  name: string;
  engine: unknown;
  search: Search;
}

const { values } = parseArgs({
  options: { a: { type: 'string' }, index: { type: 'string' }, mb: { type: 'string' }, 'per-type': { type: 'string' }, rounds: { type: 'string' }, loads: { type: 'string' } },
});
if (!values.a || !values.index) throw new Error('usage: ab.js --a OLD_DIST --index DIR [--mb 100] [--per-type 40] [--rounds 5] [--loads 0]');
const dir = resolve(values.index);
const perType = Number(values['per-type'] ?? 40);
const rounds = Number(values.rounds ?? 5);
const loads = Number(values.loads ?? 0);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

if (!readIndexInfo(dir)) {
  const t0 = performance.now();
  const corpus = scaledCorpus(Number(values.mb ?? 100), 1);
  const engine = new Engine();
  engine.addDocs(corpus.docs);
  await saveIndex(engine, dir, `scaled-${corpus.bytes}`);
  console.log(`indexed ${corpus.name} into ${dir} in ${Math.round(performance.now() - t0)} ms`);
}

async function open(name: string, distDir: string): Promise<Build> {
  const mod = async (p: string) => import(pathToFileURL(resolve(distDir, p)).href);
  const save = await mod('src/persist/save.js');
  const engine = save.loadIndex(dir, save.readIndexInfo(dir));
  return { name, engine, search: (await mod('src/search/search.js')).search };
}

const aDir = resolve(values.a);
if (!existsSync(resolve(aDir, 'src/search/search.js'))) throw new Error(`${aDir} holds no build (src/search/search.js)`);
const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];

/** One loadIndex of DIR by the build in `distDir`, in ms, in a fresh process: as a command loads it, and without
 * the previous loads' engines weighing on this one's collections. */
function loadOnce(distDir: string): number {
  const save = JSON.stringify(pathToFileURL(resolve(distDir, 'src/persist/save.js')).href);
  const script = `const s = await import(${save}); const d = ${JSON.stringify(dir)};
    const t0 = performance.now(); s.loadIndex(d, s.readIndexInfo(d)); process.stdout.write(String(performance.now() - t0));`;
  return Number(execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' }));
}
if (loads > 0) {
  const bDir = fileURLToPath(new URL('..', import.meta.url));
  const [la, lb]: number[][] = [[], []];
  for (let r = 0; r < loads; r++)
    if (r % 2) lb.push(loadOnce(bDir)), la.push(loadOnce(aDir));
    else la.push(loadOnce(aDir)), lb.push(loadOnce(bDir));
  const ratio = median(la.map((a, r) => lb[r] / a));
  console.log(`load: ${loads} fresh processes each, interleaved; median A ${median(la).toFixed(0)} ms, B ${median(lb).toFixed(0)} ms, B/A ${ratio.toFixed(2)}`);
}

const builds: Build[] = [await open('A', aDir), { name: 'B', engine: loadIndex(dir, readIndexInfo(dir)!), search: search as unknown as Search }];
const engineB = builds[1].engine as Engine;
const queries: Query[] = sampleQueries([...engineB.docs.values()], perType, 7);

// both builds must give the same answers, or the comparison is of two different things
for (const q of queries) {
  const [a, b] = builds.map((x) => x.search(x.engine, queryText(q), { limit: 20 }));
  if (a.total !== b.total || a.hits.map((h) => h.unitId).join() !== b.hits.map((h) => h.unitId).join())
    throw new Error(`A and B differ on ${JSON.stringify(queryText(q))}: ${a.total} vs ${b.total} hits`);
}

/** the median of three runs after one untimed, in µs */
function time(b: Build, q: string): number {
  b.search(b.engine, q, { limit: 20 });
  const t: number[] = [];
  for (let k = 0; k < 3; k++) {
    const t0 = performance.now();
    b.search(b.engine, q, { limit: 20 });
    t.push(performance.now() - t0);
  }
  return 1000 * t.sort((x, y) => x - y)[1];
}

const times = new Map<string, number[][]>(builds.map((b) => [b.name, queries.map(() => [])]));
for (let r = 0; r < rounds; r++) {
  gc();
  queries.forEach((q, i) => {
    // alternate which build goes first, so neither always runs on the other's warmed caches
    const order = (i + r) % 2 ? [...builds].reverse() : builds;
    for (const b of order) times.get(b.name)![i].push(time(b, queryText(q)));
  });
}


const perQuery = (name: string) => times.get(name)!.map(median);
const [ta, tb] = [perQuery('A'), perQuery('B')];
console.log(`${queries.length} queries, ${rounds} interleaved rounds; p50 per type in µs`);
console.log('type       n     A      B    B/A');
for (const type of QUERY_TYPES) {
  const idx = queries.flatMap((q, i) => (q.type === type ? [i] : []));
  if (!idx.length) continue;
  const a = median(idx.map((i) => ta[i]));
  const b = median(idx.map((i) => tb[i]));
  // the ratio of per-query ratios is steadier than the ratio of two medians
  const ratio = median(idx.map((i) => tb[i] / ta[i]));
  console.log(`${type.padEnd(9)} ${String(idx.length).padStart(3)} ${a.toFixed(0).padStart(6)} ${b.toFixed(0).padStart(6)}  ${ratio.toFixed(2)}`);
}
