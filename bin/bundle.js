// The compiled CLI as a few files instead of ~160 modules: `npm run build` compiles src/ with tsc into dist/src,
// then bundles that build's CLI (and the worker and reader child it starts) with esbuild into dist/bundle. A
// command's cold start was mostly Node's ESM loader resolving, reading and linking modules one by one (zod alone
// is 95 of them); the bundle holds the same compiled code, its commands still split off and loaded on use.
// Other packages stay external (loaded from node_modules as before): some find their own files at run time.
// src/ imports zod as a namespace (`import * as z`), which esbuild shakes to what the schemas use; `import { z }`
// is one object holding all of zod (every locale, JSON Schema conversion), so all of it was bundled and compiled.
// The test suite bundles the TypeScript sources the same way (bundleCli with from: 'src'), once per run.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** packages bundled in: many small modules and nothing found on disk at run time */
const INLINE = new Set(['zod', 'commander']);
const packageOf = (spec) => (spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]);

/**
 * Bundle the CLI, the pool's worker and the reading sandbox's child into `outdir`, from the compiled build
 * (from: 'dist') or straight from the TypeScript sources (from: 'src'; esbuild strips the types, checks none).
 */
export async function bundleCli(outdir, from = 'dist') {
  const ext = from === 'src' ? 'ts' : 'js';
  rmSync(outdir, { recursive: true, force: true });
  await build({
    // flat names: pool.ts and sandbox.ts start pool-worker.js and sandbox-child.js from beside their own file
    entryPoints: [`src/cli/main.${ext}`, `src/http/pool-worker.${ext}`, `src/ingest/sandbox-child.${ext}`].map((p) => join(root, from === 'src' ? '' : 'dist', p)),
    entryNames: '[name]',
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    logLevel: 'warning',
    // Node compiles every byte of a chunk it loads (parsing is most of a command's start after the loader):
    // whitespace out and syntax shortened; identifiers kept, so stack traces and class names read as in src/
    minifyWhitespace: true,
    minifySyntax: true,
    tsconfig: join(root, 'tsconfig.json'),
    // commander is CommonJS and requires Node's own modules: esbuild's shim calls a `require` when one is in scope
    banner: { js: "import { createRequire as __yaodianCreateRequire } from 'node:module'; const require = __yaodianCreateRequire(import.meta.url);" },
    plugins: [
      {
        name: 'only-inline-packages',
        setup(b) {
          b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('node:') || INLINE.has(packageOf(args.path)) ? undefined : { path: args.path, external: true }));
        },
      },
    ],
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await bundleCli(join(root, 'dist', 'bundle'));
