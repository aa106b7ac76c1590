/** Indicator values as exports: one row per figure (or per plan-vs-actual pair), the value a number in its unit. */
import type { Indicator, PlanVsActual } from '../indicators/index.js';
import { citeUnit } from './cite.js';
import type { Catalog } from './cited.js';
import { CITATION_COLUMNS, citationCells, cols, dateInChina, DOC_COLUMNS, docCells, text, type BuildOptions, type CellValue, type Exportable } from './model.js';

const STANCE = { target: '目标', actual: '实际' } as const;

const FIGURE_COLUMNS = cols([
  ['name', 'text'],
  ['value', 'number'],
  ['valueMax', 'number'],
  ['unit', 'text'],
  ['display', 'text'],
  ['qualifier', 'text'],
  ['growth', 'number'],
  ['stance', 'text'],
  ['year', 'number'],
  ['unitId', 'text'],
  ['start', 'number'],
  ['end', 'number'],
  ['quote', 'text'],
]);

/** What the filters were, for the report's heading: 指标：技术合同成交额 · 四川省 */
export interface IndicatorScope {
  name?: string;
  region?: string;
  year?: number;
  stance?: string;
}
const scopeOf = (s: IndicatorScope) => [s.name, s.region, s.year && `${s.year}年`, s.stance].filter(Boolean).join(' · ');

function figureCells(i: Indicator, catalog: Catalog, baseUrl?: string): Record<string, CellValue> {
  const { unit, doc } = catalog.getUnit(i.unitId);
  return {
    name: i.name,
    value: i.value,
    valueMax: i.valueMax ?? null,
    unit: i.unit,
    display: i.display,
    qualifier: i.qualifier.join(','),
    growth: i.growth,
    stance: i.stance,
    year: i.year,
    unitId: i.unitId,
    // offsets of the figure in the document's display text
    start: i.start,
    end: i.end,
    quote: i.quote,
    ...docCells(doc),
    ...citationCells(doc, unit, baseUrl),
  };
}

const amount = (i: Indicator) => `${i.value}${i.valueMax !== undefined ? `–${i.valueMax}` : ''} ${i.unit}`;
const cite = (i: Indicator, catalog: Catalog) => {
  const { unit, doc } = catalog.getUnit(i.unitId);
  return citeUnit(doc, unit);
};
const heading = (title: string, scope: IndicatorScope) => (scopeOf(scope) ? `${title}：${scopeOf(scope)}` : title);

export function indicatorsExport(figures: Indicator[], scope: IndicatorScope, catalog: Catalog, opts: BuildOptions = {}): Exportable {
  const title = heading('指标', scope);
  return {
    name: title.replace('：', '-'),
    table: { name: '指标', columns: [...FIGURE_COLUMNS, ...DOC_COLUMNS, ...CITATION_COLUMNS], rows: figures.map((i) => figureCells(i, catalog, opts.baseUrl)) },
    report: {
      title,
      lines: [`导出日期：${dateInChina(opts.now ?? new Date())}`, `共 ${figures.length} 个数值；金额以亿元计，原文写法见“原文”。`],
      tables: [
        {
          columns: ['地区', '指标', '年份', '类型', '数值', '原文'],
          widths: [2, 4, 1.5, 1.2, 3, 10],
          rows: figures.map((i) => [
            text(i.region),
            text(i.name),
            text(String(i.year)),
            text(STANCE[i.stance]),
            text(amount(i)),
            [[{ text: i.quote }], [{ text: cite(i, catalog), mark: 'muted' }]],
          ]),
        },
      ],
    },
  };
}

const side = (prefix: 'target' | 'actual', i: Indicator | null, catalog: Catalog, baseUrl?: string): Record<string, CellValue> => {
  const found = i ? catalog.getUnit(i.unitId) : null;
  const c = found ? citationCells(found.doc, found.unit, baseUrl) : { citation: null, permalink: null };
  return {
    [`${prefix}Value`]: i?.value ?? null,
    [`${prefix}ValueMax`]: i?.valueMax ?? null,
    [`${prefix}Display`]: i?.display ?? null,
    [`${prefix}DocId`]: i?.docId ?? null,
    [`${prefix}UnitId`]: i?.unitId ?? null,
    [`${prefix}Start`]: i?.start ?? null,
    [`${prefix}End`]: i?.end ?? null,
    [`${prefix}Quote`]: i?.quote ?? null,
    [`${prefix}Citation`]: c.citation,
    [`${prefix}Permalink`]: c.permalink,
  };
};
const sideColumns = (prefix: string) =>
  cols([
    [`${prefix}Value`, 'number'],
    [`${prefix}ValueMax`, 'number'],
    [`${prefix}Display`, 'text'],
    [`${prefix}DocId`, 'text'],
    [`${prefix}UnitId`, 'text'],
    [`${prefix}Start`, 'number'],
    [`${prefix}End`, 'number'],
    [`${prefix}Quote`, 'text'],
    [`${prefix}Citation`, 'text'],
    [`${prefix}Permalink`, 'text'],
  ]);

const PLAN_COLUMNS = [
  ...cols([
    ['region', 'text'],
    ['name', 'text'],
    ['year', 'number'],
    ['unit', 'text'],
    ['increment', 'boolean'],
    ['attainment', 'number'],
  ]),
  ...sideColumns('target'),
  ...sideColumns('actual'),
];

export function planVsActualExport(rows: PlanVsActual[], scope: IndicatorScope, catalog: Catalog, opts: BuildOptions = {}): Exportable {
  const title = heading('目标与完成', scope);
  const figure = (i: Indicator | null) => (i ? [[{ text: i.display }], [{ text: cite(i, catalog), mark: 'muted' as const }]] : text('—'));
  return {
    name: title.replace('：', '-'),
    table: {
      name: '目标与完成',
      columns: PLAN_COLUMNS,
      rows: rows.map((r) => ({
        region: r.region,
        name: r.name,
        year: r.year,
        unit: r.unit,
        increment: r.increment,
        // actual / target × 100
        attainment: r.attainment,
        ...side('target', r.target, catalog, opts.baseUrl),
        ...side('actual', r.actual, catalog, opts.baseUrl),
      })),
    },
    report: {
      title,
      lines: [`导出日期：${dateInChina(opts.now ?? new Date())}`, `共 ${rows.length} 行；完成率 = 实际 ÷ 目标。`],
      tables: [
        {
          columns: ['地区', '指标', '年份', '目标', '实际', '完成率'],
          widths: [2, 4, 1.5, 5, 5, 1.5],
          rows: rows.map((r) => [
            text(r.region),
            text(r.name + (r.increment ? '（新增）' : '')),
            text(String(r.year)),
            figure(r.target),
            figure(r.actual),
            text(r.attainment === null ? '' : `${r.attainment}%`),
          ]),
        },
      ],
    },
  };
}
