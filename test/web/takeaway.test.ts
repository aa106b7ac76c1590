/**
 * Taking results away, in a real browser (Debian's Chromium driven by playwright-core): download buttons that
 * save a file named in Chinese which opens with the hits, citations copied with one click, permalinks that
 * open the unit, and a spinner when a page is slow to come.
 */
import { existsSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import { search } from '../../src/search/search.js';
import { compare } from '../../src/compare/timeline.js';
import { citeUnit } from '../../src/export/index.js';
import { seedEngine } from '../helpers/seeds.js';
import { readExcel, readWord, sheetRows } from '../export/readers.js';
import { createApp } from '../../src/http/app.js';

const CHROMIUM = '/usr/bin/chromium';
const PHRASE = '揭榜挂帅';

describe.skipIf(!existsSync(CHROMIUM))(`taking results away, in Chromium (skipped without ${CHROMIUM})`, () => {
  let engine: Engine;
  let browser: Browser;
  let context: BrowserContext;
  let server: ServerType;
  let base: string;

  beforeAll(async () => {
    ({ engine } = await seedEngine());
    await new Promise<void>((resolve) => {
      // a roomy budget: these tests are about the files, and the first 新提法 of a run is cold
      server = serve({ fetch: createApp(engine, { timeBudgetMs: 60_000 }).fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
        base = `http://127.0.0.1:${info.port}`;
        resolve();
      });
    });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    context = await browser.newContext({ acceptDownloads: true, permissions: ['clipboard-read', 'clipboard-write'], viewport: { width: 1200, height: 900 } });
  });

  afterAll(async () => {
    await browser?.close();
    server?.close();
  });

  const open = async (path: string): Promise<Page> => {
    const page = await context.newPage();
    page.setDefaultTimeout(15_000);
    // a page's first load can do cold work (新提法, a first diff) that a loaded machine stretches past 15 s
    page.setDefaultNavigationTimeout(45_000);
    await page.goto(base + path);
    return page;
  };

  it('the Excel button on the search page saves every hit in a file named after the query', async () => {
    const page = await open(`/?q=${encodeURIComponent(PHRASE)}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.downloads a[data-format="xlsx"]').click()]);
    expect(download.suggestedFilename()).toMatch(new RegExp(`^检索-${PHRASE}-\\d{4}-\\d{2}-\\d{2}\\.xlsx$`));
    const rows = sheetRows((await readExcel(readFileSync((await download.path())!))).worksheets[0]);
    const all = search(engine, PHRASE, { limit: 1000 });
    expect(rows.map((r) => r.unitId)).toEqual(all.hits.map((h) => h.unitId));
    expect(rows.every((r) => typeof r.unitStart === 'number' && String(r.text).includes(PHRASE))).toBe(true);
    await page.close();
  });

  it('the Word button on the compare page saves the comparison with its deletions struck through', async () => {
    const page = await open(`/compare?q=${encodeURIComponent('基础研究十年行动')}`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('.downloads a[data-format="docx"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^历年比较-基础研究十年行动-\d{4}-\d{2}-\d{2}\.docx$/);
    const doc = await readWord(readFileSync((await download.path())!));
    expect(doc.paragraphs[0]).toBe('历年比较：基础研究十年行动');
    const struck = doc.tables[0].slice(1).map((row) => row[2][0].filter((r) => r.strike).map((r) => r.text).join(''));
    const deleted = compare(engine, { query: '基础研究十年行动' })
      .timeline.map((e) => (e.type === 'entry' && e.diff ? e.diff : []).filter((o) => o.op === 'delete').map((o) => o.text).join(''));
    expect(struck).toEqual(deleted);
    expect(deleted.filter(Boolean).length).toBeGreaterThan(1);
    await page.close();
  });

  it('every page with results offers its downloads', async () => {
    const pages = [
      `/?q=${PHRASE}`,
      '/compare?q=基础研究十年行动',
      '/diff?a=sichuan-2023-conference&b=sichuan-2024-conference',
      `/first?q=${PHRASE}`,
      '/indicators?name=技术合同成交额',
      '/new?doc=state-council-2024',
    ];
    for (const path of pages) {
      const page = await open(encodeURI(path));
      const links = page.locator('.downloads a.download');
      expect(await links.count(), path).toBeGreaterThanOrEqual(4);
      for (const href of await links.evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))) {
        const res = await page.request.get(base + href);
        expect(res.status(), href).toBe(200);
        expect(res.headers()['content-disposition'], href).toMatch(/^attachment; .*filename\*=UTF-8''/);
      }
      await page.close();
    }
  });

  it('copies a hit’s citation with one click, and its permalink opens the unit', async () => {
    const page = await open(`/?q=${encodeURIComponent(PHRASE)}`);
    const first = page.locator('ol.results > li').first();
    const citation = await first.locator('.citation').textContent();
    const button = first.getByRole('button', { name: /复制引文/ });
    await button.click();
    await expect.poll(() => button.textContent()).toBe('已复制');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(citation);

    await first.getByRole('link', { name: '永久链接' }).click();
    await page.waitForURL(/\/u\//);
    const unitId = decodeURIComponent(new URL(page.url()).pathname.slice(3));
    const { unit, doc } = engine.getUnit(unitId);
    expect(await page.locator('h1').textContent()).toBe(unit.title);
    expect(await page.locator('.citation').textContent()).toBe(citeUnit(doc, unit));
    expect(citation).toBe(citeUnit(doc, unit));
    await page.close();
  });

  it('a permalink to a unit that no longer exists explains and leads to its document', async () => {
    const page = await open('/u/state-council-2021:p9999');
    expect(await page.locator('h1').textContent()).toBe('找不到这一条');
    await page.getByRole('link', { name: /2021年.*政府工作报告/ }).click();
    await page.waitForURL(/\/doc\/state-council-2021/);
    await page.close();
  });

  it('shows a spinner while a page takes longer than 300 ms, and none while it does not', async () => {
    // the page being left reports each change of its busy state (playwright cannot query a page mid-navigation)
    const seen: { busy: boolean; ms: number; spinner: string }[] = [];
    const page = await context.newPage();
    await page.exposeFunction('reportBusy', (x: (typeof seen)[number]) => seen.push(x));
    const watch = () =>
      page.evaluate(() => {
        const w = window as unknown as { clickAt: number; reportBusy: (x: unknown) => void };
        document.addEventListener('click', () => (w.clickAt = performance.now()), true);
        new MutationObserver(() =>
          w.reportBusy({
            busy: document.documentElement.classList.contains('busy'),
            ms: performance.now() - w.clickAt,
            spinner: getComputedStyle(document.querySelector('.spinner')!).display,
          }),
        ).observe(document.documentElement, { attributes: true });
      });
    await page.route((url) => url.pathname === '/compare', async (route) => {
      await new Promise((r) => setTimeout(r, 1500));
      await route.continue();
    });
    await page.route((url) => url.pathname === '/docs', (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>fast</title>' }));

    await page.goto(`${base}/?q=${encodeURIComponent(PHRASE)}`);
    expect(await page.locator('.spinner').isVisible()).toBe(false);
    await watch();
    await page.locator('#results-heading').getByRole('link', { name: '历年比较' }).click();
    await page.waitForURL(/\/compare\?/);
    await page.waitForLoadState('load');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ busy: true, spinner: 'block' });
    expect(seen[0].ms).toBeGreaterThanOrEqual(290);
    expect(seen[0].ms).toBeLessThan(1500);
    expect(await page.locator('.spinner').isVisible()).toBe(false);

    seen.length = 0;
    await watch();
    await page.getByRole('link', { name: '文件', exact: true }).click();
    await page.waitForURL(/\/docs$/);
    // a page that comes at once shows no spinner; on a loaded machine "at once" can pass 300 ms, and then the
    // spinner is right to show, but never before 300 ms
    expect(seen.filter((s) => s.busy && s.ms < 290)).toEqual([]);
    await page.close();
  });
});
