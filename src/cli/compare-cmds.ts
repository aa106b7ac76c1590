/**
 * yaodian compare | diff | first | trend. People get a readable rendering, with deletions as [-…-] and
 * insertions as {+…+}; --json prints only the result object; --format writes it as a file.
 */
import type { Io } from './io.js';
import { printJson, UsageError } from './io.js';
import { defineCommand, INDEX_FLAGS, JSON_FLAG, type FlagValues } from './command.js';
import { openWithTokens, savingTokens } from './tokens.js';
import type { Engine } from '../index/engine.js';
import { parseQuery } from '../search/query.js';
import type { DiffOp } from '../compare/diff.js';
import { ladderLabel } from '../compare/ladders.js';
import * as z from 'zod';
import { compare, type CompareOptions, type CompareResult, type TimelineEntry } from '../compare/timeline.js';
import { diffDocs } from '../compare/docdiff.js';
import { first } from '../compare/first.js';
import { trend, type Count } from '../compare/trend.js';
import { citeCompare, citeFirst } from '../export/cited.js';
import { EXPORT_FLAGS, exportFormat, writeExport } from './export.js';

const flags = { ...INDEX_FLAGS, ...JSON_FLAG, ...EXPORT_FLAGS } as const;
const FILE = '[--json | --format csv|xlsx|docx|md --out FILE]';
type Values = FlagValues<typeof flags>;

const compareFlags = {
  ...flags,
  as: { value: 'KIND', help: 'read the query as a "term" (every entry contains it) or a "statement" (followed by similarity); by default a query of words up to 12 characters is a term' },
  view: { value: 'VIEW', help: '"sentence" (default): diff the matched sentences; "paragraph": diff the whole units' },
  'hide-gaps': { help: 'leave out the documents that do not say it' },
} as const;

const CompareFlags = z.object({
  as: z.enum(['term', 'statement'], { error: '--as takes term or statement' }).optional(),
  view: z.enum(['sentence', 'paragraph'], { error: '--view takes sentence or paragraph' }).optional(),
  'hide-gaps': z.boolean().optional(),
});

export const compareCommand = defineCommand({
  name: 'compare',
  summary: 'how a term or a statement is worded across years and regions, sentence by sentence, with word-level diffs',
  usage: `<term | statement | unitId> [filters] [--as term|statement] [--view sentence|paragraph] [--hide-gaps] [--index DIR] ${FILE}`,
  flags: compareFlags,
  help: `The documents that say it, oldest first, each with its sentence and a word diff from the one before;
the documents of the same series (or the same year's peers) that do not say it are listed as gaps:
  yaodian compare 低空经济                                   a term: every entry contains it
  yaodian compare "粮食产量保持在1.3万亿斤以上"               a statement: the most similar sentence of each report
  yaodian compare sichuan-2022-work-points:t8 level:national   a unit and its counterparts
Filters are those of search (year:2021..2023 region:四川 level:province kind:task stance:plan doc:<id>).`,
  run: savingTokens(runCompare),
});

export const diffCommand = defineCommand({
  name: 'diff',
  summary: 'align every unit of one document with another',
  usage: `<docA> <docB> [--index DIR] ${FILE}`,
  flags,
  help: 'Aligns every task, item, row, section and paragraph of A with B, and shows what changed.',
  run: savingTokens(runDiff),
});

export const firstCommand = defineCommand({
  name: 'first',
  summary: 'where and when a phrase first appeared, and every occurrence after',
  usage: `<phrase> [--index DIR] ${FILE}`,
  flags,
  help: 'Where a phrase first appears, and every unit it appears in, oldest first.',
  run: savingTokens(runFirst),
});

export const trendCommand = defineCommand({
  name: 'trend',
  summary: 'occurrences per year and per region',
  usage: `<query> [--index DIR] ${FILE}`,
  flags,
  help: 'How many units mention the query, and how often, by year and by region.',
  run: savingTokens(runTrend),
});

/** Diff ops for a terminal: [-deleted-] and {+inserted+}, a strength shift after it ([↑货币政策取向]), on one line. */
export function plainDiff(ops: DiffOp[]): string {
  const shift = (o: DiffOp) => (o.shifts ?? (o.shift ? [o.shift] : [])).map((s) => `[${s.direction === 'up' ? '↑' : '↓'}${ladderLabel(s.ladder)}]`).join('');
  return oneLine(ops.map((o) => (o.op === 'equal' ? o.text : o.op === 'delete' ? `[-${o.text}-]` : `{+${o.text}+}${shift(o)}`)).join(''));
}

const oneLine = (s: string) => s.replace(/\s*\n\s*/g, ' ');
const UNIT_ID = /^[\w-]+:[a-z]\d+$/;

const open = openWithTokens;

async function runCompare(positionals: string[], values: FlagValues<typeof compareFlags>, io: Io): Promise<number> {
  if (!positionals.length) throw new UsageError('compare needs a term, a statement or a unit id, e.g. yaodian compare 基础研究十年行动');
  const checked = CompareFlags.safeParse(values);
  if (!checked.success) throw new UsageError(checked.error.issues[0].message);
  const { as, view, 'hide-gaps': hideGaps } = checked.data;
  const format = exportFormat(values);
  const engine = await open(values, io);
  const common = { view, gaps: !hideGaps };
  let asked: CompareOptions;
  if (UNIT_ID.test(positionals[0])) {
    const rest = positionals.slice(1).join(' ');
    const filters = rest ? parseQuery(rest).filters : {};
    if (rest && parseQuery(rest).clauses.length) throw new UsageError('after a unit id only filters may follow (year:, region:, level:…)');
    asked = { unitId: positionals[0], filters, ...common };
  } else asked = { query: positionals.join(' '), as, ...common };
  const result = compare(engine, asked);
  if (format) return writeExport(io, (x) => x.compareExport(result, engine, { asked }), format, values.out);
  if (values.json) return printJson(io, citeCompare(result, engine, asked)), 0;
  printTimeline(io, result);
  return 0;
}

/** Characters of the unit shown on each side of the sentence. */
const CONTEXT = 24;

function printTimeline(io: Io, result: CompareResult): void {
  const entries = result.timeline.filter((i): i is TimelineEntry => i.type === 'entry');
  const gaps = result.timeline.length - entries.length;
  const what = result.kind === 'unit' ? 'the unit' : `the ${result.kind}`;
  io.out(
    `${entries.length} ${entries.length === 1 ? 'document follows' : 'documents follow'} ${what} ${JSON.stringify(result.query)}` +
      (gaps ? `; ${gaps} ${gaps === 1 ? 'does' : 'do'} not say it` : '') +
      (result.threshold !== null ? ` (similarity ≥ ${result.threshold})` : ''),
  );
  for (const e of result.timeline) {
    if (e.type === 'gap') {
      io.out(`\n${e.date ?? e.year}  ${e.region} · — ${e.reason}`);
      continue;
    }
    io.out(`\n${e.date ?? e.year}  ${e.region} · ${e.docTitle} · ${e.kind} ${e.unitId} · similarity ${e.similarity}`);
    const [w0, w1] = e.window;
    const before = e.text.slice(Math.max(0, w0 - CONTEXT), w0);
    const after = e.text.slice(w1, w1 + CONTEXT);
    const body = e.diff ? plainDiff(e.diff) : oneLine(e.text.slice(w0, w1));
    // the sentence in 「」 with a little of its unit on either side
    const [open_, close] = before || after ? ['「', '」'] : ['', ''];
    io.out(`  ${oneLine(`${w0 > CONTEXT ? '…' : ''}${before}`)}${open_}${body}${close}${oneLine(`${after}${w1 + CONTEXT < e.text.length ? '…' : ''}`)}`);
    io.out(`  why: ${e.why.note}`);
  }
}

async function runDiff(positionals: string[], values: Values, io: Io): Promise<number> {
  if (positionals.length !== 2) throw new UsageError('diff takes two document ids, e.g. yaodian diff sichuan-2022-work-points suining-2023-work-points');
  const format = exportFormat(values);
  const engine = await open(values, io);
  const d = diffDocs(engine, positionals[0], positionals[1]);
  if (format) return writeExport(io, (x) => x.diffExport(d, engine), format, values.out);
  if (values.json) return printJson(io, d), 0;
  const { matched, changed, added, removed } = d.summary;
  io.out(`${d.a} → ${d.b}: ${matched} unchanged, ${changed} changed, ${added} added, ${removed} removed`);
  const short = (id: string | null) => (id ? id.slice(id.indexOf(':') + 1) : '');
  const title = (id: string) => oneLine(engine.getUnit(id).unit.title);
  for (const p of d.pairs) {
    if (p.a && p.b) {
      const same = p.diff.every((o) => o.op === 'equal');
      io.out(`\n${same ? '=' : '~'} ${short(p.a)} ↔ ${short(p.b)}  ${title(p.a)}  (similarity ${p.similarity})`);
      if (!same) io.out(`  ${plainDiff(p.diff)}`);
    } else if (p.a) io.out(`\n- ${short(p.a)}  ${title(p.a)}`);
    else if (p.b) io.out(`\n+ ${short(p.b)}  ${title(p.b)}`);
  }
  return 0;
}

async function runFirst(positionals: string[], values: Values, io: Io): Promise<number> {
  if (!positionals.length) throw new UsageError('first needs a phrase, e.g. yaodian first 揭榜挂帅');
  const format = exportFormat(values);
  const engine = await open(values, io);
  const r = first(engine, positionals.join(' '));
  if (format) return writeExport(io, (x) => x.firstExport(r, engine), format, values.out);
  if (values.json) return printJson(io, citeFirst(r, engine)), 0;
  const where = (o: typeof r.first) => `${o.date ?? o.year}  ${o.region}  ${o.unitId}`;
  io.out(`"${r.phrase}" first appears ${where(r.first)}\n  ${r.first.quote}`);
  io.out(`\n${r.occurrences.length} ${r.occurrences.length === 1 ? 'unit' : 'units'}, earliest first:`);
  for (const o of r.occurrences) io.out(`  ${where(o)}\n    ${o.quote}`);
  return 0;
}

async function runTrend(positionals: string[], values: Values, io: Io): Promise<number> {
  if (!positionals.length) throw new UsageError('trend needs a query, e.g. yaodian trend 揭榜挂帅');
  const format = exportFormat(values);
  const engine = await open(values, io);
  const r = trend(engine, positionals.join(' '));
  if (format) return writeExport(io, (x) => x.trendExport(r), format, values.out);
  if (values.json) return printJson(io, r), 0;
  io.out(`${JSON.stringify(r.query)}: ${r.total.units} units, ${r.total.occurrences} occurrences`);
  const table = (label: string, m: Record<string, Count>) => {
    io.out(`\nBy ${label}:`);
    const max = Math.max(1, ...Object.values(m).map((c) => c.units));
    for (const [k, c] of Object.entries(m))
      io.out(`  ${k.padEnd(8)} ${String(c.units).padStart(4)} units ${String(c.occurrences).padStart(4)} times  ${'█'.repeat(Math.ceil((20 * c.units) / max))}`);
  };
  table('year', r.byYear);
  table('region', r.byRegion);
  return 0;
}
