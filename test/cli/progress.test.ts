/** Progress on long work: a bar with files, MB and time left on a terminal, a quiet line per file elsewhere. */
import { copyFileSync, cpSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bar, eta, progress, type Tally } from '../../src/cli/progress.js';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { tmpIndexDir } from '../helpers/seeds.js';

const MB = 1048576;
const tally = (files: number, bytes: number, elapsedMs: number): Tally => ({ files, totalFiles: 4, bytes, totalBytes: 2 * MB, elapsedMs });

describe('the progress bar', () => {
  it.each([
    [tally(0, 0, 0), '[------------------------] 0/4 files · 0.0/2.0 MB · ETA --:--'],
    [tally(2, MB, 5000), '[############------------] 2/4 files · 1.0/2.0 MB · ETA 0:05'],
    [tally(1, MB / 4, 10_000), '[###---------------------] 1/4 files · 0.3/2.0 MB · ETA 1:10'],
    [tally(4, 2 * MB, 9000), '[########################] 4/4 files · 2.0/2.0 MB · ETA 0:00'],
  ])('%o reads %s', (t, line) => {
    expect(bar(t)).toBe(line);
  });

  it('gives hours when the rest takes that long', () => {
    expect(eta({ files: 1, totalFiles: 1000, bytes: MB, totalBytes: 1000 * MB, elapsedMs: 10_000 })).toBe('2:46:30');
  });
});

/** An Io that records what a terminal (with `status`) or a log (without) would show. */
function recorder(terminal: boolean) {
  const lines: string[] = [];
  const statuses: string[] = [];
  const io: Io = { out: (s) => lines.push(`out: ${s}`), err: (s) => lines.push(`err: ${s}`), ...(terminal && { status: (s: string) => statuses.push(s) }) };
  return { io, lines, statuses };
}

describe('progress over files', () => {
  it('on a terminal redraws one line, at most every 100 ms, then clears it and sums up', () => {
    const { io, lines, statuses } = recorder(true);
    let clock = 0;
    const p = progress(io, 3, 3 * MB, 'read', () => clock);
    clock = 50;
    p.file('a.txt', MB);
    clock = 100;
    p.file('b.txt', MB); // within 100 ms of the last redraw: not drawn
    clock = 400;
    p.file('c.txt', MB);
    expect(statuses).toEqual(['[########----------------] 1/3 files · 1.0/3.0 MB · ETA 0:00', '[########################] 3/3 files · 3.0/3.0 MB · ETA 0:00', '']);
    expect(lines).toEqual(['err: read 3 files, 3.0 MB in 0.4 s']);
  });

  it('elsewhere writes one quiet line per file', () => {
    const { io, lines, statuses } = recorder(false);
    const p = progress(io, 2, 3000, 'add', () => 0);
    p.file('a.txt', 1024);
    p.file('b.txt', 1976);
    expect(statuses).toEqual([]);
    expect(lines).toEqual(['err: add 1/2 a.txt (1.0 KB)', 'err: add 2/2 b.txt (1.9 KB)', 'err: add 2 files, 0.0 MB in 0.0 s']);
  });

  it('elsewhere writes no second line for a file the command already spoke of (skipped, refused), yet counts it', () => {
    const { io, lines } = recorder(false);
    const p = progress(io, 2, 2048, 'add', () => 0);
    p.file('README.txt', 1024, true);
    p.file('b.txt', 1024);
    expect(lines).toEqual(['err: add 2/2 b.txt (1.0 KB)', 'err: add 2 files, 0.0 MB in 0.0 s']);
  });
});

describe('yaodian index and add of many files', () => {
  const folder = () => {
    const seeds = tmpIndexDir();
    cpSync('seeds/sci-tech', join(seeds, 'sci-tech'), { recursive: true });
    return seeds;
  };

  it('index shows the bar on a terminal and clears it before its summary', async () => {
    const { io, lines, statuses } = recorder(true);
    expect(await main(['index', '--seeds', folder(), '--out', tmpIndexDir()], io)).toBe(0);
    expect(statuses.at(-2)).toMatch(/^\[#{24}\] 5\/5 files · 0\.\d\/0\.\d MB · ETA 0:00$/);
    expect(statuses.at(-1)).toBe('');
    expect(lines[0]).toMatch(/^err: read 5 files, 0\.\d MB in [\d.]+ s$/);
    expect(lines[1]).toMatch(/^err: indexed 5 documents/);
  });

  it('index writes a line per file when stderr is a log', async () => {
    const { io, lines } = recorder(false);
    expect(await main(['index', '--seeds', folder(), '--out', tmpIndexDir()], io)).toBe(0);
    expect(lines.filter((l) => / \d\/5 sci-tech\//.test(l))).toHaveLength(5);
    expect(lines[0]).toMatch(/^err: read 1\/5 sci-tech\/000_8a3c289323d12560\.txt \([\d.]+ KB\)$/);
  });

  it('add of a folder reports each file beside what it added', async () => {
    const index = tmpIndexDir();
    const seeds = folder();
    expect(await main(['index', '--seeds', seeds, '--out', index], recorder(false).io)).toBe(0);
    const more = tmpIndexDir();
    // two reports the index does not hold yet
    copyFileSync('seeds/provinces-2026/2026_上海市_政府工作报告.txt', join(more, 'a.txt'));
    copyFileSync('seeds/provinces-2026/2026_云南省_政府工作报告.txt', join(more, 'b.txt'));
    const { io, lines } = recorder(false);
    expect(await main(['add', more, '--index', index, '--seeds', seeds], io)).toBe(0);
    expect(lines.filter((l) => l.startsWith('err: add '))).toEqual([
      expect.stringMatching(/^err: add 1\/2 .*a\.txt \([\d.]+ KB\)$/),
      expect.stringMatching(/^err: add 2\/2 .*b\.txt \([\d.]+ KB\)$/),
      expect.stringMatching(/^err: add 2 files, 0\.\d MB in [\d.]+ s$/),
    ]);
    expect(lines.filter((l) => l.startsWith('out: + '))).toHaveLength(2);
  });
});
