/** yaodian indicators: targets and outcomes as a table for people, as the Indicator objects with --json. */
import { openReading } from './store.js';
import type { Io } from './io.js';
import { printJson } from './io.js';
import { check, defineCommand, INDEX_FLAGS, JSON_FLAG, type FlagValues } from './command.js';
import type { Indicator } from '../indicators/extract.js';
import { IndicatorQuery, indicators, planVsActual } from '../indicators/query.js';
import { EXPORT_FLAGS, exportFormat, writeExport } from './export.js';

const HELP = `Quantitative targets and outcomes stated in the reports (技术合同成交额, 高新技术企业, 国内生产总值增长 …).
Money is shown in 亿元 and counts unscaled (1.45万家 → 14500 家); the figure as written is in the last column.`;

const num = (v: number) => (Number.isInteger(v) ? String(v) : String(Number(v.toFixed(4))));
const amount = (i: Indicator) => `${num(i.value)}${i.valueMax !== undefined ? `–${num(i.valueMax)}` : ''} ${i.unit}`;

/** Columns padded by display width, counting CJK characters as two. */
const width = (s: string) => [...s].reduce((n, c) => n + (/[\u1100-\uffff]/.test(c) ? 2 : 1), 0);
const pad = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - width(s)));
function table(rows: string[][]): string[] {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => width(r[c]))));
  return rows.map((r) => r.map((cell, c) => (c === r.length - 1 ? cell : pad(cell, widths[c]))).join('  ').trimEnd());
}

const flags = {
  ...INDEX_FLAGS,
  ...JSON_FLAG,
  name: { value: 'N', help: 'an indicator or any of its forms (国家高新技术企业 = 高新技术企业); other text matches part of a name' },
  region: { value: 'R', help: '四川 matches 四川省' },
  year: { value: 'Y', help: 'the year the figure is about (a review of 2022 in a 2023 report is 2022)' },
  stance: { value: 'target|actual', help: 'targets set, or outcomes reported' },
  'plan-vs-actual': { help: 'per region, indicator and year: the target, the actual and attainment (actual / target)' },
  ...EXPORT_FLAGS,
} as const;

export const indicatorsCommand = defineCommand({
  name: 'indicators',
  summary: 'quantitative targets and outcomes (--plan-vs-actual for attainment)',
  usage: '[--name N] [--region R] [--year Y] [--stance target|actual] [--plan-vs-actual] [--index DIR] [--json | --format csv|xlsx|docx|md --out FILE]',
  flags,
  help: HELP,
  run: runIndicators,
});

async function runIndicators(_: string[], values: FlagValues<typeof flags>, io: Io): Promise<number> {
  const filters = check(IndicatorQuery, { name: values.name, region: values.region, year: values.year, stance: values.stance });
  const format = exportFormat(values);
  const engine = await openReading(values, io);

  if (values['plan-vs-actual']) {
    const rows = planVsActual(engine, filters);
    if (format) return writeExport(io, (x) => x.planVsActualExport(rows, filters, engine), format, values.out);
    if (values.json) return printJson(io, rows), 0;
    if (!rows.length) return io.out('no indicators match'), 0;
    const head = ['region', 'indicator', 'year', 'target', 'actual', 'attained'];
    const body = rows.map((r) => [
      r.region,
      r.name + (r.increment ? ' (新增)' : ''),
      String(r.year),
      r.target ? `${r.target.display} (${r.target.docId})` : '—',
      r.actual ? `${r.actual.display} (${r.actual.docId})` : '—',
      r.attainment === null ? '' : `${r.attainment}%`,
    ]);
    table([head, ...body]).forEach((l) => io.out(l));
    return 0;
  }

  const list = indicators(engine, filters);
  if (format) return writeExport(io, (x) => x.indicatorsExport(list, filters, engine), format, values.out);
  if (values.json) return printJson(io, list), 0;
  if (!list.length) return io.out('no indicators match'), 0;
  const head = ['region', 'year', 'stance', 'indicator', 'value', 'growth', 'qualifier', 'unit id', 'as written'];
  const body = list.map((i) => [
    i.region,
    String(i.year),
    i.stance,
    i.name,
    amount(i),
    i.growth === null ? '' : `${i.growth > 0 ? '+' : ''}${i.growth}%`,
    i.qualifier.join(','),
    i.unitId,
    i.display,
  ]);
  table([head, ...body]).forEach((l) => io.out(l));
  io.out(`\n${list.length} figures`);
  return 0;
}
