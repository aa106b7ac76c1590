/**
 * Documents users add or remove after the index was built. Each change is one small file written atomically
 * (temp, fsync, rename) beside the saved generation, so an add costs milliseconds even on a large index and
 * a crash mid-write leaves the previous state intact. Loading replays the journal over the base generation;
 * `yaodian index` rebuilds the base and keeps the journal.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { buildDoc, MetaOverride } from '../ingest/corpus.js';
import { whyNotAReport } from '../ingest/not-report.js';
import { editionOf } from '../ingest/editions.js';
import { safeReportName } from '../ingest/read.js';
import { withId, type Prepared } from '../ingest/prepare.js';
import type { Engine } from '../index/engine.js';
import { YaodianError } from '../errors.js';
import { IndexFileError, writeFileAtomic } from '../util/files.js';
import type { Doc } from '../types.js';

const JournalEntrySchema = z.object({
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
const RemovedSchema = z.array(z.string());

/** A journal file read back and checked: a damaged one is named, not half-replayed. */
function readJournalFile<T>(path: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new IndexFileError(path, `not JSON (${(e as Error).message})`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new IndexFileError(path, `not a journal entry: ${z.prettifyError(parsed.error).replace(/\n/g, '; ')}`);
  return parsed.data;
}

const addedDir = (index: string) => join(index, 'journal', 'added');
const removedFile = (index: string) => join(index, 'journal', 'removed.json');

export const contentHash = (display: string) => createHash('sha256').update(display.replace(/\s+/g, '')).digest('hex');

export function readJournal(index: string): { added: JournalEntry[]; removed: string[] } {
  const dir = addedDir(index);
  const added = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort()
        .map((f) => readJournalFile(join(dir, f), JournalEntrySchema))
    : [];
  const removed = existsSync(removedFile(index)) ? readJournalFile(removedFile(index), RemovedSchema) : [];
  return { added, removed };
}

/** Apply the journal to a freshly loaded engine. */
export function replayJournal(engine: Engine, index: string): void {
  const { added, removed } = readJournal(index);
  // the same report put into the seeds folder after it was added is one document, not two
  for (const e of added) if (!engine.docs.has(e.override.id!) && !findByContent(engine, e.contentHash)) engine.addDoc(buildDoc(e.text, e.source, e.override));
  for (const id of removed) if (engine.docs.has(id)) engine.removeDoc(id);
}

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

function findByContent(engine: Engine, hash: string): string | undefined {
  for (const d of engine.docs.values()) if (docContentHash(d) === hash) return d.meta.id;
  return undefined;
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

/** Add one report's text, read in this process: detect metadata, apply the user's corrections, index it and journal it. */
export function addText(engine: Engine, index: string, text: string, source: string, override: MetaOverride = {}, opts: AddOptions = {}): Added {
  const name = safeReportName(basename(source));
  const doc = buildDoc(text, name, override);
  if (!doc.units.length) throw new YaodianError('BAD_FILE', `${name}: no text left after cleaning`);
  return addPrepared(engine, index, { text, doc }, override, opts);
}

/** The content hash of a prepared report, refused with the reason when its text is not a report. */
export function preparedHash(prepared: Pick<Prepared, 'text' | 'doc'>): string {
  const name = prepared.doc.meta.source;
  const notReport = whyNotAReport(prepared.text, name);
  if (notReport) throw new YaodianError('BAD_FILE', `${name}: ${notReport}; not added`);
  return contentHash(prepared.doc.display);
}

/**
 * Add a report prepared elsewhere (the sandbox's child): give it a free id, index it and journal it. The same
 * content twice is one document.
 */
export function addPrepared(engine: Engine, index: string, prepared: Pick<Prepared, 'text' | 'doc'>, override: MetaOverride = {}, opts: AddOptions = {}): Added {
  const hash = preparedHash(prepared);
  const dup = findByContent(engine, hash);
  if (dup) return { doc: engine.getDoc(dup), duplicateOf: dup };
  // the same text in another layout (one sentence per line, ％ for %) is the same report; one of the same issuer,
  // year and kind that is nearly the same is another edition of it, added only when asked for
  const edition = editionOf(prepared.doc, engine.docs.values());
  if (edition && (edition.similarity === 1 || !opts.force))
    return { doc: engine.getDoc(edition.id), duplicateOf: edition.id, ...(edition.similarity < 1 && { similarity: edition.similarity }) };
  const id = freeId((x) => engine.docs.has(x), override.id ?? prepared.doc.meta.id);
  const doc = withId(prepared.doc, id);
  const entry: JournalEntry = { text: prepared.text, source: doc.meta.source, override: { ...override, id }, contentHash: hash, addedAt: new Date().toISOString() };
  mkdirSync(addedDir(index), { recursive: true });
  writeFileAtomic(join(addedDir(index), `${Date.now().toString(36)}-${id}.json`), JSON.stringify(entry));
  engine.addDoc(doc);
  // an id removed earlier and now added again must not stay tombstoned
  const { removed } = readJournal(index);
  if (removed.includes(id)) writeFileAtomic(removedFile(index), JSON.stringify(removed.filter((r) => r !== id)));
  return { doc };
}

export function removeDocument(engine: Engine, index: string, id: string): Doc {
  const doc = engine.removeDoc(id);
  const dir = addedDir(index);
  const own = existsSync(dir)
    ? readdirSync(dir).filter((f) => f.endsWith('.json') && readJournalFile(join(dir, f), JournalEntrySchema).override.id === id)
    : [];
  if (own.length) for (const f of own) rmSync(join(dir, f));
  else {
    // a document from the seeds: remember that it was removed
    mkdirSync(join(index, 'journal'), { recursive: true });
    const { removed } = readJournal(index);
    writeFileAtomic(removedFile(index), JSON.stringify([...new Set([...removed, id])]));
  }
  return doc;
}
