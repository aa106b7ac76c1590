/**
 * The sentence-level compare benchmark (issue 17): `compare` on the bundled corpus for terms and for
 * 200-character statements, warm (each call made once before it is timed, as a repeated or shared query
 * is), wall and CPU time, median over the calls. Each call is checked against what it must find.
 * Run alone: `npm run -s build && node --expose-gc dist/bench/compare.js [--out FILE]`.
 */
import { loadavg } from 'node:os';
import { relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import { compare, isEntry, type CompareOptions } from '../src/compare/timeline.js';
import type { Engine } from '../src/index/engine.js';
import { outAndRuns, repoRoot } from './paths.js';
import { writeSection } from './sections.js';
import { bundledEngine, loadSpan, median, timed } from './timing.js';

export const COMPARE_HEADING = '## Sentence-level compare (issue 17)';

/** Terms, each with a document whose entry must hold it. */
const TERMS: [string, string][] = [
  ['低空经济', 'guangdong-2026-gov-report'],
  ['人工智能+', 'state-council-2024'],
  ['基础研究十年行动', 'state-council-2021'],
  ['揭榜挂帅', 'sichuan-2023-conference'],
  ['新质生产力', 'state-council-2024'],
  ['粮食产量', 'state-council-2025'],
];
/** 200-character statements: a stretch of one report, which must find itself. */
const STATEMENTS: [string, number][] = [
  ['state-council-2024:p28', 0],
  ['state-council-2021:p26', 0],
  ['guangdong-2026-gov-report:p63', 0],
  ['sichuan-2022-work-points:t8', 0],
  ['zhejiang-2026-gov-report:p35', 0],
];
const STATEMENT_CHARS = 200;
const TERM_LIMIT_MS = 50;
const STATEMENT_LIMIT_MS = 150;
const RUNS = 3;

export interface CompareBenchRow {
  what: string;
  calls: number;
  p50: number;
  cpuP50: number;
  max: number;
  limit: number;
  found: number;
}

function row(engine: Engine, what: string, calls: { opts: CompareOptions; doc: string }[], limit: number): CompareBenchRow {
  const wall: number[] = [];
  const cpu: number[] = [];
  let found = 0;
  for (const { opts, doc } of calls) {
    const r = compare(engine, opts); // warm-up, and the check of what is timed
    if (r.timeline.filter(isEntry).some((e) => e.docId === doc)) found++;
    const runs = Array.from({ length: RUNS }, () => timed(() => compare(engine, opts)));
    wall.push(median(runs.map((x) => x.ms)));
    cpu.push(median(runs.map((x) => x.cpuMs)));
  }
  return { what, calls: calls.length, p50: median(wall), cpuP50: median(cpu), max: Math.max(...wall), limit, found };
}

export function runCompareBench(opts: { out?: string; log?: (l: string) => void } = {}): { rows: CompareBenchRow[]; loadavg: string } {
  const log = opts.log ?? ((l: string) => process.stderr.write(l + '\n'));
  const load0 = loadavg()[0];
  const engine = bundledEngine();
  log('compare: terms…');
  const terms = row(engine, 'term', TERMS.map(([query, doc]) => ({ opts: { query, as: 'term' }, doc })), TERM_LIMIT_MS);
  log('compare: 200-character statements…');
  const statements = STATEMENTS.filter(([id]) => engine.numberOfUnit(id) !== undefined).map(([id, from]) => {
    const { unit, doc } = engine.getUnit(id);
    return { opts: { query: unit.text.slice(from, from + STATEMENT_CHARS), as: 'statement' as const }, doc: doc.id };
  });
  const stmt = row(engine, `${STATEMENT_CHARS}-character statement`, statements, STATEMENT_LIMIT_MS);
  const result = { rows: [terms, stmt], loadavg: loadSpan(load0) };
  if (opts.out) writeSection(opts.out, COMPARE_HEADING, renderCompare(result));
  return result;
}

export function renderCompare(r: { rows: CompareBenchRow[]; loadavg: string }): string {
  const ms = (x: number) => x.toFixed(1);
  return [
    '`compare` (sentence view, gaps on) on an engine over the bundled corpus (`addDocs`): each call once to warm up, then ' +
      `${RUNS} timed runs, its median; the row gives the median over the calls (p50), wall / CPU time, and the slowest call. ` +
      `Terms: ${TERMS.map(([t]) => t).join(', ')}. Statements: the first ${STATEMENT_CHARS} characters of ${STATEMENTS.length} units ` +
      '(State Council, Sichuan, 2026 provinces). "found": calls whose timeline holds the document it must (the term\'s ' +
      'source, the statement\'s own report).',
    '',
    `Machine load average ${r.loadavg} (1 min).`,
    '',
    '| query | calls | p50 wall / CPU | slowest | target | found |',
    '|---|---|---|---|---|---|',
    ...r.rows.map(
      (x) =>
        `| ${x.what} | ${x.calls} | ${ms(x.p50)} / ${ms(x.cpuP50)} ms | ${ms(x.max)} ms | p50 ≤ ${x.limit} ms ${x.p50 <= x.limit ? '✅' : '❌'} | ${x.found}/${x.calls} |`,
    ),
    '',
  ].join('\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = repoRoot;
  const { out } = outAndRuns(process.argv.slice(2));
  process.chdir(root);
  const r = runCompareBench({ out });
  for (const x of r.rows) console.log(`${x.what}: ${x.calls} calls, p50 ${x.p50.toFixed(1)} ms (cpu ${x.cpuP50.toFixed(1)}), slowest ${x.max.toFixed(1)} ms, found ${x.found}/${x.calls}`);
  console.error(`→ ${relative(root, out)}`);
}
