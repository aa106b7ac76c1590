/**
 * The tree is the architecture: imports point one way, from the edges (cli, http, web) through the features
 * (search, compare, indicators; export above them) to the pipeline's stages and `types.ts`. A file may import
 * its own folder or a folder ranked below it; this test fails on any import against that direction.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = 'src';

/** Layers, lowest first. Folders on one line are peers: they may not import each other. */
export const LAYERS: string[][] = [
  ['types.ts', 'errors.ts'],
  ['util'],
  ['text'],
  ['ingest'],
  ['index'],
  ['persist'],
  ['search'],
  ['compare', 'indicators'],
  ['export'],
  ['web'],
  ['http'],
  ['cli'],
];

/** Folders whose modules are domain code: they never import Hono. */
const DOMAIN = ['types.ts', 'errors.ts', 'util', 'text', 'ingest', 'index', 'persist', 'search', 'compare', 'indicators', 'export'];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? walk(p) : /\.tsx?$/.test(name) ? [p] : [];
  });
}

/** The layer a file under src/ belongs to: its first path segment. */
const area = (file: string) => relative(SRC, file).split(/[\\/]/)[0];
const rankOf = (a: string) => LAYERS.findIndex((l) => l.includes(a));

interface Edge {
  from: string;
  to: string;
  spec: string;
}

function imports(file: string): Edge[] {
  const text = readFileSync(file, 'utf8');
  const out: Edge[] = [];
  for (const m of text.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)['"]([^'"]+)['"]/g)) {
    const spec = m[1];
    if (!spec.startsWith('.')) {
      out.push({ from: file, to: spec, spec });
      continue;
    }
    out.push({ from: file, to: posix.normalize(posix.join(dirname(file).split('\\').join('/'), spec)), spec });
  }
  return out;
}

/** Imports from one folder into a folder of the same or a higher layer. */
function against(list: Edge[]): string[] {
  return list
    .filter((e) => e.spec.startsWith('.'))
    .filter((e) => {
      const a = area(e.from);
      const b = area(e.to);
      return a !== b && rankOf(b) >= rankOf(a);
    })
    .map((e) => `${relative(SRC, e.from)} → ${e.spec}`);
}

const files = walk(SRC);
const edges = files.flatMap(imports);

describe('the source tree', () => {
  it('has only types.ts and errors.ts at the top; everything else sits in a stage or edge folder', () => {
    const stray = files.filter((f) => rankOf(area(f)) < 0);
    expect(stray).toEqual([]);
  });

  it('imports point one way: from the edges through the features to the stages', () => {
    expect(against(edges)).toEqual([]);
  });

  it('keeps HTTP out of domain code (no hono, no @hono/* outside http/, web/ and cli/)', () => {
    const leaks = edges
      .filter((e) => DOMAIN.includes(area(e.from)) && /^(hono|@hono\/)/.test(e.spec))
      .map((e) => `${relative(SRC, e.from)} → ${e.spec}`);
    expect(leaks).toEqual([]);
  });

  it.each([
    ['text/normalize.ts', '../search/search.js', 'src/search/search'],
    ['compare/diff.ts', '../indicators/query.js', 'src/indicators/query'],
    ['index/engine.ts', '../persist/save.js', 'src/persist/save'],
  ])('names an import against the direction: %s → %s', (from, spec, to) => {
    expect(against([{ from: join(SRC, from), to, spec }])).toEqual([`${from} → ${spec}`]);
  });
});
