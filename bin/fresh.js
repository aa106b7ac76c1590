// Which entry point the CLI runs: the compiled JavaScript in dist/ when it is at least as new as every
// source, TypeScript or JSON data (no tsx loader thread: the process is ~35 MB smaller and starts faster),
// otherwise the sources through tsx, so an edit is never shadowed by a stale build.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function newestSource(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (/\.(tsx?|json)$/.test(entry.name)) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** true when `root`/dist holds a build of `root`/src that no source file is newer than */
export function compiledIsFresh(root) {
  const main = join(root, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(main)) return false;
  return statSync(main).mtimeMs >= newestSource(join(root, 'src'));
}

/**
 * The compiled entry point to run when the build is fresh: the bundle of it (bin/bundle.js; it starts faster)
 * when it was made from this build, else the build itself. A bundle older than the build is of an earlier one.
 */
export function compiledEntry(root) {
  const main = join(root, 'dist', 'src', 'cli', 'main.js');
  const bundle = join(root, 'dist', 'bundle', 'main.js');
  return existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(main).mtimeMs ? bundle : main;
}
