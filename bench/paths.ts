/**
 * Where the benchmark's files are, whether it runs from the TypeScript sources (through tsx) or compiled
 * (`npm run bench` runs dist/bench, the way the product runs from dist/src): paths hang off the repository
 * root, and child processes are started the same way as this one.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

function findRoot(dir: string): string {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, 'package.json')) && existsSync(join(d, 'seeds'))) return d;
    if (dirname(d) === d) throw new Error(`no repository root above ${dir}`);
  }
}

export const repoRoot = findRoot(here);
export const benchOut = join(repoRoot, 'bench', 'out');
/** true when this is the compiled benchmark (dist/bench/*.js) */
export const compiled = import.meta.url.endsWith('.js');

/** A sibling script of the benchmark, as this process runs it (.ts under tsx, .js compiled). */
export const benchScript = (name: string): string => join(here, `${name}.${compiled ? 'js' : 'ts'}`);

/** Node flags a child needs to run benchScript(): tsx only when running from the sources. */
export const loaderArgs = (): string[] => (compiled ? [] : ['--import', 'tsx']);

/** `--out FILE` (default: the repository's BENCHMARKS.md) and `--runs N` of a benchmark run alone. */
export function outAndRuns(argv: string[], runs = 5): { out: string; runs: number } {
  const value = (flag: string) => (argv.includes(flag) ? argv[argv.indexOf(flag) + 1] : undefined);
  return { out: value('--out') ?? join(repoRoot, 'BENCHMARKS.md'), runs: Number(value('--runs') ?? runs) };
}
