/**
 * Reading a report runs in a child process: a file that gets past the size checks of bounds.ts can still make
 * mammoth or pdf.js spin or swell, and a process can be ended whatever it is doing, its memory given back whole,
 * without touching the server or the index. The child's heap is capped by V8, its resident set (which also holds
 * the buffers V8 does not count) is watched, and its wall time bounded; past any cap the child is killed and the
 * file refused naming the cap. One child serves file after file, and is started again after a kill.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { YaodianError, type ErrorCode } from '../errors.js';
import { siblingEntry } from '../util/entry.js';
import { overLimit } from './limits.js';
import type { PrepareJob, Prepared } from './prepare.js';

/** What the child sends back for one job. */
export type ChildReply = { id: number; ok: true; result: Prepared } | { id: number; ok: false; code: ErrorCode | 'INTERNAL'; message: string; details?: unknown };

const CHILD = siblingEntry(import.meta.url, 'sandbox-child');
/** Run from the sources, the child needs the TypeScript loader this process was given. */
const loader = (): string[] => (CHILD.typescript ? ['--import', pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href] : []);
const WATCH_MS = 50;
/** an idle child is stopped after this, so a server that rarely takes uploads holds no second process */
const IDLE_MS = 30_000;

/** Resident set of a process in bytes (Linux); undefined where /proc is not there. */
function residentBytes(pid: number): number | undefined {
  try {
    return Number(readFileSync(`/proc/${pid}/statm`, 'latin1').split(' ')[1]) * 4096;
  } catch {
    return undefined;
  }
}

interface Pending {
  job: PrepareJob;
  resolve: (p: Prepared) => void;
  reject: (e: Error) => void;
}

export class Sandbox {
  private child: ChildProcess | null = null;
  private readonly queue: Pending[] = [];
  private running: (Pending & { id: number; timer: NodeJS.Timeout; watch: NodeJS.Timeout }) | null = null;
  private nextId = 1;
  private idle: NodeJS.Timeout | null = null;
  /** the heap cap the child was started with: a job with another memory limit gets a child of its own */
  private heapMb = 0;

  /** Read and cut one report in the child, under job.limits; rejects with the error that says why not. */
  prepare(job: PrepareJob): Promise<Prepared> {
    return new Promise((resolve, reject) => {
      this.queue.push({ job, resolve, reject });
      this.pump();
    });
  }

  /** Stop the child (the CLI calls this when done; a server when it closes). */
  close(): void {
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) child.kill('SIGKILL');
  }

  private spawn(limits: PrepareJob['limits']): ChildProcess {
    const heapMb = Math.max(64, Math.floor(limits.memoryBytes / (1 << 20)));
    const child = fork(CHILD.url, [], {
      execArgv: [...loader(), `--max-old-space-size=${heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    });
    child.on('message', (m: ChildReply) => this.settle(m));
    child.on('exit', (code, signal) => {
      // a child killed on purpose (kill, close) was let go first: its exit says nothing about the running job
      if (this.child !== child) return;
      this.child = null;
      const r = this.running;
      if (!r) return;
      // V8 aborts a process whose heap passes --max-old-space-size
      this.finish(r.id, overLimit(r.job.name, 'memoryBytes', r.job.limits.memoryBytes, `its reading ran out of memory (exit ${signal ?? code})`));
    });
    child.on('error', () => undefined);
    this.heapMb = heapMb;
    return child;
  }

  private pump(): void {
    if (this.running || !this.queue.length) return;
    if (this.idle) clearTimeout(this.idle);
    this.idle = null;
    const next = this.queue.shift()!;
    const heapMb = Math.max(64, Math.floor(next.job.limits.memoryBytes / (1 << 20)));
    if (this.child && this.heapMb !== heapMb) this.close();
    const child = (this.child ??= this.spawn(next.job.limits));
    child.ref();
    child.channel?.ref();
    const id = this.nextId++;
    const { name, limits } = next.job;
    const timer = setTimeout(() => this.kill(id, overLimit(name, 'timeMs', limits.timeMs, `reading it took longer than ${limits.timeMs} ms`)), limits.timeMs);
    const watch = setInterval(() => {
      const rss = child.pid === undefined ? undefined : residentBytes(child.pid);
      if (rss !== undefined && rss > limits.memoryBytes) this.kill(id, overLimit(name, 'memoryBytes', limits.memoryBytes, `reading it took more than ${Math.round(limits.memoryBytes / (1 << 20))} MB`));
    }, WATCH_MS);
    this.running = { ...next, id, timer, watch };
    child.send({ id, job: next.job }, (e) => e && this.finish(id, e));
  }

  private kill(id: number, why: Error): void {
    if (this.running?.id !== id) return;
    const child = this.child;
    this.child = null;
    this.finish(id, why);
    child?.kill('SIGKILL');
  }

  private settle(m: ChildReply): void {
    if (m.ok) this.finish(m.id, null, m.result);
    else this.finish(m.id, m.code === 'INTERNAL' ? new Error(m.message) : new YaodianError(m.code, m.message, m.details));
  }

  private finish(id: number, error: Error | null, result?: Prepared): void {
    const r = this.running;
    if (!r || r.id !== id) return;
    clearTimeout(r.timer);
    clearInterval(r.watch);
    this.running = null;
    if (error) r.reject(error);
    else r.resolve(result!);
    if (this.queue.length) this.pump();
    else if (this.child) {
      this.idle = setTimeout(() => this.close(), IDLE_MS);
      this.idle.unref();
      // an idle child must not keep a finished CLI process alive
      this.child.unref();
      this.child.channel?.unref();
    }
  }
}

/** The process's shared sandbox, started on first use. */
let shared: Sandbox | null = null;
export const sandbox = (): Sandbox => (shared ??= new Sandbox());

/** Stop the shared sandbox's child, if any. */
export function closeSandbox(): void {
  shared?.close();
}
