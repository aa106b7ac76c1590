/** The search page: query box, facets that refine the query, highlighted results, pagination. */
import type { Child, FC } from 'hono/jsx';
import { href, type SearchHit, type SearchResponse } from './api.js';
import { docHref, ErrorBox, Highlighted, KIND, LEVEL, STANCE, when } from './layout.js';
import { Cite, Downloads } from './takeaway.js';
import { MAX_LIMIT as MAX_EXPORT } from '../search/search.js';

export const PAGE_SIZE = 20;
type FacetKey = keyof SearchResponse['facets'];
const FACETS: [FacetKey, string][] = [
  ['year', '年份'],
  ['region', '地区'],
  ['level', '层级'],
  ['kind', '单元类型'],
];

/** Query tokens, keeping "quoted phrases" whole so a filter inside a phrase is never touched. */
const tokens = (q: string): string[] => q.match(/-?"[^"]*"|\S+/g) ?? [];

/**
 * The query a facet link leads to: the filter is added, replacing any other value for the same key
 * (year:2021 year:2022 would match nothing), or removed when it is already there, so a second click undoes it.
 */
export function toggleFilter(q: string, key: string, value: string): { q: string; active: boolean } {
  const filter = `${key}:${value}`;
  const all = tokens(q);
  const active = all.includes(filter);
  const rest = all.filter((t) => !t.toLowerCase().startsWith(`${key}:`));
  return { q: (active ? rest : [...rest, filter]).join(' '), active };
}

/** The query as one literal phrase for /first (which takes a phrase, not a query), or null when it is more than one. */
export function phraseOf(q: string): string | null {
  const terms = tokens(q).filter((t) => !/^[a-zA-Z]+:/.test(t));
  if (terms.length !== 1 || terms[0].startsWith('-') || terms[0] === 'OR') return null;
  return terms[0].replace(/^"(.*)"$/, '$1').trim() || null;
}

export const SearchForm: FC<{ q: string }> = ({ q }) => (
  <form class="query" action="/" method="get" role="search">
    <label for="q">检索</label>
    <input id="q" name="q" type="search" value={q} placeholder="例如 揭榜挂帅 或 基础研究 year:2022" autocomplete="off" aria-describedby="q-help" />
    <button type="submit">搜索</button>
    <p id="q-help" class="help">
      空格表示“且”；<code>"短语"</code> 整体匹配；<code>A OR B</code>；<code>-词</code> 排除；筛选 <code>year:2021..2023</code>{' '}
      <code>region:四川</code> <code>level:national</code> <code>kind:task</code> <code>stance:plan</code>
    </p>
  </form>
);

/** Windows of text around the matches, so a long paragraph shows where it matched, not its first lines. */
function excerpt(hit: SearchHit, radius = 70): Child[] {
  const { text, highlights } = hit;
  if (text.length <= radius * 4 || !highlights.length) return [<Highlighted text={text} ranges={highlights} />];
  const windows: { from: number; to: number; ranges: [number, number][] }[] = [];
  for (const [s, e] of highlights) {
    const last = windows[windows.length - 1];
    if (last && s - radius <= last.to) {
      last.to = Math.min(text.length, Math.max(last.to, e + radius));
      last.ranges.push([s, e]);
    } else windows.push({ from: Math.max(0, s - radius), to: Math.min(text.length, e + radius), ranges: [[s, e]] });
  }
  const shown = windows.slice(0, 3);
  return shown.map((w, k) => (
    <>
      {w.from > 0 || k > 0 ? '…' : ''}
      <Highlighted text={text.slice(w.from, w.to)} ranges={w.ranges.map(([s, e]) => [s - w.from, e - w.from] as [number, number])} />
      {k === shown.length - 1 && w.to < text.length ? '…' : ''}
    </>
  ));
}

const Result: FC<{ hit: SearchHit; phrase: string | null }> = ({ hit, phrase }) => (
  <li class="card result">
    <h3>
      <a href={docHref(hit.docId, hit.unitId)}>{hit.title || hit.docTitle}</a>
    </h3>
    <p class="meta">
      <span class="doc">{hit.docTitle}</span>
      <span class="region">{hit.region}</span>
      <span class="date">{when(hit)}</span>
      <span>
        {KIND[hit.kind] ?? hit.kind}
        {STANCE[hit.stance] ? ` · ${STANCE[hit.stance]} ${hit.year}` : ''}
      </span>
    </p>
    <p class="text">{excerpt(hit)}</p>
    <p class="actions">
      <a href={docHref(hit.docId, hit.unitId)}>在原文中查看</a>
      <a href={href('/compare', { unit: hit.unitId })}>历年比较</a>
      {phrase ? <a href={href('/first', { q: phrase })}>首次出现</a> : null}
    </p>
    <Cite citation={hit.citation} permalink={hit.permalink} />
  </li>
);

/** Facet values beyond this many go behind a "more" toggle, so refining stays one short scroll away on a phone. */
const FACET_SHOWN = 10;

const FacetLink: FC<{ q: string; name: string; value: string; count: number }> = ({ q, name, value, count }) => {
  const next = toggleFilter(q, name, value);
  const label = name === 'level' ? LEVEL[value] ?? value : name === 'kind' ? KIND[value] ?? value : value;
  // a link, not a button: each refinement is a URL, so it can be shared and undone with Back
  return (
    <li>
      <a href={href('/', { q: next.q })} aria-current={next.active ? 'true' : undefined} data-facet={`${name}:${value}`}
        title={next.active ? `取消 ${name}:${value}` : `只看 ${name}:${value}`}>
        {label}
        <span class="count">{count}</span>
      </a>
    </li>
  );
};

const Facets: FC<{ q: string; facets: SearchResponse['facets'] }> = ({ q, facets }) => (
  <aside class="facets" aria-label="筛选">
    {FACETS.map(([key, label]) => {
      const entries = Object.entries(facets[key] ?? {});
      if (!entries.length) return null;
      entries.sort((a, b) => (key === 'year' ? Number(b[0]) - Number(a[0]) : b[1] - a[1] || a[0].localeCompare(b[0])));
      const links = (list: [string, number][]) => list.map(([value, count]) => <FacetLink q={q} name={key} value={value} count={count} />);
      const rest = entries.slice(FACET_SHOWN);
      return (
        <section>
          <h2 id={`facet-${key}`}>{label}</h2>
          <ul aria-labelledby={`facet-${key}`}>{links(entries.slice(0, FACET_SHOWN))}</ul>
          {rest.length ? (
            <details open={rest.some(([v]) => toggleFilter(q, key, v).active)}>
              <summary>更多{label}（{rest.length}）</summary>
              <ul>{links(rest)}</ul>
            </details>
          ) : null}
        </section>
      );
    })}
  </aside>
);

const Pages: FC<{ q: string; page: number; total: number }> = ({ q, page, total }) => {
  const last = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (last === 1) return null;
  const shown = [...new Set([1, page - 2, page - 1, page, page + 1, page + 2, last])].filter((p) => p >= 1 && p <= last).sort((a, b) => a - b);
  const link = (p: number) => href('/', { q, page: p > 1 ? p : undefined });
  return (
    <nav class="pages" aria-label="分页">
      {page > 1 ? <a href={link(page - 1)} rel="prev">上一页</a> : null}
      {shown.map((p, k) => (
        <>
          {k > 0 && p - shown[k - 1] > 1 ? <span class="gap" aria-hidden="true">…</span> : null}
          {p === page ? <span aria-current="page">{p}</span> : <a href={link(p)} aria-label={`第 ${p} 页`}>{p}</a>}
        </>
      ))}
      {page < last ? <a href={link(page + 1)} rel="next">下一页</a> : null}
    </nav>
  );
};

export const SearchPage: FC<{ q: string; page: number; result: SearchResponse | null; error?: string }> = ({ q, page, result, error }) => {
  const phrase = phraseOf(q);
  return (
    <>
      <h1>{q ? `“${q}”的检索结果` : '检索政府工作报告'}</h1>
      <SearchForm q={q} />
      {error ? <ErrorBox message={error} /> : null}
      {!q && !error ? (
        <p class="muted">
          试试 <a href={href('/', { q: '揭榜挂帅' })}>揭榜挂帅</a>、<a href={href('/', { q: '基础研究 year:2022' })}>基础研究 year:2022</a>、
          <a href={href('/compare', { q: '基础研究十年行动' })}>比较“基础研究十年行动”的历年表述</a>。
        </p>
      ) : null}
      {result ? (
        <div class="layout">
          <Facets q={q} facets={result.facets} />
          <section aria-labelledby="results-heading">
            <h2 id="results-heading" class="muted">
              共 {result.total} 条{result.total > PAGE_SIZE ? `，第 ${page} 页` : ''}
              {result.total ? (
                <>
                  {' · '}
                  <a href={href('/compare', { q })}>历年比较</a>
                  {phrase ? (
                    <>
                      {' · '}
                      <a href={href('/first', { q: phrase })}>首次出现与趋势</a>
                    </>
                  ) : null}
                </>
              ) : null}
            </h2>
            {result.total ? <Downloads api="/api/search" params={{ q }} label={`下载全部 ${Math.min(result.total, MAX_EXPORT)} 条`} /> : null}
            {result.total === 0 ? <p>没有找到匹配的内容。可以减少词语，或去掉筛选条件。</p> : null}
            <ol class="results" start={(page - 1) * PAGE_SIZE + 1}>
              {result.hits.map((hit) => (
                <Result hit={hit} phrase={phrase} />
              ))}
            </ol>
            <Pages q={q} page={page} total={result.total} />
          </section>
        </div>
      ) : null}
    </>
  );
};
