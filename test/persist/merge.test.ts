/**
 * Merging added documents into the base by appending: what it writes is what a rebuild of the same documents
 * writes, no document is lost, removals are purged (a removal from the base itself rebuilds), another edition of
 * an appended report is still caught, the segments stay within the merge policy's share after every add, and a
 * writer killed while adds merge leaves an index that loads every document it committed.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../src/persist/open.js';
import { readIndexInfo } from '../../src/persist/save.js';
import { MERGE_MIN_UNITS, MERGE_SHARE, readSegmentState } from '../../src/persist/segments.js';
import { liveCatalog } from '../../src/persist/catalog.js';
import { mergeIntoBase } from '../../src/persist/merge.js';
import { addReport, removeDocuments } from '../../src/persist/writer.js';
import { buildDoc } from '../../src/ingest/corpus.js';
import { search } from '../../src/search/search.js';
import { tmpIndexDir } from '../helpers/seeds.js';
import { fuzzReport } from '../helpers/fuzz.js';
import { killCliAfter, runCli } from '../helpers/cli.js';

const BASE = '2024年全省科技工作要点\n' + Array.from({ length: 80 }, (_, k) => `${k + 1}.实施第${k + 1}项基础研究行动，建设创新平台。`).join('\n') + '\n';
const prepare = (text: string, name: string) => ({ text, doc: buildDoc(text, name) });

function tinySeeds(): string {
  const dir = tmpIndexDir();
  mkdirSync(join(dir, 'sci-tech'));
  writeFileSync(join(dir, 'sci-tech', 'base.txt'), BASE);
  return dir;
}

/** An index grown by `n` adds from report `from` on, and the merges into its base they made, by how. */
async function grown(seeds: string, n: number, from = 1, index = tmpIndexDir()) {
  const merges: string[] = [];
  const ids: string[] = [];
  for (let k = from; k < from + n; k++) ids.push((await addReport(index, prepare(fuzzReport(k), `r${k}.txt`), {}, { log: (l) => merges.push(l) })).doc.meta.id);
  return { index, merges, ids };
}

/**
 * Adds reports from number `from` on until one of them merges the segments into the base (so the test holds
 * whatever share the merge policy sets); their ids, the merges by how, and the next report's number.
 */
async function untilMerged(index: string, from: number) {
  const merges: string[] = [];
  const ids: string[] = [];
  let k = from;
  while (!merges.some((l) => /into the base/.test(l))) {
    if (k > from + 100) throw new Error('no merge into the base after 100 adds');
    ids.push((await addReport(index, prepare(fuzzReport(k), `r${k}.txt`), {}, { log: (l) => merges.push(l) })).doc.meta.id);
    k++;
  }
  return { merges, ids, next: k };
}

const genFiles = (index: string) => {
  const gen = join(index, readIndexInfo(index)!.generation);
  return Object.fromEntries(readdirSync(gen).filter((f) => f !== 'info.json').sort().map((f) => [f, readFileSync(join(gen, f))]));
};

describe('merging into the base by appending', () => {
  it('writes byte for byte the generation a rebuild of the same documents writes, and answers the same', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const { merges, next } = await untilMerged(index, 1);
    // the base has itself been appended to, and segments wait for the next merge
    expect(merges.some((l) => /appended/.test(l))).toBe(true);
    const more = await grown(seeds, 2, next, index);
    expect(more.merges).toEqual([]);
    expect(readSegmentState(index).segments.length).toBeGreaterThan(0);
    const copy = tmpIndexDir();
    cpSync(index, copy, { recursive: true });
    const logs: string[] = [];
    await mergeIntoBase(index, readIndexInfo(index)!, readSegmentState(index), (l) => logs.push(l));
    await mergeIntoBase(copy, readIndexInfo(copy)!, readSegmentState(copy), (l) => logs.push(l), { rebuild: true });
    expect(logs.map((l) => /\((appended|rebuilt)\)/.exec(l)?.[1])).toEqual(['appended', 'rebuilt']);

    const [appended, rebuilt] = [genFiles(index), genFiles(copy)];
    expect(Object.keys(appended)).toEqual(Object.keys(rebuilt));
    for (const f of Object.keys(rebuilt)) expect(appended[f].equals(rebuilt[f]), f).toBe(true);
    const [a, b] = [(await openEngine({ seeds, index })).engine, (await openEngine({ seeds, index: copy })).engine];
    expect(a.docs.size).toBe(next + 2);
    for (const q of ['量子信息', `编号${next + 1}号`, '基础研究 创新平台', '建设']) expect(search(a, q)).toEqual(search(b, q));
  });

  it('loses no document and purges removals: from a segment by the append, from the base by a rebuild', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    // report 1, merged into the base by the adds after it
    const base = await untilMerged(index, 1);
    const inBase = base.ids[0];
    expect(readSegmentState(index).addedToBase).toContain(inBase);
    // the next report, left in a segment (its add did not merge)
    const k9 = base.next;
    const last = await addReport(index, prepare(fuzzReport(k9), `r${k9}.txt`));
    expect(readSegmentState(index).segments.some((s) => s.docs.some((d) => d.id === last.doc.meta.id))).toBe(true);
    await removeDocuments(index, [last.doc.meta.id]);
    const first = await untilMerged(index, k9 + 1);
    expect(first.merges.some((l) => /appended/.test(l))).toBe(true);
    await removeDocuments(index, [inBase]);
    const second = await untilMerged(index, first.next);
    expect(second.merges.some((l) => /rebuilt/.test(l))).toBe(true);

    const { engine } = await openEngine({ seeds, index });
    const added = second.next - 1;
    expect(engine.docs.size).toBe(1 + added - 2);
    // the removed reports' ids are free again once purged (a later add may take them): their texts are gone
    for (const k of [1, k9]) expect(search(engine, `编号${k}号`).total, `report ${k}`).toBe(0);
    for (const k of [2, k9 - 1, k9 + 1, first.next - 1, first.next, added]) expect(search(engine, `编号${k}号`).total, `report ${k}`).toBe(1);
    expect(search(engine, '量子信息').total).toBe(added - 2);
    expect(readSegmentState(index).removed).toEqual([]);
  });

  it('still catches the same report and another edition of one merged into the base by an append', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const conference = readFileSync('seeds/provinces-2026/2026_河北省_政府工作报告.txt', 'utf8');
    const added = await addReport(index, prepare(conference, 'conference.txt'));
    const { merges } = await untilMerged(index, 1);
    expect(merges.some((l) => /appended/.test(l))).toBe(true);
    expect(readSegmentState(index).segments.some((s) => s.docs.some((d) => d.id === added.doc.meta.id))).toBe(false);

    expect((await addReport(index, prepare(conference, 'again.txt'))).duplicateOf).toBe(added.doc.meta.id);
    const edition = await addReport(index, prepare(conference.replace(/。[^。\n]{10,60}。/, '。这一句在另一个版本里改写了。'), 'edition.txt'));
    expect(edition.duplicateOf).toBe(added.doc.meta.id);
    expect(edition.similarity).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the segments within the merge share after every add, and the grown index answers as one built of the same reports', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const merges: string[] = [];
    for (let k = 1; k <= 40; k++) {
      await addReport(index, prepare(fuzzReport(k), `r${k}.txt`), {}, { log: (l) => merges.push(l) });
      const held = readSegmentState(index).segments.reduce((n, seg) => n + seg.units, 0);
      expect(held, `after add ${k}`).toBeLessThanOrEqual(Math.max(MERGE_MIN_UNITS, MERGE_SHARE * readIndexInfo(index)!.units));
    }
    expect(merges.filter((l) => /into the base \(appended\)/.test(l)).length).toBeGreaterThan(1);
    const built = tmpIndexDir();
    const all = tinySeeds();
    mkdirSync(join(all, 'added'));
    for (let k = 1; k <= 40; k++) writeFileSync(join(all, 'added', `r${k}.txt`), fuzzReport(k));
    const [a, b] = [(await openEngine({ seeds, index })).engine, (await openEngine({ seeds: all, index: built })).engine];
    expect(a.docs.size).toBe(41);
    // the same units found (ids differ: an added report is named by its file, a built one by its path)
    const found = (e: typeof a, q: string) => search(e, q, { limit: 1000 }).hits.map((h) => h.text).sort();
    for (const q of ['量子信息', '编号1号', '编号40号', '基础研究 创新平台', '建设']) expect(found(a, q), q).toEqual(found(b, q));
    expect(found(a, '量子信息')).toHaveLength(40);
  });

  it('leaves an index that loads every document it committed when a writer is killed while adds merge into the base', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const dir = tmpIndexDir();
    for (let k = 1; k <= 40; k++) writeFileSync(join(dir, `r${k}.txt`), fuzzReport(k));
    for (const delay of [900, 1800, 2700]) {
      await killCliAfter(delay, 'add', dir, '--index', index, '--seeds', seeds);
      const { engine } = await openEngine({ seeds, index });
      const live = liveCatalog(join(index, readIndexInfo(index)!.generation), readSegmentState(index));
      expect([...engine.docs.keys()].sort()).toEqual([...live.keys()].sort());
      for (const doc of engine.docs.values()) {
        const code = /编号(\d+)号/.exec(doc.display)?.[1];
        if (code) expect(search(engine, `编号${code}号`).total, doc.meta.id).toBe(1);
      }
    }
    // the same folder again: what was added is named as already there, the rest added, each report once
    expect((await runCli('add', dir, '--index', index, '--seeds', seeds)).code).toBe(0);
    const { engine } = await openEngine({ seeds, index });
    expect(engine.docs.size).toBe(41);
    for (let k = 1; k <= 40; k++) expect(search(engine, `编号${k}号`).total, `report ${k}`).toBe(1);
  });
});
