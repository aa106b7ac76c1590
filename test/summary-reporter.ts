/**
 * Prints one plain closing line, `N passed, N failed, N skipped`, after vitest's own summary, so a CI that
 * reads closing lines (and not vitest's coloured table) can count the tests; a file that failed outside its
 * tests counts as one failure.
 */
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const m of modules) {
      const before = failed;
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      // a file that failed outside its tests (an import, a beforeAll or afterAll hook) is a failure too
      if (failed === before && m.state() === 'failed') failed++;
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
