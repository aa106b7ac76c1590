/**
 * One worker of the pool (pool.ts): loads the index the server serves, once, warms compare on it, then runs the heavy operations it is
 * sent and posts back each result, or the typed error it raised. Inputs were validated by the routes (zod at the
 * edge) before they were sent here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { isYaodianError } from '../errors.js';
import { openEngine } from '../persist/open.js';
import { attachTokenCache, saveTokenCache } from '../persist/token-cache.js';
import { diffDocs } from '../compare/docdiff.js';
import { compare, type CompareOptions } from '../compare/timeline.js';
import { trend } from '../compare/trend.js';
import type { Filters } from '../search/query.js';
import type { Engine } from '../index/engine.js';
import { warmCompare } from '../compare/warm.js';
import { warmUp } from './budget.js';
import { niceThisThread } from '../util/priority.js';

const OPS = {
  diff: (engine: Engine, args: { a: string; b: string }) => diffDocs(engine, args.a, args.b),
  compare: (engine: Engine, args: CompareOptions) => compare(engine, args),
  trend: (engine: Engine, args: { q: string; filters: Filters }) => trend(engine, args.q, args.filters),
};

export type PoolOp = keyof typeof OPS;
/** the code of an error that is no YaodianError: a bug, answered 500 */
export const INTERNAL = 'INTERNAL';
/** what pool.ts starts a worker with */
export interface PoolWorkerData {
  index: string;
  /** this thread's nice value (pool.ts: DEFAULT_WORKER_NICE) */
  nice: number;
}
export interface PoolTask {
  id: number;
  op: PoolOp;
  args: unknown;
}
export type PoolReply =
  | { ready: true }
  | { id: number; result: unknown }
  | { id: number; error: { code: string; message: string; details?: unknown } };

async function main(): Promise<void> {
  const port = parentPort!;
  const { index, nice } = workerData as PoolWorkerData;
  // before the load: the load itself is heavy work a starting server's searches should not wait behind
  if (nice > 0) niceThisThread(nice);
  const { engine } = await openEngine({ index });
  // the word tokens earlier processes saved beside the index: a diff of texts any of them tokenized skips segmentit
  attachTokenCache(index);
  warmUp();
  // before `ready`: a task sent to a cold worker would pay the first statement compare inside its budget
  warmCompare(engine);
  port.on('message', (task: PoolTask) => {
    let reply: PoolReply;
    try {
      const run = OPS[task.op] as (engine: Engine, args: unknown) => unknown;
      reply = { id: task.id, result: run(engine, task.args) };
    } catch (e) {
      reply = isYaodianError(e)
        ? { id: task.id, error: { code: e.code, message: e.message, details: e.details } }
        : { id: task.id, error: { code: INTERNAL, message: (e as Error).message } };
    }
    port.postMessage(reply);
    // after the answer is on its way: what this task tokenized is kept for the next process (a restart, a CLI diff)
    saveTokenCache();
  });
  port.postMessage({ ready: true } satisfies PoolReply);
}

if (parentPort) void main();
