/**
 * Once per test run, for every test file:
 * - builds the index of the bundled seeds into a temporary folder that every test file can open (tests that only
 *   read) or copy (tests that write): building it takes seconds, opening it milliseconds;
 * - bundles the sources' CLI, pool worker and reading child (bin/bundle.js, from src/) and names the bundle in
 *   $YAODIAN_BUNDLE, so the child processes and worker threads the tests start run the code under test without
 *   tsx's loader (src/util/entry.ts): most tests that add a report start one, and tsx doubled each start.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIndex } from '../src/persist/open.js';
import { BUNDLE_ENV } from '../src/util/entry.js';
// @ts-expect-error plain JavaScript beside the CLI's entry point, without a declaration file
import { bundleCli } from '../bin/bundle.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the folder holding the built index of seeds/ */
    seedIndex: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'yaodian-seed-index-'));
  // inside the project, so the bundle's external packages resolve from its node_modules
  mkdirSync(join('node_modules', '.cache', 'yaodian'), { recursive: true });
  const bundle = mkdtempSync(join(process.cwd(), 'node_modules', '.cache', 'yaodian', 'test-bundle-'));
  await Promise.all([buildIndex('seeds', dir), (bundleCli as (out: string, from: string) => Promise<void>)(bundle, 'src')]);
  // set before vitest starts the test workers, which inherit it (and pass it on to what they start)
  process.env[BUNDLE_ENV] = bundle;
  project.provide('seedIndex', dir);
  return () => {
    rmSync(dir, { recursive: true, force: true });
    rmSync(bundle, { recursive: true, force: true });
  };
}
