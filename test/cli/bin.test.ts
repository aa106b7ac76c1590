import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error plain JavaScript next to the CLI's entry point, without a declaration file
import { compiledEntry, compiledIsFresh } from '../../bin/fresh.js';
import { seedIndex } from '../helpers/seeds.js';

const fresh = compiledIsFresh as (root: string) => boolean;
const entry = compiledEntry as (root: string) => string;

/** a fake checkout: src/ with two sources, optionally dist/src/cli/main.js, each with the given mtime (s) */
function tree(sources: number[], built?: number): string {
  const root = mkdtempSync(join(tmpdir(), 'yaodian-bin-'));
  mkdirSync(join(root, 'src', 'cli'), { recursive: true });
  sources.forEach((t, i) => {
    const p = join(root, 'src', i ? 'cli/x.ts' : 'a.ts');
    writeFileSync(p, '');
    utimesSync(p, t, t);
  });
  if (built !== undefined) {
    mkdirSync(join(root, 'dist', 'src', 'cli'), { recursive: true });
    const p = join(root, 'dist', 'src', 'cli', 'main.js');
    writeFileSync(p, '');
    utimesSync(p, built, built);
  }
  return root;
}

describe('which code the yaodian command runs', () => {
  it.each([
    ['no build yet: the sources', [1000, 1000], undefined, false],
    ['a build newer than every source: the build', [1000, 1100], 1200, true],
    ['a source edited after the build, even deep in a folder: the sources', [1000, 1300], 1200, false],
  ] as const)('%s', (_, sources, built, expected) => {
    expect(fresh(tree([...sources], built))).toBe(expected);
  });

  it.each([
    ['no bundle: the build', undefined, 'dist/src/cli/main.js'],
    ['a bundle made from this build: the bundle', 1300, 'dist/bundle/main.js'],
    ['a bundle of an earlier build: the build', 1100, 'dist/src/cli/main.js'],
  ] as const)('of a fresh build, %s', (_, bundled, expected) => {
    const root = tree([1000], 1200);
    if (bundled !== undefined) {
      mkdirSync(join(root, 'dist', 'bundle'));
      const p = join(root, 'dist', 'bundle', 'main.js');
      writeFileSync(p, '');
      utimesSync(p, bundled, bundled);
    }
    expect(entry(root)).toBe(join(root, expected));
  });
});

describe('the yaodian command in a pipeline', () => {
  const index = seedIndex();

  it('exits 0 without a stack trace when the reader closes the pipe early (yaodian search … | head -1)', async () => {
    const child = spawn(process.execPath, ['bin/yaodian.js', 'search', '的', '--limit', '1000', '--index', index], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.stdout.once('data', () => child.stdout.destroy());
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(err).not.toMatch(/EPIPE|Error/);
    expect(code).toBe(0);
  }, 120_000);
});
