/**
 * Cold start and document diff (issue 19): what a user waits for outside the search core.
 *
 * - CLI cold start: `yaodian search 揭榜挂帅`, `compare 基础研究十年行动` and `diff` of two State Council reports, each a
 *   fresh process on the bundled corpus's saved index (wall time of the whole process, as a user sees it), beside a
 *   bare `node -e 0` in the same run (what no command can go below on this machine).
 * - Server doc diff: `GET /api/diff` through the app (`app.request`, no socket; response cache off, so the engine
 *   answers) for consecutive State Council reports: the first request of each pair (segmenter loaded at start, as
 *   `yaodian serve` does, the pair's texts never segmented) and the same pair asked again.
 * Each timing is checked: the command's output and the API's answer must hold what they are for.
 * Run alone: `npm run -s build && node dist/bench/startup.js [--out FILE] [--runs N]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createApp } from '../src/http/app.js';
import { openEngine } from '../src/persist/open.js';
import { TOKEN_CACHE_FILE } from '../src/persist/token-cache.js';
import { outAndRuns, repoRoot } from './paths.js';
import { writeSection } from './sections.js';
import { median } from './timing.js';

export const STARTUP_HEADING = '## Cold start and document diff (issue 19)';

/**
 * [label, argv, what stdout must contain, target ms, run without tokens.cache]. compare and diff run twice a round:
 * first with the token cache deleted (the first such command after a build: segmentit's dictionary is loaded),
 * then as every later command runs, with the tokens that one saved.
 */
const COMMANDS: [string, string[], RegExp, number, boolean][] = [
  ['search 揭榜挂帅', ['search', '揭榜挂帅'], /units match "揭榜挂帅"/, 400, false],
  ['compare 基础研究十年行动 (no tokens.cache)', ['compare', '基础研究十年行动'], /documents follow (the term )?"基础研究十年行动"/, NaN, true],
  ['compare 基础研究十年行动', ['compare', '基础研究十年行动'], /documents follow (the term )?"基础研究十年行动"/, 600, false],
  ['diff state-council-2024 state-council-2025 (no tokens.cache)', ['diff', 'state-council-2024', 'state-council-2025'], /matched|changed/, NaN, true],
  ['diff state-council-2024 state-council-2025', ['diff', 'state-council-2024', 'state-council-2025'], /matched|changed/, NaN, false],
];
const DIFF_P50_MS = 100;
const DIFF_FIRST_MS = 300;

export interface StartupResult {
  bareMs: number;
  commands: { label: string; p50Ms: number; maxMs: number; targetMs: number; ok: boolean }[];
  diff: { pairs: number; firstP50Ms: number; firstMaxMs: number; againP50Ms: number; ok: boolean; statuses: string };
  loadavg: string;
  runs: number;
}


function wall(argv: string[], cwd: string): { ms: number; out: string; code: number | null } {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, argv, { cwd, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { ms: performance.now() - t0, out: r.stdout, code: r.status };
}

export async function runStartupBench(opts: { out?: string; runs?: number; log?: (l: string) => void } = {}): Promise<StartupResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const runs = opts.runs ?? 5;
  const load0 = loadavg()[0];
  const index = mkdtempSync(join(tmpdir(), 'yaodian-bench-startup-'));
  try {
    const cli = join(repoRoot, 'bin', 'yaodian.js');
    const built = wall([cli, 'index', '--seeds', join(repoRoot, 'seeds'), '--out', index], repoRoot);
    if (built.code !== 0) throw new Error(`could not build the bundled index in ${index}`);
    const bare: number[] = [];
    const times = COMMANDS.map(() => [] as number[]);
    const ok = COMMANDS.map(() => true);
    // interleaved, so a slow minute of the shared machine falls on every command alike
    for (let r = 0; r < runs; r++) {
      bare.push(wall(['-e', '0'], repoRoot).ms);
      COMMANDS.forEach(([, argv, expect, , fresh], k) => {
        if (fresh) rmSync(join(index, TOKEN_CACHE_FILE), { force: true });
        const x = wall([cli, ...argv, '--index', index], repoRoot);
        times[k].push(x.ms);
        if (x.code !== 0 || !expect.test(x.out)) ok[k] = false;
      });
    }
    log(`cold start: ${COMMANDS.map(([label], k) => `${label} ${median(times[k]).toFixed(0)} ms`).join(', ')}; node -e 0 ${median(bare).toFixed(0)} ms`);

    const { engine } = await openEngine({ index });
    const app = createApp(engine, { cacheBytes: 0 }); // loads the segmenter, as `yaodian serve` does before listening
    const sc = engine
      .docList()
      .filter((m) => m.issuer === '国务院')
      .map((m) => m.id);
    const recent = sc.slice(-8);
    const pairs = recent.slice(1).map((b, k) => [recent[k], b] as const);
    const first: number[] = [];
    const again: number[] = [];
    const statuses = new Map<number, number>();
    let diffOk = pairs.length > 0;
    const ask = async (a: string, b: string) => {
      const t0 = performance.now();
      const res = await app.request(`/api/diff?a=${a}&b=${b}`);
      const body = (await res.json()) as { pairs?: unknown[] };
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (res.status !== 200 || !body.pairs?.length) diffOk = false;
      return performance.now() - t0;
    };
    for (const [a, b] of pairs) first.push(await ask(a, b));
    for (let r = 0; r < runs; r++) for (const [a, b] of pairs) again.push(await ask(a, b));
    const result: StartupResult = {
      bareMs: median(bare),
      commands: COMMANDS.map(([label, , , targetMs], k) => ({ label, p50Ms: median(times[k]), maxMs: Math.max(...times[k]), targetMs, ok: ok[k] })),
      diff: { pairs: pairs.length, firstP50Ms: median(first), firstMaxMs: Math.max(...first), againP50Ms: median(again), ok: diffOk, statuses: [...statuses].map(([s, n]) => `${n}× ${s}`).join(', ') },
      loadavg: `${load0.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`,
      runs,
    };
    log(`server diff: first p50 ${result.diff.firstP50Ms.toFixed(0)} ms (max ${result.diff.firstMaxMs.toFixed(0)}), again p50 ${result.diff.againP50Ms.toFixed(1)} ms`);
    if (opts.out) writeSection(opts.out, STARTUP_HEADING, renderStartup(result));
    return result;
  } finally {
    rmSync(index, { recursive: true, force: true });
  }
}

export function renderStartup(r: StartupResult): string {
  const ms = (x: number) => (x < 10 ? x.toFixed(1) : x.toFixed(0));
  const met = (x: number, target: number) => (Number.isNaN(target) ? '—' : x <= target ? '✅' : '❌');
  return [
    `Wall time of a fresh \`node bin/yaodian.js …\` process on the bundled corpus's saved index (compiled, as \`npm link\` runs it), ` +
      `${r.runs} runs each, interleaved with a bare \`node -e 0\` (${ms(r.bareMs)} ms p50 in this run: no command can go below it). ` +
      'A run counts only when the command exits 0 and prints what it is for. "No tokens.cache": the token cache beside ' +
      'the index deleted before the run, as for the first compare or diff after a build (segmentit\'s dictionary is loaded); ' +
      'the rows without it run next, on the tokens that run saved, as every later command does.',
    '',
    `Machine load average ${r.loadavg} (1 min; the machine is shared: above 2, wall times grow with it).`,
    '',
    '| command | p50 | max | target | met | output checked |',
    '|---|--:|--:|--:|---|---|',
    ...r.commands.map((c) => `| \`yaodian ${c.label}\` | ${ms(c.p50Ms)} ms | ${ms(c.maxMs)} ms | ${Number.isNaN(c.targetMs) ? '—' : `${c.targetMs} ms`} | ${met(c.p50Ms, c.targetMs)} | ${c.ok ? '✅' : '❌'} |`),
    '',
    `Server: \`GET /api/diff\` of ${r.diff.pairs} consecutive State Council reports through the app (response cache off; the ` +
      'segmenter loaded at start as `yaodian serve` does). First: each pair once, its texts never segmented before; again: ' +
      `the same pairs asked ${r.runs} more times (the diff kept for the engine's generation).`,
    '',
    '| measure | result | target | met |',
    '|---|--:|--:|---|',
    `| first request of a pair, p50 (max) | ${ms(r.diff.firstP50Ms)} ms (${ms(r.diff.firstMaxMs)}) | ≤ ${DIFF_FIRST_MS} ms | ${met(r.diff.firstP50Ms, DIFF_FIRST_MS)} |`,
    `| the pair again, p50 | ${ms(r.diff.againP50Ms)} ms | ≤ ${DIFF_P50_MS} ms | ${met(r.diff.againP50Ms, DIFF_P50_MS)} |`,
    `| every answer 200 with pairs | ${r.diff.statuses} | — | ${r.diff.ok ? '✅' : '❌'} |`,
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { out, runs } = outAndRuns(process.argv.slice(2));
  process.chdir(repoRoot);
  runStartupBench({ out, runs })
    .then(() => console.error(`→ ${relative(repoRoot, out)}`))
    .catch((e) => {
      console.error(e);
      process.exit(1);
    });
}
