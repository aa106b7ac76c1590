/**
 * The pages against canned API answers full of markup: whatever the API returns, document text is shown
 * as text, and each view links where it should. Independent of the engine, so a failure here is the web layer's.
 */
import { describe, expect, it, vi } from 'vitest';
import { createWeb, web } from '../../src/web/index.js';
import { phraseOf, toggleFilter } from '../../src/web/search.js';
import { EVIL, EVIL_IMG } from './helpers.js';

const unit = (id: string, kind: string, start: number, text: string, path: string[] = []) => ({
  id, docId: id.split(':')[0], kind, ordinal: 1, path, title: text.slice(0, 12), text, start, end: start + text.length, stance: 'plan', year: 2022,
});
const hit = (k: number) => ({
  unitId: `d${k}:t1`, docId: `d${k}`, title: `标题${EVIL}`, docTitle: `文件${EVIL_IMG}`, year: 2022, region: `测试${EVIL}`,
  level: 'city', kind: 'task', docKind: 'work-points', stance: 'plan', date: '2022-03-01',
  text: `推行揭榜挂帅${EVIL}机制`, snippet: '', highlights: [[2, 6]], score: 1,
});
const step = (year: number, text: string, diff: unknown) => {
  const window = [3 + EVIL.length, 3 + EVIL.length + text.length];
  return {
    type: 'entry', unitId: `d${year}:t1`, docId: `d${year}`, docTitle: `文件${EVIL}`, title: `标题${EVIL}`, kind: 'task', region: '测试市', level: 'city',
    year, date: `${year}-03-01`, stance: 'plan', text: `前文${EVIL}。${text}`, sentence: window, window, similarity: diff ? 0.8 : 1,
    why: { anchors: ['经费'], role: { stance: 'plan', mention: 'focus' }, note: `similarity 0.80 · shares 经费${EVIL}` }, diff,
  };
};
const gap = (year: number) => ({
  type: 'gap', docId: `d${year}`, docTitle: `文件${year}${EVIL}`, region: '测试市', level: 'city', year, date: `${year}-03-01`, reason: `not in 文件${year}${EVIL}`,
});
const occurrence = (year: number) => ({ unitId: `d${year}:t1`, docId: `d${year}`, region: '全国', level: 'national', date: null, year, quote: `推广揭榜挂帅${EVIL}` });

/** A figure as /api/indicators gives it, with markup in the text that comes from the document. */
const figure = (name: string, stance: 'target' | 'actual', year: number, value: number, display: string, docId: string, unitId: string) => ({
  name, value, unit: '亿元', display, qualifier: stance === 'target' ? ['力争', '达到'] : ['达到'], growth: null, stance, year,
  region: `四川省${EVIL}`, level: 'province', docId, unitId: `${docId}:${unitId}`, quote: `${name}达到${display}${EVIL}`, start: 0, end: 6,
});
const pva = (name: string, year: number, target: ReturnType<typeof figure> | null, actual: ReturnType<typeof figure> | null) => ({
  region: `四川省${EVIL}`, name, year, unit: '亿元', increment: false, target, actual,
  attainment: target && actual ? Math.round((actual.value / target.value) * 1000) / 10 : null,
});
const TECH = '技术合同成交额';
const INFO = '科技信息服务业营业收入';
const PVA = [
  pva(TECH, 2022, figure(TECH, 'target', 2022, 1420, '1420亿元', 'sichuan-2022-work-points', 'p9'), figure(TECH, 'actual', 2022, 1649, '1649亿元', 'sichuan-2023-conference', 'i4')),
  pva(TECH, 2024, figure(TECH, 'target', 2024, 2200, '2200亿元', 'sichuan-2024-conference', 'p3'), null),
  pva(INFO, 2022, figure(INFO, 'target', 2022, 3500, '3500亿元', 'sichuan-2022-work-points', 'p9'), figure(INFO, 'actual', 2022, 4645, '4645亿元', 'sichuan-2023-conference', 'i4')),
];
const FIGURES = PVA.flatMap((r) => [r.target, r.actual]).filter((f) => f !== null);

const NEW = {
  doc: { id: 'a', title: `甲${EVIL}`, region: 'r', level: 'city', date: '2024-03-05', year: 2024 },
  against: 'level',
  earlierDocuments: 3,
  total: 5,
  phrases: [
    {
      phrase: '新质生产力', match: '新质生产力', count: 2, inTitles: 1, quoted: 0, salience: 9, firstUnit: 'a:t1', quote: `加快发展新质生产力${EVIL}`,
      takenUpBy: [{ id: 'b', title: `乙${EVIL}`, region: `乙市${EVIL_IMG}`, level: 'city', date: '2025-02-01', year: 2025, unitId: 'b:t2' }], laterDocuments: 4,
    },
  ],
  shifts: {
    previous: { id: 'z', title: `去年${EVIL}`, region: 'r', level: 'city', date: '2023-03-05', year: 2023 },
    shifts: [{ ladder: 'advance', from: '推进', to: '深化', direction: 'up', label: '推进力度', a: 'z:t1', b: 'a:t2', was: `推进改革${EVIL}`, now: '深化改革' }],
    up: 1,
    down: 0,
    stances: [{ ladder: 'monetary-stance', label: '货币政策取向', was: '稳健', now: '适度宽松', direction: 'up' }],
  },
};

const FIXTURES: Record<string, unknown> = {
  // the API's name filter, enough of it for the pages: a name selects its rows, an unknown one none
  '/api/indicators/plan-vs-actual': (p: URLSearchParams) => PVA.filter((r) => !p.get('name') || r.name.includes(p.get('name')!)),
  '/api/indicators': FIGURES,
  '/api/search': { query: 'q', total: 45, hits: [hit(1), hit(2)], facets: { year: { 2022: 2 }, region: { [`测试${EVIL}`]: 2 }, level: { city: 2 }, kind: { task: 2 } } },
  '/api/compare': {
    query: 'q',
    kind: 'statement',
    seed: null,
    view: 'sentence',
    threshold: 0.3,
    timeline: [
      step(2022, `经费1000万元${EVIL}`, null),
      gap(2023),
      step(2024, `经费2000万元${EVIL}`, [{ op: 'equal', text: '经费' }, { op: 'delete', text: '1000' }, { op: 'insert', text: '2000' }, { op: 'equal', text: `万元${EVIL}` }, { op: 'insert', text: EVIL_IMG }]),
    ],
  },
  '/api/diff': {
    a: 'a',
    b: 'b',
    pairs: [
      { a: 'a:t1', b: 'b:t1', similarity: 0.5, diff: [{ op: 'delete', text: `旧${EVIL}` }, { op: 'insert', text: '新' }] },
      { a: null, b: 'b:t2', similarity: null, diff: [{ op: 'insert', text: `新增${EVIL_IMG}` }] },
      { a: 'a:t2', b: null, similarity: null, diff: [{ op: 'delete', text: `删去${EVIL}` }] },
      { a: 'a:t3', b: 'b:t3', similarity: 1, diff: [{ op: 'equal', text: '相同' }] },
      {
        a: 'a:t4',
        b: 'b:t4',
        similarity: 0.9,
        diff: [
          { op: 'equal', text: '实施' },
          { op: 'delete', text: '稳健的' },
          { op: 'insert', text: '适度宽松的', shift: { ladder: 'monetary-stance', from: '稳健', to: '适度宽松', direction: 'up' } },
          { op: 'equal', text: '货币政策' },
        ],
      },
    ],
    summary: { matched: 1, changed: 1, added: 1, removed: 1 },
  },
  // an unknown document is the API's 404, as the engine answers it
  '/api/new': (p: URLSearchParams) =>
    p.get('doc') === 'a' ? NEW : Response.json({ error: { code: 'NOT_FOUND', message: `no document with id "${p.get('doc')}"` } }, { status: 404 }),
  '/api/first': { phrase: 'q', first: occurrence(2021), occurrences: [occurrence(2021), occurrence(2024)] },
  '/api/trend': { query: 'q', byYear: { 2021: { units: 1, occurrences: 1 }, 2024: { units: 2, occurrences: 3 } }, byRegion: { [`全国${EVIL}`]: { units: 3, occurrences: 4 } } },
  '/api/documents': [{ id: 'a', title: `甲${EVIL}`, issuer: 'x', region: 'r', level: 'city', year: 2022, date: null, kind: 'work-points', docNo: null, source: 's', units: 2 }],
  '/api/documents/a': {
    meta: { id: 'a', title: `甲${EVIL}`, issuer: `局${EVIL_IMG}`, region: 'r', level: 'city', year: 2022, date: null, kind: 'work-points', docNo: null, source: 's' },
    units: [unit('a:s1', 'section', 0, `一、总体${EVIL}`, ['一、总体']), unit('a:t1', 'task', 20, `1.一是甲${EVIL}，二是乙`, ['一、总体']), unit('a:i1', 'item', 22, `一是甲${EVIL}`, ['一、总体']), unit('a:i2', 'item', 26 + EVIL.length, '二是乙', ['一、总体'])],
  },
};

function stub() {
  const calls: string[] = [];
  const api = (p: string) => {
    calls.push(p);
    const path = decodeURIComponent(p.split('?')[0]);
    const q = new URL(p, 'http://x').searchParams.get('q') ?? '';
    if (q.includes('"')) return Response.json({ error: { code: 'BAD_QUERY', message: `unbalanced quote ${EVIL}` } }, { status: 400 });
    if (!(path in FIXTURES)) return Response.json({ error: { code: 'NOT_FOUND', message: `no document with id "${path}"` } }, { status: 404 });
    const answer = FIXTURES[path];
    const out = typeof answer === 'function' ? answer(new URL(p, 'http://x').searchParams) : answer;
    return out instanceof Response ? out : Response.json(out);
  };
  return { app: createWeb(api), calls };
}

async function page(path: string) {
  const { app, calls } = stub();
  const res = await app.request(path);
  const html = await res.text();
  // the only script on any page is the page's own; document markup never becomes a tag or an attribute
  expect(html.match(/<script/g)?.length ?? 0).toBe(1);
  expect(html).not.toContain('<img');
  return { res, html, calls };
}

describe('web pages over canned API answers', () => {
  it('search: marks matches, escapes text, links facets, documents and pages', async () => {
    const { res, html, calls } = await page('/?q=%E6%8F%AD%E6%A6%9C%E6%8C%82%E5%B8%85&page=2');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(calls[0]).toBe('/api/search?q=%E6%8F%AD%E6%A6%9C%E6%8C%82%E5%B8%85&limit=20&offset=20');
    expect(html).toContain('<mark>揭榜挂帅</mark>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;机制');
    expect(html).toContain('href="/doc/d1#d1:t1"');
    expect(html).toContain('href="/?q=%E6%8F%AD%E6%A6%9C%E6%8C%82%E5%B8%85+year%3A2022"');
    expect(html).toContain('href="/compare?unit=d1%3At1"');
    expect(html).toMatch(/<span aria-current="page">2<\/span>/);
    expect(html).toContain('rel="prev"');
    expect(html).toContain('value="揭榜挂帅"');
  });

  it('search: an active facet is marked current and its link removes it', async () => {
    const { html } = await page('/?q=x+year%3A2022');
    expect(html).toContain('<a href="/?q=x" aria-current="true" data-facet="year:2022"');
    expect(html).toContain('<a href="/?q=x+year%3A2022+level%3Acity" data-facet="level:city"');
  });

  it('search: an API refusal is shown with its status, still escaped', async () => {
    const { res, html } = await page('/?q=%22open');
    expect(res.status).toBe(400);
    expect(html).toContain('role="alert"');
    expect(html).toContain('unbalanced quote &lt;script&gt;');
  });

  it('compare: coloured step diffs, numbers emphasised, and a first-versus-last switch', async () => {
    const steps = await page('/compare?q=x');
    expect(steps.html).toContain('<del class="num"><strong>1000</strong></del><ins class="num"><strong>2000</strong></ins>');
    expect(steps.html).toContain('<ins class="num">&lt;img src=x onerror=alert(<strong>1</strong>)&gt;</ins>');
    expect(steps.html).toContain('href="/compare?q=x&amp;mode=first-last"');
    // the statement goes in a textarea; a gap is drawn in its place in the years, and each entry says why it was picked
    expect(steps.html).toMatch(/<textarea id="q" name="q"[^>]*>x<\/textarea>/);
    expect(steps.html).toMatch(/<li class="gap" aria-label="2023 年未提及">[\s\S]*未提及（not in 文件2023&lt;script&gt;/);
    expect(steps.html.indexOf('class="gap"')).toBeLessThan(steps.html.indexOf('d2024:t1'));
    expect(steps.html).toContain('similarity 0.80 · shares 经费&lt;script&gt;');
    expect(steps.html).toContain('1 份文件未提及');
    const fl = await page('/compare?q=x&mode=first-last');
    expect(fl.html).toContain('aria-current="true">首尾比较');
    expect(fl.html).toContain('class="text first-last"');
    expect(fl.html).toMatch(/<del class="num"><strong>1000<\/strong>/);
    // a statement too long for a URL is posted; the page asks the API the same question
    const { app, calls } = stub();
    const long = '粮食产量保持在1.3万亿斤以上。'.repeat(100);
    const posted = await app.request('/compare', { method: 'POST', body: new URLSearchParams({ q: long }) });
    expect(posted.status).toBe(200);
    expect(calls[0]).toBe(`/api/compare?${new URLSearchParams({ q: long })}`);
    expect(await posted.text()).toContain('d2024:t1');
    expect(steps.html).toContain('formmethod="post"');
    const byUnit = await page('/compare?unit=d1%3At1');
    expect(byUnit.calls[0]).toBe('/api/compare?unit=d1%3At1');
  });

  it('compare: the reading, view, gaps, filters and layout chosen travel in the form, the API call, the downloads and the permalink', async () => {
    const state = 'q=x&as=statement&view=paragraph&hideGaps=true&year=2020..2024&region=%E5%9B%9B%E5%B7%9D';
    const { html, calls } = await page(`/compare?${state}&mode=first-last`);
    expect(calls[0]).toBe(`/api/compare?${state}`);
    for (const format of ['csv', 'xlsx', 'docx', 'md']) expect(html).toContain(`href="/api/compare?${state.replaceAll('&', '&amp;')}&amp;format=${format}"`);
    expect(html).toContain(`<a href="/compare?${state.replaceAll('&', '&amp;')}&amp;mode=first-last" class="permalink">`);
    expect(html).toContain(`href="/compare?${state.replaceAll('&', '&amp;')}" aria-current="false">逐步比较`);
    expect(html).toMatch(/<option value="statement" selected="">/);
    expect(html).toMatch(/<option value="paragraph" selected="">/);
    expect(html).toContain('<input type="checkbox" name="hideGaps" value="true" checked=""/>');
    expect(html).toContain('<input type="hidden" name="year" value="2020..2024"/>');
    expect(html).toContain('<input type="hidden" name="region" value="四川"/>');
    // the long-statement form posts the same choices
    const { app, calls: posted } = stub();
    await app.request('/compare', { method: 'POST', body: new URLSearchParams({ q: 'x', as: 'statement', view: 'paragraph', hideGaps: 'true' }) });
    expect(posted[0]).toBe('/api/compare?q=x&as=statement&view=paragraph&hideGaps=true');
    // defaults are left out of every link; a bad filter is refused with the reason
    const plain = await page('/compare?q=x&view=sentence&as=nonsense');
    expect(plain.calls[0]).toBe('/api/compare?q=x');
    const bad = await page('/compare?q=x&year=20');
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain('year:20 is not a year');
  });

  it('diff: summary, changed pairs, additions and removals', async () => {
    const { html, calls } = await page('/diff?a=a&b=b');
    expect(calls).toContain('/api/diff?a=a&b=b');
    expect(html).toContain('<del>旧&lt;script&gt;');
    expect(html).toContain('<ins class="num">新增&lt;img');
    expect(html).toContain('href="/doc/a#a:t1"');
    expect(html).toContain('href="/doc/b#b:t2"');
    expect(html).not.toContain('a:t3'); // unchanged pairs are only counted
    expect(html).toContain('<del>删去&lt;script&gt;');
    expect(html).toMatch(/<option value="a" selected="">/);
  });

  it('diff: a replacement that moves along a ladder is framed and tagged with its direction', async () => {
    const { html } = await page('/diff?a=a&b=b');
    expect(html).toContain('<del class="shifted">稳健的</del><ins class="shifted">适度宽松的</ins><span class="shift-tag up" title="货币政策取向：稳健 → 适度宽松（加强）">↑货币政策取向</span>');
  });

  it('new: the phrases, each with its quote, first unit and the documents that took it up, then the shifts', async () => {
    const { html, calls, res } = await page('/new?doc=a');
    expect(res.status).toBe(200);
    expect(calls).toContain('/api/new?doc=a');
    expect(html).toContain('<mark>新质生产力</mark>&lt;script&gt;');
    expect(html).toContain('href="/first?q=%E6%96%B0%E8%B4%A8%E7%94%9F%E4%BA%A7%E5%8A%9B"');
    expect(html).toContain('href="/doc/a#a:t1"');
    expect(html).toContain('href="/doc/b#b:t2"');
    expect(html).toContain('乙市&lt;img');
    expect(html).toContain('等 4 份文件');
    expect(html).toContain('<td>货币政策取向</td><td>稳健</td><td>适度宽松</td>');
    expect(html).toContain('推进改革&lt;script&gt;');
    expect(html).toContain('href="/diff?a=z&amp;b=a"');
    expect(html).toContain('href="/new?doc=a&amp;against=all"');
  });

  it('new: without a document, or with an unknown one, says so', async () => {
    expect((await page('/new')).res.status).toBe(400);
    const missing = await page('/new?doc=nope');
    expect(missing.res.status).toBe(404);
    expect(missing.html).toContain('no document with id');
  });

  it('first: the first appearance, an SVG bar per year in the span, and the chronology', async () => {
    const { html } = await page('/first?q=%E6%8F%AD%E6%A6%9C%E6%8C%82%E5%B8%85');
    expect(html).toContain('最早出现');
    expect(html).toContain('<mark>揭榜挂帅</mark>&lt;script&gt;');
    expect(html.match(/<rect class="bar"/g)).toHaveLength(4); // 2021..2024, empty years included
    expect(html).toContain('href="/doc/d2024#d2024:t1"');
    expect(html).toContain('全国&lt;script&gt;');
  });

  it('doc: an outline whose units and items are link targets', async () => {
    const { html } = await page('/doc/a');
    expect(html).toContain('<h2 id="a:s1" class="unit">一、总体&lt;script&gt;');
    expect(html).toContain('<span class="item" id="a:i1">一是甲&lt;script&gt;');
    expect(html).toContain('<span class="item" id="a:i2">二是乙</span>');
    expect(html).toContain('href="/new?doc=a"');
    const missing = await page('/doc/nope');
    expect(missing.res.status).toBe(404);
  });

  it('docs: lists every document with a link', async () => {
    const { html } = await page('/docs');
    expect(html).toContain('href="/doc/a"');
    expect(html).toContain('甲&lt;script&gt;');
  });

  it('indicators: a chart with targets hollow and actuals filled, then the plan-vs-actual table', async () => {
    const { res, html, calls } = await page(`/indicators?name=${encodeURIComponent(TECH)}&region=${encodeURIComponent('四川')}`);
    expect(res.status).toBe(200);
    expect(calls).toContain(`/api/indicators/plan-vs-actual?name=${encodeURIComponent(TECH)}&region=${encodeURIComponent('四川')}`);
    expect(html).toContain('<a href="/indicators" aria-current="page">指标</a>');
    expect(html).toMatch(/<option value="技术合同成交额" selected="">/);
    expect(html).toContain('value="四川"');
    const svg = html.match(/<svg class="plot"[\s\S]*?<\/svg>/)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/aria-label="[^"]*2022 年：目标 1420亿元（力争），实际 1649亿元，完成 116.1%；2024 年：目标 2200亿元（力争），实际 未见/);
    expect(svg).toMatch(/<rect class="t"[^>]*><title>2022 年目标：1420亿元/);
    expect(svg).toMatch(/<rect class="a"[^>]*><title>2022 年实际：1649亿元/);
    expect(svg).toMatch(/<rect class="t"[^>]*><title>2024 年目标：2200亿元/);
    expect(svg.match(/<rect class="a"/g)).toHaveLength(1); // no actual for 2024 yet
    expect(svg).toContain('>116.1%</text>');
    expect(svg).not.toContain(INFO);
    expect(html).toContain('href="/doc/sichuan-2022-work-points#sichuan-2022-work-points:p9"');
    expect(html).toContain('href="/doc/sichuan-2023-conference#sichuan-2023-conference:i4"');
    expect(html).toMatch(/<td data-label="完成率" class="num met">116.1%<\/td>/);
    // the document's text, in headings, tooltips and attributes, stays text
    expect(html).toContain('四川省&lt;script&gt;');
    expect(html).toContain('title="技术合同成交额达到1420亿元&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"');
  });

  it('indicators: without a name, every indicator of the region, most recent first, each linked to its chart', async () => {
    const { res, html } = await page('/indicators?region=%E5%9B%9B%E5%B7%9D');
    expect(res.status).toBe(200);
    expect(html).not.toContain('<svg class="plot"');
    expect(html).toMatch(/<option value="" selected="">|<option value="">全部指标/);
    const info = `href="/indicators?${new URLSearchParams({ name: INFO, region: `四川省${EVIL}` }).toString().replace('&', '&amp;')}"`;
    expect(html).toContain(info);
    const years = [...html.matchAll(/<tr><th scope="row">(\d{4})<\/th>/g)].map((m) => Number(m[1]));
    expect(years).toEqual([2024, 2022, 2022]);
    expect(html).toContain('<option value="科技信息服务业营业收入">');
  });

  it('indicators: an unknown indicator is a friendly empty page that offers the known ones', async () => {
    const { res, html } = await page(`/indicators?name=${encodeURIComponent(`没有的指标${EVIL}`)}&region=%E5%9B%9B%E5%B7%9D`);
    expect(res.status).toBe(200);
    expect(html).not.toContain('role="alert"');
    expect(html).toContain('没有找到指标“没有的指标&lt;script&gt;');
    expect(html).toContain(`href="/indicators?name=${encodeURIComponent(TECH)}&amp;region=%E5%9B%9B%E5%B7%9D"`);
    expect(html).toMatch(/<option value="没有的指标&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;" selected="">/);
  });

  it('without an API to read, a page says so instead of rendering nonsense', async () => {
    const quiet = vi.spyOn(console, 'error').mockImplementation(() => {});
    const res = await web.request('/?q=x');
    expect(quiet).toHaveBeenCalledOnce();
    quiet.mockRestore();
    expect(res.status).toBe(500);
    expect(await res.text()).toContain('role="alert"');
  });
});

describe('toggleFilter', () => {
  it('adds, replaces and removes a filter, leaving phrases alone', () => {
    expect(toggleFilter('揭榜挂帅', 'year', '2022')).toEqual({ q: '揭榜挂帅 year:2022', active: false });
    expect(toggleFilter('揭榜挂帅 year:2021', 'year', '2022').q).toBe('揭榜挂帅 year:2022');
    expect(toggleFilter('揭榜挂帅 year:2022', 'year', '2022')).toEqual({ q: '揭榜挂帅', active: true });
    expect(toggleFilter('"year:2022 x" a', 'year', '2022').q).toBe('"year:2022 x" a year:2022');
  });
});

describe('phraseOf', () => {
  it('is the one searched phrase, without filters or quotes, or null for a compound query', () => {
    expect(phraseOf('揭榜挂帅 year:2022 region:全国')).toBe('揭榜挂帅');
    expect(phraseOf('"基础研究 十年行动"')).toBe('基础研究 十年行动');
    expect(phraseOf('基础研究 十年行动')).toBeNull();
    expect(phraseOf('-疫情 year:2022')).toBeNull();
  });
});
