/**
 * Lower the scheduling priority of the calling thread only. On Linux a thread is a task with its own id and its
 * own nice value, so a pool worker can yield the cores to the main thread (which answers the searches) without
 * the whole process being niced; os.setPriority(pid) would reach only the main thread, so the task id is read
 * from /proc/thread-self. Elsewhere there is no per-thread priority: nothing is changed.
 */
import { readlinkSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The kernel task id of the calling thread, or null where /proc/thread-self does not exist (not Linux). */
export function threadId(): number | null {
  try {
    // /proc/thread-self → "<pid>/task/<tid>"
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(tid) && tid > 0 ? tid : null;
  } catch {
    return null;
  }
}

/** Set the calling thread's nice value (0–19: higher yields more); true when it was set. */
export function niceThisThread(nice: number): boolean {
  if (!Number.isInteger(nice) || nice < 0 || nice > 19) throw new RangeError(`nice must be an integer 0–19, got ${nice}`);
  const tid = threadId();
  if (tid === null) return false;
  try {
    setPriority(tid, nice);
    return true;
  } catch {
    // raising priority back needs privileges; lowering never does, but a sandbox may forbid both
    return false;
  }
}
