/**
 * Merging added documents into the base by appending: what it writes is what a rebuild of the same documents
 * writes, no document is lost, removals are purged (a removal from the base itself rebuilds), and another
 * edition of an appended report is still caught.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../src/persist/open.js';
import { readIndexInfo } from '../../src/persist/save.js';
import { readSegmentState } from '../../src/persist/segments.js';
import { mergeIntoBase } from '../../src/persist/merge.js';
import { addReport, removeDocuments } from '../../src/persist/writer.js';
import { buildDoc } from '../../src/ingest/corpus.js';
import { search } from '../../src/search/search.js';
import { tmpIndexDir } from '../helpers/seeds.js';
import { fuzzReport } from '../helpers/fuzz.js';

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

const genFiles = (index: string) => {
  const gen = join(index, readIndexInfo(index)!.generation);
  return Object.fromEntries(readdirSync(gen).filter((f) => f !== 'info.json').sort().map((f) => [f, readFileSync(join(gen, f))]));
};

describe('merging into the base by appending', () => {
  it('writes byte for byte the generation a rebuild of the same documents writes, and answers the same', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const { merges } = await grown(seeds, 15, 1, index);
    // the base has itself been appended to, and segments wait for the next merge
    expect(merges.some((l) => /appended/.test(l))).toBe(true);
    await grown(seeds, 1, 16, index);
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
    expect(a.docs.size).toBe(17);
    for (const q of ['量子信息', '编号16号', '基础研究 创新平台', '建设']) expect(search(a, q)).toEqual(search(b, q));
  });

  it('loses no document and purges removals: from a segment by the append, from the base by a rebuild', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    // report 1, merged into the base by the adds after it
    const inBase = (await grown(seeds, 7, 1, index)).ids[0];
    expect(readSegmentState(index).addedToBase).toContain(inBase);
    // report 9, left in a segment (its add did not merge)
    const last = await addReport(index, prepare(fuzzReport(9), 'r9.txt'));
    expect(readSegmentState(index).segments.some((s) => s.docs.some((d) => d.id === last.doc.meta.id))).toBe(true);
    await removeDocuments(index, [last.doc.meta.id]);
    const first = await grown(seeds, 8, 10, index);
    expect(first.merges.some((l) => /appended/.test(l))).toBe(true);
    await removeDocuments(index, [inBase]);
    const second = await grown(seeds, 12, 18, index);
    expect(second.merges.some((l) => /rebuilt/.test(l))).toBe(true);

    const { engine } = await openEngine({ seeds, index });
    expect(engine.docs.size).toBe(1 + 28 - 2);
    // the removed reports' ids are free again once purged (a later add may take them): their texts are gone
    for (const k of [1, 9]) expect(search(engine, `编号${k}号`).total, `report ${k}`).toBe(0);
    for (const k of [2, 7, 10, 17, 18, 29]) expect(search(engine, `编号${k}号`).total, `report ${k}`).toBe(1);
    expect(search(engine, '量子信息').total).toBe(26);
    expect(readSegmentState(index).removed).toEqual([]);
  });

  it('still catches the same report and another edition of one merged into the base by an append', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const conference = readFileSync('seeds/provinces-2026/2026_河北省_政府工作报告.txt', 'utf8');
    const added = await addReport(index, prepare(conference, 'conference.txt'));
    const { merges } = await grown(seeds, 8, 1, index);
    expect(merges.some((l) => /appended/.test(l))).toBe(true);
    expect(readSegmentState(index).segments.some((s) => s.docs.some((d) => d.id === added.doc.meta.id))).toBe(false);

    expect((await addReport(index, prepare(conference, 'again.txt'))).duplicateOf).toBe(added.doc.meta.id);
    const edition = await addReport(index, prepare(conference.replace(/。[^。\n]{10,60}。/, '。这一句在另一个版本里改写了。'), 'edition.txt'));
    expect(edition.duplicateOf).toBe(added.doc.meta.id);
    expect(edition.similarity).toBeGreaterThanOrEqual(0.9);
  });
});
