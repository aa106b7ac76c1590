/** The CLI run in-process, its output captured; or in a child process, killed part-way. */
import { spawn } from 'node:child_process';
import { main } from '../../src/cli/main.js';

export async function runCli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (s) => out.push(s), err: (s) => err.push(s) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** `yaodian …` in a child process, killed with SIGKILL after `delayMs` (unless it ended before). */
export async function killCliAfter(delayMs: number, ...argv: string[]): Promise<void> {
  const child = spawn(process.execPath, ['bin/yaodian.js', ...argv], { stdio: 'ignore' });
  // listen first: the command may end before the kill, and an exit already emitted never comes again
  const exited = new Promise((r) => child.on('exit', r));
  await new Promise((r) => setTimeout(r, delayMs));
  child.kill('SIGKILL');
  await exited;
}
