/**
 * The 新提法 benchmark (issue 18): `new` for one report on the bundled corpus, cold (its units never segmented
 * in this process, as for the first request about a report) and warm, with and without the strength-shift
 * summary (which diffs the report with its issuer's previous one), each checked against what it must find.
 * Run alone: `npm run -s build && node --expose-gc dist/bench/new.js [--out FILE]`.
 */
import { loadavg } from 'node:os';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { newPhrases } from '../src/compare/new.js';
import { clearSegCache } from '../src/text/tokenize.js';
import { outAndRuns, repoRoot } from './paths.js';
import { writeSection } from './sections.js';
import { bundledEngine, loadSpan, median, timed } from './timing.js';

export const NEW_HEADING = '## 新提法 and strength shifts (issue 18)';

/** Reports timed, each with phrases its list must hold (the check of what is timed). */
const REPORTS: [string, string[]][] = [
  ['state-council-2015', ['互联网+']],
  ['state-council-2021', ['碳达峰', '新发展格局']],
  ['state-council-2024', ['新质生产力', '人工智能+', '低空经济']],
  ['state-council-2025', ['具身智能']],
  ['sichuan-2023-conference', []],
];
const LIMIT_MS = 1000;
const RUNS = 3;

export interface NewRow {
  doc: string;
  phrases: number;
  /** medians of wall time; `cpu` the same runs' CPU time */
  coldMs: number;
  coldShiftsMs: number;
  warmMs: number;
  warmShiftsMs: number;
  cpu: { cold: number; coldShifts: number; warm: number; warmShifts: number };
  found: boolean;
}

export function runNewBench(opts: { out?: string; log?: (l: string) => void } = {}): { rows: NewRow[]; loadavg: string } {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const load0 = loadavg()[0];
  const engine = bundledEngine();
  const rows: NewRow[] = [];
  for (const [doc, expected] of REPORTS) {
    if (!engine.docs.has(doc)) continue;
    log(`new: ${doc}…`);
    // cold: nothing of the corpus segmented yet, as for the first question about a report
    const cold: { ms: number; cpuMs: number }[] = [];
    const coldShifts: { ms: number; cpuMs: number }[] = [];
    for (let k = 0; k < RUNS; k++) {
      clearSegCache();
      cold.push(timed(() => newPhrases(engine, doc, { shifts: false })));
      clearSegCache();
      coldShifts.push(timed(() => newPhrases(engine, doc)));
    }
    const warm = Array.from({ length: RUNS }, () => timed(() => newPhrases(engine, doc, { shifts: false })));
    const warmShifts = Array.from({ length: RUNS }, () => timed(() => newPhrases(engine, doc)));
    const wall = (xs: { ms: number }[]) => median(xs.map((x) => x.ms));
    const cpu = (xs: { cpuMs: number }[]) => median(xs.map((x) => x.cpuMs));
    const all = newPhrases(engine, doc, { limit: Infinity, shifts: false });
    const found = expected.every((p) => all.phrases.some((x) => x.match === p));
    rows.push({
      doc,
      phrases: all.total,
      coldMs: wall(cold),
      coldShiftsMs: wall(coldShifts),
      warmMs: wall(warm),
      warmShiftsMs: wall(warmShifts),
      cpu: { cold: cpu(cold), coldShifts: cpu(coldShifts), warm: cpu(warm), warmShifts: cpu(warmShifts) },
      found,
    });
  }
  const result = { rows, loadavg: loadSpan(load0) };
  if (opts.out) writeSection(opts.out, NEW_HEADING, renderNew(result));
  return result;
}

export function renderNew(r: { rows: NewRow[]; loadavg: string }): string {
  const ms = (x: number) => x.toFixed(0);
  const met = (x: number) => (x <= LIMIT_MS ? '✅' : '❌');
  return [
    `\`newPhrases\` on an engine over the bundled corpus (\`addDocs\`), median of ${RUNS} runs each. Cold: the segmenter's ` +
      'cache cleared before each run (its dictionary already loaded), so the report is segmented again, as for the first ' +
      'question about it; warm: asked again. "+ shifts" includes the strength-shift summary, which diffs the report with ' +
      `its issuer's previous one (both segmented, cold). Each cell: wall time / CPU time of the process (the CPU time is ` +
      `what the shared machine moves least). Target: one report ≤ ${LIMIT_MS} ms, judged on the wall time. "found" checks that the whole ` +
      'list holds the phrases the tests expect (新质生产力, 人工智能+, 低空经济 in 2024, …).',
    '',
    `Machine load average ${r.loadavg} (1 min).`,
    '',
    '| report | phrases | cold | cold + shifts | warm | warm + shifts | found |',
    '|---|---|---|---|---|---|---|',
    ...r.rows.map(
      (x) =>
        `| ${x.doc} | ${x.phrases} | ${ms(x.coldMs)} / ${ms(x.cpu.cold)} ms ${met(x.coldMs)} | ${ms(x.coldShiftsMs)} / ${ms(x.cpu.coldShifts)} ms ${met(x.coldShiftsMs)} | ${ms(x.warmMs)} / ${ms(x.cpu.warm)} ms ${met(x.warmMs)} | ${ms(x.warmShiftsMs)} / ${ms(x.cpu.warmShifts)} ms ${met(x.warmShiftsMs)} | ${x.found ? '✅' : '❌'} |`,
    ),
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = repoRoot;
  const { out } = outAndRuns(process.argv.slice(2));
  process.chdir(root);
  const r = runNewBench({ out });
  for (const x of r.rows)
    console.log(
      `${x.doc}: ${x.phrases} phrases, cold ${x.coldMs.toFixed(0)} ms (cpu ${x.cpu.cold.toFixed(0)}; +shifts ${x.coldShiftsMs.toFixed(0)}, cpu ${x.cpu.coldShifts.toFixed(0)}), ` +
        `warm ${x.warmMs.toFixed(0)} ms (cpu ${x.cpu.warm.toFixed(0)}; +shifts ${x.warmShiftsMs.toFixed(0)}, cpu ${x.cpu.warmShifts.toFixed(0)}), found ${x.found}`,
    );
  console.error(`→ ${relative(root, out)}`);
}
