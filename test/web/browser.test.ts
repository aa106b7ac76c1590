/**
 * The site in a real browser (Debian's Chromium driven by playwright-core), checking what a person sees:
 * search → facet → back → document → compare → precedent, plus phone width and keyboard use.
 * Screenshots go to test/screenshots/ (git-ignored) for a human look.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedEngine } from '../helpers/seeds.js';
import { appWithWeb, syntheticEngine } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = 'test/screenshots';
const PHRASE = '揭榜挂帅';
const q = (u: URL) => u.searchParams.get('q');

async function listen(app: { fetch: (r: Request) => Response | Promise<Response> }): Promise<{ server: ServerType; base: string }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ server, base: `http://127.0.0.1:${info.port}` }),
    );
  });
}

describe.skipIf(!existsSync(CHROMIUM))(`the web pages in Chromium (skipped without ${CHROMIUM}: apt-get install chromium)`, () => {
  let browser: Browser;
  let seeds: { server: ServerType; base: string };
  let synthetic: { server: ServerType; base: string };

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const { engine } = await seedEngine();
    // these tests judge pages, not the time budget (test/http covers it): on a loaded CI machine a page's first
    // cold API call can pass 3 s and a 503 would empty a form's options
    const opts = { timeBudgetMs: 60_000 };
    seeds = await listen(appWithWeb(engine, opts));
    synthetic = await listen(appWithWeb(syntheticEngine(), opts));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    seeds?.server.close();
    synthetic?.server.close();
  });

  const open = async (width = 1200): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    page.setDefaultTimeout(10_000);
    // a page's first load can do cold work (a first diff, 新提法) that a loaded machine stretches past 10 s
    page.setDefaultNavigationTimeout(45_000);
    // any dialog would mean document text ran as script
    page.on('dialog', (d) => {
      throw new Error(`unexpected dialog: ${d.message()}`);
    });
    return page;
  };
  const query = (page: Page) => q(new URL(page.url()));

  it('search: type, Enter, marks, facet click changes the URL, back restores it, result opens in context', async () => {
    const page = await open();
    await page.goto(seeds.base + '/');
    await page.getByLabel('检索', { exact: true }).fill(PHRASE);
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.searchParams.get('q') === PHRASE);
    const marks = await page.locator('ol.results mark').allTextContents();
    expect(marks.length).toBeGreaterThan(0);
    expect(new Set(marks)).toEqual(new Set([PHRASE]));
    const allResults = await page.locator('ol.results > li').count();
    expect(allResults).toBeGreaterThan(1);
    await page.screenshot({ path: `${SHOTS}/search.png`, fullPage: true });

    const facet = page.locator('a[data-facet="region:全国"]');
    expect(await facet.getAttribute('aria-current')).toBeNull();
    await facet.click();
    await page.waitForURL((u) => q(u) === `${PHRASE} region:全国`);
    expect(await page.locator('a[data-facet="region:全国"]').getAttribute('aria-current')).toBe('true');
    const regions = await page.locator('ol.results .region').allTextContents();
    expect(regions.length).toBeGreaterThan(0);
    expect(regions.length).toBeLessThan(allResults);
    expect(new Set(regions)).toEqual(new Set(['全国']));
    await page.screenshot({ path: `${SHOTS}/search-facet.png`, fullPage: true });

    await page.goBack();
    expect(query(page)).toBe(PHRASE);
    expect(await page.locator('ol.results > li').count()).toBe(allResults);
    expect(await page.getByLabel('检索', { exact: true }).inputValue()).toBe(PHRASE);
    expect(await page.locator('a[data-facet="region:全国"]').getAttribute('aria-current')).toBeNull();

    await page.locator('ol.results > li h3 a').first().click();
    await page.waitForURL(/\/doc\//);
    const hash = decodeURIComponent(new URL(page.url()).hash.slice(1));
    const target = page.locator(':target');
    expect(await target.getAttribute('id')).toBe(hash);
    expect(await target.textContent()).toContain(PHRASE);
    expect(await target.isVisible()).toBe(true);
    expect(await target.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
    await page.screenshot({ path: `${SHOTS}/document.png` });
    await page.close();
  });

  it('compare: a timeline of coloured diffs, and a first-versus-last switch kept in the URL', async () => {
    const page = await open();
    await page.goto(`${seeds.base}/?q=${encodeURIComponent(PHRASE)}`);
    await page.locator('#results-heading').getByRole('link', { name: '历年比较' }).click();
    await page.waitForURL(/\/compare\?/);
    expect(query(page)).toBe(PHRASE);
    const steps = page.locator('ol.timeline > li');
    expect(await steps.count()).toBeGreaterThan(1);
    const del = page.locator('ol.timeline del').first();
    const ins = page.locator('ol.timeline ins').first();
    expect(await del.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(180, 35, 24)');
    expect(await ins.evaluate((el) => getComputedStyle(el).color)).toBe('rgb(17, 105, 58)');
    expect(await del.evaluate((el) => getComputedStyle(el).textDecorationLine)).toBe('line-through');
    await page.screenshot({ path: `${SHOTS}/compare.png`, fullPage: true });

    await page.getByRole('link', { name: '首尾比较' }).click();
    await page.waitForURL((u) => u.searchParams.get('mode') === 'first-last');
    await expect.poll(() => page.locator('.first-last').isVisible()).toBe(true);
    expect(await page.locator('ol.timeline').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/compare-first-last.png`, fullPage: true });
    await page.goBack();
    expect(await page.locator('ol.timeline > li').count()).toBe(await steps.count());
    await page.close();
  });

  it('compare: the choices made in the form (whole paragraphs, gaps hidden) are in the URL, the permalink and the downloads', async () => {
    const page = await open();
    await page.goto(`${seeds.base}/compare?q=${encodeURIComponent(PHRASE)}`);
    expect(await page.locator('ol.timeline > li.gap').count()).toBeGreaterThan(0);
    await page.locator('select[name=view]').selectOption('paragraph');
    await page.locator('input[name=hideGaps]').check();
    await page.getByRole('button', { name: '比较', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('view') === 'paragraph' && u.searchParams.get('hideGaps') === 'true');
    expect(await page.locator('ol.timeline > li.gap').count()).toBe(0);
    const permalink = new URL((await page.getByRole('link', { name: '本比较的永久链接' }).getAttribute('href'))!, seeds.base);
    expect(Object.fromEntries(permalink.searchParams)).toEqual({ q: PHRASE, view: 'paragraph', hideGaps: 'true' });
    for (const a of await page.locator('a.download').all()) expect(new URL((await a.getAttribute('href'))!, seeds.base).searchParams.get('hideGaps')).toBe('true');
    // the shared link opens the same view
    await page.goto(permalink.href);
    expect(await page.locator('select[name=view]').inputValue()).toBe('paragraph');
    expect(await page.locator('ol.timeline > li.gap').count()).toBe(0);
    await page.close();
  });

  it('precedent: the first appearance is the 2021 State Council report, with a bar per year', async () => {
    const page = await open();
    await page.goto(`${seeds.base}/first?q=${encodeURIComponent(PHRASE)}`);
    const first = page.locator('section.first');
    expect(await first.textContent()).toContain('state-council-2021');
    expect(await first.locator('mark').first().textContent()).toBe(PHRASE);
    const bars = page.locator('figure.chart rect.bar');
    expect(await bars.count()).toBeGreaterThan(0);
    expect(await page.locator('figure.chart svg').isVisible()).toBe(true);
    expect(await page.locator('li.occurrence').count()).toBeGreaterThan(0);
    await page.screenshot({ path: `${SHOTS}/first.png`, fullPage: true });
    await page.close();
  });

  it('indicators: pick an indicator and region in the form, see targets and actuals per year as a chart over the table', async () => {
    const page = await open();
    await page.goto(`${seeds.base}/indicators`);
    await page.getByLabel('地区').fill('四川');
    await page.getByLabel('指标', { exact: true }).selectOption('技术合同成交额');
    await page.getByLabel('地区').press('Enter');
    await page.waitForURL((u) => u.searchParams.get('name') === '技术合同成交额' && u.searchParams.get('region') === '四川');
    const chart = page.locator('figure.ichart svg.plot');
    expect(await chart.count()).toBe(1);
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.getAttribute('aria-label')).toContain('完成 116.1%');
    // targets hollow, actuals filled
    const target = page.locator('svg.plot rect.t').first();
    const actual = page.locator('svg.plot rect.a').first();
    expect(await target.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(255, 255, 255)');
    expect(await target.evaluate((el) => getComputedStyle(el).stroke)).not.toBe('none');
    expect(await actual.evaluate((el) => getComputedStyle(el).fill)).toBe('rgb(155, 28, 28)');
    expect(await page.locator('svg.plot rect.t').count()).toBe(2);
    expect(await page.locator('svg.plot rect.a').count()).toBe(1);
    expect(await page.locator('svg.plot text.val').allTextContents()).toEqual(['1420亿元', '1649亿元', '2200亿元']);
    expect(await page.locator('table.pva tbody tr').first().textContent()).toContain('116.1%');
    await page.screenshot({ path: `${SHOTS}/indicators.png`, fullPage: true });

    // the overview links back to each chart
    await page.getByRole('link', { name: '“四川”的全部指标' }).click();
    await page.waitForURL((u) => !u.searchParams.has('name'));
    await page.getByRole('link', { name: '科技信息服务业营业收入' }).first().click();
    await page.waitForURL((u) => u.searchParams.get('name') === '科技信息服务业营业收入');
    expect(await page.locator('svg.plot').isVisible()).toBe(true);
    await page.close();
  });

  it('at 375 px wide no page scrolls sideways', async () => {
    const page = await open(375);
    const phrase = encodeURIComponent(PHRASE);
    for (const [name, path] of [
      ['search', `/?q=${phrase}`],
      ['compare', `/compare?q=${phrase}`],
      ['first', `/first?q=${phrase}`],
      ['document', '/doc/state-council-2021'],
      ['diff', '/diff?a=state-council-2024&b=state-council-2025'],
      ['docs', '/docs'],
      ['indicators', `/indicators?name=${encodeURIComponent('技术合同成交额')}&region=${encodeURIComponent('四川')}`],
      ['indicators-overview', '/indicators'],
    ]) {
      await page.goto(seeds.base + path);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      expect(width, `${name} is ${width}px wide`).toBeLessThanOrEqual(375);
      await page.screenshot({ path: `${SHOTS}/mobile-${name}.png` });
    }
    await page.close();
  });

  it('works from the keyboard: "/" focuses the box, Tab reaches a facet with a visible focus ring, Enter follows it', async () => {
    const page = await open();
    await page.goto(`${seeds.base}/?q=${encodeURIComponent(PHRASE)}`);
    await page.keyboard.press('/');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('q');
    let facet = '';
    for (let i = 0; i < 30 && !facet; i++) {
      await page.keyboard.press('Tab');
      facet = await page.evaluate(() => document.activeElement?.getAttribute('data-facet') ?? '');
    }
    expect(facet).not.toBe('');
    expect(await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle)).toBe('solid');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => q(u) === `${PHRASE} ${facet}`);
    await page.close();
  });

  it('a report containing <script> shows it as text and runs nothing', async () => {
    const page = await open();
    await page.goto(`${synthetic.base}/?q=${encodeURIComponent(PHRASE)}`);
    const text = await page.locator('ol.results').textContent();
    expect(text).toContain('<script>alert("x")</script>');
    expect(await page.locator('main script, main img').count()).toBe(0);
    await page.goto(`${synthetic.base}/doc/ceshi-2022-work-points`);
    expect(await page.locator('main').textContent()).toContain('<img src=x onerror=alert(1)>');
    expect(await page.locator('main img').count()).toBe(0);
    await page.screenshot({ path: `${SHOTS}/escaped.png` });
    await page.close();
  });
});

