/**
 * What the benchmarks that time calls inside this process share: the median, a call's wall and CPU time, the load
 * average a table is printed with, and the engine the compare and 新提法 benchmarks time.
 */
import { loadavg } from 'node:os';
import { Engine } from '../src/index/engine.js';
import { tokenize } from '../src/text/tokenize.js';
import { bundledCorpus } from './corpus.js';

export const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Wall time, and the CPU time of this process (less moved by the other processes on a shared machine). */
export function timed<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = f();
  const c = process.cpuUsage(c0);
  return { ms: performance.now() - t0, cpuMs: (c.user + c.system) / 1000, value };
}

/** The 1-minute load average at a run's start (taken by the caller) and now, as the tables print it. */
export const loadSpan = (atStart: number): string => `${atStart.toFixed(1)} at start, ${loadavg()[0].toFixed(1)} at end`;

/** An engine over the bundled corpus with the segmenter's dictionary loaded, as a process has it before any request. */
export function bundledEngine(): Engine {
  const engine = new Engine();
  engine.addDocs(bundledCorpus().docs);
  tokenize('预热');
  return engine;
}
