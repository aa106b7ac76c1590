/**
 * Permalinks name units by id (`/u/sichuan-2023-conference:i3`), so an unchanged document keeps its ids and
 * every unit's text through adds, reloads and rebuilds, even when a new report with the same detected id arrives.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import { buildIndex, openEngine } from '../../src/persist/open.js';
import { addText } from '../../src/persist/writer.js';
import { readSeed, SEED, tmpIndexDir } from '../helpers/seeds.js';

/** Every unit id with its text. */
const unitsOf = (engine: Engine, docId: string) => new Map(engine.getDoc(docId).units.map((u) => [u.id, u.text]));

/** The same report with one more sentence in its body: another edition, not a duplicate. */
/** Another edition of a report (one sentence more), added with force: it is not added by default. */
const edition = (text: string, n: number) => text.replace('。', `。会议还部署了第${n}项其他工作。`);
const FORCE = { force: true };

function seedsWith(files: Record<string, string>): string {
  const dir = tmpIndexDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('unit ids', () => {
  const conference = readSeed(SEED.sichuan2023);

  it('are the same when the same folder is indexed again from scratch', async () => {
    const seeds = tmpIndexDir();
    cpSync('seeds/sci-tech', join(seeds, 'sci-tech'), { recursive: true });
    const a = (await openEngine({ seeds, index: tmpIndexDir() })).engine;
    const b = (await openEngine({ seeds, index: tmpIndexDir() })).engine;
    for (const m of a.docList()) expect(unitsOf(b, m.id)).toEqual(unitsOf(a, m.id));
  });

  it('survive a rebuild after a new edition that sorts first takes the same detected id', async () => {
    const seeds = seedsWith({ 'b.txt': conference, 'other.txt': readSeed(SEED.suining2023) });
    const index = tmpIndexDir();
    const before = (await openEngine({ seeds, index })).engine;
    const ids = unitsOf(before, 'sichuan-2023-conference');
    expect(before.getDoc('sichuan-2023-conference').meta.source).toBe('b.txt');

    writeFileSync(join(seeds, 'a.txt'), edition(conference, 1));
    // by default the new edition is set aside and the indexed one keeps its place; with both indexed, the new one
    // takes the next free suffix
    const lines: string[] = [];
    const kept = await buildIndex(seeds, index, { log: (l) => lines.push(l) });
    expect(kept.engine.docs.has('sichuan-2023-conference-2')).toBe(false);
    expect(unitsOf(kept.engine, 'sichuan-2023-conference')).toEqual(ids);
    expect(lines.join('\n')).toMatch(/set aside a\.txt: another edition \(similarity 0\.9\d+\) of b\.txt \(sichuan-2023-conference\), kept as already indexed/);
    const after = await buildIndex(seeds, index, { keepEditions: true });
    expect(after.engine.getDoc('sichuan-2023-conference').meta.source).toBe('b.txt');
    expect(unitsOf(after.engine, 'sichuan-2023-conference')).toEqual(ids);
    expect(after.engine.getDoc('sichuan-2023-conference-2').meta.source).toBe('a.txt');
  });

  it('survive an add, a reload and a rebuild, and an added document keeps its own', async () => {
    const seeds = seedsWith({ 'x/conference.txt': conference });
    const index = tmpIndexDir();
    const first = (await openEngine({ seeds, index })).engine;
    const seeded = unitsOf(first, 'sichuan-2023-conference');
    const added = (await addText(first, index, edition(conference, 2), 'edition.txt', {}, FORCE)).doc;
    expect(added.meta.id).toBe('sichuan-2023-conference-2');
    const addedUnits = unitsOf(first, added.meta.id);

    const reloaded = await openEngine({ seeds, index });
    expect(reloaded.rebuilt).toBe(false);
    expect(unitsOf(reloaded.engine, 'sichuan-2023-conference')).toEqual(seeded);
    expect(unitsOf(reloaded.engine, added.meta.id)).toEqual(addedUnits);

    // a third edition dropped into the folder: it must not take the id the added document holds
    writeFileSync(join(seeds, 'x', 'another.txt'), edition(conference, 3));
    const rebuilt = await buildIndex(seeds, index, { keepEditions: true });
    expect(unitsOf(rebuilt.engine, 'sichuan-2023-conference')).toEqual(seeded);
    expect(unitsOf(rebuilt.engine, added.meta.id)).toEqual(addedUnits);
    expect(rebuilt.engine.getDoc('sichuan-2023-conference-3').meta.source).toBe('x/another.txt');
  });

  it('do not double a report that was added and later put into the folder too', async () => {
    const seeds = seedsWith({ 'conference.txt': conference });
    const index = tmpIndexDir();
    const { engine } = await openEngine({ seeds, index });
    await addText(engine, index, edition(conference, 4), 'edition.txt', {}, FORCE);
    writeFileSync(join(seeds, 'edition.txt'), edition(conference, 4));
    const rebuilt = (await openEngine({ seeds, index })).engine;
    expect(rebuilt.docList().map((m) => m.id).sort()).toEqual(['sichuan-2023-conference', 'sichuan-2023-conference-2']);
  });
});
