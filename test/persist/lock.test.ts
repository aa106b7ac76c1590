/** One writer at a time: the index lock waits for a live holder and breaks the lock of a process that is gone. */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lockIndex, withIndexLock } from '../../src/persist/lock.js';
import { tmpIndexDir } from '../helpers/seeds.js';

/** the pid of a process that has exited */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid!;

describe('the index lock', () => {
  it('lets one writer in at a time, the next when the first is done', async () => {
    const index = tmpIndexDir();
    const order: string[] = [];
    const slow = withIndexLock(index, 'first', async () => {
      order.push('first in');
      await new Promise((r) => setTimeout(r, 100));
      order.push('first out');
    });
    await new Promise((r) => setTimeout(r, 10));
    await withIndexLock(index, 'second', () => void order.push('second in'));
    await slow;
    expect(order).toEqual(['first in', 'first out', 'second in']);
    expect(existsSync(join(index, 'LOCK'))).toBe(false);
  });

  it('breaks a lock left by a process that died, and one whose pid now belongs to another process', async () => {
    const index = tmpIndexDir();
    writeFileSync(join(index, 'LOCK'), JSON.stringify({ pid: deadPid(), host: hostname(), since: '2020-01-01', what: 'yaodian add' }));
    (await lockIndex(index, 'after a crash', 1000)).release();
    // our own pid, but with a start time it never had: the pid was reused
    writeFileSync(join(index, 'LOCK'), JSON.stringify({ pid: process.pid, start: '1', host: hostname(), since: '2020-01-01', what: 'yaodian add' }));
    const lock = await lockIndex(index, 'after pid reuse', 1000);
    expect(JSON.parse(readFileSync(join(index, 'LOCK'), 'utf8'))).toMatchObject({ pid: process.pid, what: 'after pid reuse' });
    lock.release();
  });

  it('answers CONFLICT naming the holder when a live writer keeps it past the wait', async () => {
    const index = tmpIndexDir();
    const held = await lockIndex(index, 'yaodian add');
    await expect(lockIndex(index, 'another', 200)).rejects.toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(new RegExp(`process ${process.pid} \\(yaodian add`)) });
    held.release();
  });
});
