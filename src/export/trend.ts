/** Counts over time and place, and a phrase's occurrences, as exports. */
import type { TrendResult } from '../compare/trend.js';
import type { FirstResult } from '../compare/first.js';
import { citeUnit } from './cite.js';
import type { Catalog } from './cited.js';
import {
  CITATION_COLUMNS,
  citationCells,
  cols,
  dateInChina,
  DOC_COLUMNS,
  docCells,
  text,
  UNIT_COLUMNS,
  unitCells,
  type BuildOptions,
  type Exportable,
} from './model.js';

const TREND_COLUMNS = cols([
  ['dimension', 'text'],
  ['year', 'number'],
  ['region', 'text'],
  ['units', 'number'],
  ['occurrences', 'number'],
]);

/** One row per year and one per region: the dimension says which, the other column stays empty. */
export function trendExport(result: TrendResult, opts: BuildOptions = {}): Exportable {
  const years = Object.entries(result.byYear).sort(([a], [b]) => Number(a) - Number(b));
  const regions = Object.entries(result.byRegion).sort(([, a], [, b]) => b.units - a.units || b.occurrences - a.occurrences);
  const rows = [
    ...years.map(([y, c]) => ({ dimension: 'year', year: Number(y), region: null, units: c.units, occurrences: c.occurrences })),
    ...regions.map(([r, c]) => ({ dimension: 'region', year: null, region: r, units: c.units, occurrences: c.occurrences })),
  ];
  const count = (label: string, c: { units: number; occurrences: number }) => [text(label), text(String(c.units)), text(String(c.occurrences))];
  return {
    name: `趋势-${result.query}`,
    table: { name: '趋势', columns: TREND_COLUMNS, rows },
    report: {
      title: `趋势：${result.query}`,
      lines: [`导出日期：${dateInChina(opts.now ?? new Date())}`, `共 ${result.total.units} 处段落或任务，出现 ${result.total.occurrences} 次。`],
      tables: [
        { heading: '按年份', columns: ['年份', '段落/任务数', '出现次数'], widths: [2, 2, 2], rows: years.map(([y, c]) => count(`${y}年`, c)) },
        { heading: '按地区', columns: ['地区', '段落/任务数', '出现次数'], widths: [2, 2, 2], rows: regions.map(([r, c]) => count(r, c)) },
      ],
    },
  };
}

const FIRST_COLUMNS = [
  ...cols([
    ['order', 'number'],
    ['first', 'boolean'],
  ]),
  ...UNIT_COLUMNS,
  ...DOC_COLUMNS,
  ...cols([['quote', 'text']]),
  ...CITATION_COLUMNS,
];

export function firstExport(result: FirstResult, catalog: Catalog, opts: BuildOptions = {}): Exportable {
  const found = result.occurrences.map((o) => ({ o, ...catalog.getUnit(o.unitId) }));
  const earliest = catalog.getUnit(result.first.unitId);
  const rows = found.map(({ o, unit, doc }, k) => ({
    order: k + 1,
    first: o.unitId === result.first.unitId,
    ...unitCells(unit),
    ...docCells(doc),
    quote: o.quote,
    ...citationCells(doc, unit, opts.baseUrl),
  }));
  return {
    name: `首次出现-${result.phrase}`,
    table: { name: '首次出现', columns: FIRST_COLUMNS, rows },
    report: {
      title: `首次出现：${result.phrase}`,
      lines: [`导出日期：${dateInChina(opts.now ?? new Date())}`, `最早见于：${citeUnit(earliest.doc, earliest.unit)}`, `共 ${found.length} 处，按时间排列。`],
      tables: [
        {
          columns: ['时间', '地区', '原文'],
          widths: [2, 2, 12],
          rows: found.map(({ o, unit, doc }) => [
            text(o.date ?? `${o.year}年`),
            text(o.region),
            [[{ text: o.quote }], [{ text: citeUnit(doc, unit), mark: 'muted' }]],
          ]),
        },
      ],
    },
  };
}
