/**
 * The indicator chart: server-rendered SVG sized to its data. A few years get a narrow canvas with wide bars
 * and value labels, decades get the full width and dots. Every figure is also in the table below it, so the
 * chart's labels may be left out where they would collide.
 */
import type { FC } from 'hono/jsx';
import type { IndicatorFigure, PlanVsActualRow } from './api.js';

/** The qualifiers that change what a figure means (达到 and 新增 do not: the latter is in the heading). */
const SHOWN_QUALIFIERS = new Set(['力争', '超过', '突破', '以上', '左右', '以内', '累计']);
export const qualifiers = (i: IndicatorFigure) => i.qualifier.filter((q) => SHOWN_QUALIFIERS.has(q));
const withQualifiers = (i: IndicatorFigure) => {
  const q = qualifiers(i);
  return q.length ? `${i.display}（${q.join('、')}）` : i.display;
};

/** One chart: the rows of one region and indicator (increments, 新增 N家, are a separate series). */
export interface Series {
  region: string;
  name: string;
  unit: string;
  increment: boolean;
  rows: PlanVsActualRow[];
}

export function seriesOf(rows: PlanVsActualRow[]): Series[] {
  const out = new Map<string, Series>();
  for (const r of rows) {
    const key = [r.region, r.name, r.increment].join('|');
    let s = out.get(key);
    if (!s) out.set(key, (s = { region: r.region, name: r.name, unit: r.unit, increment: r.increment, rows: [] }));
    s.rows.push(r);
  }
  for (const s of out.values()) s.rows.sort((a, b) => a.year - b.year);
  return [...out.values()];
}

export const label = (s: Pick<Series, 'name' | 'increment'>) => (s.increment ? `${s.name}（新增）` : s.name);
export const attained = (a: number | null) => (a === null ? '' : `${a}%`);

/** A readable summary of every value, for screen readers (the chart is one image to them). */
export function chartSummary(s: Series): string {
  const years = s.rows.map((r) => {
    const parts = [`目标 ${r.target ? withQualifiers(r.target) : '未见'}`, `实际 ${r.actual ? r.actual.display : '未见'}`];
    if (r.attainment !== null) parts.push(`完成 ${attained(r.attainment)}`);
    return `${r.year} 年：${parts.join('，')}`;
  });
  return `${s.region} ${label(s)}（单位：${s.unit}），目标与实际：${years.join('；')}。`;
}

// ---- chart geometry -------------------------------------------------------------------------------

/** Width of a label in SVG units at font size f (CJK one em, digits and Latin about 0.6 em). */
const textWidth = (s: string, f: number) =>
  [...s].reduce((w, ch) => w + (/[\u2e80-\uffff]/.test(ch) ? f : /[.,:'’]/.test(ch) ? 0.35 * f : 0.6 * f), 0);

const tidy = (x: number) => String(Number(x.toPrecision(6)));
/** Axis numbers stay short: 30000 亿元 is written 3万 under the unit 亿元. */
export const tickLabel = (v: number) => {
  const a = Math.abs(v);
  if (a >= 1e8) return `${tidy(v / 1e8)}亿`;
  if (a >= 1e4) return `${tidy(v / 1e4)}万`;
  return tidy(v);
};

/** 4–6 round ticks covering [lo, hi], from zero where the data allow (bars start at zero). */
export function niceTicks(lo: number, hi: number): number[] {
  lo = Math.min(0, lo);
  hi = Math.max(0, hi);
  if (hi === lo) hi = lo + 1;
  const raw = (hi - lo) / 4;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((k) => k * mag).find((s) => s >= raw)!;
  const ticks: number[] = [];
  for (let t = Math.floor(lo / step) * step; t < hi + step - 1e-9 * step; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

const MIN_W = 480;
const MAX_W = 720;
/** The narrowest phone the layout is checked at (375 px less the page's padding). */
const PHONE = 343;
/** On a phone the whole canvas is scaled down; its text is enlarged so it still reads at about this size. */
const PHONE_TEXT = 12;
const DESKTOP_TEXT = 13;

interface Label {
  x: number;
  y: number;
  text: string;
  cls: string;
}

export const IndicatorChart: FC<{ s: Series; id: string }> = ({ s, id }) => {
  const first = s.rows[0].year;
  const last = s.rows[s.rows.length - 1].year;
  const span: number[] = [];
  for (let y = first; y <= last; y++) span.push(y);
  const byYear = new Map(s.rows.map((r) => [r.year, r]));
  const n = span.length;

  const W = Math.round(Math.min(MAX_W, Math.max(MIN_W, 100 + 130 * n)));
  // text size in canvas units: 13 on a desktop (drawn 1:1), larger on a phone where the canvas is shrunk;
  // the layout leaves room for the larger of the two
  const phoneFont = Math.max(DESKTOP_TEXT, Math.round((PHONE_TEXT * W) / PHONE));
  const L = phoneFont;

  const values = s.rows.flatMap((r) => [r.target?.value, r.target?.valueMax, r.actual?.value]).filter((v): v is number => v !== undefined);
  const ticks = niceTicks(Math.min(...values), Math.max(...values));
  const lo = ticks[0];
  const hi = ticks[ticks.length - 1];

  const left = Math.ceil(Math.max(textWidth(s.unit, L), ...ticks.map((t) => textWidth(tickLabel(t), L)))) + 10;
  const right = 8;
  const slot = (W - left - right) / n;
  const bars = slot >= 28;

  // value labels over bars, only when every one fits inside its year's slot
  const fitsSlot = (t: string) => textWidth(t, L) <= slot - 6;
  const labelled = bars && s.rows.every((r) => [r.target, r.actual].every((i) => !i || fitsSlot(i.display)));
  const attainLine = s.rows.every((r) => r.attainment === null || textWidth(attained(r.attainment), L) <= slot - 6) && s.rows.some((r) => r.attainment !== null);
  const yearW = textWidth('2000', L) + 8;
  const every = [1, 2, 5, 10, 20, 50].find((k) => slot * k >= yearW) ?? 100;

  const top = L + 10 + (labelled ? 2 * (L + 4) : 4);
  const plotH = Math.round(Math.max(180, W * 0.42));
  const base = top + plotH;
  const yearY = base + L + 6;
  const attainY = yearY + L + 6;
  const H = (attainLine ? attainY : yearY) + 8;
  const yOf = (v: number) => top + ((hi - v) / (hi - lo)) * plotH;
  const y0 = yOf(0);
  const cxOf = (year: number) => left + (year - first + 0.5) * slot;

  const bw = Math.min(44, slot * 0.34);
  const r = Math.max(3, Math.min(6, slot * 0.3));
  const f1 = (x: number) => x.toFixed(1);

  const labels: Label[] = [];
  const marks = s.rows.map((row) => {
    const cx = cxOf(row.year);
    const t = row.target;
    const a = row.actual;
    const tip = (i: IndicatorFigure, what: string) => `${row.year} 年${what}：${withQualifiers(i)}（${i.docId}）`;
    if (bars) {
      const tx = cx - bw - 1;
      const ax = cx + 1;
      const rect = (v: number) => ({ y: f1(Math.min(yOf(v), y0)), height: f1(Math.max(1, Math.abs(y0 - yOf(v)))) });
      if (labelled) {
        // each label centred over its bar (kept inside the year's slot) and clear of both bars; if the two
        // labels would then overlap, the taller bar's goes a line up
        const top = (i: IndicatorFigure) => yOf(Math.max(i.value, i.valueMax ?? i.value, 0));
        const boxes = [t && { x: tx, top: top(t) }, a && { x: ax, top: top(a) }].filter((b) => !!b);
        const place = (i: IndicatorFigure, x: number, cls: string): Label & { own: number } => {
          const w = textWidth(i.display, L);
          const lx = Math.min(Math.max(x, cx - slot / 2 + 3 + w / 2), cx + slot / 2 - 3 - w / 2);
          const under = boxes.filter((b) => b.x < lx + w / 2 && b.x + bw > lx - w / 2).map((b) => b.top);
          return { x: lx, y: Math.min(top(i), ...under) - 5, text: i.display, cls, own: top(i) };
        };
        const lt = t ? place(t, tx + bw / 2, 'val t') : null;
        const la = a ? place(a, ax + bw / 2, 'val a') : null;
        if (lt && la) {
          const apart = Math.abs(la.x - lt.x) >= (textWidth(lt.text, L) + textWidth(la.text, L)) / 2 + 4;
          if (!apart && Math.abs(lt.y - la.y) < L + 2) {
            const [upper, lower] = lt.own < la.own ? [lt, la] : [la, lt];
            upper.y = Math.min(upper.y, lower.y - L - 2);
          }
        }
        if (lt) labels.push(lt);
        if (la) labels.push(la);
      }
      return (
        <g>
          {t ? (
            <rect class="t" x={f1(tx)} width={f1(bw)} {...rect(t.value)}>
              <title>{tip(t, '目标')}</title>
            </rect>
          ) : null}
          {t?.valueMax !== undefined ? (
            <rect class="range" x={f1(tx)} width={f1(bw)} y={f1(yOf(t.valueMax))} height={f1(Math.abs(yOf(t.value) - yOf(t.valueMax)))}>
              <title>{tip(t, '目标')}</title>
            </rect>
          ) : null}
          {a ? (
            <rect class="a" x={f1(ax)} width={f1(bw)} {...rect(a.value)}>
              <title>{tip(a, '实际')}</title>
            </rect>
          ) : null}
        </g>
      );
    }
    return (
      <g>
        {t && a ? <line class="gap" x1={f1(cx)} x2={f1(cx)} y1={f1(yOf(t.value))} y2={f1(yOf(a.value))} /> : null}
        {t?.valueMax !== undefined ? <line class="range" x1={f1(cx)} x2={f1(cx)} y1={f1(yOf(t.value))} y2={f1(yOf(t.valueMax))} /> : null}
        {a ? (
          <circle class="a" cx={f1(cx)} cy={f1(yOf(a.value))} r={f1(r * 0.8)}>
            <title>{tip(a, '实际')}</title>
          </circle>
        ) : null}
        {t ? (
          <circle class="t" cx={f1(cx)} cy={f1(yOf(t.value))} r={f1(r)}>
            <title>{tip(t, '目标')}</title>
          </circle>
        ) : null}
      </g>
    );
  });

  return (
    <figure class="ichart" aria-labelledby={`${id}-caption`}>
      <ul class="chart-legend">
        <li>
          <span class={`swatch t${bars ? '' : ' dot'}`} aria-hidden="true"></span>目标（当年部署）
        </li>
        <li>
          <span class={`swatch a${bars ? '' : ' dot'}`} aria-hidden="true"></span>实际（其后报告的回顾）
        </li>
      </ul>
      <svg
        class="plot"
        viewBox={`0 0 ${W} ${H}`}
        style={`max-width:${W}px;--phone-font:${phoneFont}px`}
        role="img"
        aria-label={chartSummary(s)}
      >
        <text class="unit" x="2" y={L}>
          {s.unit}
        </text>
        {ticks.map((t) => (
          <g>
            <line class={t === 0 ? 'zero' : 'grid'} x1={left} x2={W - right} y1={f1(yOf(t))} y2={f1(yOf(t))} />
            <text class="tick" x={left - 6} y={f1(yOf(t) + L * 0.35)} text-anchor="end">
              {tickLabel(t)}
            </text>
          </g>
        ))}
        {span.map((y) => {
          const row = byYear.get(y);
          const show = every === 1 || y % every === 0 || (y === first && (every - (y % every)) * slot >= yearW);
          return (
            <g>
              {show ? (
                <text class="year" x={f1(cxOf(y))} y={yearY} text-anchor="middle">
                  {y}
                </text>
              ) : null}
              {attainLine && row?.attainment != null ? (
                <text class={`attain ${row.attainment >= 100 ? 'met' : 'short'}`} x={f1(cxOf(y))} y={attainY} text-anchor="middle">
                  {attained(row.attainment)}
                </text>
              ) : null}
            </g>
          );
        })}
        {marks}
        {labels.map((l) => (
          <text class={l.cls} x={f1(l.x)} y={f1(l.y)} text-anchor="middle">
            {l.text}
          </text>
        ))}
      </svg>
      <figcaption id={`${id}-caption`} class="muted">
        {label(s)} · {s.region}，单位：{s.unit}。空心{bars ? '柱' : '圈'}为目标，实心{bars ? '柱' : '点'}为实际
        {attainLine ? '，年份下方为完成率（实际 ÷ 目标）' : ''}；悬停查看数字与出处，完整数字见下表。
      </figcaption>
    </figure>
  );
};

// ---- table ------------------------------------------------------------------------------------------

