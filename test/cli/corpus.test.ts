/**
 * A user's corpus is never replaced: an index records the folder it was built from, reading commands serve it as
 * built (never from another folder, not even the bundled seeds), and say so when that folder changed or is gone.
 */
import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tmpIndexDir } from '../helpers/seeds.js';

const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

const PROVINCES = 'seeds/provinces-2026';
const copyReport = (province: string, dir: string, name: string) =>
  copyFileSync(join(PROVINCES, `2026_${province}_政府工作报告.txt`), join(dir, name));

/** The user's own folder of two reports, indexed into a folder of its own. */
async function usersIndex() {
  const mine = join(tmpIndexDir(), 'my-reports');
  mkdirSync(mine);
  copyReport('河北省', mine, 'a.txt');
  copyReport('河南省', mine, 'b.txt');
  const index = tmpIndexDir();
  const built = await run('index', '--seeds', mine, '--out', index);
  expect(built.code).toBe(0);
  return { mine, index };
}

const ids = async (...argv: string[]) => {
  const r = await run('docs', '--json', ...argv);
  expect(r.code).toBe(0);
  return { ids: (JSON.parse(r.out) as { id: string }[]).map((d) => d.id).sort(), err: r.err };
};

describe('an index built from a folder of its own', () => {
  it('is served as built by `docs --index`, without --seeds, and never rebuilt from the bundled seeds', async () => {
    const { index } = await usersIndex();
    const { ids: listed, err } = await ids('--index', index);
    expect(listed).toEqual(['hebei-2026-gov-report', 'henan-2026-gov-report']);
    expect(err).not.toMatch(/rebuild|stale/);
  });

  it('is not rebuilt from another folder named by --seeds: it says which folder it was built from', async () => {
    const { mine, index } = await usersIndex();
    const { ids: listed, err } = await ids('--index', index, '--seeds', 'seeds');
    expect(listed).toEqual(['hebei-2026-gov-report', 'henan-2026-gov-report']);
    expect(err).toContain(`was built from ${mine}`);
    expect(err).toMatch(/serving it as built/);
  });

  it('keeps what `add` grew it with, through reading commands and a rebuild from its folder', async () => {
    const { index } = await usersIndex();
    const extra = join(tmpIndexDir(), 'shaanxi.txt');
    copyReport('陕西省', join(extra, '..'), 'shaanxi.txt');
    expect((await run('add', extra, '--index', index)).code).toBe(0);
    const all = ['hebei-2026-gov-report', 'henan-2026-gov-report', 'shaanxi-2026-gov-report'];
    expect((await ids('--index', index)).ids).toEqual(all);
    // `index` without --seeds rebuilds from the folder the index records
    const rebuilt = await run('index', '--out', index);
    expect(rebuilt.err).toMatch(/indexed 2 documents/);
    expect((await ids('--index', index)).ids).toEqual(all);
  });

  it('says so when its folder changed, and serves what it has until it is built again', async () => {
    const { mine, index } = await usersIndex();
    copyReport('江苏省', mine, 'c.txt');
    const { ids: listed, err } = await ids('--index', index);
    expect(listed).toEqual(['hebei-2026-gov-report', 'henan-2026-gov-report']);
    expect(err).toMatch(new RegExp(`${mine}, changed since .*serving the 2 documents it has`));
    await run('index', '--out', index);
    expect((await ids('--index', index)).ids).toContain('jiangsu-2026-gov-report');
  });

  it('says so when its folder is gone, and serves what it has', async () => {
    const { mine, index } = await usersIndex();
    rmSync(mine, { recursive: true });
    const { ids: listed, err } = await ids('--index', index);
    expect(listed).toEqual(['hebei-2026-gov-report', 'henan-2026-gov-report']);
    expect(err).toMatch(/is gone; serving the 2 documents it has/);
  });

  it('when it cannot be read and its folder is gone: a clear error, and the index is left as it was', async () => {
    const { mine, index } = await usersIndex();
    rmSync(mine, { recursive: true });
    const current = join(index, 'CURRENT');
    const info = JSON.parse(readFileSync(current, 'utf8'));
    writeFileSync(current, JSON.stringify({ ...info, formatVersion: 1 }));
    const before = readFileSync(current, 'utf8');
    const r = await run('docs', '--index', index);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(/cannot be read \(it was saved in format 1.*is gone; nothing was changed: rebuild it with `yaodian index --seeds DIR --out /);
    expect(readFileSync(current, 'utf8')).toBe(before);
  });
});

describe('editions in the folder `index` reads', () => {
  /** 河北's report, the same text laid out one sentence per line, a fuller edition with a glossary, and 河南's. */
  function folderWithEditions() {
    const dir = join(tmpIndexDir(), 'reports');
    mkdirSync(dir);
    copyReport('河北省', dir, 'a.txt');
    const hebei = readFileSync(join(dir, 'a.txt'), 'utf8');
    writeFileSync(join(dir, 'b.txt'), hebei.replace(/。/g, '。\n').replace(/%/g, '％'));
    writeFileSync(join(dir, 'c.txt'), `${hebei}\n名词解释\n1.新质生产力：由技术革命性突破、生产要素创新性配置、产业深度转型升级而催生的当代先进生产力。\n`);
    copyReport('河南省', dir, 'd.txt');
    return dir;
  }

  it('indexes one edition of each report, the fuller text, and names every file set aside with the one kept and their similarity', async () => {
    const dir = folderWithEditions();
    const index = tmpIndexDir();
    const r = await run('index', '--seeds', dir, '--out', index);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/indexed 2 documents/);
    expect(r.err).toMatch(/set aside a\.txt: another edition \(similarity 0\.9\d+\) of c\.txt \(hebei-2026-gov-report\), kept as the fuller text \(`yaodian index --keep-editions` indexes both\)/);
    expect(r.err).toMatch(/set aside b\.txt: another edition \(similarity 0\.9\d+\) of c\.txt \(hebei-2026-gov-report\)/);
    const docs = JSON.parse((await run('docs', '--json', '--index', index)).out) as { id: string; source: string }[];
    expect(docs.map((d) => [d.id, d.source]).sort()).toEqual([
      ['hebei-2026-gov-report', 'c.txt'],
      ['henan-2026-gov-report', 'd.txt'],
    ]);
  });

  it('indexes both with --keep-editions, and a rebuild of that index keeps them', async () => {
    const dir = folderWithEditions();
    const index = tmpIndexDir();
    const r = await run('index', '--seeds', dir, '--out', index, '--keep-editions');
    expect(r.err).toMatch(/indexed 4 documents/);
    expect(r.err).not.toMatch(/set aside/);
    // a damaged index is rebuilt from its folder as it was built: with every edition
    const { generation } = JSON.parse(readFileSync(join(index, 'CURRENT'), 'utf8')) as { generation: string };
    writeFileSync(join(index, generation, 'docs.jsonl'), '{"cut');
    const { ids: listed, err } = await ids('--index', index);
    expect(err).toMatch(/rebuilding/);
    expect(listed).toHaveLength(4);
  });
});
