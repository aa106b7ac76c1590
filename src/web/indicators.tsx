/**
 * Indicators: per region and indicator, the targets a report set and the actuals a later report gave, as a
 * chart (indicator-chart.tsx) over the plan-vs-actual table; without an indicator, that table for every
 * indicator of the region, most recent first.
 */
import type { FC } from 'hono/jsx';
import { href, type IndicatorFigure, type PlanVsActualRow } from './api.js';
import { docHref, ErrorBox } from './layout.js';
import { attained, IndicatorChart, label, qualifiers, seriesOf } from './indicator-chart.js';
import { Downloads } from './takeaway.js';

const Value: FC<{ i: IndicatorFigure | null }> = ({ i }) => {
  if (!i) return <span class="muted">—</span>;
  const q = qualifiers(i);
  return (
    <>
      {i.display}
      {q.length ? <span class="qual">{q.join('、')}</span> : null}
    </>
  );
};

const Source: FC<{ i: IndicatorFigure | null; what: string }> = ({ i, what }) =>
  i ? (
    <span class="source">
      {what}：
      <a href={docHref(i.docId, i.unitId)} title={i.quote}>
        {i.docId}
      </a>
    </span>
  ) : null;

/** The plan-vs-actual rows; `overview` adds the region and indicator (linked to its chart). */
export const PlanTable: FC<{ rows: PlanVsActualRow[]; caption: string; id: string; overview?: boolean }> = ({ rows, caption, id, overview }) => (
  <div class="table-wrap" role="region" aria-labelledby={id} tabindex={0}>
    <table class="data pva">
      <caption id={id}>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">年份</th>
          {overview ? <th scope="col">地区</th> : null}
          {overview ? <th scope="col">指标</th> : null}
          <th scope="col">目标</th>
          <th scope="col">实际</th>
          <th scope="col">完成率</th>
          <th scope="col">出处</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr>
            <th scope="row">{r.year}</th>
            {overview ? <td data-label="地区">{r.region}</td> : null}
            {overview ? (
              <td data-label="指标">
                <a href={href('/indicators', { name: r.name, region: r.region })}>{label(r)}</a>
              </td>
            ) : null}
            <td data-label="目标">
              <Value i={r.target} />
            </td>
            <td data-label="实际">
              <Value i={r.actual} />
            </td>
            <td data-label="完成率" class={r.attainment === null ? 'num' : `num ${r.attainment >= 100 ? 'met' : 'short'}`}>
              {r.attainment === null ? <span class="muted">—</span> : attained(r.attainment)}
            </td>
            <td data-label="出处">
              <Source i={r.target} what="目标" />
              <Source i={r.actual} what="实际" />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  </div>
);

// ---- page -------------------------------------------------------------------------------------------

export const IndicatorsPage: FC<{
  name: string;
  region: string;
  /** names of the indicators found for the region, for the picker */
  names: string[];
  /** regions of the documents, suggested for the region box */
  regions: string[];
  rows: PlanVsActualRow[] | null;
  error?: string;
}> = ({ name, region, names, regions, rows, error }) => {
  const options = name && !names.includes(name) ? [name, ...names] : names;
  const series = name && rows ? seriesOf(rows) : [];
  const where = region ? `“${region}”` : '各地';
  return (
    <>
      <h1>{name ? `指标：${name}` : '指标：目标与实际'}</h1>
      <form class="query" action="/indicators" method="get">
        <div class="field">
          <label for="name">指标</label>
          <select id="name" name="name">
            <option value="">全部指标（概览）</option>
            {options.map((n) => (
              <option value={n} selected={n === name}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="region">地区</label>
          <input id="region" name="region" type="text" value={region} placeholder="例如 四川；留空为全部" list="regions" />
          <datalist id="regions">
            {regions.map((r) => (
              <option value={r} />
            ))}
          </datalist>
        </div>
        <button type="submit">查看</button>
      </form>
      <p class="help">
        目标取自报告对当年的部署，实际取自其后报告的回顾；完成率 = 实际 ÷ 目标。数字均可点击出处回到原文。
      </p>
      {error ? <ErrorBox message={error} /> : null}
      {rows && !rows.length ? (
        <section class="card empty">
          <p>
            {where}的报告里没有找到{name ? `指标“${name}”的目标或实际数字` : '指标数字'}。
          </p>
          {names.length ? (
            <>
              <p class="muted">{region ? `“${region}”有这些指标：` : '可以看看这些指标：'}</p>
              <ul class="chips">
                {names.map((n) => (
                  <li>
                    <a href={href('/indicators', { name: n, region })}>{n}</a>
                  </li>
                ))}
              </ul>
            </>
          ) : region ? (
            <p>
              <a href="/indicators">查看全部地区的指标</a>
            </p>
          ) : null}
        </section>
      ) : null}
      {series.map((s, k) => {
        const id = `series-${k}`;
        return (
          <section class="series" aria-labelledby={`${id}-heading`}>
            <h2 id={`${id}-heading`}>
              {label(s)} <span class="muted">{s.region}</span>
            </h2>
            <IndicatorChart s={s} id={id} />
            <PlanTable rows={s.rows} caption={`${s.region}${label(s)}：历年目标与实际`} id={`${id}-table`} />
          </section>
        );
      })}
      {rows?.length ? (
        <>
          <Downloads api="/api/indicators/plan-vs-actual" params={{ name, region }} label="下载目标与实际" />
          <Downloads api="/api/indicators" params={{ name, region }} label="下载全部数值" />
        </>
      ) : null}
      {series.length ? (
        <p class="actions">
          <a href={href('/indicators', { region })}>{region ? `“${region}”的全部指标` : '全部指标概览'}</a>
          <a href={href('/compare', { q: name })}>历年表述比较</a>
        </p>
      ) : null}
      {!name && rows?.length ? (
        <section aria-labelledby="overview-heading">
          <h2 id="overview-heading">
            {region ? `“${region}”` : '各地'}的目标与实际（{rows.length} 项，最近的在前）
          </h2>
          <PlanTable
            rows={[...rows].sort((a, b) => b.year - a.year || a.region.localeCompare(b.region, 'zh') || a.name.localeCompare(b.name, 'zh'))}
            caption="点指标名查看它的历年图表"
            id="overview-table"
            overview
          />
        </section>
      ) : null}
    </>
  );
};
