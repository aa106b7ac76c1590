/** The pages served by the real API over an engine holding hostile synthetic reports. */
import { beforeAll, describe, expect, it } from 'vitest';
import { seedEngine } from '../helpers/seeds.js';
import { appWithWeb, syntheticEngine } from './helpers.js';

let app: ReturnType<typeof appWithWeb>;
beforeAll(() => {
  app = appWithWeb(syntheticEngine());
});

const get = async (path: string) => {
  const res = await app.request(path);
  return { res, html: await res.text() };
};
const q = encodeURIComponent('揭榜挂帅');

describe('pages over the real API', () => {
  it('serves the search page at /', async () => {
    const { res, html } = await get('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect(html).toContain('<form class="query" action="/" method="get" role="search">');
  });

  it('search results show a report containing <script> as text, with the match marked', async () => {
    const { res, html } = await get(`/?q=${q}`);
    expect(res.status).toBe(200);
    expect(html).toContain('<mark>揭榜挂帅</mark>&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;机制');
    expect(html).not.toContain('<script>alert');
    expect(html).toContain('href="/doc/ceshi-2022-work-points#ceshi-2022-work-points:t1"');
    expect(html).toContain('href="/?q=%E6%8F%AD%E6%A6%9C%E6%8C%82%E5%B8%85+year%3A2023"');
  });

  it('the document view keeps markup as text and every unit addressable', async () => {
    const { res, html } = await get('/doc/ceshi-2022-work-points');
    expect(res.status).toBe(200);
    expect(html).toContain('id="ceshi-2022-work-points:t1"');
    expect(html).toContain('<span class="item" id="ceshi-2022-work-points:i2">二是培养人才&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img');
    expect(html.match(/<script/g)).toHaveLength(1);
  });

  it('a bad query and an unknown document are explained with the API status', async () => {
    const bad = await get('/?q=%22open');
    expect(bad.res.status).toBe(400);
    expect(bad.html).toContain('role="alert"');
    const missing = await get('/doc/nope');
    expect(missing.res.status).toBe(404);
    expect(missing.html).toContain('role="alert"');
  });

  it('compare shows the step diff between the two years, numbers emphasised', async () => {
    const { res, html } = await get(`/compare?q=${q}`);
    expect(res.status).toBe(200);
    expect(html).toContain('<ol class="timeline">');
    expect(html).toMatch(/<del class="num">[^<]*<strong>1000<\/strong>/);
    expect(html).toMatch(/<ins class="num">[^<]*<strong>2000<\/strong>/);
    expect(html).not.toContain('<script>alert');
  });

  it('first shows the earliest report and a bar chart', async () => {
    const { res, html } = await get(`/first?q=${q}`);
    expect(res.status).toBe(200);
    expect(html).toContain('ceshi-2022-work-points');
    expect(html).toContain('<rect class="bar"');
    expect(html).not.toContain('<script>alert');
  });

  it('diff compares the two reports', async () => {
    const { res, html } = await get('/diff?a=ceshi-2022-work-points&b=ceshi-2023-work-points');
    expect(res.status).toBe(200);
    expect(html).toContain('对比摘要');
    expect(html).toMatch(/<(del|ins)/);
    expect(html).not.toContain('<script>alert');
  });
});

describe('the indicator page over the bundled seeds', () => {
  let seeds: ReturnType<typeof appWithWeb>;
  beforeAll(async () => {
    // these tests judge the page, not the time budget (test/http covers it): on a loaded machine the overview's
    // first answer can pass the default budget and come back 503
    seeds = appWithWeb((await seedEngine()).engine, { timeBudgetMs: 60_000 });
  });
  const open = async (name: string | null, region: string) => {
    const res = await seeds.request(`/indicators?${new URLSearchParams(name === null ? { region } : { name, region })}`);
    return { res, html: await res.text() };
  };

  it('charts 四川 技术合同成交额: targets 1420 and 2200亿元, the 2022 actual 1649亿元, attainment 116.1%', async () => {
    const { res, html } = await open('技术合同成交额', '四川');
    expect(res.status).toBe(200);
    const svg = html.match(/<svg class="plot"[\s\S]*?<\/svg>/)?.[0] ?? '';
    expect(svg).toContain('role="img"');
    expect(svg).toMatch(/aria-label="四川省 技术合同成交额（单位：亿元）[^"]*2022 年：目标 1420亿元[^"]*实际 1649亿元，完成 116.1%；2024 年：目标 2200亿元/);
    expect(svg).toMatch(/<rect class="t"[^>]*><title>2022 年目标：1420亿元/);
    expect(svg).toMatch(/<rect class="a"[^>]*><title>2022 年实际：1649亿元/);
    expect(svg).toMatch(/<rect class="t"[^>]*><title>2024 年目标：2200亿元/);
    expect(svg).toContain('>116.1%</text>');
    expect(html).toMatch(/class="num met">116.1%</);
    expect(html).toContain('href="/doc/sichuan-2022-work-points#sichuan-2022-work-points:');
    expect(html).toContain('href="/doc/sichuan-2023-conference#sichuan-2023-conference:');
  });

  it('the overview lists every indicator of the region, linked to its chart', async () => {
    const { res, html } = await open(null, '四川');
    expect(res.status).toBe(200);
    expect(html).toContain(`href="/indicators?${new URLSearchParams({ name: '科技信息服务业营业收入', region: '四川省' }).toString().replace('&', '&amp;')}"`);
    expect(html).toContain('>科技信息服务业营业收入</a>');
    expect(html).not.toContain('<svg class="plot"');
    const all = await seeds.request('/indicators');
    expect(all.status).toBe(200);
    expect(await all.text()).toContain('>全国</td>');
  });

  it('an unknown indicator is a friendly empty page, not an error', async () => {
    const { res, html } = await open('不存在的指标', '四川');
    expect(res.status).toBe(200);
    expect(html).not.toContain('role="alert"');
    expect(html).toContain('没有找到指标“不存在的指标”');
    expect(html).toContain('>技术合同成交额</a>');
  });
});
