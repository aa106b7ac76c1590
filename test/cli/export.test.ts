/** `--format csv|xlsx|docx|md` and `--out FILE` on the commands that print results. */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { seedIndex, tmpIndexDir } from '../helpers/seeds.js';
import { readCsv, readExcel, readWord, sheetRows } from '../export/readers.js';

let index: string;
let dir: string;

/** Runs the CLI; `piped` gives it a stdout that takes bytes and is not a terminal, as `> file` does. */
async function run(argv: string[], { piped = false, tty = false } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const bytes: Uint8Array[] = [];
  const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s), isTTY: tty, ...(piped && { bytes: (b) => bytes.push(b) }) };
  const code = await main(argv, io);
  return { code, out: out.join('\n'), err: err.join('\n'), bytes: Buffer.concat(bytes) };
}

beforeAll(() => {
  // the run's seed index, only read: the files are written to a folder of their own
  index = seedIndex();
  dir = tmpIndexDir();
});

describe('yaodian … --format', () => {
  it('search --out hits.xlsx writes every hit to an Excel file, the format taken from the name', async () => {
    const file = join(dir, 'hits.xlsx');
    const r = await run(['search', '揭榜挂帅', '--index', index, '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toBe('');
    expect(r.err).toMatch(/wrote .*hits\.xlsx \(xlsx, [\d.]+ KB\)/);
    const rows = sheetRows((await readExcel(readFileSync(file))).worksheets[0]);
    const total = JSON.parse((await run(['search', '揭榜挂帅', '--index', index, '--json'])).out).total;
    expect(rows).toHaveLength(total);
    expect(rows[0].rank).toBe(1);
    // written atomically: no temporary file left beside it
    expect(readdirSync(dir).filter((f) => f.startsWith('hits.xlsx'))).toEqual(['hits.xlsx']);
  });

  it('compare --format docx --out writes the comparison as a Word table', async () => {
    const file = join(dir, 'compare.docx');
    expect((await run(['compare', '基础研究十年行动', '--index', index, '--format', 'docx', '--out', file])).code).toBe(0);
    const doc = await readWord(readFileSync(file));
    expect(doc.paragraphs[0]).toBe('历年比较：基础研究十年行动');
    expect(doc.tables[0][2][2][0].some((r) => r.strike)).toBe(true);
  });

  it('trend --format csv prints the CSV on a terminal, and sends the exact bytes (with the BOM) down a pipe', async () => {
    const shown = await run(['trend', '揭榜挂帅', '--index', index, '--format', 'csv'], { tty: true });
    expect(shown.out.split('\r\n')[0]).toBe('dimension,year,region,units,occurrences');
    const piped = await run(['trend', '揭榜挂帅', '--index', index, '--format', 'csv'], { piped: true });
    expect([...piped.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(readCsv(piped.bytes).find((r) => r.dimension === 'region' && r.region === '四川省')).toBeDefined();
  });

  it.each([
    [['diff', 'sichuan-2023-conference', 'sichuan-2024-conference'], '文件对比'],
    [['first', '揭榜挂帅'], '首次出现'],
    [['indicators', '--name', '技术合同成交额'], '指标'],
    [['indicators', '--plan-vs-actual'], '目标与完成'],
    [['new', 'state-council-2024'], '新提法'],
  ])('%j --format md prints a Markdown report', async (argv, title) => {
    const r = await run([...argv, '--index', index, '--format', 'md'], { tty: true });
    expect(r.code).toBe(0);
    expect(r.out.startsWith(`# ${title}`)).toBe(true);
  });

  it.each([
    [['search', '科技', '--format', 'xlsx'], /binary file: give --out FILE/],
    [['search', '科技', '--format', 'pdf', '--out', 'x.pdf'], /format must be one of csv, xlsx, docx, md/],
    [['search', '科技', '--out', 'hits.txt'], /cannot tell the format from "hits.txt"/],
    [['search', '科技', '--json', '--format', 'csv'], /--json prints JSON; --format and --out write a file/],
  ])('%j is refused with the reason', async (argv, why) => {
    const r = await run([...argv, '--index', index], { tty: true });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(why);
    expect(existsSync('hits.txt') || existsSync('x.pdf')).toBe(false);
  });

  it('search --json carries each hit’s citation and permalink', async () => {
    const hits = JSON.parse((await run(['search', '揭榜挂帅', '--index', index, '--json'])).out).hits;
    for (const h of hits) expect(h.permalink).toBe(`/u/${h.unitId}`);
    expect(hits.find((h: { unitId: string }) => h.unitId === 'suining-2023-work-points:t6').citation).toBe('遂宁市科学技术局. 2023年全市科技创新工作要点[Z]. 2023-02-28: 第6项任务.');
  });
});
