/**
 * The web pages: server-rendered HTML with plain links and GET forms, so every view's state is its URL
 * (shareable, back button for free) and the site works without JavaScript.
 *
 * Pages read the engine only through the JSON API, so what a page shows is what the API returns. The one
 * computation done here is the first-versus-last diff on /compare, with the same diff function the API uses.
 * The API app provides the way in: `createWeb((p) => app.request(p))` (what createApp does), or mount `web`
 * behind a middleware that sets the `api` context variable.
 */
import { Hono, type Context } from 'hono';
import { html } from 'hono/html';
import type { JSX } from 'hono/jsx/jsx-runtime';
import { diffTexts, type DiffOp } from '../compare/diff.js';
import * as A from './api.js';
import { ApiError, getJson, href, type ApiFetch } from './api.js';
import { Layout, ErrorBox, type Section } from './layout.js';
import { PAGE_SIZE, SearchPage } from './search.js';
import { ComparePage, compared, DocDiffPage } from './compare.js';
import { linkPath, type CompareLink } from '../export/links.js';
import { FILTER_KEYS, parseQuery, type Filters } from '../search/query.js';
import { FirstPage } from './first.js';
import { NewPage } from './new.js';
import { DocPage, DocsPage, UnitGone, UnitPage } from './doc.js';
import { IndicatorsPage } from './indicators.js';

export type { ApiFetch } from './api.js';
export type WebEnv = { Variables: { api?: ApiFetch } };

type Status = 200 | 400 | 404 | 500 | 502 | 503;

const render = (c: Context, title: string, section: Section | undefined, body: JSX.Element, status: Status = 200) =>
  c.html(html`<!doctype html>${(<Layout title={title} section={section}>{body}</Layout>)}`, status);

/** A refusal the page can explain (bad query, unknown id); anything else is a bug and goes to onError. */
async function attempt<T>(p: Promise<T>): Promise<{ data: T | null; error?: string; status: Status }> {
  try {
    return { data: await p, status: 200 };
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    const status = ([400, 404, 503] as const).find((s) => s === e.status) ?? 502;
    return { data: null, error: e.message, status };
  }
}

const param = (c: Context, name: string) => (c.req.query(name) ?? '').trim();

/**
 * What the compare page was asked, from its URL or its form: query or unit, reading, view, gaps, filters and
 * layout. Unknown values of the choices fall back to their defaults; a bad filter is said, as the API says it.
 */
function compareLinkOf(field: (name: string) => string): { link: CompareLink; error?: string } {
  const pick = <T extends string>(name: string, allowed: readonly T[]) => allowed.find((v) => v === field(name));
  const link: CompareLink = {
    q: field('q') || undefined,
    unit: field('unit') || undefined,
    as: pick('as', ['term', 'statement'] as const),
    view: pick('view', ['sentence', 'paragraph'] as const),
    hideGaps: field('hideGaps') === 'true',
    mode: pick('mode', ['steps', 'first-last'] as const),
  };
  const words = FILTER_KEYS.filter((k) => field(k)).map((k) => `${k}:${field(k)}`);
  if (!words.length) return { link };
  try {
    if (words.some((w) => /[\s"]/.test(w))) throw new Error('a filter must not contain spaces or quotes');
    const filters: Filters = parseQuery(words.join(' ')).filters;
    return { link: { ...link, filters } };
  } catch (e) {
    return { link, error: (e as Error).message };
  }
}

export function createWeb(fixedApi?: ApiFetch): Hono<WebEnv> {
  const web = new Hono<WebEnv>();
  const apiOf = (c: Context<WebEnv>): ApiFetch => {
    const api = fixedApi ?? c.get('api');
    if (!api) throw new Error('the web pages need the API: mount createWeb((p) => app.request(p)) or set c.var.api');
    return api;
  };
  const get = <T,>(c: Context<WebEnv>, path: string) => getJson<T>(apiOf(c), path);

  web.get('/', async (c) => {
    const q = param(c, 'q');
    const page = Math.max(1, Math.min(1e6, Number.parseInt(param(c, 'page'), 10) || 1));
    if (!q) return render(c, '', 'search', <SearchPage q="" page={1} result={null} />);
    const r = await attempt(get<A.SearchResponse>(c, href('/api/search', { q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })));
    return render(c, q, 'search', <SearchPage q={q} page={page} result={r.data} error={r.error} />, r.status);
  });

  const comparePage = async (c: Context<WebEnv>, link: CompareLink, filterError?: string) => {
    const { q = '', unit = '' } = link;
    if (filterError) return render(c, '历年比较', 'compare', <ComparePage link={link} result={null} firstLast={null} error={filterError} />, 400);
    if (!q && !unit) return render(c, '历年比较', 'compare', <ComparePage link={link} result={null} firstLast={null} />);
    const mode = link.mode ?? 'steps';
    const r = await attempt(get<A.CompareResponse>(c, linkPath('/api/compare', { ...link, mode: undefined })));
    const steps = (r.data?.timeline ?? []).filter((i): i is A.TimelineStep => i.type === 'entry');
    // The API diffs each step against the previous one; first-versus-last is the same diff function
    // applied to the two ends, so both views agree on what counts as a change.
    let firstLast: DiffOp[] | null = null;
    if (mode === 'first-last' && steps.length > 1)
      firstLast = diffTexts(compared(steps[0]), compared(steps[steps.length - 1]), undefined, { timeoutMs: 500 });
    const title = `历年比较：${[...(q || unit)].slice(0, 40).join('')}`;
    return render(c, title, 'compare', <ComparePage link={link} result={r.data} firstLast={firstLast} error={r.error} />, r.status);
  };

  web.get('/compare', (c) => {
    const { link, error } = compareLinkOf((name) => param(c, name));
    return comparePage(c, link, error);
  });

  // a pasted paragraph of up to 2,000 characters is too long for a URL (18 KB encoded): the form can post it
  web.post('/compare', async (c) => {
    const body = await c.req.parseBody();
    const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
    const { link, error } = compareLinkOf(field);
    return comparePage(c, { ...link, unit: undefined }, error);
  });

  web.get('/diff', async (c) => {
    const a = param(c, 'a');
    const b = param(c, 'b');
    const docs = await get<A.DocListing[]>(c, '/api/documents');
    if (!a || !b) return render(c, '文件对比', 'diff', <DocDiffPage a={a} b={b} docs={docs} result={null} />);
    const r = await attempt(get<A.DiffResponse>(c, href('/api/diff', { a, b })));
    return render(c, `对比 ${a} / ${b}`, 'diff', <DocDiffPage a={a} b={b} docs={docs} result={r.data} error={r.error} />, r.status);
  });

  web.get('/first', async (c) => {
    const q = param(c, 'q');
    if (!q) return render(c, '首次出现', 'first', <FirstPage q="" first={null} trend={null} />);
    const [first, trend] = await Promise.all([
      attempt(get<A.FirstResponse>(c, href('/api/first', { q }))),
      attempt(get<A.TrendResponse>(c, href('/api/trend', { q }))),
    ]);
    const failed = first.error ? first : trend;
    return render(c, `首次出现：${q}`, 'first', <FirstPage q={q} first={first.data} trend={trend.data} error={failed.error} />, failed.status);
  });

  web.get('/new', async (c) => {
    const doc = param(c, 'doc');
    const against = param(c, 'against') === 'all' ? 'all' : 'level';
    const limit = param(c, 'limit');
    if (!doc) return render(c, '新提法', 'docs', <NewPage doc="" against={against} result={null} error="请从文件页进入，或给出 doc 参数（文件编号）。" />, 400);
    const r = await attempt(get<A.NewResponse>(c, href('/api/new', { doc, against: against === 'all' ? 'all' : undefined, limit: limit || undefined })));
    const title = r.data ? `新提法：${r.data.doc.title}` : '新提法';
    return render(c, title, 'docs', <NewPage doc={doc} against={against} result={r.data} error={r.error} />, r.status);
  });
  web.get('/indicators', async (c) => {
    const name = param(c, 'name');
    const region = param(c, 'region');
    const [figures, rows, docs] = await Promise.all([
      attempt(get<A.IndicatorFigure[]>(c, href('/api/indicators', { region }))),
      attempt(get<A.PlanVsActualRow[]>(c, href('/api/indicators/plan-vs-actual', { name, region }))),
      get<A.DocListing[]>(c, '/api/documents'),
    ]);
    const names = [...new Set((figures.data ?? []).map((i) => i.name))].sort((a, b) => a.localeCompare(b, 'zh'));
    const regions = [...new Set(docs.map((d) => d.region))].sort((a, b) => a.localeCompare(b, 'zh'));
    const failed = rows.error ? rows : figures;
    const title = name ? `指标：${name}${region ? ` · ${region}` : ''}` : '指标';
    const page = <IndicatorsPage name={name} region={region} names={names} regions={regions} rows={rows.data} error={failed.error} />;
    return render(c, title, 'indicators', page, failed.status);
  });

  web.get('/docs', async (c) => render(c, '文件', 'docs', <DocsPage docs={await get<A.DocListing[]>(c, '/api/documents')} />));

  web.get('/doc/:id', async (c) => {
    const r = await attempt(get<A.DocResponse>(c, `/api/documents/${encodeURIComponent(c.req.param('id'))}`));
    if (!r.data) return render(c, '找不到文件', 'docs', <ErrorBox message={r.error ?? ''} />, r.status);
    return render(c, r.data.meta.title, 'docs', <DocPage doc={r.data} />);
  });

  // a permalink: the unit's page while its document is unchanged; if the unit is gone, the way to its document
  web.get('/u/:id', async (c) => {
    const id = c.req.param('id');
    const r = await attempt(get<A.UnitResponse>(c, `/api/units/${encodeURIComponent(id)}`));
    if (r.data) return render(c, `${r.data.unit.title} · ${r.data.doc.title}`, 'docs', <UnitPage u={r.data} />);
    const docId = id.split(':')[0];
    const doc = r.status === 404 ? await attempt(get<A.DocResponse>(c, `/api/documents/${encodeURIComponent(docId)}`)) : null;
    return render(c, '找不到这一条', 'docs', <UnitGone id={id} message={r.error ?? ''} doc={doc?.data?.meta ?? null} />, r.status);
  });

  web.onError((err, c) => {
    console.error(`web: ${c.req.method} ${c.req.path}: ${(err as Error)?.stack ?? String(err)}`);
    const message = err instanceof ApiError ? err.message : '页面出错了，请稍后再试。';
    return render(c, '出错了', undefined, <ErrorBox message={message} />, err instanceof ApiError ? 502 : 500);
  });
  return web;
}

/** For `app.route('/', web)` in an app whose middleware sets `c.var.api`. */
export const web = createWeb();
