/** `yaodian add` with files that are not reports: refused when named, skipped inside a folder. */
import { describe, it, expect } from 'vitest';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { tmpIndexDir } from '../helpers/seeds.js';

const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

/** A seeds folder of one report, indexed into a fresh index folder. */
async function smallIndex(): Promise<{ seeds: string; index: string }> {
  const seeds = tmpIndexDir();
  copyFileSync('seeds/provinces-2026/2026_河北省_政府工作报告.txt', join(seeds, 'hebei.txt'));
  const index = tmpIndexDir();
  expect((await run('index', '--seeds', seeds, '--out', index)).code).toBe(0);
  return { seeds, index };
}

const NOTE = 'Provincial government work reports, 2026. Source: a public repository; web navigation trimmed.';

describe('add, given something that is not a report', () => {
  it.each([
    ['SOURCE.txt', NOTE],
    ['README.md', '# 说明\n本目录收录各省政府工作报告。'],
  ])('refuses %s with the reason and a non-zero exit, adding nothing', async (name, text) => {
    const { index } = await smallIndex();
    const file = join(tmpIndexDir(), name);
    writeFileSync(file, text);
    const r = await run('add', file, '--index', index);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(new RegExp(`${name.replace('.', '\\.')}: not a report: .*; not added`));
    const docs = JSON.parse((await run('docs', '--index', index, '--json')).out);
    expect(docs.map((d: { id: string }) => d.id)).toEqual(['hebei-2026-gov-report']);
  });

  it('skips a folder\'s note with a one-line warning and adds its reports', async () => {
    const { index } = await smallIndex();
    const dir = join(tmpIndexDir(), 'reports');
    mkdirSync(dir);
    writeFileSync(join(dir, 'SOURCE.txt'), NOTE);
    copyFileSync('seeds/provinces-2026/2026_河南省_政府工作报告.txt', join(dir, 'henan.txt'));
    const r = await run('add', dir, '--index', index);
    expect(r.code).toBe(0);
    expect(r.err.split('\n').filter((l) => l.includes('SOURCE.txt'))).toEqual([expect.stringMatching(/^skipped .*SOURCE\.txt: not a report: /)]);
    const docs = JSON.parse((await run('docs', '--index', index, '--json')).out);
    expect(docs.map((d: { id: string }) => d.id).sort()).toEqual(['hebei-2026-gov-report', 'henan-2026-gov-report']);
  });
});
