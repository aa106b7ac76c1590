/**
 * Writers and readers at once, across processes: the lock lets one writer in at a time (no update lost, a killed
 * holder's lock taken over by one waiter at a time), and a reader opening the index while another process adds and merges sees every document committed
 * before it opened — never a half-merged index, never a rebuild, never a segment set aside that was only merged.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openEngine } from '../../src/persist/open.js';
import { readSegmentState } from '../../src/persist/segments.js';
import { fuzzReport } from '../helpers/fuzz.js';
import { tmpIndexDir } from '../helpers/seeds.js';

const BASE = '2024年全省科技工作要点\n' + Array.from({ length: 12 }, (_, k) => `${k + 1}.实施第${k + 1}项基础研究行动，建设创新平台。`).join('\n') + '\n';

/** A seeds folder of one small report: every few adds outgrow it, so merges into the base come often. */
function tinySeeds(): string {
  const dir = tmpIndexDir();
  mkdirSync(join(dir, 'sci-tech'));
  writeFileSync(join(dir, 'sci-tech', 'base.txt'), BASE);
  return dir;
}

function folderOf(serials: number[]): string {
  const dir = tmpIndexDir();
  for (const n of serials) writeFileSync(join(dir, `r${n}.txt`), fuzzReport(n));
  return dir;
}

/** `yaodian add` in its own process; resolves when it exits. */
const cliAdd = (dir: string, index: string) =>
  new Promise<{ code: number | null; err: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/yaodian.js', 'add', dir, '--index', index], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, err }));
  });

/** A process that takes the index lock `times` times, each time incrementing the number in `counter` slowly. */
function counting(index: string, counter: string, times: number, holdMs = 0): ChildProcess {
  const script = join(tmpIndexDir(), 'count.mts');
  writeFileSync(
    script,
    `import { readFileSync, writeFileSync } from 'node:fs';
import { withIndexLock } from ${JSON.stringify(resolve('src/persist/lock.ts'))};
for (let k = 0; k < ${times}; k++)
  await withIndexLock(${JSON.stringify(index)}, 'counting', async () => {
    const n = Number(readFileSync(${JSON.stringify(counter)}, 'utf8'));
    await new Promise((r) => setTimeout(r, 1 + Math.random() * 3));
    writeFileSync(${JSON.stringify(counter)}, String(n + 1));
    if (${holdMs}) await new Promise((r) => setTimeout(r, ${holdMs}));
  });
`,
  );
  return spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'ignore', 'pipe'] });
}

const exited = (child: ChildProcess) => new Promise<number | null>((r) => child.on('exit', (code) => r(code)));

describe('the index lock across processes', () => {
  it('lets no two processes in at once: no increment of a shared count is lost', async () => {
    const index = tmpIndexDir();
    const counter = join(index, 'count');
    writeFileSync(counter, '0');
    const codes = await Promise.all([0, 1, 2].map(() => exited(counting(index, counter, 15))));
    expect(codes).toEqual([0, 0, 0]);
    expect(readFileSync(counter, 'utf8')).toBe('45');
    expect(existsSync(join(index, 'LOCK'))).toBe(false);
  }, 240_000);

  it('is taken over from a writer killed while holding it, by exactly one waiting process at a time', async () => {
    const index = tmpIndexDir();
    const counter = join(index, 'count');
    writeFileSync(counter, '0');
    const holder = counting(index, counter, 1, 600_000);
    while (!existsSync(join(index, 'LOCK')) || readFileSync(counter, 'utf8') !== '1') await new Promise((r) => setTimeout(r, 20));
    const waiting = [0, 1].map(() => exited(counting(index, counter, 10)));
    await new Promise((r) => setTimeout(r, 300));
    expect(readFileSync(counter, 'utf8')).toBe('1');
    holder.kill('SIGKILL');
    expect(await Promise.all(waiting)).toEqual([0, 0]);
    expect(readFileSync(counter, 'utf8')).toBe('21');
  }, 240_000);
});

describe('writers and readers at once', () => {
  it('a reader opening the index while another process adds and merges sees all it committed, and nothing breaks', async () => {
    const seeds = tinySeeds();
    const index = tmpIndexDir();
    await openEngine({ seeds, index });
    const adding = cliAdd(folderOf(Array.from({ length: 12 }, (_, n) => n)), index);
    let done = false;
    void adding.then(() => (done = true));
    const problems: string[] = [];
    let opens = 0;
    let seen = 1;
    while (!done) {
      const lines: string[] = [];
      const { engine, rebuilt } = await openEngine({ seeds, index, log: (l) => lines.push(l) });
      opens++;
      if (rebuilt) problems.push(`rebuilt: ${lines.join('; ')}`);
      else if (lines.length) problems.push(`said: ${lines.join('; ')}`);
      // only adds are committed meanwhile: each reader sees at least what the reader before it saw
      if (engine.docs.size < seen) problems.push(`served ${engine.docs.size} documents after ${seen}`);
      seen = Math.max(seen, engine.docs.size);
      // paced, so the engines' open files are collected as fast as they come
      await new Promise((r) => setTimeout(r, 50));
    }
    const r = await adding;
    expect(r.code, r.err).toBe(0);
    expect(problems).toEqual([]);
    expect(opens).toBeGreaterThan(1);
    expect((await openEngine({ seeds, index })).engine.docs.size).toBe(1 + 12);
    expect(readSegmentState(index).quarantined ?? []).toEqual([]);
  }, 300_000);
});
