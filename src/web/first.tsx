/** Precedent: where a phrase first appeared, every later appearance, and how often it occurs per year. */
import type { FC } from 'hono/jsx';
import { href, type FirstResponse, type Occurrence, type TrendResponse } from './api.js';
import { docHref, ErrorBox, Highlighted, LEVEL, when } from './layout.js';
import { Cite, Downloads } from './takeaway.js';

/** Exact occurrences of a plain phrase in a quote; the API gives no ranges for quotes, so only literal text is marked. */
function literalRanges(text: string, q: string): [number, number][] {
  const phrase = q.replace(/^"|"$/g, '').trim();
  if (!phrase || /\s|:/.test(phrase)) return [];
  const out: [number, number][] = [];
  for (let at = text.indexOf(phrase); at >= 0; at = text.indexOf(phrase, at + phrase.length)) out.push([at, at + phrase.length]);
  return out;
}

const Quote: FC<{ o: Occurrence; q: string }> = ({ o, q }) => (
  <>
    <p class="meta">
      <span class="year">{o.year}</span>
      <span>{o.region}</span>
      <span>{LEVEL[o.level] ?? o.level}</span>
      <span>{when(o)}</span>
      <a href={docHref(o.docId, o.unitId)}>{o.docId}</a>
    </p>
    <p class="text">
      <Highlighted text={o.quote} ranges={literalRanges(o.quote, q)} />
    </p>
  </>
);

/** Occurrences per year as bars, every year in the span shown so gaps read as gaps. */
export const TrendChart: FC<{ byYear: TrendResponse['byYear']; q: string }> = ({ byYear, q }) => {
  const years = Object.keys(byYear).map(Number).filter(Number.isFinite).sort((a, b) => a - b);
  if (!years.length) return null;
  const span: number[] = [];
  for (let y = years[0]; y <= years[years.length - 1]; y++) span.push(y);
  const value = (y: number) => byYear[y]?.occurrences ?? 0;
  const max = Math.max(1, ...span.map(value));
  // a fixed-width canvas scaled to the page: bars stay readable for 3 years or 70
  const width = 640;
  const pad = 20; // room for the first and last year labels
  const slot = (width - 2 * pad) / span.length;
  const bar = Math.min(40, Math.max(2, slot * 0.75));
  const top = 20;
  const plot = 150;
  const height = top + plot + 24;
  // labels are enlarged on phones (styles.ts), so leave room for a 4-digit year at that size
  const every = [1, 2, 5, 10, 20].find((k) => slot * k >= 80) ?? 50;
  const total = span.reduce((n, y) => n + value(y), 0);
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-labelledby="chart-title">
        <title id="chart-title">{`“${q}”每年出现次数，${span[0]}–${span[span.length - 1]} 年共 ${total} 次`}</title>
        {span.map((y, k) => {
          const v = value(y);
          const h = Math.round((v / max) * plot);
          const x = pad + k * slot + (slot - bar) / 2;
          return (
            <g>
              <rect class="bar" x={x.toFixed(1)} y={top + plot - h} width={bar.toFixed(1)} height={h}>
                <title>{`${y} 年：${v} 次（${byYear[y]?.units ?? 0} 个单元）`}</title>
              </rect>
              {v && slot >= 30 ? (
                <text class="axis" x={(x + bar / 2).toFixed(1)} y={top + plot - h - 5} text-anchor="middle">{v}</text>
              ) : null}
              {(y - span[0]) % every === 0 ? (
                <text class="axis" x={(x + bar / 2).toFixed(1)} y={height - 6} text-anchor="middle">{y}</text>
              ) : null}
            </g>
          );
        })}
        <line x1="0" x2={width} y1={top + plot + 0.5} y2={top + plot + 0.5} stroke="#999" />
        <line x1="0" x2={width} y1={top + 0.5} y2={top + 0.5} stroke="#ccc" stroke-dasharray="4 4" />
      </svg>
      <figcaption class="muted">
        每年出现次数，虚线为最多的 {max} 次（{span.filter((y) => value(y) === max).join('、')} 年）；悬停柱子或展开下表查看数字。
      </figcaption>
    </figure>
  );
};

const CountTable: FC<{ caption: string; rows: [string, { units: number; occurrences: number }][] }> = ({ caption, rows }) => (
  <table class="data">
    <caption class="visually-hidden">{caption}</caption>
    <thead>
      <tr>
        <th scope="col">{caption}</th>
        <th scope="col">次数</th>
        <th scope="col">单元</th>
      </tr>
    </thead>
    <tbody>
      {rows.map(([k, v]) => (
        <tr>
          <th scope="row">{k}</th>
          <td>{v.occurrences}</td>
          <td>{v.units}</td>
        </tr>
      ))}
    </tbody>
  </table>
);

/** A chronology longer than this is better read as search results, which paginate and filter. */
const MAX_SHOWN = 100;

export const FirstPage: FC<{ q: string; first: FirstResponse | null; trend: TrendResponse | null; error?: string }> = ({ q, first, trend, error }) => {
  const later = first?.occurrences.filter((o) => o.unitId !== first.first?.unitId) ?? [];
  const shown = later.slice(0, MAX_SHOWN);
  return (
    <>
      <h1>{q ? `首次出现：${q}` : '首次出现与趋势'}</h1>
      <form class="query" action="/first" method="get">
        <label for="q">短语</label>
        <input id="q" name="q" type="search" value={q} placeholder="例如 揭榜挂帅" />
        <button type="submit">查找</button>
      </form>
      {error ? <ErrorBox message={error} /> : null}
      {first && !first.first ? <p>没有找到“{q}”。</p> : null}
      {first?.first ? (
        <section class="card first" aria-labelledby="first-heading">
          <h2 id="first-heading">最早出现</h2>
          <Quote o={first.first} q={q} />
          <Cite citation={first.first.citation} permalink={first.first.permalink} />
          <p class="actions">
            <a href={href('/compare', { q })}>历年比较</a>
            <a href={href('/', { q })}>全部检索结果</a>
          </p>
        </section>
      ) : null}
      {trend && Object.keys(trend.byYear).length ? (
        <section aria-labelledby="trend-heading">
          <h2 id="trend-heading">逐年趋势</h2>
          <TrendChart byYear={trend.byYear} q={q} />
          <Downloads api="/api/trend" params={{ q }} label="下载趋势" />
          <details>
            <summary>按年份、地区的数字</summary>
            <div class="pair">
              <CountTable caption="年份" rows={Object.entries(trend.byYear).sort((a, b) => Number(a[0]) - Number(b[0]))} />
              <CountTable caption="地区" rows={Object.entries(trend.byRegion).sort((a, b) => b[1].occurrences - a[1].occurrences)} />
            </div>
          </details>
        </section>
      ) : null}
      {later.length ? (
        <section aria-labelledby="later-heading">
          <h2 id="later-heading">此后出现（{later.length}）</h2>
          <Downloads api="/api/first" params={{ q }} label="下载全部出处" />
          <ol class="results">
            {shown.map((o) => (
              <li class="card occurrence">
                <Quote o={o} q={q} />
                <Cite citation={o.citation} permalink={o.permalink} />
              </li>
            ))}
          </ol>
          {later.length > shown.length ? (
            <p>
              只列出前 {shown.length} 处；<a href={href('/', { q })}>在检索结果中查看全部</a>。
            </p>
          ) : null}
        </section>
      ) : null}
    </>
  );
};
