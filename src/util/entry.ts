/**
 * Where a child process or worker thread that this program starts runs from. Compiled, it is the .js module beside
 * the one starting it. Run from the TypeScript sources it is the same module through tsx, whose loader thread makes
 * every start slower, unless $YAODIAN_BUNDLE names a folder holding a bundle of these sources (the layout of
 * bin/bundle.js: one flat folder). The test suite makes such a bundle once per run (test/global-setup.ts), so the
 * reading sandbox's children, the pool's workers and the CLI processes the tests start all run the code under test
 * without paying tsx's start each time.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const BUNDLE_ENV = 'YAODIAN_BUNDLE';

export interface Entry {
  /** the module to run */
  url: URL;
  /** true when it is TypeScript: the process or thread must register tsx before loading it */
  typescript: boolean;
}

/** The module `name` (without extension) that lives beside `from` (the starting module's import.meta.url). */
export function siblingEntry(from: string, name: string): Entry {
  if (from.endsWith('.js')) return { url: new URL(`./${name}.js`, from), typescript: false };
  const bundle = process.env[BUNDLE_ENV];
  const bundled = bundle ? join(bundle, `${name}.js`) : '';
  if (bundled && existsSync(bundled)) return { url: pathToFileURL(bundled), typescript: false };
  return { url: new URL(`./${name}.ts`, from), typescript: true };
}
