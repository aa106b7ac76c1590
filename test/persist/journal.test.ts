import { describe, it, expect } from 'vitest';
import { writeFileSync, readFileSync, mkdirSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { openEngine } from '../../src/persist/open.js';
import { search } from '../../src/search/search.js';
import { main } from '../../src/cli/main.js';
import { sciTechSeeds, tmpIndexDir } from '../helpers/seeds.js';
import { killCliAfter } from '../helpers/cli.js';

const REPORT = '2025年全市科技创新工作要点\n1.实施量子信息专项行动。布局建设量子计算中心。\n2.推动人工智能赋能千行百业。\n';

const smallSeeds = sciTechSeeds;

const run = async (...argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

describe('bring your own reports', () => {
  it('adds a GBK text file without a rebuild, prints the detected metadata and finds it at once', async () => {
    const seeds = smallSeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const file = join(tmpIndexDir(), '绵阳市2025年科技创新工作要点.txt');
    writeFileSync(file, iconv.encode(REPORT, 'gbk'));
    const r = await run('add', file, '--region', '绵阳市', '--index', index, '--seeds', seeds);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/mianyang-2025-work-points: 2025年全市科技创新工作要点 · 绵阳市 \(city\) · 2025/);
    const reopened = await openEngine({ seeds, index });
    expect(reopened.rebuilt).toBe(false);
    expect(search(reopened.engine, '量子计算').hits[0]).toMatchObject({ docId: 'mianyang-2025-work-points', region: '绵阳市', level: 'city' });
  });

  it('recognises the same content twice and does not duplicate it', async () => {
    const seeds = smallSeeds();
    const index = tmpIndexDir();
    const a = join(tmpIndexDir(), 'a.txt');
    const b = join(tmpIndexDir(), 'b.md');
    writeFileSync(a, REPORT);
    writeFileSync(b, REPORT.replace(/\n/g, '\r\n'));
    expect((await run('add', a, '--index', index, '--seeds', seeds)).code).toBe(0);
    const again = await run('add', b, '--index', index, '--seeds', seeds);
    expect(again.out).toMatch(/already indexed as/);
    const { engine } = await openEngine({ seeds, index });
    expect(search(engine, '量子计算').total).toBe(1);
  });

  it('does not add another edition of a report it holds, says which, and adds it with --force', async () => {
    const seeds = smallSeeds();
    mkdirSync(join(seeds, 'provinces'));
    cpSync('seeds/provinces-2026/2026_河北省_政府工作报告.txt', join(seeds, 'provinces', 'hebei.txt'));
    const index = tmpIndexDir();
    const original = readFileSync('seeds/provinces-2026/2026_河北省_政府工作报告.txt', 'utf8');
    const relaid = join(tmpIndexDir(), 'hebei-lines.txt');
    writeFileSync(relaid, original.replace(/。/g, '。\n').replace(/%/g, '％'));
    const edited = join(tmpIndexDir(), 'hebei-edition.txt');
    writeFileSync(edited, original.replace(/。[^。\n]{10,60}。/, '。这一句在另一个版本里改写了。'));

    const same = await run('add', relaid, '--index', index, '--seeds', seeds);
    expect(same.code).toBe(0);
    expect(same.out).toMatch(/already indexed as hebei-2026-gov-report \(the same text\)/);
    const edition = await run('add', edited, '--index', index, '--seeds', seeds);
    expect(edition.code).toBe(0);
    expect(edition.out).toMatch(/another edition of hebei-2026-gov-report .*similarity 0\.9\d+\); not added \(--force adds it\)/);
    const before = (await openEngine({ seeds, index })).engine.docs.size;
    const forced = await run('add', edited, '--force', '--index', index, '--seeds', seeds);
    expect(forced.out).toMatch(/^\+ /);
    expect((await openEngine({ seeds, index })).engine.docs.size).toBe(before + 1);
  });

  it('removes an added document and a seed document, and the removal survives a rebuild', async () => {
    const seeds = smallSeeds();
    const index = tmpIndexDir();
    const a = join(tmpIndexDir(), 'a.txt');
    writeFileSync(a, REPORT);
    await run('add', a, '--index', index, '--seeds', seeds);
    const id = (await openEngine({ seeds, index })).engine.docList().find((d) => d.title.startsWith('2025'))!.id;
    expect((await run('remove', id, '--index', index, '--seeds', seeds)).code).toBe(0);
    expect((await run('remove', 'shanxi-2021-conference', '--index', index, '--seeds', seeds)).code).toBe(0);
    const rebuilt = await openEngine({ seeds, index, force: true });
    expect(rebuilt.engine.docs.has(id)).toBe(false);
    expect(rebuilt.engine.docs.has('shanxi-2021-conference')).toBe(false);
    expect(rebuilt.engine.docs.size).toBe(4);
    expect((await run('remove', 'no-such-doc', '--index', index, '--seeds', seeds)).code).toBe(1);
  });

  it.each([
    ['an empty file', '', /empty/],
    ['a binary file', Buffer.from([0, 1, 2, 3, 0xff, 0, 7]), /binary/],
  ])('refuses %s with a message naming it', async (_n, content, message) => {
    const index = tmpIndexDir();
    const seeds = smallSeeds();
    const f = join(tmpIndexDir(), 'bad.txt');
    writeFileSync(f, content);
    const r = await run('add', f, '--index', index, '--seeds', seeds);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/bad\.txt/);
    expect(r.err).toMatch(message);
  });

  it('refuses bad metadata flags', async () => {
    const r = await run('add', 'x.txt', '--year', 'twenty', '--index', tmpIndexDir());
    expect(r.code).toBe(2);
  });

  it('survives kill -9 in the middle of an add: the previous index still loads and answers', async () => {
    const seeds = smallSeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    // a large report keeps the add busy long enough to be killed part-way
    const big = join(tmpIndexDir(), 'big.txt');
    const para = readFileSync(join(seeds, 'sci-tech', '001_cbc8f5267928ee5f.txt'), 'utf8');
    writeFileSync(big, Array.from({ length: 60 }, (_, k) => para.replace(/2022/g, String(1900 + k))).join('\n'));
    for (const delay of [150, 400, 800]) {
      await killCliAfter(delay, 'add', big, '--index', index, '--seeds', seeds);
      const { engine } = await openEngine({ seeds, index });
      expect(search(engine, '揭榜挂帅').total).toBeGreaterThan(0);
      expect(engine.docs.has('sichuan-2022-work-points')).toBe(true);
    }
  });
});
