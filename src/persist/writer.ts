/**
 * Adding and removing documents: every change is made under the index's writer lock (lock.ts), against what is
 * on disk at that moment — ids are allocated and duplicates found from the live catalog, never from a copy
 * loaded earlier — and committed by replacing SEGMENTS (segments.ts). A process that holds the engine (a server,
 * a test) passes it to have the change applied in memory too; other processes see it on their next load, or by
 * watching (watch.ts). Merges run after the commit, still under the lock.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { Engine } from '../index/engine.js';
import { safeReportName } from '../ingest/read.js';
import { withId, type Prepared } from '../ingest/prepare.js';
import { buildDoc, type MetaOverride } from '../ingest/corpus.js';
import { notFound, YaodianError } from '../errors.js';
import { withIndexLock } from './lock.js';
import { compact } from './merge.js';
import { contentHash, docContentHash, freeId, JournalEntrySchema, preparedHash, readJournalFile, rememberContentHash, RemovedSchema, type AddOptions, type Added } from './journal.js';
import { readDocs } from './docs.js';
import { readIndexInfo, type IndexInfo } from './save.js';
import { catalogEntry, ensureBaseCatalog, liveCatalog, type CatalogEntry } from './catalog.js';
import {
  commitSegmentState,
  readSegmentState,
  segmentName,
  sweepLeftovers,
  upgradeSegments,
  writeSegment,
  type SegmentState,
} from './segments.js';
import { EDITION_SIMILARITY, editionOf, sketchSimilarity, SKETCH_FLOOR } from '../ingest/editions.js';
import type { Doc } from '../types.js';

export type { Added } from './journal.js';

export interface WriteOptions extends AddOptions {
  /** the engine to apply the change to in memory, besides the disk */
  engine?: Engine;
  log?: (line: string) => void;
}

/** Where the write endpoints add and remove documents: an index folder (here), or a database (pg/corpus.ts). */
export interface CorpusWriter {
  /** add a report the sandbox prepared (read, cleaned, cut into units) */
  addPrepared(prepared: Pick<Prepared, 'text' | 'doc'>, override?: MetaOverride, opts?: AddOptions): Promise<Added>;
  remove(id: string): Promise<Doc>;
}

/** Writes to an index folder, applied to `engine` too: segments under the folder's lock. */
export const folderWriter = (engine: Engine, index: string): CorpusWriter => ({
  addPrepared: (prepared, override, opts) => addReport(index, prepared, override, { ...opts, engine }),
  remove: async (id) => {
    const doc = engine.getDoc(id);
    await removeDocuments(index, [id], { engine });
    return doc;
  },
});

function currentInfo(index: string): IndexInfo {
  const info = readIndexInfo(index);
  if (!info) throw new YaodianError('CONFLICT', `there is no index in ${index} to add to (build it first: yaodian index)`);
  return info;
}

/**
 * The index as a writer starts on it (lock held): its description and segments, cleared of a killed writer's
 * leftovers, with a catalog for its base and its segments in this version's format.
 */
function startWriting(index: string, log: (l: string) => void = () => {}): { info: IndexInfo; state: SegmentState } {
  const info = currentInfo(index);
  const swept = sweepLeftovers(index, info.generation, readSegmentState(index));
  if (swept.length) log(`removed what an interrupted write left in ${index}: ${swept.join(', ')}`);
  ensureBaseCatalog(join(index, info.generation));
  return { info, state: upgradeSegments(index, readSegmentState(index), log) };
}

/** Add a prepared report (read by the sandbox): a new segment, committed, then merges if due. */
export function addReport(index: string, prepared: Pick<Prepared, 'text' | 'doc'>, override: MetaOverride = {}, opts: WriteOptions = {}): Promise<Added> {
  const hash = preparedHash(prepared);
  return withIndexLock(index, 'yaodian add', async () => {
    const start = startWriting(index, opts.log);
    const info = start.info;
    let state = start.state;
    const live = liveCatalog(join(index, info.generation), state);
    const repeat = repeatOf(index, info, state, live, prepared.doc, catalogEntry(prepared.doc, hash), opts);
    if (repeat) return repeat;
    // a removed document's id stays taken until a merge purges it: its old segment still holds it
    const taken = new Map<string, unknown>([...live, ...state.removed.map((id) => [id, null] as const)]);
    const doc = withId(prepared.doc, freeId((id) => taken.has(id), override.id ?? prepared.doc.meta.id));
    rememberContentHash(doc, hash);
    const seg = writeSegment(index, segmentName(state.seq, 0), 0, [doc], () => undefined, () => hash);
    state = commitSegmentState(index, { ...state, seq: state.seq + 1, segments: [...state.segments, seg] });
    const engine = opts.engine;
    if (engine) {
      // the disk is the truth: an id freed there by another writer may still be held here
      if (engine.docs.has(doc.meta.id)) engine.removeDoc(doc.meta.id);
      engine.addDoc(doc);
    }
    await compact(index, info, state, opts.log);
    return { doc };
  });
}

/**
 * The live document that `doc` repeats: the same text, the same matching form (another layout), or — unless
 * forced — another edition of the same issuer, year and kind (ingest/editions.ts). Found from the catalog; only
 * the few documents that could be an edition, by issuer, year, kind, length and sketch, are read.
 */
function repeatOf(index: string, info: IndexInfo, state: SegmentState, live: Map<string, CatalogEntry>, doc: Doc, entry: CatalogEntry, opts: WriteOptions): Added | null {
  const held = (id: string) => {
    const d = opts.engine?.docs.get(id);
    return d && docContentHash(d) === live.get(id)?.hash ? d : undefined;
  };
  for (const [id, e] of live) if (e.hash === entry.hash || e.form === entry.form) return { doc: held(id) ?? withId(doc, id), duplicateOf: id };
  if (opts.force) return null;
  const chars = entry.chars ?? 0;
  const near = new Set(
    [...live]
      .filter(([, e]) => e.issuer === entry.issuer && e.year === entry.year && e.kind === entry.kind)
      // Dice cannot reach the threshold when one text is much longer than the other
      .filter(([, e]) => e.chars === undefined || 2 * Math.min(e.chars, chars) >= EDITION_SIMILARITY * (e.chars + chars))
      .filter(([, e]) => !e.sketch || !entry.sketch || sketchSimilarity(e.sketch, entry.sketch) >= SKETCH_FLOOR)
      .map(([id]) => id),
  );
  if (!near.size) return null;
  const docs: Doc[] = [];
  const unread = new Set<string>();
  for (const id of near) {
    const d = held(id);
    if (d) docs.push(d);
    else unread.add(id);
  }
  // the others from their files: the segments holding them, and the base for the rest
  const inSegments = state.segments.filter((s) => s.docs.some((d) => unread.has(d.id))).map((s) => s.name);
  const holder = new Engine();
  for (const dir of [...inSegments, info.generation]) readDocs(join(index, dir), holder, { numbering: 'append', skip: (id) => !unread.has(id) || holder.docs.has(id) });
  docs.push(...holder.docs.values());
  const edition = editionOf(doc, docs);
  if (!edition) return null;
  const found = docs.find((d) => d.meta.id === edition.id)!;
  return { doc: found, duplicateOf: edition.id, ...(edition.similarity < 1 && { similarity: edition.similarity }) };
}

/** Add one report's text, read in this process (tests, benchmarks): see writer.ts's addReport. */
export function addText(engine: Engine, index: string, text: string, source: string, override: MetaOverride = {}, opts: Pick<WriteOptions, 'force'> = {}): Promise<Added> {
  const name = safeReportName(basename(source));
  const doc = buildDoc(text, name, override);
  if (!doc.units.length) throw new YaodianError('BAD_FILE', `${name}: no text left after cleaning`);
  return addReport(index, { text, doc }, override, { engine, ...opts });
}

/** Remove documents by id: tombstones, committed at once; a merge purges them. */
export function removeDocuments(index: string, ids: string[], opts: WriteOptions = {}): Promise<void> {
  return withIndexLock(index, 'yaodian remove', () => {
    const { info, state } = startWriting(index, opts.log);
    const live = liveCatalog(join(index, info.generation), state);
    for (const id of ids) if (!live.has(id)) throw notFound(`no document with id "${id}" (list them with \`yaodian docs\`)`);
    commitSegmentState(index, { ...state, removed: [...new Set([...state.removed, ...ids])] });
    for (const id of ids) if (opts.engine?.docs.has(id)) opts.engine.removeDoc(id);
  });
}

/** Rewrite the segments an older version saved in this version's format, once, under the lock (segments.ts). */
export function upgradeOldSegments(index: string, log: (l: string) => void = () => {}): Promise<void> {
  return withIndexLock(index, 'rewriting segments of an older format', () => {
    upgradeSegments(index, readSegmentState(index), log);
  });
}

/**
 * Turn a journal of an earlier version (index/journal: one JSON file per added report, re-parsed on every load)
 * into one segment, once, under the lock. An entry that cannot be read is moved to index/quarantine/ and named.
 */
export function migrateJournal(index: string, log: (l: string) => void = () => {}): Promise<void> {
  return withIndexLock(index, 'migrating the journal', async () => {
    const dir = join(index, 'journal');
    if (!existsSync(dir)) return;
    const info = currentInfo(index);
    let state = readSegmentState(index);
    ensureBaseCatalog(join(index, info.generation));
    const live = liveCatalog(join(index, info.generation), state);
    const hashes = new Set([...live.values()].map((e) => e.hash));
    const docs: Doc[] = [];
    const setAside = (path: string, as: string, err: Error) => {
      mkdirSync(join(index, 'quarantine'), { recursive: true });
      renameSync(path, join(index, 'quarantine', as));
      log(`journal file ${path} is unreadable (${err.message}); moved to ${join(index, 'quarantine', as)}, the rest is served`);
    };
    const addedDir = join(dir, 'added');
    for (const f of existsSync(addedDir) ? readdirSync(addedDir).filter((f) => f.endsWith('.json')).sort() : []) {
      const path = join(addedDir, f);
      try {
        const e = readJournalFile(path, JournalEntrySchema);
        const doc = buildDoc(e.text, e.source, e.override);
        const hash = contentHash(doc.display);
        if (hashes.has(hash)) continue;
        const kept = withId(doc, freeId((id) => live.has(id), doc.meta.id));
        live.set(kept.meta.id, catalogEntry(kept, hash));
        hashes.add(hash);
        rememberContentHash(kept, hash);
        docs.push(kept);
      } catch (err) {
        setAside(path, `journal-${f}`, err as Error);
      }
    }
    let removed: string[] = [];
    const removedFile = join(dir, 'removed.json');
    try {
      if (existsSync(removedFile)) removed = readJournalFile(removedFile, RemovedSchema);
    } catch (err) {
      setAside(removedFile, 'journal-removed.json', err as Error);
    }
    const segments = docs.length ? [...state.segments, writeSegment(index, segmentName(state.seq, 0), 0, docs, () => undefined, docContentHash)] : state.segments;
    state = commitSegmentState(index, { ...state, seq: state.seq + 1, segments, removed: [...new Set([...state.removed, ...removed.filter((id) => live.has(id))])] });
    rmSync(dir, { recursive: true, force: true });
    log(`journal of ${docs.length} added documents turned into a segment`);
  });
}
