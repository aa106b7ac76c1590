/** A persisted JSON file read back through its schema: a damaged one is an IndexFileError naming the file. */
import { readFileSync, statSync } from 'node:fs';
import * as z from 'zod';
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

/** Files kept per reader: the current SEGMENTS or catalog of the few indexes a process opens. */
const KEPT = 8;

/**
 * Reads of files that are only ever replaced whole (an atomic rename: SEGMENTS, a generation's catalog.json),
 * kept until the file changes: a process that writes again and again (a server's uploads, many adds) parses
 * them once, not on every write — parsing and checking them grows with the corpus. A file is known unchanged by
 * its inode, size and modification time; a value read is shared, so callers never mutate it.
 */
export class JsonFileReader<T> {
  private readonly kept = new Map<string, { stamp: string; value: T }>();
  constructor(
    private readonly schema: z.ZodType<T>,
    private readonly what: string,
  ) {}

  read(path: string): T {
    // stat before reading: a file replaced in between is read again next time, never kept under a newer stamp
    const stamp = stampOf(path);
    const hit = this.kept.get(path);
    if (hit?.stamp === stamp) return hit.value;
    const value = readJsonFile(path, this.schema, this.what);
    this.keep(path, stamp, value);
    return value;
  }

  /** What this process has just written to `path` (writer lock held, so nobody replaces it meanwhile). */
  wrote(path: string, value: T): void {
    this.keep(path, stampOf(path), value);
  }

  private keep(path: string, stamp: string, value: T): void {
    this.kept.delete(path);
    if (this.kept.size >= KEPT) this.kept.delete(this.kept.keys().next().value!);
    this.kept.set(path, { stamp, value });
  }
}

function stampOf(path: string): string {
  const s = statSync(path, { bigint: true });
  return `${s.ino}:${s.size}:${s.mtimeNs}`;
}
