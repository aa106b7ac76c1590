/** A persisted JSON file read back through its schema: a damaged one is an IndexFileError naming the file. */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { IndexFileError } from '../util/files.js';

/** `what` names what the file should hold, for the error ("a journal entry", "a segment list"). */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>, what: string): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new IndexFileError(path, `not JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new IndexFileError(path, `not ${what}: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}
