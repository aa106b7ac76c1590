/**
 * An index grown by `yaodian add` against the same corpus rebuilt (issue 19's target: search, compare and diff on
 * an index grown by adding 31 reports answer within 1.2× of the rebuilt one, p50).
 *
 * The bundled seeds without their 31 latest State Council reports are indexed; the 31 are then added one
 * `yaodian add` at a time (their manifest's title and year given as flags, so they read as the rebuild reads
 * them); the rebuilt index is built from the whole folder. Each command then runs as fresh processes on both
 * indexes, interleaved, after one untimed run each (which saves the tokens a compare or diff needs, as any
 * earlier command would have). Both must print the same counts: what is timed is the same answer.
 * Run alone: `npm run -s build && node dist/bench/grown.js [--out FILE] [--runs N] [--keep]` (--keep: leave both indexes).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { outAndRuns, repoRoot } from './paths.js';
import { writeSection } from './sections.js';
import { childrenCpu } from './cpu.js';
import { median } from './timing.js';

export const GROWN_HEADING = '## Grown by add vs rebuilt (issue 19)';
const ADDED = 31;
const TARGET_RATIO = 1.2;

export interface GrownResult {
  added: number;
  addP50Ms: number;
  addCpuP50Ms: number;
  segments: number;
  /** wall p50s and their ratio; CPU (user + system of the process) p50s and theirs, the steadier on a shared machine */
  rows: { label: string; grownMs: number; rebuiltMs: number; ratio: number; grownCpuMs: number; rebuiltCpuMs: number; cpuRatio: number; same: boolean }[];
  loadavg: string;
  runs: number;
}

const cli = join(repoRoot, 'bin', 'yaodian.js');

function run(argv: string[]): { ms: number; cpuMs: number; out: string; code: number | null } {
  const c0 = childrenCpu();
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [cli, ...argv], { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 << 20 });
  return { ms: performance.now() - t0, cpuMs: (childrenCpu() - c0) * 1000, out: r.stdout, code: r.status };
}

/** What must be the same on both indexes: the counts a user reads first (the first line) and the diff summary. */
const gist = (out: string) => out.split('\n')[0].trim();

export async function runGrownBench(opts: { out?: string; runs?: number; keep?: boolean; log?: (l: string) => void } = {}): Promise<GrownResult> {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const runs = opts.runs ?? 5;
  const load0 = loadavg()[0];
  const work = mkdtempSync(join(tmpdir(), 'yaodian-bench-grown-'));
  try {
    const seeds = join(work, 'seeds');
    // the files' times kept: a file modified within seconds of a build leaves the index without a folder stamp, and
    // every later command would then hash the whole folder to check it (ingest/corpus.ts, folderStamp)
    cpSync(join(repoRoot, 'seeds'), seeds, { recursive: true, preserveTimestamps: true });
    const manifest = JSON.parse(readFileSync(join(seeds, 'manifest.json'), 'utf8')) as { documents: Record<string, { title?: string; year?: number }> };
    const sc = readdirSync(join(seeds, 'state-council')).filter((n) => n.endsWith('.txt')).sort();
    const later = sc.slice(-ADDED);
    // the rebuilt index: the whole folder; the grown one: the folder without the 31, then each added
    const rebuilt = join(work, 'rebuilt');
    if (run(['index', '--seeds', seeds, '--out', rebuilt]).code !== 0) throw new Error('could not build the rebuilt index');
    const held = join(work, 'held-back');
    mkdirSync(held);
    const base = join(work, 'base-seeds');
    cpSync(seeds, base, { recursive: true, preserveTimestamps: true });
    for (const name of later) {
      cpSync(join(seeds, 'state-council', name), join(held, name));
      rmSync(join(base, 'state-council', name));
    }
    const grown = join(work, 'grown');
    if (run(['index', '--seeds', base, '--out', grown]).code !== 0) throw new Error('could not build the base index');
    const adds: number[] = [];
    const addsCpu: number[] = [];
    for (const name of later) {
      const m = manifest.documents[`state-council/${name}`] ?? {};
      const flags = [...(m.title ? ['--title', m.title] : []), ...(m.year ? ['--year', String(m.year)] : [])];
      const r = run(['add', join(held, name), ...flags, '--index', grown]);
      if (r.code !== 0) throw new Error(`yaodian add ${name} exited ${r.code}`);
      adds.push(r.ms);
      addsCpu.push(r.cpuMs);
    }
    const segments = (JSON.parse(readFileSync(join(grown, 'SEGMENTS'), 'utf8')) as { segments: unknown[] }).segments.length;
    log(`grown: ${ADDED} adds, p50 ${median(adds).toFixed(0)} ms wall, ${median(addsCpu).toFixed(0)} ms CPU each, ${segments} segments left`);

    const idOf = (index: string, year: number) => {
      const docs = JSON.parse(run(['docs', '--json', '--index', index]).out) as { id: string; issuer: string; year: number }[];
      const d = docs.find((x) => x.issuer === '国务院' && x.year === year);
      if (!d) throw new Error(`no State Council report of ${year} in ${index}`);
      return d.id;
    };
    const commands: [string, (index: string) => string[]][] = [
      ['search 揭榜挂帅', () => ['search', '揭榜挂帅']],
      ['search 关键核心技术 --limit 20', () => ['search', '关键核心技术', '--limit', '20']],
      ['compare 基础研究十年行动', () => ['compare', '基础研究十年行动']],
      ['diff (State Council 2024, 2025)', (index) => ['diff', idOf(index, 2024), idOf(index, 2025)]],
      ['diff (State Council 2010, 2011)', (index) => ['diff', idOf(index, 2010), idOf(index, 2011)]],
    ];
    const rows: GrownResult['rows'] = [];
    for (const [label, argv] of commands) {
      const args = { grown: [...argv(grown), '--index', grown], rebuilt: [...argv(rebuilt), '--index', rebuilt] };
      const first = { grown: run(args.grown), rebuilt: run(args.rebuilt) };
      const same = first.grown.code === 0 && first.rebuilt.code === 0 && gist(first.grown.out) === gist(first.rebuilt.out);
      const t = { grown: [] as ReturnType<typeof run>[], rebuilt: [] as ReturnType<typeof run>[] };
      for (let r = 0; r < runs; r++) {
        t.grown.push(run(args.grown));
        t.rebuilt.push(run(args.rebuilt));
      }
      const p50 = (which: 'grown' | 'rebuilt', of: 'ms' | 'cpuMs') => median(t[which].map((x) => x[of]));
      const [grownMs, rebuiltMs, grownCpuMs, rebuiltCpuMs] = [p50('grown', 'ms'), p50('rebuilt', 'ms'), p50('grown', 'cpuMs'), p50('rebuilt', 'cpuMs')];
      const row = { label, grownMs, rebuiltMs, ratio: grownMs / rebuiltMs, grownCpuMs, rebuiltCpuMs, cpuRatio: grownCpuMs / rebuiltCpuMs, same };
      rows.push(row);
      log(
        `grown vs rebuilt: ${label} ${grownMs.toFixed(0)} vs ${rebuiltMs.toFixed(0)} ms wall (${row.ratio.toFixed(2)}), ` +
          `${grownCpuMs.toFixed(0)} vs ${rebuiltCpuMs.toFixed(0)} ms CPU (${row.cpuRatio.toFixed(2)})${same ? '' : ' — ANSWERS DIFFER'}`,
      );
    }
    const result: GrownResult = { added: ADDED, addP50Ms: median(adds), addCpuP50Ms: median(addsCpu), segments, rows, loadavg: `${load0.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`, runs };
    if (opts.out) writeSection(opts.out, GROWN_HEADING, renderGrown(result));
    return result;
  } finally {
    if (opts.keep) log(`indexes kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

export function renderGrown(r: GrownResult): string {
  return [
    `The bundled seeds without their ${r.added} latest State Council reports, indexed, then each report added by its own ` +
      `\`yaodian add\` (p50 ${r.addP50Ms.toFixed(0)} ms wall, ${r.addCpuP50Ms.toFixed(0)} ms CPU an add; ${r.segments} segments beside the base afterwards), against the ` +
      'whole folder indexed at once. Wall and CPU time (user + system) of fresh `node bin/yaodian.js …` processes (compiled), ' +
      `${r.runs} runs each, the two indexes interleaved, after one untimed run each. "Same answer": both print the same first line ` +
      '(the counts, or the diff summary).',
    '',
    `Machine load average ${r.loadavg} (1 min; 2 cores, shared).`,
    '',
    '| command | grown p50 | rebuilt p50 | ratio | grown CPU p50 | rebuilt CPU p50 | CPU ratio | target | met (wall) | same answer |',
    '|---|--:|--:|--:|--:|--:|--:|--:|---|---|',
    ...r.rows.map(
      (x) =>
        `| \`yaodian ${x.label}\` | ${x.grownMs.toFixed(0)} ms | ${x.rebuiltMs.toFixed(0)} ms | ${x.ratio.toFixed(2)} | ` +
        `${x.grownCpuMs.toFixed(0)} ms | ${x.rebuiltCpuMs.toFixed(0)} ms | ${x.cpuRatio.toFixed(2)} | ≤ ${TARGET_RATIO} | ${x.ratio <= TARGET_RATIO ? '✅' : '❌'} | ${x.same ? '✅' : '❌'} |`,
    ),
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const argv = process.argv.slice(2);
  const { out, runs } = outAndRuns(argv);
  const r = await runGrownBench({ out, runs, keep: argv.includes('--keep') });
  process.stderr.write(`→ ${relative(repoRoot, out)} (${r.rows.length} rows)\n`);
}
