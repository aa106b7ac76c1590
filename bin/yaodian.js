#!/usr/bin/env node
// `npm install` compiles src/ into dist/ (the `prepare` script); the CLI runs that build while it is up to
// date, and the TypeScript sources through tsx otherwise, so there is no build step to forget.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compiledEntry, compiledIsFresh } from './fresh.js';

// A reader that stops early (`yaodian search … | head`) closes the pipe: the output is over, nothing failed.
process.stdout.on('error', (e) => {
  if (e.code === 'EPIPE') process.exit(0);
  throw e;
});

const root = fileURLToPath(new URL('..', import.meta.url));
// a bundle of the sources named by the environment (the test suite makes one per run, see src/util/entry.ts)
const bundled = process.env.YAODIAN_BUNDLE ? join(process.env.YAODIAN_BUNDLE, 'main.js') : '';
let main;
if (bundled && existsSync(bundled)) ({ main } = await import(pathToFileURL(bundled).href));
else if (compiledIsFresh(root)) ({ main } = await import(pathToFileURL(compiledEntry(root)).href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
