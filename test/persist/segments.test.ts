/**
 * Adds as segments: nothing re-parsed on load, merges that keep segments few, concurrent writers that lose
 * nothing, a server that sees other writers' documents, and a damaged segment or journal entry set aside by name.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../src/http/app.js';
import { main } from '../../src/cli/main.js';
import { readIndexInfo } from '../../src/persist/save.js';
import { baseCatalog } from '../../src/persist/catalog.js';
import { openEngine } from '../../src/persist/open.js';
import { FANOUT, readSegmentState } from '../../src/persist/segments.js';
import { FORMAT_VERSION } from '../../src/persist/save.js';
import { addReport, addText } from '../../src/persist/writer.js';
import { buildDoc } from '../../src/ingest/corpus.js';
import { search } from '../../src/search/search.js';
import { tmpIndexDir } from '../helpers/seeds.js';
import { fuzzReport } from '../helpers/fuzz.js';

const BASE = '2024年全省科技工作要点\n' + Array.from({ length: 80 }, (_, k) => `${k + 1}.实施第${k + 1}项基础研究行动，建设创新平台。`).join('\n') + '\n';
/** a distinct small report per number, findable by its code word */
const report = fuzzReport;

function tinySeeds(): string {
  const dir = tmpIndexDir();
  mkdirSync(join(dir, 'sci-tech'));
  writeFileSync(join(dir, 'sci-tech', 'base.txt'), BASE);
  return dir;
}

/** A report read in this process, as the sandbox would hand it over. */
const prepare = (text: string, name: string) => ({ text, doc: buildDoc(text, name) });

const cli = (args: string[]) =>
  new Promise<{ code: number | null; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/yaodian.js', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, err }));
  });

describe('segments', () => {
  it('keeps every added document across reloads while merges keep the segments few', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    const { engine } = await openEngine({ seeds, index });
    for (let n = 1; n <= 3 * FANOUT; n++) await addText(engine, index, report(n), `r${n}.txt`);
    const state = readSegmentState(index);
    expect(state.segments.length).toBeLessThan(FANOUT);
    expect(state.addedToBase?.length ?? 0).toBeGreaterThan(0);
    const reloaded = (await openEngine({ seeds, index })).engine;
    expect(reloaded.docs.size).toBe(1 + 3 * FANOUT);
    for (const n of [1, FANOUT, 3 * FANOUT]) expect(search(reloaded, `编号${n}号`).total).toBe(1);
    expect(search(reloaded, '量子信息').total).toBe(3 * FANOUT);
  });

  it('removes by tombstone, purged by a merge, and the removal survives a reload', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    const { engine } = await openEngine({ seeds, index });
    const first = (await addText(engine, index, report(1), 'r1.txt')).doc.meta.id;
    const app = createApp(engine, { indexDir: index, writeToken: 't' });
    expect((await app.request(`/api/documents/${first}`, { method: 'DELETE', headers: { authorization: 'Bearer t' } })).status).toBe(200);
    for (let n = 2; n <= 2 * FANOUT; n++) await addText(engine, index, report(n), `r${n}.txt`);
    const reloaded = (await openEngine({ seeds, index })).engine;
    expect(search(reloaded, '编号1号').total).toBe(0);
    expect(reloaded.docs.size).toBe(2 * FANOUT);
    expect(readSegmentState(index).removed).not.toContain(first);
  });

  it('loses nothing to two concurrent `add` runs and a server upload, and the server sees them all within 2 s', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    const { engine } = await openEngine({ seeds, index });
    const app = createApp(engine, { indexDir: index, writeToken: 't', watchMs: 100 });
    const dirs = [0, 1].map((k) => {
      const dir = tmpIndexDir();
      for (let n = 0; n < 6; n++) writeFileSync(join(dir, `r${k}-${n}.txt`), report(100 * (k + 1) + n));
      return dir;
    });
    const form = new FormData();
    form.set('file', new File([report(999)], 'upload.txt'));
    const [a, b, up] = await Promise.all([
      cli(['add', dirs[0], '--index', index, '--seeds', seeds]),
      cli(['add', dirs[1], '--index', index, '--seeds', seeds]),
      app.request('/api/documents', { method: 'POST', body: form, headers: { authorization: 'Bearer t' } }),
    ]);
    expect([a.code, b.code, up.status], a.err + b.err).toEqual([0, 0, 201]);
    const total = 1 + 2 * 6 + 1;
    expect((await openEngine({ seeds, index })).engine.docs.size).toBe(total);
    const t0 = Date.now();
    while (engine.docs.size !== total && Date.now() - t0 < 2000) await new Promise((r) => setTimeout(r, 50));
    expect(engine.docs.size).toBe(total);
    expect((await (await app.request('/api/search?q=' + encodeURIComponent('编号105号'))).json()).total).toBe(1);
  }, 240_000);

  it('clears what a killed writer left at the next write — temporary files, an uncommitted segment, an unfinished generation — and nothing committed', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    const { engine } = await openEngine({ seeds, index });
    await addText(engine, index, report(1), 'r1.txt');
    const [kept] = readSegmentState(index).segments;
    const leftovers = ['SEGMENTS.tmp-99999-1', 'seg-000099-L0-99999', 'gen-zzzzzz-99999', join(kept.name, 'docs.jsonl.tmp-99999-2')];
    mkdirSync(join(index, 'seg-000099-L0-99999'));
    mkdirSync(join(index, 'gen-zzzzzz-99999'));
    for (const f of [leftovers[0], join(leftovers[1], 'docs.jsonl'), join(leftovers[2], 'info.json'), leftovers[3]]) writeFileSync(join(index, f), 'cut short');
    const lines: string[] = [];
    await addReport(index, prepare(report(2), 'r2.txt'), {}, { engine, log: (l) => lines.push(l) });
    expect(leftovers.filter((f) => existsSync(join(index, f)))).toEqual([]);
    expect(lines.join('\n')).toMatch(/removed what an interrupted write left/);
    const reloaded = (await openEngine({ seeds, index })).engine;
    expect(reloaded.docs.size).toBe(3);
    expect(search(reloaded, '编号1号').total).toBe(1);
  });

  it('sets a damaged segment aside, naming its file, and serves the rest', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    const { engine } = await openEngine({ seeds, index });
    await addText(engine, index, report(1), 'r1.txt');
    await addText(engine, index, report(2), 'r2.txt');
    const [bad] = readSegmentState(index).segments;
    writeFileSync(join(index, bad.name, 'docs.jsonl'), '{"documents":1,"units":');
    const lines: string[] = [];
    const reopened = (await openEngine({ seeds, index, log: (l) => lines.push(l) })).engine;
    expect(lines.join('\n')).toContain(join(index, bad.name, 'docs.jsonl'));
    expect(reopened.docs.size).toBe(2);
    expect(search(reopened, '编号2号').total).toBe(1);
    expect(existsSync(join(index, 'quarantine', bad.name))).toBe(true);
    expect(readSegmentState(index).segments.map((s) => s.name)).not.toContain(bad.name);
  });

  it.each([
    ['an added entry cut short', join('added', 'b-2.json'), '{"text": "cut sh', 'journal-b-2.json'],
    ['an added entry without its text', join('added', 'b-2.json'), '{"source":"a.txt","override":{},"contentHash":"00","addedAt":"2025"}', 'journal-b-2.json'],
    ['removed.json that is not a list', 'removed.json', '{"ids":["a"]}', 'journal-removed.json'],
  ])('turns an old journal into a segment once, setting a damaged file aside by name (%s)', async (_, file, content, aside) => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const added = join(index, 'journal', 'added');
    mkdirSync(added, { recursive: true });
    writeFileSync(join(added, 'a-1.json'), JSON.stringify({ text: report(7), source: 'r7.txt', override: {}, contentHash: 'x', addedAt: '2025-01-01' }));
    writeFileSync(join(index, 'journal', file), content);
    const lines: string[] = [];
    const { engine } = await openEngine({ seeds, index, log: (l) => lines.push(l) });
    expect(search(engine, '编号7号').total).toBe(1);
    expect(lines.join('\n')).toMatch(new RegExp(`journal file .*${file.split(/[\\/]/).pop()!.replace('.', '\\.')} is unreadable`));
    expect(existsSync(join(index, 'journal'))).toBe(false);
    expect(readdirSync(join(index, 'quarantine'))).toEqual([aside]);
    // once: the next load finds a segment, not a journal
    expect((await openEngine({ seeds, index })).engine.docs.size).toBe(2);
  });
});

describe('editions through the writer', () => {
  const conference = readFileSync('seeds/provinces-2026/2026_河北省_政府工作报告.txt', 'utf8');
  // the same issuer, year and kind with one sentence rewritten: another edition, not a new report
  const edition = conference.replace(/。[^。\n]{10,60}。/, '。这一句在另一个版本里改写了。');

  it('finds another edition of a report added before, from the files alone (no index loaded), and adds it when forced', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const first = await addReport(index, prepare(conference, 'conference.txt'));
    expect(first.duplicateOf).toBeUndefined();

    const relaid = await addReport(index, prepare(conference.replace(/。/g, '。\n'), 'relaid.txt'));
    expect(relaid).toMatchObject({ duplicateOf: first.doc.meta.id });
    expect(relaid.similarity).toBeUndefined();
    const refused = await addReport(index, prepare(edition, 'edition.txt'));
    expect(refused.duplicateOf).toBe(first.doc.meta.id);
    expect(refused.similarity).toBeGreaterThanOrEqual(0.9);
    expect(refused.similarity).toBeLessThan(1);
    expect((await openEngine({ seeds, index })).engine.docs.size).toBe(2);

    const forced = await addReport(index, prepare(edition, 'edition.txt'), {}, { force: true });
    expect(forced.duplicateOf).toBeUndefined();
    expect((await openEngine({ seeds, index })).engine.docs.size).toBe(3);
  });

  const run = async (...argv: string[]) => {
    const out: string[] = [];
    const code = await main(argv, { out: (s) => out.push(s), err: () => {} });
    return { code, out: out.join('\n') };
  };

  it.each(['a segment', 'the base (merged into it by the adds after it)'])('`add` of another edition of a report added before by `add`, held in %s, is caught and named', async (where) => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const dir = tmpIndexDir();
    writeFileSync(join(dir, 'hebei.txt'), conference);
    writeFileSync(join(dir, 'hebei-edition.txt'), edition);
    expect((await run('add', join(dir, 'hebei.txt'), '--index', index, '--seeds', seeds)).code).toBe(0);
    // other reports added until one merges the segments into the base
    for (let n = 1; where !== 'a segment' && readSegmentState(index).segments.length; n++) {
      if (n > 100) throw new Error('no merge into the base after 100 adds');
      await addReport(index, prepare(report(n), `r${n}.txt`));
    }
    const inSegment = readSegmentState(index).segments.some((s) => s.docs.some((d) => d.id === 'hebei-2026-gov-report'));
    const inBase = baseCatalog(join(index, readIndexInfo(index)!.generation)).has('hebei-2026-gov-report');
    expect([inSegment, inBase]).toEqual(where === 'a segment' ? [true, false] : [false, true]);

    const again = await run('add', join(dir, 'hebei-edition.txt'), '--index', index, '--seeds', seeds);
    expect(again.code).toBe(0);
    expect(again.out).toMatch(/another edition of hebei-2026-gov-report .*similarity 0\.9\d+\); not added \(--force adds it\)/);
    const { engine } = await openEngine({ seeds, index });
    expect([...engine.docs.keys()].filter((id) => id.startsWith('hebei'))).toEqual(['hebei-2026-gov-report']);
  });

  it('refuses over HTTP an edition that another process added after the server loaded', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    const { engine } = await openEngine({ seeds, index });
    const app = createApp(engine, { indexDir: index, writeToken: 't' });
    // the CLI's add: another process, so this engine does not hold it
    await addReport(index, prepare(conference, 'conference.txt'));
    const form = new FormData();
    form.append('file', new File([edition], 'edition.txt'));
    const res = await app.request('/api/documents', { method: 'POST', body: form, headers: { authorization: 'Bearer t' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ duplicateOf: 'hebei-2026-gov-report', similarity: expect.any(Number) });
  });
});

describe('segments of another index format', () => {
  /** SEGMENTS rewritten as if its first segment had been saved in format `format` */
  function markFormat(index: string, format: number): string {
    const path = join(index, 'SEGMENTS');
    const state = JSON.parse(readFileSync(path, 'utf8'));
    state.segments[0].format = format;
    writeFileSync(path, JSON.stringify(state));
    return state.segments[0].name;
  }

  it('derives the documents of an older format again and rewrites the segment in this format, saying so', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    await addReport(index, prepare(report(3), 'r3.txt'));
    const old = markFormat(index, FORMAT_VERSION - 1);
    const lines: string[] = [];
    const { engine } = await openEngine({ seeds, index, log: (l) => lines.push(l) });
    expect(search(engine, '编号3号').total).toBe(1);
    expect(lines.join('\n')).toMatch(new RegExp(`rewrote 1 segment\\(s\\) of index format ${FORMAT_VERSION - 1} in format ${FORMAT_VERSION}`));
    const [seg] = readSegmentState(index).segments;
    expect(seg).toMatchObject({ format: FORMAT_VERSION });
    expect(seg.name).not.toBe(old);
    expect(existsSync(join(index, old))).toBe(false);
    // the rewritten segment loads as any other: the same document, no further rewrite
    const again: string[] = [];
    expect(search((await openEngine({ seeds, index, log: (l) => again.push(l) })).engine, '编号3号').total).toBe(1);
    expect(again.join('\n')).not.toMatch(/rewrote/);
  });

  it('refuses a segment of a newer format with the reason, and leaves it as it is', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    await addReport(index, prepare(report(4), 'r4.txt'));
    const newer = markFormat(index, FORMAT_VERSION + 1);
    await expect(openEngine({ seeds, index })).rejects.toThrow(new RegExp(`${newer} was written in index format ${FORMAT_VERSION + 1} by a newer yaodian`));
    await expect(addReport(index, prepare(report(5), 'r5.txt'))).rejects.toThrow(/newer yaodian/);
    expect(existsSync(join(index, newer))).toBe(true);
    expect(readSegmentState(index).segments[0].name).toBe(newer);
  });
});
