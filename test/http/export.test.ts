/**
 * Downloads from the API: `?format=` answers the file with its content type and a Chinese file name; the JSON
 * answers carry every unit's citation and permalink.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { createApp } from '../../src/http/app.js';
import { CONTENT_TYPE, FORMATS, citeDoc, citeUnit } from '../../src/export/index.js';
import type { Opened } from '../../src/persist/open.js';
import { readCsv, readExcel, readWord, sheetRows, utf8 } from '../export/readers.js';
import { seedEngine } from '../helpers/seeds.js';
import { expectError, getJson } from './setup.js';

let opened: Opened;
let app: Hono;
beforeAll(async () => {
  opened = await seedEngine();
  // a roomy budget: these tests are about the files, and the first 新提法 of a run is cold
  app = createApp(opened.engine, { info: opened.info, timeBudgetMs: 60_000 });
});

/** The file name a browser saves the answer under: RFC 5987's filename*. */
const savedAs = (res: Response) => decodeURIComponent(/filename\*=UTF-8''([^;]+)/.exec(res.headers.get('content-disposition') ?? '')?.[1] ?? '');

describe('?format= on every result route', () => {
  const routes = [
    ['/api/search?q=揭榜挂帅', '检索-揭榜挂帅'],
    ['/api/compare?q=基础研究十年行动', '历年比较-基础研究十年行动'],
    ['/api/compare?unit=sichuan-2022-work-points:t8', '历年比较-实施基础研究十年行动'],
    ['/api/diff?a=sichuan-2023-conference&b=sichuan-2024-conference', '文件对比-2023年全省科技工作会议在蓉召开-四川确定新一年科技创新“任务书”'],
    ['/api/first?q=揭榜挂帅', '首次出现-揭榜挂帅'],
    ['/api/trend?q=揭榜挂帅', '趋势-揭榜挂帅'],
    ['/api/indicators?name=技术合同成交额', '指标-技术合同成交额'],
    ['/api/indicators/plan-vs-actual?region=四川', '目标与完成-四川'],
    ['/api/new?doc=state-council-2024', '新提法-2024年中华人民共和国国务院政府工作报告'],
  ] as const;
  const cases = routes.flatMap(([path, stem]) => FORMATS.map((f) => [path, f, stem] as const));

  it.each(cases)('%s&format=%s is an attachment named %s…', async (path, format, stem) => {
    const res = await app.request(`${path}&format=${format}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(CONTENT_TYPE[format]);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="[^"]*"; filename\*=UTF-8''/);
    expect(savedAs(res)).toMatch(new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-\\d{4}-\\d{2}-\\d{2}\\.${format}$`));
    expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(100);
  });

  it('refuses an unknown format with a 400 that names the formats', async () => {
    const { status, body } = await getJson(app, '/api/search?q=揭榜挂帅&format=pdf');
    expect(status).toBe(400);
    expectError(body, 'BAD_INPUT');
    expect(body.error.message).toContain('format');
  });

  it('puts every hit in a search file, not a page of 20, unless limit says otherwise', async () => {
    const total = (await getJson(app, '/api/search?q=科技')).body.total;
    expect(total).toBeGreaterThan(20);
    const all = readCsv(new Uint8Array(await (await app.request('/api/search?q=科技&format=csv')).arrayBuffer()));
    expect(all).toHaveLength(Math.min(total, 1000));
    const two = readCsv(new Uint8Array(await (await app.request('/api/search?q=科技&format=csv&limit=2&offset=5')).arrayBuffer()));
    expect(two.map((r) => r.rank)).toEqual(['6', '7']);
  });

  it('makes permalinks in a file absolute, against the host the request came to', async () => {
    const res = await app.request('http://yaodian.example:8787/api/search?q=揭榜挂帅&format=xlsx');
    const [sheet] = (await readExcel(new Uint8Array(await res.arrayBuffer()))).worksheets;
    for (const row of sheetRows(sheet)) expect(row.permalink).toBe(`http://yaodian.example:8787/u/${row.unitId}`);
  });

  it('gives a Word file of the comparison that reads back with its heading and table', async () => {
    const doc = await readWord(new Uint8Array(await (await app.request('/api/compare?q=基础研究十年行动&format=docx')).arrayBuffer()));
    expect(doc.paragraphs[0]).toBe('历年比较：基础研究十年行动');
    expect(doc.tables[0].length).toBeGreaterThan(2);
  });

  it('lists the file formats in the OpenAPI document', async () => {
    const { body } = await getJson(app, '/api/openapi.json');
    const content = Object.keys(body.paths['/api/compare'].get.responses['200'].content);
    expect(content).toEqual(['application/json', ...FORMATS.map((f) => CONTENT_TYPE[f].split(';')[0])]);
  });

  it('answers a Markdown file that is the report as text', async () => {
    const md = utf8(new Uint8Array(await (await app.request('/api/trend?q=揭榜挂帅&format=md')).arrayBuffer()));
    expect(md.startsWith('# 趋势：揭榜挂帅\n')).toBe(true);
    expect(md).toContain('| 年份 | 段落/任务数 | 出现次数 |');
  });
});

describe('citations and permalinks in JSON', () => {
  const cite = (unitId: string) => {
    const { unit, doc } = opened.engine.getUnit(unitId);
    return citeUnit(doc, unit);
  };

  it('on every search hit', async () => {
    const { body } = await getJson(app, '/api/search?q=揭榜挂帅');
    for (const h of body.hits) expect(h).toMatchObject({ citation: cite(h.unitId), permalink: `/u/${h.unitId}` });
  });

  it('on every timeline entry, and the comparison has a permalink of its own', async () => {
    const { body } = await getJson(app, '/api/compare?q=基础研究十年行动');
    expect(body.permalink).toBe('/compare?q=%E5%9F%BA%E7%A1%80%E7%A0%94%E7%A9%B6%E5%8D%81%E5%B9%B4%E8%A1%8C%E5%8A%A8');
    const entries = body.timeline.filter((e: { type: string }) => e.type === 'entry');
    expect(entries.length).toBeGreaterThan(2);
    for (const e of entries) expect(e).toMatchObject({ citation: cite(e.unitId), permalink: `/u/${e.unitId}` });
    // a gap names the document it was looked for in
    for (const g of body.timeline.filter((e: { type: string }) => e.type === 'gap')) expect(g.citation).toBe(citeDoc(opened.engine.getDoc(g.docId).meta));
    const byUnit = await getJson(app, '/api/compare?unit=sichuan-2022-work-points:t8');
    expect(byUnit.body.permalink).toBe('/compare?unit=sichuan-2022-work-points:t8');
  });

  it('a comparison\'s permalink and files carry how it was asked: reading, view, hidden gaps, filters', async () => {
    const statement = '稳定粮食播种面积，优化种植结构，确保粮食产量保持在1.3万亿斤以上';
    const state = `q=${encodeURIComponent(statement)}&as=statement&view=paragraph&hideGaps=true&year=2015..2025`;
    const { body } = await getJson(app, `/api/compare?${state}`);
    expect(body.permalink).toBe(`/compare?${state}`);
    expect(body.view).toBe('paragraph');
    expect(body.timeline.every((i: { type: string }) => i.type === 'entry')).toBe(true);
    // the shared link shows the same comparison: same entries, no gaps, whole paragraphs
    const page = await (await app.request(body.permalink)).text();
    for (const e of body.timeline) expect(page).toContain(`href="/u/${e.unitId}"`);
    expect(page).not.toContain('class="gap"');
    expect(page).toContain('<option value="paragraph" selected="">');
    // the file says how it was made and where to see it again; a gap hidden on screen is not in it either
    const md = utf8(new Uint8Array(await (await app.request(`/api/compare?${state}&format=md`)).arrayBuffer()));
    expect(md).toContain('比较方式：按语句比较（各文件中最相近的句子）；相似度不低于 0.25；比较整段；未列出未提及的文件。');
    expect(md).toContain(`在线查看：http://localhost/compare?${state}`);
    expect(md).not.toContain('（未提及）');
    const shown = utf8(new Uint8Array(await (await app.request(`/api/compare?q=${encodeURIComponent(statement)}&as=statement&format=md`)).arrayBuffer()));
    expect(shown).toContain('（未提及）');
    // POST answers the same permalink for the same question
    const posted = await app.request('/api/compare', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ q: statement, as: 'statement', view: 'paragraph', hideGaps: true, year: '2015..2025' }),
    });
    expect((await posted.json()).permalink).toBe(body.permalink);
  });

  it('on every occurrence of a phrase', async () => {
    const { body } = await getJson(app, '/api/first?q=揭榜挂帅');
    expect(body.first.citation).toBe(cite(body.first.unitId));
    for (const o of body.occurrences) expect(o.citation).toBe(cite(o.unitId));
  });

  it('on a unit, on a document and its units, and in the document list', async () => {
    const unit = (await getJson(app, '/api/units/state-council-2021:p26')).body;
    expect(unit.unit.citation).toBe('国务院. 2021年中华人民共和国国务院政府工作报告[R]. 2021-03-05: 第26段.');
    expect(unit.unit.permalink).toBe('/u/state-council-2021:p26');
    expect(unit.doc.citation).toBe('国务院. 2021年中华人民共和国国务院政府工作报告[R]. 2021-03-05.');
    const doc = (await getJson(app, '/api/documents/sichuan-2022-work-points')).body;
    expect(doc.meta.citation).toMatch(/^四川省科学技术厅\. 2022年全省科技创新工作要点: 川科发〔2022〕2号\[Z\]\./);
    expect(doc.units.find((u: { id: string }) => u.id === 'sichuan-2022-work-points:t8').citation).toMatch(/: 第8项任务\.$/);
    const list = (await getJson(app, '/api/documents')).body;
    expect(list.every((m: { citation: string }) => m.citation.endsWith('.'))).toBe(true);
  });
});
