/**
 * What every store's writer shares (content hashes: the same report twice is one document; free ids; what an
 * add answers), and the journal of earlier versions: one JSON file per added report under index/journal, which
 * writer.ts turns into a segment once (segments.ts).
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { MetaOverride } from '../ingest/corpus.js';
import { whyNotAReport } from '../ingest/not-report.js';
import type { Prepared } from '../ingest/prepare.js';
import { YaodianError } from '../errors.js';
import { readJsonFile } from './json.js';
import type { Doc } from '../types.js';

/** An entry of the old journal, as written by earlier versions. */
export const JournalEntrySchema = z.object({
  /** the extracted text, as read from the user's file */
  text: z.string(),
  /** the file name it came from */
  source: z.string(),
  /** metadata the user gave, plus the id assigned at add time so the id is stable across reloads */
  override: MetaOverride,
  /** sha256 of the cleaned display text: the same report twice is one document */
  contentHash: z.string(),
  addedAt: z.string(),
});
export type JournalEntry = z.infer<typeof JournalEntrySchema>;
export const RemovedSchema = z.array(z.string());

/** A journal file read back and checked: a damaged one is named, not half-replayed. */
export const readJournalFile = <T>(path: string, schema: z.ZodType<T>): T => readJsonFile(path, schema, 'a journal entry');

export const contentHash = (display: string) => createHash('sha256').update(display.replace(/\s+/g, '')).digest('hex');

/**
 * Each document's content hash, computed once: hashing the whole corpus on every add would cost more than the add. A saved
 * index stores the hashes, so loading one does not bring that cost back on the first add.
 */
const hashes = new WeakMap<Doc, string>();

export function docContentHash(doc: Doc): string {
  let h = hashes.get(doc);
  if (h === undefined) hashes.set(doc, (h = contentHash(doc.display)));
  return h;
}

/** Take a hash saved with the index instead of computing it again. */
export function rememberContentHash(doc: Doc, hash: string): void {
  hashes.set(doc, hash);
}

/** `id`, or the first `id-N` that `taken` does not hold. */
export function freeId(taken: (id: string) => boolean, id: string): string {
  if (!taken(id)) return id;
  for (let n = 2; ; n++) if (!taken(`${id}-${n}`)) return `${id}-${n}`;
}

export interface Added {
  doc: Doc;
  /** set when the same report was already indexed (the same text, or another edition of it): nothing was added */
  duplicateOf?: string;
  /** with duplicateOf, for another edition (not the same matching form): how similar its text is */
  similarity?: number;
}

export interface AddOptions {
  /** add another edition of a report already held (a near-duplicate) all the same */
  force?: boolean;
}

/** The content hash of a prepared report, refused with the reason when its text is not a report. */
export function preparedHash(prepared: Pick<Prepared, 'text' | 'doc'>): string {
  const name = prepared.doc.meta.source;
  const notReport = whyNotAReport(prepared.text, name);
  if (notReport) throw new YaodianError('BAD_FILE', `${name}: ${notReport}; not added`);
  return contentHash(prepared.doc.display);
}
