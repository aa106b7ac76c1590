/** `yaodian add`: files that are not reports (refused when named, skipped inside a folder), and the extraction caps
 * (a bomb refused naming its cap, the rest of the batch still added). */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { docxBomb, pdfManyPages } from '../../bench/bombs.js';
import { main } from '../../src/cli/main.js';
import { openEngine } from '../../src/persist/open.js';
import { tmpIndexDir } from '../helpers/seeds.js';

const REPORT = '2025年全市科技创新工作要点\n1.实施量子信息专项行动。布局建设量子计算中心。\n2.推动人工智能赋能千行百业。\n';
let seeds: string;

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

beforeAll(() => {
  seeds = tmpIndexDir();
  mkdirSync(join(seeds, 'sci-tech'));
  writeFileSync(join(seeds, 'sci-tech', 'a.txt'), '2024年全省科技工作要点\n一、加强基础研究\n1.实施基础研究十年行动。\n');
});

describe('yaodian add under the caps', () => {
  it('refuses a decompression bomb naming the cap, and adds the other files of the batch', async () => {
    const index = tmpIndexDir();
    const before = (await openEngine({ seeds, index })).engine.docs.size;
    const dir = tmpIndexDir();
    writeFileSync(join(dir, 'bomb.docx'), docxBomb({ xmlBytes: 100 * 1024 * 1024 }));
    writeFileSync(join(dir, 'good.txt'), REPORT);
    const r = await run('add', join(dir, 'bomb.docx'), join(dir, 'good.txt'), '--index', index, '--seeds', seeds);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bomb\.docx: its XML unpacks to 100 MB — the limit is 32 MB \(inflatedBytes; raise it with --max-inflated-mb or YAODIAN_MAX_INFLATED_MB\)/);
    expect(r.out).toMatch(/\+ .*good\.txt/);
    expect((await openEngine({ seeds, index })).engine.docs.size).toBe(before + 1);
  });

  it('takes a cap from its flag, over the environment variable', async () => {
    const index = tmpIndexDir();
    const pdf = join(tmpIndexDir(), 'three-pages.pdf');
    writeFileSync(pdf, pdfManyPages(3));
    const byFlag = await run('add', pdf, '--max-pages', '2', '--index', index, '--seeds', seeds);
    expect(byFlag.err).toMatch(/three-pages\.pdf: has 3 pages — the limit is 2 \(pages;/);
    process.env.YAODIAN_MAX_PAGES = '2';
    try {
      expect((await run('add', pdf, '--index', index, '--seeds', seeds)).err).toMatch(/has 3 pages — the limit is 2/);
      expect((await run('add', pdf, '--max-pages', 'many', '--index', index, '--seeds', seeds)).err).toMatch(/--max-pages must be a whole number/);
    } finally {
      delete process.env.YAODIAN_MAX_PAGES;
    }
  });

  it('lists every cap with its default and variable in --help', async () => {
    const { out } = await run('add', '--help');
    for (const m of ['--max-input-mb', '50 MB', 'YAODIAN_MAX_INFLATED_MB', '--max-pages', '--max-chars', '--max-units', '--extract-timeout-ms', '20000 ms', '--extract-memory-mb'])
      expect(out).toContain(m);
  });
});
