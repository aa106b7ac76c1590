/**
 * Indicators across the whole engine: every figure once (from the smallest unit that contains it), filtered,
 * paired into plan vs actual, and measured against a hand-made table.
 */
import * as z from 'zod';
import type { Engine } from '../index/engine.js';
import type { Doc } from '../types.js';
import { extractIndicators, type Indicator, type IndicatorStance } from './extract.js';
import { nameMatcher } from './names.js';

/** Filters as they arrive from the CLI and the query string (all strings); the route reuses this schema. */
export const IndicatorQuery = z.object({
  name: z.string().min(1).max(100).optional().meta({ description: 'indicator name or any of its forms (国家高新技术企业 = 高新技术企业)', example: '技术合同成交额' }),
  region: z.string().min(1).max(100).optional().meta({ description: 'region; 四川 matches 四川省', example: '四川' }),
  year: z
    .string()
    .regex(/^\d{4}$/, 'year must be four digits')
    .transform(Number)
    .optional()
    .meta({ type: 'integer', description: 'the year the figure is about', example: 2022 }),
  stance: z.enum(['target', 'actual']).optional(),
});
export type IndicatorFilters = Omit<z.output<typeof IndicatorQuery>, 'year'> & { year?: number };

/** Extraction is pure in the document, so it is done once per Doc object (a re-added document is a new object). */
const cache = new WeakMap<Doc, Indicator[]>();

function docIndicators(engine: Engine, doc: Doc): Indicator[] {
  const hit = cache.get(doc);
  if (hit) return hit;
  // a paragraph and its 一是…二是 items overlap: keep each figure from the shortest unit that has it
  const best = new Map<string, { ind: Indicator; len: number }>();
  for (const unit of doc.units) {
    for (const ind of extractIndicators(engine.getUnit(unit.id))) {
      const key = `${ind.start}:${ind.end}`;
      const len = unit.end - unit.start;
      const seen = best.get(key);
      if (!seen || len < seen.len) best.set(key, { ind, len });
    }
  }
  const list = [...best.values()].map((b) => b.ind).sort((a, b) => a.start - b.start);
  cache.set(doc, list);
  return list;
}

const STANCE_ORDER = { target: 0, actual: 1 };

/** Grouped by region and indicator, then in time: a year's target before its actual, earlier documents first. */
export function indicators(engine: Engine, filters: IndicatorFilters = {}): Indicator[] {
  const named = filters.name === undefined ? () => true : nameMatcher(filters.name);
  const out: Indicator[] = [];
  for (const meta of engine.docList()) {
    if (filters.region && !meta.region.includes(filters.region)) continue;
    for (const ind of docIndicators(engine, engine.getDoc(meta.id))) {
      if (!named(ind.name)) continue;
      if (filters.year !== undefined && ind.year !== filters.year) continue;
      if (filters.stance && ind.stance !== filters.stance) continue;
      out.push(ind);
    }
  }
  // a stable sort keeps document date order and position within a document as the last keys
  return out.sort(
    (a, b) =>
      a.region.localeCompare(b.region, 'zh') || a.name.localeCompare(b.name, 'zh') || a.year - b.year || STANCE_ORDER[a.stance] - STANCE_ORDER[b.stance],
  );
}

export interface PlanVsActual {
  region: string;
  name: string;
  year: number;
  unit: string;
  /** true for increments (新增 N家), which are only compared with increments */
  increment: boolean;
  target: Indicator | null;
  actual: Indicator | null;
  /** actual / target × 100, one decimal (against the lower end of a target range); null without both */
  attainment: number | null;
}

const isIncrement = (i: Indicator) => i.qualifier.includes('新增');

/** A reported growth rate is also the actual of the growth indicator (国内生产总值…增长5.2% → 国内生产总值增长). */
function growthActual(i: Indicator): Indicator {
  return { ...i, name: `${i.name}增长`, value: i.growth!, unit: '%', display: `${i.growth}%`, growth: null, valueMax: undefined };
}

/** Per (region, indicator, year): the target, the actual, and how far the actual went. */
export function planVsActual(engine: Engine, filters: IndicatorFilters = {}): PlanVsActual[] {
  const { stance: _ignored, ...rest } = filters;
  // a sum or average over several years (五年累计, 年均) is not the figure of the year it ends in
  const all = indicators(engine, { ...rest, name: undefined }).filter((i) => !i.qualifier.includes('累计'));
  const derived = all.filter((i) => i.stance === 'actual' && i.growth !== null && i.unit !== '%').map(growthActual);
  const named = filters.name === undefined ? () => true : nameMatcher(filters.name);
  const rows = new Map<string, PlanVsActual>();
  const keyOf = (i: Indicator) => [i.region, i.name, i.year, isIncrement(i)].join('|');
  // within a key, documents come in date order: the first target is the plan, the first actual its first report
  for (const ind of all) {
    if (!named(ind.name)) continue;
    let row = rows.get(keyOf(ind));
    if (!row) {
      row = { region: ind.region, name: ind.name, year: ind.year, unit: ind.unit, increment: isIncrement(ind), target: null, actual: null, attainment: null };
      rows.set(keyOf(ind), row);
    }
    row[ind.stance] ??= ind;
  }
  // a growth rate stated with an amount answers a growth target, and only that
  for (const ind of derived) {
    const row = rows.get(keyOf(ind));
    if (row?.target && !row.actual) row.actual = ind;
  }
  return [...rows.values()]
    .map((r) => ({ ...r, attainment: r.target && r.actual && r.target.value ? Math.round((r.actual.value / r.target.value) * 1000) / 10 : null }))
    .sort((a, b) => a.region.localeCompare(b.region, 'zh') || a.name.localeCompare(b.name, 'zh') || a.year - b.year || Number(a.increment) - Number(b.increment));
}

/** One row of test/indicators/seed-figures.json. */
export interface SeedFigure {
  docId: string;
  name: string;
  value: number;
  unit: string;
  stance: IndicatorStance;
  year: number;
}

export interface ExtractionQuality {
  precision: number;
  recall: number;
  expected: number;
  found: number;
  matched: number;
  missed: SeedFigure[];
  spurious: Indicator[];
}

const figureKey = (f: Pick<SeedFigure, 'docId' | 'name' | 'value' | 'unit' | 'stance' | 'year'>) =>
  [f.docId, f.name, Number(f.value.toPrecision(10)), f.unit, f.stance, f.year].join('|');

/**
 * Precision and recall of extraction on the documents a hand-made table covers (each figure counts once).
 * Takes the rows, or test/indicators/seed-figures.json as parsed ({ figures: [...] }).
 */
export function extractionQuality(engine: Engine, figures: SeedFigure[] | { figures: SeedFigure[] }): ExtractionQuality {
  const table = Array.isArray(figures) ? figures : figures.figures;
  const docs = new Set(table.map((f) => f.docId));
  const found = indicators(engine).filter((i) => docs.has(i.docId));
  const pending = new Map<string, SeedFigure[]>();
  for (const f of table) pending.set(figureKey(f), [...(pending.get(figureKey(f)) ?? []), f]);
  const spurious: Indicator[] = [];
  for (const ind of found) {
    const left = pending.get(figureKey(ind));
    if (left?.length) left.pop();
    else spurious.push(ind);
  }
  const missed = [...pending.values()].flat();
  const matched = found.length - spurious.length;
  return {
    precision: found.length ? matched / found.length : 1,
    recall: table.length ? matched / table.length : 1,
    expected: table.length,
    found: found.length,
    matched,
    missed,
    spurious,
  };
}
