/**
 * CPU time, the steadier measure on a shared machine: wall times swing with the neighbours' load, the CPU a
 * process spends on its own work much less.
 */
import { readFileSync } from 'node:fs';

/** CPU seconds of this process's waited-for children so far (utime + stime of /proc/self/stat: ticks of 1/100 s). */
export function childrenCpu(): number {
  const fields = readFileSync('/proc/self/stat', 'latin1').replace(/^.*\) /, '').split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

/** CPU seconds (user + system) of this process so far. */
export const cpuSeconds = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
