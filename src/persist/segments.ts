/**
 * Documents added after the base was built live in segments: folders of the base's own document format
 * (docs.jsonl, display.u16, match.u16, patch.u16 — metadata, texts, matching forms and edits), so loading one
 * reads files and never parses a report again; its units' postings are derived from the saved matching forms
 * as they are loaded. A log-structured merge keeps them few and small:
 *
 * - each add writes one segment of level 0; when FANOUT segments share a level they are merged into one of the
 *   next level, so there are at most FANOUT per level and each document is rewritten once per level;
 * - when the segments hold more than MERGE_SHARE of the base's units (and MERGE_MIN_UNITS), they are merged into
 *   the base (a new generation: the base's files copied, the segments' documents and postings appended: merge.ts),
 *   which grows geometrically, so an add's share of the copies stays the same however large the base, and loading
 *   never derives postings for more than that share of the corpus;
 * - a removal is a tombstone in the state, purged when the segment or base holding the document is merged.
 *
 * SEGMENTS, beside CURRENT, lists them with each document's id and content hash (so `add` allocates ids and
 * finds duplicates without loading the index), the tombstones, and a version that every commit increments
 * (a running server watches it). It is replaced by an atomic rename, under the writer lock (lock.ts).
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../index/engine.js';
import { toMatchForm } from '../text/normalize.js';
import { fsyncDir, IndexFileError, writeFileAtomic } from '../util/files.js';
import * as z from 'zod';
import { readDocs, writeDocs } from './docs.js';
import { JsonFileReader } from './json.js';
import { docContentHash } from './journal.js';
import { catalogEntry, CatalogEntrySchema } from './catalog.js';
import { FORMAT_VERSION } from './save.js';
import { segmentUnits } from '../ingest/units.js';
import { YaodianError } from '../errors.js';
import type { Doc } from '../types.js';

export const SEGMENTS_FILE = 'SEGMENTS';
/** segments per level before they are merged into one of the next */
export const FANOUT = 8;
/**
 * Segments' units past this share of the base's are merged into the base. A loaded segment's postings are derived
 * unit by unit, several times the cost of loading the same units as the base (BENCHMARKS.md, "Grown by add vs
 * rebuilt"), so a grown index answers within a few percent of a rebuilt one only while its segments stay a small
 * share of it. A merge into the base appends (merge.ts): a copy of the base plus the work of what it adds, so
 * merging at a small share costs an add a constant amount however large the base (the base grows by the share
 * between two merges).
 */
export const MERGE_SHARE = 0.02;
/**
 * ...and past this many units in all: a merge writes a whole new generation (every file of the base, each synced)
 * however little it adds, so the segments of a small base wait for a few adds.
 */
export const MERGE_MIN_UNITS = 64;

const SegmentEntrySchema = z.object({
  /** folder name under the index folder */
  name: z.string().regex(/^seg-[\w-]+$/),
  level: z.number().int().nonnegative(),
  units: z.number().int().nonnegative(),
  /** the index format its files were written in (save.ts's FORMAT_VERSION) */
  format: z.number().int(),
  /** each document's id and catalog entry */
  docs: z.array(CatalogEntrySchema.extend({ id: z.string() })),
});
export type SegmentEntry = z.infer<typeof SegmentEntrySchema>;

const SegmentStateSchema = z.object({
  /** incremented by every commit: add, remove, merge, rebuild */
  version: z.number().int().nonnegative(),
  /** the next segment's sequence number */
  seq: z.number().int().nonnegative(),
  segments: z.array(SegmentEntrySchema),
  /** ids removed but still held by a segment or the base, until a merge purges them */
  removed: z.array(z.string()),
  /** ids of added documents merged into the base: a rebuild from the seeds carries them over */
  addedToBase: z.array(z.string()).optional(),
  /** segment folders moved aside as unreadable, with why */
  quarantined: z.array(z.object({ name: z.string(), reason: z.string() })).optional(),
});
export type SegmentState = z.infer<typeof SegmentStateSchema>;

export const emptyState = (): SegmentState => ({ version: 0, seq: 0, segments: [], removed: [] });

/** SEGMENTS is only ever replaced by a rename: read again only when it changed (each segment's entries grow with the adds) */
const states = new JsonFileReader(SegmentStateSchema, 'a segment list');

export function readSegmentState(index: string): SegmentState {
  const path = join(index, SEGMENTS_FILE);
  if (!existsSync(path)) return emptyState();
  return states.read(path);
}

/** Commit a new state: the next version, written atomically. Only under the writer lock. */
export function commitSegmentState(index: string, state: SegmentState): SegmentState {
  const next = { ...state, version: state.version + 1 };
  writeFileAtomic(join(index, SEGMENTS_FILE), JSON.stringify(next));
  fsyncDir(index);
  states.wrote(join(index, SEGMENTS_FILE), next);
  return next;
}

/** Write documents as a new segment folder; returns its entry (not yet committed to the state). */
export function writeSegment(index: string, name: string, level: number, docs: Doc[], matchesOf: (doc: Doc) => string[] | undefined, hashOf: (doc: Doc) => string): SegmentEntry {
  const dir = join(index, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // an engine that only numbers the units: writeDocs reads numbers and matching forms from it, no postings
  const holder = new Engine();
  for (const doc of docs) {
    const first = holder.records.length;
    holder.addDoc(doc, doc.units.map((_, k) => first + k), matchesOf(doc) ?? doc.units.map((u) => toMatchForm(u.text).text));
  }
  writeDocs(holder, dir);
  fsyncDir(dir);
  return { name, level, units: holder.unitCount, format: FORMAT_VERSION, docs: docs.map((d) => ({ id: d.meta.id, ...catalogEntry(d, hashOf(d)) })) };
}

export const segmentName = (seq: number, level: number) => `seg-${String(seq).padStart(6, '0')}-L${level}-${process.pid}`;

/**
 * A document saved in an older index format, derived again by this version's rules: its units cut again from
 * its saved display text (the text, its metadata and so its id and content hash stay), and their matching forms
 * derived when it is indexed.
 */
export function rederive(doc: Doc): Doc {
  return { meta: doc.meta, display: doc.display, units: segmentUnits(doc.display, doc.meta) };
}

/** The documents of one segment, read without indexing them (a merge, an upgrade, an edition check). */
export function readSegmentDocs(index: string, name: string, skip?: (id: string) => boolean): Engine {
  const holder = new Engine();
  readDocs(join(index, name), holder, { numbering: 'append', ...(skip && { skip }) });
  return holder;
}

/** A segment this version cannot read at all: written by a newer one. */
export function newerFormat(index: string, seg: SegmentEntry): YaodianError {
  return new YaodianError(
    'CONFLICT',
    `${join(index, seg.name)} was written in index format ${seg.format} by a newer yaodian; this version reads format ${FORMAT_VERSION}: run the newer version (the segment is left as it is)`,
  );
}

/**
 * Load every segment of the state into a loaded base engine, then drop the removed documents. A segment of an
 * older format is derived again as it loads (a writer rewrites it in this format: writer.ts); one of a newer
 * format stops the load with the reason. A segment that cannot be read is reported through `onBad` with the file
 * at fault and skipped: the rest is served.
 */
export function loadSegments(engine: Engine, index: string, state: SegmentState, onBad: (name: string, e: Error) => void): void {
  // the same report put into the seeds folder after it was added is one document, not two
  const hashes = new Set([...engine.docs.values()].map(docContentHash));
  const skip = (id: string, hash: string) => engine.docs.has(id) || hashes.has(hash);
  for (const seg of state.segments) {
    if (seg.format > FORMAT_VERSION) throw newerFormat(index, seg);
    try {
      if (seg.format === FORMAT_VERSION) readDocs(join(index, seg.name), engine, { numbering: 'index', skip });
      else for (const doc of readSegmentDocs(index, seg.name, (id) => engine.docs.has(id)).docs.values()) if (!hashes.has(docContentHash(doc))) engine.addDoc(rederive(doc));
    } catch (e) {
      if (!(e instanceof IndexFileError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      onBad(seg.name, e as Error);
    }
  }
  for (const id of state.removed) if (engine.docs.has(id)) engine.removeDoc(id);
}

/**
 * Rewrite the segments saved in an older index format in this one, their documents derived again (rederive),
 * and commit (writer lock held). One whose documents cannot be derived again is set aside, named with why.
 * Returns the state committed, or `state` when every segment is of this format.
 */
export function upgradeSegments(index: string, state: SegmentState, log: (l: string) => void): SegmentState {
  for (const seg of state.segments) if (seg.format > FORMAT_VERSION) throw newerFormat(index, seg);
  const old = state.segments.filter((s) => s.format < FORMAT_VERSION);
  if (!old.length) return state;
  let seq = state.seq;
  const bad: { name: string; reason: string }[] = [];
  const segments = state.segments.map((seg) => {
    if (seg.format === FORMAT_VERSION) return seg;
    try {
      const docs = [...readSegmentDocs(index, seg.name).docs.values()].map(rederive);
      const empty = docs.find((d) => !d.units.length);
      if (empty) throw new Error(`document ${empty.meta.id} has no units left`);
      return writeSegment(index, segmentName(seq++, seg.level), seg.level, docs, () => undefined, docContentHash);
    } catch (e) {
      bad.push({ name: seg.name, reason: `written in index format ${seg.format}, cannot be derived again in format ${FORMAT_VERSION}: ${(e as Error).message}` });
      return seg;
    }
  });
  const next = commitSegmentState(index, quarantine(index, { ...state, seq, segments }, bad));
  const failed = new Set(bad.map((b) => b.name));
  removeSegmentDirs(index, old.map((s) => s.name).filter((n) => !failed.has(n)));
  if (old.length > bad.length)
    log(`rewrote ${old.length - bad.length} segment(s) of index format ${[...new Set(old.map((s) => s.format))].join(', ')} in format ${FORMAT_VERSION} (their documents' units and matching forms derived again)`);
  for (const b of bad) log(`segment ${join(index, b.name)} was set aside in ${join(index, 'quarantine')}: ${b.reason}`);
  return next;
}

/** Move unreadable segments aside and out of the state (writer lock held). */
export function quarantine(index: string, state: SegmentState, bad: { name: string; reason: string }[]): SegmentState {
  if (!bad.length) return state;
  mkdirSync(join(index, 'quarantine'), { recursive: true });
  for (const b of bad) if (existsSync(join(index, b.name))) renameSync(join(index, b.name), join(index, 'quarantine', b.name));
  const names = new Set(bad.map((b) => b.name));
  return { ...state, segments: state.segments.filter((s) => !names.has(s.name)), quarantined: [...(state.quarantined ?? []), ...bad] };
}

/** The first group of FANOUT segments sharing a level, oldest first, or null. */
export function fullLevel(state: SegmentState): SegmentEntry[] | null {
  const byLevel = new Map<number, SegmentEntry[]>();
  for (const s of state.segments) {
    const l = byLevel.get(s.level) ?? [];
    l.push(s);
    if (l.length >= FANOUT) return l;
    byLevel.set(s.level, l);
  }
  return null;
}

/** Remove segment folders that a merge has replaced (after the commit that dropped them). */
export function removeSegmentDirs(index: string, names: string[]): void {
  for (const n of names) rmSync(join(index, n), { recursive: true, force: true });
}

const TEMP = /\.tmp-\d+-\d+$/;

/**
 * What a writer killed mid-way left behind, removed by the next writer (writer lock held, so nobody is writing
 * them): temporary files of an unfinished atomic write, a segment written but never committed, a generation
 * saved but never made current (or not yet deleted after the next one was). What is committed is never touched.
 * Returns the names removed.
 */
export function sweepLeftovers(index: string, generation: string, state: SegmentState): string[] {
  const committed = new Set([generation, ...state.segments.map((s) => s.name)]);
  const removed: string[] = [];
  for (const name of readdirSync(index)) {
    const stale = TEMP.test(name) || (/^(seg|gen)-/.test(name) && !committed.has(name));
    if (stale) {
      rmSync(join(index, name), { recursive: true, force: true });
      removed.push(name);
    } else if (committed.has(name))
      for (const inner of readdirSync(join(index, name)).filter((n) => TEMP.test(n))) {
        rmSync(join(index, name, inner), { force: true });
        removed.push(join(name, inner));
      }
  }
  return removed;
}
