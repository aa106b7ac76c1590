/**
 * The order test files start in: longest first, so that no long file starts last and runs alone at the end.
 *
 * vitest's own order queues every file of one project before the next project's (by name) and, without the
 * durations of an earlier run (a fresh clone, CI), larger files first: a short file holding one long test then
 * started last. Here a file's cost is its duration in vitest's cache of the last run; without one, the files
 * named in `long` come first (in that order), then the rest by size. The end-to-end files still come before the
 * unit files: each of them waits on a browser or a child process most of its time, and once they are all started
 * the unit files only queue behind each other (a unit worker is kept for the next file only when that file is a
 * unit one too).
 */
import { statSync } from 'node:fs';
import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

export function longestFirst(long: readonly string[]) {
  return class LongestFirst extends BaseSequencer {
    override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
      const root = this.ctx.config.root;
      const cost = new Map<TestSpecification, number>();
      for (const spec of files) {
        const path = relative(root, spec.moduleId);
        const last = this.ctx.cache.getFileTestResults(`${spec.project.name}:${path}`)?.duration;
        const named = long.indexOf(path);
        // named files above any size, earlier names higher; sizes are bytes, far below 1e9
        cost.set(spec, last ?? (named >= 0 ? 2e9 - named : statSync(spec.moduleId).size));
      }
      const sharesWorker = (s: TestSpecification) => (s.project.config.isolate === false ? 1 : 0);
      return [...files].sort((a, b) => sharesWorker(a) - sharesWorker(b) || cost.get(b)! - cost.get(a)!);
    }
  };
}
