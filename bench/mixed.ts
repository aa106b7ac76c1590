/**
 * Searches while documents are diffed (issue 19): 20 autocannon connections search while 4 clients diff pairs of
 * State Council reports in a loop, against the server as `yaodian serve` runs it (a pool of 2 worker threads at
 * nice 10), in one run beside the same searches alone, the same mix with the workers at the process's priority
 * (`--worker-nice 0`) and with the diffs on the main thread (`--workers 0`).
 *
 *   npm run -s build && node dist/bench/mixed.js [--duration 30] [--no-write]
 *
 * The response cache is off, so every search runs the engine. The diff clients each walk their own shuffled order
 * of more pairs than the workers' diff caches hold together, so a diff is computed, not remembered.
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { prng } from './corpus.js';
import { autocannon, paths, SEARCH_QUERIES, startChild, type Child } from './http.js';
import { writeSection } from './sections.js';
import { repoRoot } from './paths.js';

export const MIXED_HEADING = '## Searches while documents are diffed (issue 19)';
const SEARCH_CONNECTIONS = 20;
const DIFF_CLIENTS = 4;
/** the issue's bound on the searches' p99 while the diffs run */
const P99_LIMIT_MS = 50;

export interface MixedRow {
  name: string;
  workers: number;
  /** the workers' nice value; undefined: the server's default (as served) */
  nice?: number;
  diffClients: number;
  search: { reqPerSec: number; p50Ms: number; p99Ms: number; non2xx: number; errors: number };
  diff?: { done: number; p50Ms: number; p99Ms: number; status503: number; otherErrors: number };
}

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.max(0, Math.ceil(p * s.length) - 1)] : NaN;
};

/** Pairs of State Council reports a year or two apart: more than 2 workers × 32 cached diffs. */
async function diffPairs(url: string): Promise<string[]> {
  const res = await fetch(`${url}/api/documents`);
  const list = (await res.json()) as { id: string; source: string; year: number }[];
  const sc = list.filter((d) => d.source.startsWith('state-council/')).sort((a, b) => a.year - b.year);
  const pairs: string[] = [];
  for (const gap of [1, 2]) for (let i = 0; i + gap < sc.length; i++) pairs.push(`/api/diff?${new URLSearchParams({ a: sc[i].id, b: sc[i + gap].id })}`);
  if (pairs.length < 70) throw new Error(`only ${pairs.length} State Council pairs: the diff caches would answer`);
  return pairs;
}

/** `clients` loops, each over its own shuffled order of `urls`, until `until`. */
async function diffLoops(url: string, urls: string[], clients: number, until: number): Promise<MixedRow['diff']> {
  const ms: number[] = [];
  let status503 = 0;
  let otherErrors = 0;
  await Promise.all(
    Array.from({ length: clients }, async (_, c) => {
      const rnd = prng(c + 1);
      const order = [...urls].sort(() => rnd() - 0.5);
      for (let k = 0; performance.now() < until; k++) {
        const t = performance.now();
        const res = await fetch(url + order[k % order.length]);
        await res.arrayBuffer();
        if (res.status === 200) ms.push(performance.now() - t);
        else if (res.status === 503) status503++;
        else otherErrors++;
      }
    }),
  );
  return { done: ms.length, p50Ms: percentile(ms, 0.5), p99Ms: percentile(ms, 0.99), status503, otherErrors };
}

async function row(name: string, child: Child, diffs: string[], diffClients: number, workers: number, duration: number, nice?: number): Promise<MixedRow> {
  const searches = paths('/api/search', SEARCH_QUERIES).map((path) => ({ method: 'GET' as const, path }));
  const until = performance.now() + duration * 1000;
  const [r, diff] = await Promise.all([
    autocannon({ url: child.url, connections: SEARCH_CONNECTIONS, duration, requests: searches }),
    diffClients ? diffLoops(child.url, diffs, diffClients, until) : Promise.resolve(undefined),
  ]);
  return {
    name,
    workers,
    ...(nice === undefined ? {} : { nice }),
    diffClients,
    search: { reqPerSec: Math.round(r.requests.average), p50Ms: r.latency.p50, p99Ms: r.latency.p99, non2xx: r.non2xx, errors: r.errors + r.timeouts },
    ...(diff ? { diff } : {}),
  };
}

export async function runMixedBench(o: { duration?: number; write?: boolean; out?: string; log?: (l: string) => void } = {}): Promise<MixedRow[]> {
  const duration = o.duration ?? 30;
  const log = o.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const load = loadavg()[0];
  const rows: MixedRow[] = [];
  // as served (the default nice), the workers at the process's own priority, no workers
  const setups: { workers: number; nice?: number; name: string }[] = [
    { workers: 2, name: 'searches + diffs (pool of 2 workers, as served: nice 10)' },
    { workers: 2, nice: 0, name: 'searches + diffs (pool of 2 workers at nice 0)' },
    { workers: 0, name: 'searches + diffs on the main thread (--workers 0)' },
  ];
  for (const [k, { workers, nice, name }] of setups.entries()) {
    const child = await startChild(0, workers, nice);
    try {
      const diffs = await diffPairs(child.url);
      // warm-up: every search once, a few diffs (the workers' segmenter and similarity tables)
      for (const p of paths('/api/search', SEARCH_QUERIES)) await (await fetch(child.url + p)).arrayBuffer();
      await diffLoops(child.url, diffs, DIFF_CLIENTS, performance.now() + 3000);
      if (k === 0) {
        log(`  mixed: ${SEARCH_CONNECTIONS} search connections alone, ${duration} s…`);
        rows.push(await row('searches alone', child, diffs, 0, workers, duration));
      }
      log(`  mixed: ${SEARCH_CONNECTIONS} search connections + ${DIFF_CLIENTS} diff clients, ${name}, ${duration} s…`);
      rows.push(await row(name, child, diffs, DIFF_CLIENTS, workers, duration, nice));
    } finally {
      await child.stop();
    }
  }
  if (o.write ?? true) writeSection(o.out ?? join(repoRoot, 'BENCHMARKS.md'), MIXED_HEADING, render(rows, duration, load));
  return rows;
}

const f = (x: number) => (Number.isNaN(x) ? '—' : x < 10 ? x.toFixed(1) : Math.round(x).toLocaleString('en'));

function render(rows: MixedRow[], duration: number, load: number): string {
  const pooled = rows.find((r) => r.workers > 0 && r.diffClients > 0 && r.nice === undefined);
  const met = !!pooled && pooled.search.p99Ms <= P99_LIMIT_MS && pooled.search.non2xx === 0 && pooled.search.errors === 0;
  return [
    `\`npm run -s build && node dist/bench/mixed.js --duration ${duration}\` (run by \`npm run bench\`) on ${new Date().toISOString().slice(0, 10)}, 1-min load average ${load.toFixed(1)} at start. ` +
      `The server in its own process as \`yaodian serve\` runs it on the bundled corpus, response cache off; ${SEARCH_CONNECTIONS} autocannon connections cycle through ${SEARCH_QUERIES.length} searches (limit 20) ` +
      `while ${DIFF_CLIENTS} clients each diff State Council reports one or two years apart (\`/api/diff\`), in their own shuffled order of more pairs than the workers' diff caches hold, back to back. Load generator and server share the 2 cores.`,
    '',
    '| run | search req/s | search p50 ms | search p99 ms | search errors / non-2xx | diffs done | diff p50 ms | diff p99 ms | diffs 503 |',
    '|---|--:|--:|--:|--:|--:|--:|--:|--:|',
    ...rows.map((r) => `| ${r.name} | ${f(r.search.reqPerSec)} | ${r.search.p50Ms} | ${r.search.p99Ms} | ${r.search.errors} / ${r.search.non2xx} | ${r.diff ? r.diff.done : '—'} | ${r.diff ? f(r.diff.p50Ms) : '—'} | ${r.diff ? f(r.diff.p99Ms) : '—'} | ${r.diff ? r.diff.status503 + (r.diff.otherErrors ? ` (+${r.diff.otherErrors} other)` : '') : '—'} |`),
    '',
    `Target (searches' p99 ≤ ${P99_LIMIT_MS} ms while 4 clients diff, served as \`yaodian serve\` does: the pool at nice 10): **${met ? 'met' : 'not met'}**${pooled ? ` (p99 ${pooled.search.p99Ms} ms)` : ''}.`,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const at = argv.indexOf('--duration');
  const duration = at >= 0 ? Number(argv[at + 1]) : 30;
  if (!(duration > 0)) throw new Error('--duration must be a positive number of seconds');
  const rows = await runMixedBench({ duration, write: !argv.includes('--no-write') });
  console.log(JSON.stringify(rows, null, 2));
}
