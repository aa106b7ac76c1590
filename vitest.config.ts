import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import { longestFirst } from './test/sequencer.js';

/** Spawn a browser, a server or the CLI as a process: slower, and run on their own (`npx vitest run --project e2e`). */
const E2E = ['test/web/browser.test.ts', 'test/web/takeaway.test.ts', 'test/http/serve.test.ts', 'test/cli/bin.test.ts', 'test/cli/pg-servers.test.ts'];
/** The longest files, longest first: started first when vitest has no durations of an earlier run (test/sequencer.ts). */
const LONG = [
  'test/web/browser.test.ts',
  'test/web/takeaway.test.ts',
  'test/cli/pg-servers.test.ts',
  'test/http/serve.test.ts',
  'test/compare/report-shifts.test.ts',
  'test/http/pool.test.ts',
  'test/cli/fuzz.test.ts',
  'test/persist/texts.test.ts',
  'test/compare/new.test.ts',
  'test/persist/format.test.ts',
  'test/persist/segments.test.ts',
];
const shared = { testTimeout: 60_000, hookTimeout: 120_000, pool: 'forks' } as const;

export default defineConfig({
  test: {
    // builds the seed index once for the whole run, for every project (test/helpers/seeds.ts opens or copies it);
    // starts a PostgreSQL cluster for the database-store tests when none is named (test/helpers/pg.ts)
    globalSetup: ['test/global-setup.ts', 'test/pg-setup.ts'],
    // a test file per core (vitest's default leaves one core to itself, so on two cores it ran one file at a time;
    // the main process only waits while the files run, and the browser and server files mostly wait too)
    maxWorkers: availableParallelism(),
    sequence: { sequencer: longestFirst(LONG) },
    reporters: ['default', './test/summary-reporter.ts'],
    projects: [
      { test: { ...shared, name: 'unit', include: ['test/**/*.test.ts'], exclude: E2E, isolate: false } },
      // a browser test visits several pages, each of which may wait on cold work under load
      { test: { ...shared, testTimeout: 180_000, name: 'e2e', include: E2E } },
    ],
  },
});
