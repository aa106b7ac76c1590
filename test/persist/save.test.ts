import { describe, it, expect } from 'vitest';
import { cpSync, mkdirSync, readFileSync, writeFileSync, existsSync, readdirSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { buildIndex, openEngine } from '../../src/persist/open.js';
import { search } from '../../src/search/search.js';
import { readIndexInfo, FORMAT_VERSION } from '../../src/persist/save.js';
import { corpusHash } from '../../src/ingest/corpus.js';
import { tmpIndexDir } from '../helpers/seeds.js';

/** A small seeds folder of its own, so tests can change it. */
function smallSeeds(): string {
  const dir = tmpIndexDir();
  mkdirSync(join(dir, 'sci-tech'));
  cpSync('seeds/sci-tech', join(dir, 'sci-tech'), { recursive: true });
  return dir;
}

describe('persistence', () => {
  it('saves a versioned index with the corpus hash and loads it without rebuilding', async () => {
    const seeds = smallSeeds();
    const index = tmpIndexDir();
    const first = await openEngine({ seeds, index });
    expect(first.rebuilt).toBe(true);
    const info = readIndexInfo(index)!;
    expect(info).toMatchObject({ formatVersion: FORMAT_VERSION, documents: 5 });
    const second = await openEngine({ seeds, index });
    expect(second.rebuilt).toBe(false);
    expect(search(second.engine, '揭榜挂帅', { limit: 100 })).toEqual(search(first.engine, '揭榜挂帅', { limit: 100 }));
  });

  it('says so when its folder changed and serves what it has; building it again takes the change', async () => {
    const seeds = smallSeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    writeFileSync(join(seeds, 'sci-tech', 'new.txt'), '2025年全省科技工作会议召开\n会议要求,实施量子科技专项行动。');
    const logs: string[] = [];
    const again = await openEngine({ seeds, index, log: (l) => logs.push(l) });
    expect(again.rebuilt).toBe(false);
    expect(again.drift).toMatch(/changed since/);
    expect(logs.join('\n')).toMatch(/changed since .*serving the 5 documents it has/);
    expect(search(again.engine, '量子科技专项').total).toBe(0);
    expect(search((await buildIndex(seeds, index)).engine, '量子科技专项').total).toBe(1);
  });

  describe('the drift check trusts sizes and modification times, and hashes only on doubt', () => {
    /** every file of the folder last modified `secondsAgo` ago (a copy made now would be too fresh to vouch for) */
    const age = (dir: string, secondsAgo: number) => {
      const t = Date.now() / 1000 - secondsAgo;
      for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) if (e.isFile()) utimesSync(join(e.parentPath, e.name), t, t);
    };
    const sameSizeEdit = (file: string) => {
      const text = readFileSync(file, 'utf8');
      writeFileSync(file, text.replace('科技', '创新'));
      expect(readFileSync(file).length).toBe(Buffer.byteLength(text));
    };

    it('records the folder\'s stamp at build, and a folder that did not move is no drift', async () => {
      const seeds = smallSeeds();
      age(seeds, 3600);
      const index = tmpIndexDir();
      await buildIndex(seeds, index);
      expect(readIndexInfo(index)?.seedsStamp).toMatch(/^[0-9a-f]{16}$/);
      expect((await openEngine({ seeds, index })).drift).toBeNull();
    });

    it('an edit that keeps the size is seen by its new time', async () => {
      const seeds = smallSeeds();
      age(seeds, 3600);
      const index = tmpIndexDir();
      await buildIndex(seeds, index);
      const file = join(seeds, 'sci-tech', readdirSync(join(seeds, 'sci-tech')).find((n) => n.endsWith('.txt'))!);
      sameSizeEdit(file);
      expect((await openEngine({ seeds, index })).drift).toMatch(/changed since/);
    });

    it('a file touched but not changed is no drift (the hash settles the doubt)', async () => {
      const seeds = smallSeeds();
      age(seeds, 3600);
      const index = tmpIndexDir();
      await buildIndex(seeds, index);
      age(seeds, 60);
      expect((await openEngine({ seeds, index })).drift).toBeNull();
    });

    it('a folder with a file modified just before the build gets no stamp, so its drift is always hashed', async () => {
      const seeds = smallSeeds();
      const index = tmpIndexDir();
      await buildIndex(seeds, index);
      expect(readIndexInfo(index)?.seedsStamp).toBeUndefined();
      age(seeds, 3600);
      expect((await openEngine({ seeds, index })).drift).toBeNull();
      const file = join(seeds, 'sci-tech', readdirSync(join(seeds, 'sci-tech')).find((n) => n.endsWith('.txt'))!);
      sameSizeEdit(file);
      age(seeds, 3600);
      expect((await openEngine({ seeds, index })).drift).toMatch(/changed since/);
    });
  });

  it('an index saved before it recorded its folder is rebuilt only from the folder whose content it was built from', async () => {
    const seeds = smallSeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const { seeds: _recorded, ...legacy } = JSON.parse(readFileSync(join(index, 'CURRENT'), 'utf8'));
    writeFileSync(join(index, 'CURRENT'), JSON.stringify({ ...legacy, formatVersion: 0, corpusHash: corpusHash(seeds, 0) }));
    await expect(openEngine({ seeds: 'seeds', index })).rejects.toThrow(/does not record the folder it was built from; nothing was changed/);
    const again = await openEngine({ seeds, index });
    expect(again.rebuilt).toBe(true);
    expect(readIndexInfo(index)?.seeds).toBe(seeds);
  });

  it('rebuilds when the saved format is older than the code', async () => {
    const seeds = smallSeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const cur = JSON.parse(readFileSync(join(index, 'CURRENT'), 'utf8'));
    writeFileSync(join(index, 'CURRENT'), JSON.stringify({ ...cur, formatVersion: 0 }));
    expect((await openEngine({ seeds, index })).rebuilt).toBe(true);
  });

  it('keeps one generation on disk and points CURRENT at it', async () => {
    const seeds = smallSeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index, force: true });
    await openEngine({ seeds, index, force: true });
    const gens = readdirSync(index).filter((n) => n.startsWith('gen-'));
    expect(gens).toHaveLength(1);
    expect(existsSync(join(index, gens[0], 'docs.jsonl'))).toBe(true);
  });

  it('names an unreadable file and still indexes the rest', async () => {
    const seeds = smallSeeds();
    writeFileSync(join(seeds, 'sci-tech', 'gbk.txt'), Buffer.from([0xc4, 0xe3, 0xba, 0xc3, 0xff, 0xfe]));
    const opened = await openEngine({ seeds, index: tmpIndexDir() });
    expect(opened.errors.map((e) => e.source)).toEqual(['sci-tech/gbk.txt']);
    expect(opened.errors[0].message).toMatch(/UTF-8/);
    expect(opened.engine.docs.size).toBe(5);
  });
});
