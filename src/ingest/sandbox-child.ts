/** The sandbox's child process (sandbox.ts): prepares one report per message and sends back the result or the error. */
import { isYaodianError } from '../errors.js';
import { prepareReport, type PrepareJob } from './prepare.js';
import type { ChildReply } from './sandbox.js';

process.on('message', async ({ id, job }: { id: number; job: PrepareJob }) => {
  let reply: ChildReply;
  try {
    reply = { id, ok: true, result: await prepareReport(job) };
  } catch (e) {
    reply = isYaodianError(e)
      ? { id, ok: false, code: e.code, message: e.message, details: e.details }
      : { id, ok: false, code: 'INTERNAL', message: `reading ${job.name} failed: ${(e as Error)?.message ?? String(e)}` };
  }
  process.send!(reply);
});
// the parent going away ends the child
process.on('disconnect', () => process.exit(0));
