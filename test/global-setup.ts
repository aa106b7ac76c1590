/**
 * Builds the index of the bundled seeds once per test run, into a temporary folder that every test file can
 * open (tests that only read) or copy (tests that write): building it takes seconds, opening it milliseconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildIndex } from '../src/persist/open.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** the folder holding the built index of seeds/ */
    seedIndex: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'yaodian-seed-index-'));
  await buildIndex('seeds', dir);
  project.provide('seedIndex', dir);
  return () => rmSync(dir, { recursive: true, force: true });
}
