/**
 * Documents added after the base was built live in segments: folders of the base's own document format
 * (docs.jsonl, display.u16, match.u16, patch.u16 — metadata, texts, matching forms and edits), so loading one
 * reads files and never parses a report again; its units' postings are derived from the saved matching forms
 * as they are loaded. A log-structured merge keeps them few and small:
 *
 * - each add writes one segment of level 0; when FANOUT segments share a level they are merged into one of the
 *   next level, so there are at most FANOUT per level and each document is rewritten once per level;
 * - when the segments hold more than MERGE_SHARE of the base's units, they are merged into the base (a new
 *   generation, postings and all), which grows geometrically: N adds cost O(N log N) writes in all, and loading
 *   never derives postings for more than that share of the corpus;
 * - a removal is a tombstone in the state, purged when the segment or base holding the document is merged.
 *
 * SEGMENTS, beside CURRENT, lists them with each document's id and content hash (so `add` allocates ids and
 * finds duplicates without loading the index), the tombstones, and a version that every commit increments
 * (a running server watches it). It is replaced by an atomic rename, under the writer lock (lock.ts).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../index/engine.js';
import { toMatchForm } from '../text/normalize.js';
import { fsyncDir, IndexFileError, writeFileAtomic } from '../util/files.js';
import { readDocs, savedCatalog, writeDocs } from './docs.js';
import { docContentHash } from './journal.js';
import type { Doc } from '../types.js';

export const SEGMENTS_FILE = 'SEGMENTS';
export const CATALOG_FILE = 'catalog.json';
/** segments per level before they are merged into one of the next */
export const FANOUT = 8;
/** segments' units past this share of the base's are merged into the base */
export const MERGE_SHARE = 0.25;

export interface SegmentEntry {
  /** folder name under the index folder */
  name: string;
  level: number;
  units: number;
  /** each document's id and content hash */
  docs: { id: string; hash: string }[];
}

export interface SegmentState {
  /** incremented by every commit: add, remove, merge, rebuild */
  version: number;
  /** the next segment's sequence number */
  seq: number;
  segments: SegmentEntry[];
  /** ids removed but still held by a segment or the base, until a merge purges them */
  removed: string[];
  /** ids of added documents merged into the base: a rebuild from the seeds carries them over */
  addedToBase?: string[];
  /** segment folders moved aside as unreadable, with why */
  quarantined?: { name: string; reason: string }[];
}

export const emptyState = (): SegmentState => ({ version: 0, seq: 0, segments: [], removed: [] });

export function readSegmentState(index: string): SegmentState {
  const path = join(index, SEGMENTS_FILE);
  if (!existsSync(path)) return emptyState();
  try {
    const s = JSON.parse(readFileSync(path, 'utf8')) as SegmentState;
    if (!Number.isInteger(s.version) || !Array.isArray(s.segments) || !Array.isArray(s.removed)) throw new Error('fields missing');
    return s;
  } catch (e) {
    throw new IndexFileError(path, `unreadable (${(e as Error).message})`);
  }
}

/** Commit a new state: the next version, written atomically. Only under the writer lock. */
export function commitSegmentState(index: string, state: SegmentState): SegmentState {
  const next = { ...state, version: state.version + 1 };
  writeFileAtomic(join(index, SEGMENTS_FILE), JSON.stringify(next));
  fsyncDir(index);
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
  return { name, level, units: holder.unitCount, docs: docs.map((d) => ({ id: d.meta.id, hash: hashOf(d) })) };
}

export const segmentName = (seq: number, level: number) => `seg-${String(seq).padStart(6, '0')}-L${level}-${process.pid}`;

/**
 * Load every segment of the state into a loaded base engine, then drop the removed documents. A segment that
 * cannot be read is reported through `onBad` with the file at fault and skipped: the rest is served.
 */
export function loadSegments(engine: Engine, index: string, state: SegmentState, onBad: (name: string, e: Error) => void): void {
  // the same report put into the seeds folder after it was added is one document, not two
  const hashes = new Set([...engine.docs.values()].map(docContentHash));
  for (const seg of state.segments) {
    try {
      readDocs(join(index, seg.name), engine, { numbering: 'index', skip: (id, hash) => engine.docs.has(id) || hashes.has(hash) });
    } catch (e) {
      if (!(e instanceof IndexFileError) && (e as NodeJS.ErrnoException).code === undefined) throw e;
      onBad(seg.name, e as Error);
    }
  }
  for (const id of state.removed) if (engine.docs.has(id)) engine.removeDoc(id);
}

/** Move unreadable segments aside and out of the state (writer lock held). */
export function quarantine(index: string, state: SegmentState, bad: { name: string; reason: string }[]): SegmentState {
  if (!bad.length) return state;
  mkdirSync(join(index, 'quarantine'), { recursive: true });
  for (const b of bad) if (existsSync(join(index, b.name))) renameSync(join(index, b.name), join(index, 'quarantine', b.name));
  const names = new Set(bad.map((b) => b.name));
  return { ...state, segments: state.segments.filter((s) => !names.has(s.name)), quarantined: [...(state.quarantined ?? []), ...bad] };
}

/** Ids and content hashes of the base generation: its catalog file, or its documents' metadata. */
export function baseCatalog(genDir: string): Map<string, string> {
  const file = join(genDir, CATALOG_FILE);
  if (existsSync(file)) {
    try {
      return new Map(Object.entries(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>));
    } catch {
      // written atomically, so only a damaged disk gets here: the documents say the same
    }
  }
  return savedCatalog(genDir);
}

export function writeBaseCatalog(genDir: string, entries: Iterable<[string, string]>): void {
  writeFileAtomic(join(genDir, CATALOG_FILE), JSON.stringify(Object.fromEntries(entries)));
}

/** Every live document's id → content hash: the base's and the segments', less the removed. */
export function liveCatalog(genDir: string | null, state: SegmentState): Map<string, string> {
  const out = genDir ? baseCatalog(genDir) : new Map<string, string>();
  for (const s of state.segments) for (const d of s.docs) out.set(d.id, d.hash);
  for (const id of state.removed) out.delete(id);
  return out;
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
