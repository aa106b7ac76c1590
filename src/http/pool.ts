/**
 * Heavy requests (document diffs, compare, trend) off the event loop: a small pool of worker threads, each with
 * the index loaded once, so a long request never stalls the searches the main thread answers meanwhile, and a
 * budget that is preemptive. A task waits for a free worker at most until its budget runs out (then 503, no work
 * started); a worker still busy when the budget runs out is terminated (then 503 at once, not after the work) and
 * a fresh one loads the index in its place.
 *
 * Why one load per worker and not shared buffers: the engine is a graph of JavaScript objects (unit records, their
 * matching-form strings, maps of ids), which no thread can share; only the posting lists are typed arrays, a small
 * part of what a request reads. Each worker therefore holds its own copy (the index's RSS once more per worker),
 * which is why the pool is small and serves only what is heavy.
 */
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { YaodianError, type ErrorCode } from '../errors.js';
import { withinBudget } from './budget.js';
import { INTERNAL, type PoolOp, type PoolReply, type PoolTask, type PoolWorkerData } from './pool-worker.js';
import { siblingEntry } from '../util/entry.js';

export type { PoolOp } from './pool-worker.js';

export interface PoolOptions {
  /** the index folder the workers load (the one the server serves) */
  index: string;
  /** worker threads (default: 2, or 1 on a one-core machine) */
  size?: number;
  /**
   * The workers' nice value (0–19, default DEFAULT_WORKER_NICE): on a machine with as many busy threads as cores,
   * a worker at a lower priority leaves the cores to the main thread whenever it has a search to answer, so a
   * diff takes longer while searches keep their latency. Linux only; elsewhere the workers run as the process.
   */
  nice?: number;
}

/** Heavy work yields to searches: a diff may wait some milliseconds more, a search should not wait for a diff. */
export const DEFAULT_WORKER_NICE = 10;

interface Job {
  task: PoolTask;
  deadline: number;
  what: string;
  resolve: (value: unknown) => void;
  reject: (e: Error) => void;
  queuedTimer?: NodeJS.Timeout;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  job: Job | null;
  timer?: NodeJS.Timeout;
}

const MAX_FAILED_STARTS = 3;

export const defaultPoolSize = (): number => Math.max(1, Math.min(2, availableParallelism()));

/** How a worker thread is started: from the compiled .js beside this one, or from the sources through tsx. */
function startWorker(data: PoolWorkerData): Worker {
  const { url, typescript } = siblingEntry(import.meta.url, 'pool-worker');
  if (!typescript) return new Worker(url, { workerData: data });
  // a worker does not inherit the loader hooks of the thread that starts it: register tsx first
  const tsx = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(boot, { eval: true, workerData: data });
}

export class WorkerPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;
  private failedStarts = 0;

  constructor(readonly opts: PoolOptions) {
    if (opts.nice !== undefined && !(Number.isInteger(opts.nice) && opts.nice >= 0 && opts.nice <= 19)) throw new RangeError(`a worker's nice value is an integer 0–19, got ${opts.nice}`);
    for (let k = 0; k < (opts.size ?? defaultPoolSize()); k++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.slots.length;
  }

  /** Every worker has its index loaded and compare warmed (pool-worker.ts): no task pays a cold start. */
  get warm(): boolean {
    return !this.closed && this.slots.every((s) => s.ready);
  }

  /** Resolves once every worker has its index loaded and warmed (a server may serve before: tasks queue meanwhile). */
  ready(): Promise<void> {
    return new Promise((resolve) => {
      const check = () => (this.slots.every((s) => s.ready) || this.closed ? resolve() : setTimeout(check, 20));
      check();
    });
  }

  /**
   * Run `op` in a worker within `budgetMs` (waiting included). Rejects with TIMEOUT when the budget runs out
   * first, and with the worker's own typed error (NOT_FOUND, BAD_QUERY …) when the operation throws one.
   */
  run<T>(op: PoolOp, args: unknown, budgetMs: number, what: string = op): Promise<T> {
    if (this.closed) return Promise.reject(new Error('the worker pool is closed'));
    return new Promise<T>((resolve, reject) => {
      const job: Job = { task: { id: this.nextId++, op, args }, deadline: performance.now() + budgetMs, what, resolve: resolve as (v: unknown) => void, reject };
      job.queuedTimer = setTimeout(() => {
        const i = this.queue.indexOf(job);
        if (i < 0) return;
        this.queue.splice(i, 1);
        reject(timeout(`${what} waited ${budgetMs} ms for a free worker (every worker was busy), over the ${budgetMs} ms budget; retry`));
      }, budgetMs);
      this.queue.push(job);
      this.dispatch();
    });
  }

  /** After the index changed on disk: every worker is replaced (a busy one once its task is done). */
  reload(): void {
    this.slots.forEach((slot, k) => {
      if (slot.job) slot.worker.once('message', () => this.replace(k));
      else this.replace(k);
    });
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) clearTimeout(job.queuedTimer), job.reject(new Error('the worker pool closed'));
    await Promise.all(this.slots.map((s) => (clearTimeout(s.timer), s.worker.terminate())));
  }

  private spawn(): Slot {
    const slot: Slot = { worker: startWorker({ index: this.opts.index, nice: this.opts.nice ?? DEFAULT_WORKER_NICE }), ready: false, job: null };
    slot.worker.on('message', (m: PoolReply) => this.onMessage(slot, m));
    slot.worker.on('error', (e) => this.onExit(slot, e));
    slot.worker.on('exit', () => this.onExit(slot, null));
    // an idle pool must not keep a finished process alive
    slot.worker.unref();
    return slot;
  }

  private replace(k: number): void {
    const old = this.slots[k];
    if (!old || this.closed) return;
    old.worker.removeAllListeners();
    void old.worker.terminate();
    this.slots[k] = this.spawn();
  }

  private onMessage(slot: Slot, m: PoolReply): void {
    if ('ready' in m) {
      slot.ready = true;
      return this.dispatch();
    }
    const job = slot.job;
    if (!job || job.task.id !== m.id) return;
    clearTimeout(slot.timer);
    slot.job = null;
    if ('error' in m) job.reject(m.error.code === INTERNAL ? new Error(m.error.message) : new YaodianError(m.error.code as ErrorCode, m.error.message, m.error.details));
    else job.resolve(m.result);
    this.dispatch();
  }

  /** A worker that died (an error, or terminated over budget) fails its task and is replaced. */
  private onExit(slot: Slot, e: Error | null): void {
    const k = this.slots.indexOf(slot);
    if (k < 0) return;
    clearTimeout(slot.timer);
    const job = slot.job;
    slot.job = null;
    job?.reject(e ?? new Error(`the worker running ${job.what} stopped`));
    slot.worker.removeAllListeners();
    // a worker that dies before loading the index would die again: after a few, the pool stops and says why
    if (!slot.ready && ++this.failedStarts >= MAX_FAILED_STARTS) {
      this.closed = true;
      for (const queued of this.queue.splice(0)) clearTimeout(queued.queuedTimer), queued.reject(new Error(`the worker pool stopped: ${e?.message ?? 'its workers could not start'}`));
      return;
    }
    if (slot.ready) this.failedStarts = 0;
    if (!this.closed) this.slots[k] = this.spawn();
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (!slot.ready || slot.job || !this.queue.length) continue;
      const job = this.queue.shift()!;
      clearTimeout(job.queuedTimer);
      const left = job.deadline - performance.now();
      slot.job = job;
      slot.timer = setTimeout(() => {
        const k = this.slots.indexOf(slot);
        slot.job = null;
        job.reject(timeout(`${job.what} ran past its budget and was stopped; retry, or narrow the request`));
        // the work is abandoned where it stands: terminating the thread is what makes the budget preemptive
        if (k >= 0) this.replace(k);
      }, Math.max(0, left));
      slot.worker.postMessage(job.task);
    }
  }
}

const timeout = (message: string) => new YaodianError('TIMEOUT', message);

/**
 * Run heavy work where the server has it: in the pool, within the budget, when there is one (`yaodian serve`);
 * in this thread otherwise (the app in tests and embedded uses), with the after-the-fact budget of withinBudget.
 */
export function offload<T>(pool: WorkerPool | undefined, op: PoolOp, args: unknown, budgetMs: number, what: string, local: () => T): Promise<T> {
  return pool ? pool.run<T>(op, args, budgetMs, what) : Promise.resolve().then(() => withinBudget(budgetMs, what, local));
}
