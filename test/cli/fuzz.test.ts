/**
 * Seeded fuzz over the command line: `add` with odd files, names, folders and flag values, `remove` with odd
 * ids, and the reading commands with hostile arguments must end with a message and an exit code (0, 1 or 2),
 * never an internal error; and `add` adds exactly the documents it reports. Set FUZZ_SEED to explore others.
 */
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { readIndexInfo } from '../../src/persist/save.js';
import { readSegmentState } from '../../src/persist/segments.js';
import { liveCatalog } from '../../src/persist/catalog.js';
import { SEED, tmpIndexDir } from '../helpers/seeds.js';
import { fuzz, FUZZ_SEED } from '../helpers/fuzz.js';

const f = fuzz(FUZZ_SEED + 2);

const run = async (argv: string[]) => {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
};

let seeds: string;
let index: string;
/** files with odd names and contents, a folder of them, and paths that are not there */
let paths: string[];

/** The documents the index holds on disk. */
function onDisk(): string[] {
  const info = readIndexInfo(index);
  return info ? [...liveCatalog(join(index, info.generation), readSegmentState(index)).keys()].sort() : [];
}

/** A name Linux can hold: no NUL or slash, at most 255 bytes, not . or .. */
const storable = (name: string) => name !== '' && name !== '.' && name !== '..' && !/[\u0000/]/.test(name) && Buffer.byteLength(name) <= 255 && !/[\ud800-\udfff]/.test(name);

beforeAll(async () => {
  seeds = tmpIndexDir();
  mkdirSync(join(seeds, 'sci-tech'));
  cpSync(join('seeds', SEED.sichuan2022), join(seeds, SEED.sichuan2022));
  index = tmpIndexDir();
  expect((await run(['index', '--seeds', seeds, '--out', index])).code).toBe(0);
  const dir = join(tmpIndexDir(), 'odd');
  mkdirSync(dir);
  paths = [dir, join(dir, 'missing.txt'), join(dir, 'no-such-folder', 'x.docx')];
  for (let serial = 0; paths.length < 40 && serial < 400; serial++) {
    const name = f.fileName();
    if (!storable(name) || paths.includes(join(dir, name))) continue;
    writeFileSync(join(dir, name), f.content(serial));
    paths.push(join(dir, name));
  }
});

const ADD_FLAGS = ['--region', '--year', '--kind', '--date', '--title', '--max-pages', '--max-input-mb', '--max-chars', '--extract-timeout-ms', '--seeds', '--nope'];

/**
 * An `add` command line: a few paths (or hostile strings), some flags with odd values, sometimes --json. The
 * index comes first, so a hostile `--` cannot turn it into a path and send the add to ./index.
 */
function addArgs(): string[] {
  const argv = ['add', '--index', index];
  for (let n = 1 + f.int(3); n > 0; n--) argv.push(f.rand() < 0.8 ? f.pick(paths) : f.hostile());
  for (let n = f.int(3); n > 0; n--) {
    const flag = f.pick(ADD_FLAGS);
    const value = f.pick([() => f.hostile(), () => f.pick(['2025', '0', '-1', '1e9', '绵阳市', 'work-points', '2025-02-30'])])();
    argv.push(...(f.rand() < 0.5 ? [flag, value] : [`${flag}=${value}`]));
  }
  if (f.rand() < 0.3) argv.push('--json');
  return argv;
}

/** How many documents a finished `add` says it added: its JSON results, or its `+ file` lines. */
function reportedAdded(out: string): number {
  try {
    return (JSON.parse(out) as { id?: string; duplicateOf?: string }[]).filter((r) => r.id && !r.duplicateOf).length;
  } catch {
    return out.split('\n').filter((l) => l.startsWith('+ ')).length;
  }
}

function judge(argv: string[], r: { code: number; out: string; err: string }): string[] {
  const what = `${JSON.stringify(argv).slice(0, 300)} → ${r.code}: ${r.err.slice(0, 300)}`;
  if (![0, 1, 2].includes(r.code) || /internal error/.test(r.err)) return [`crashed: ${what}`];
  if (r.code !== 0 && !r.err.trim()) return [`failed without a word: ${what}`];
  return [];
}

describe(`fuzz over the command line (seed ${FUZZ_SEED + 2})`, () => {
  it('adds odd files with odd flags, or says why not, adding exactly what it reports', async () => {
    const failures: string[] = [];
    for (let k = 0; k < 15; k++) {
      const argv = addArgs();
      const before = onDisk();
      const r = await run(argv);
      failures.push(...judge(argv, r));
      const gained = onDisk().filter((id) => !before.includes(id)).length;
      if (gained !== reportedAdded(r.out)) failures.push(`added ${gained} but reported ${reportedAdded(r.out)}: ${JSON.stringify(argv).slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
    expect(onDisk().length).toBeGreaterThan(1);
  }, 300_000);

  it('removes only what the index holds, refusing odd ids with a message', async () => {
    const failures: string[] = [];
    for (let k = 0; k < 15; k++) {
      const before = onDisk();
      const argv = ['remove', '--index', index, f.rand() < 0.3 ? f.pick(before) : f.hostile()];
      const r = await run(argv);
      failures.push(...judge(argv, r));
      const expected = r.code === 0 ? before.filter((id) => id !== argv[3]) : before;
      if (onDisk().join() !== expected.join()) failures.push(`removed the wrong documents: ${JSON.stringify(argv).slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });

  it('answers the reading commands with hostile arguments with a result or a message', async () => {
    const commands = ['search', 'compare', 'first', 'trend', 'diff', 'new', 'units', 'docs', 'indicators'];
    const failures: string[] = [];
    for (let k = 0; k < 30; k++) {
      const argv = [f.pick(commands), '--index', index, ...Array.from({ length: f.int(3) }, () => f.hostile())];
      if (f.rand() < 0.4) argv.push(f.pick(['--limit', '--year', '--region', '--against', '--json']), f.hostile());
      failures.push(...judge(argv, await run(argv)));
    }
    expect(failures).toEqual([]);
  });
});
