/**
 * One writer at a time per index, across processes (CLI runs, servers): a LOCK file created with O_EXCL holds
 * the writer's pid, its process start time and host. A lock whose process is gone — or whose pid now belongs to
 * a process started later (pid reuse) — is stale: it is broken under a second, short-lived lock (LOCK.break),
 * after checking again that it is the same stale lock, so two processes breaking it at once cannot both win.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { YaodianError } from '../errors.js';

interface LockOwner {
  pid: number;
  /** the process's start time in clock ticks since boot (Linux), so a reused pid is not taken for the owner */
  start?: string;
  host: string;
  since: string;
  what: string;
}

/** Field 22 of /proc/<pid>/stat (after the command name, which may hold spaces and parentheses). */
function processStart(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** True when the lock's owner is certainly gone; a lock of another host is never judged from here. */
function isStale(o: LockOwner): boolean {
  if (o.host !== hostname()) return false;
  if (!alive(o.pid)) return true;
  const start = processStart(o.pid);
  return o.start !== undefined && start !== undefined && start !== o.start;
}

function readOwner(path: string): { raw: string; owner: LockOwner | null } | null {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  try {
    return { raw, owner: JSON.parse(raw) as LockOwner };
  } catch {
    // being written this very moment, or cut short by a crash between create and write
    return { raw, owner: null };
  }
}

function create(path: string, what: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return null;
    throw e;
  }
  const owner: LockOwner = { pid: process.pid, start: processStart(process.pid), host: hostname(), since: new Date().toISOString(), what };
  const raw = JSON.stringify(owner);
  try {
    writeSync(fd, raw);
  } finally {
    closeSync(fd);
  }
  return raw;
}

const unlinkQuiet = (path: string) => {
  try {
    unlinkSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
  }
};

/** Remove the lock at `path` if it is still the stale one read as `raw`; true when it was removed. */
function breakStale(path: string, raw: string): boolean {
  const breaker = `${path}.break`;
  if (create(breaker, 'breaking a stale lock') === null) {
    const b = readOwner(breaker);
    // a breaker that died mid-break: its own lock is stale the same way
    if (b?.owner && isStale(b.owner)) unlinkQuiet(breaker);
    return false;
  }
  try {
    const now = readOwner(path);
    if (now?.raw !== raw) return false;
    unlinkQuiet(path);
    return true;
  } finally {
    unlinkQuiet(breaker);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface IndexLock {
  release(): void;
}

/** Locks held by this process, released if it exits without doing so (an error, process.exit). */
const held = new Set<string>();
process.on('exit', () => held.forEach((p) => unlinkQuiet(p)));

/**
 * Take the index's writer lock, waiting up to `waitMs` for another writer to finish. A lock left by a crash is
 * broken; one held by a live process past the wait is a CONFLICT error naming it.
 */
export async function lockIndex(index: string, what: string, waitMs = 120_000): Promise<IndexLock> {
  const path = join(index, 'LOCK');
  const deadline = Date.now() + waitMs;
  let unreadable = 0;
  for (let pause = 5; ; pause = Math.min(100, pause * 2)) {
    const raw = create(path, what);
    if (raw !== null) {
      held.add(path);
      return {
        release() {
          held.delete(path);
          if (readOwner(path)?.raw === raw) unlinkQuiet(path);
        },
      };
    }
    const seen = readOwner(path);
    if (seen?.owner && isStale(seen.owner) && breakStale(path, seen.raw)) continue;
    // a lock file that stays unreadable for a second was cut short by a crash before its content was written
    if (seen && !seen.owner && ++unreadable * pause > 1000 && breakStale(path, seen.raw)) continue;
    if (Date.now() > deadline) {
      const o = seen?.owner;
      throw new YaodianError('CONFLICT', `the index ${index} is being written by ${o ? `process ${o.pid} (${o.what}, since ${o.since})` : 'another process'}; try again when it is done`);
    }
    await sleep(pause + Math.random() * pause);
  }
}

/** Run `work` holding the index's writer lock. */
export async function withIndexLock<T>(index: string, what: string, work: () => T | Promise<T>): Promise<T> {
  const lock = await lockIndex(index, what);
  try {
    return await work();
  } finally {
    lock.release();
  }
}
