/**
 * Open the engine the way every command needs it. An index records the folder it was built from, and a
 * reading command serves it as built: it never rebuilds it from another folder, and when its folder changed
 * or is gone it says so and serves what it has. It builds only where there is no index yet, and rebuilds
 * from the recorded folder only what it cannot read (an older format, a damaged file).
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusHash, folderStamp, loadCorpus, type CorpusError, type FileRead, type KeptIds } from '../ingest/corpus.js';
import { describeSetAside } from '../ingest/editions.js';
import { Engine } from '../index/engine.js';
import { createTextIndex, DEFAULT_STORE, type StoreKind } from '../index/stores.js';
import { YaodianError } from '../errors.js';
import type { Doc } from '../types.js';
import { contentHash, docContentHash } from './journal.js';
import { readDocs, savedIds } from './docs.js';
import { withIndexLock } from './lock.js';
import { commitSegmentState, loadSegments, quarantine, readSegmentState, rederive } from './segments.js';
import { liveCatalog, writeBaseCatalog } from './catalog.js';
import { FORMAT_VERSION, loadIndex, readIndexInfo, saveIndex, type IndexInfo } from './save.js';

export const DEFAULT_SEEDS = 'seeds';
export const DEFAULT_INDEX = 'index';

export interface OpenOptions {
  /** the folder to build from when there is no index yet (default seeds/); an existing index keeps its own */
  seeds?: string;
  index?: string;
  /** rebuild from the index's own folder even when the saved index is current */
  force?: boolean;
  /** which store a rebuild uses */
  store?: StoreKind;
  log?: (line: string) => void;
  /** called after each file read when the index is (re)built */
  onFile?: (f: FileRead) => void;
  /**
   * Decode the base's matching forms unit by unit when first read (ReadOptions.lazyMatches): for a command run
   * once, which reads few of them; a server reads them all and keeps one string each.
   */
  lazyMatches?: boolean;
}

export interface Opened {
  engine: Engine;
  info: IndexInfo;
  rebuilt: boolean;
  errors: CorpusError[];
  /** why the index may not reflect its folder any more (it changed, or is gone); null when it does */
  drift: string | null;
}

/**
 * The ids a rebuild keeps: each source file's id in the index being replaced, and the ids of documents added
 * with `yaodian add` (a report added and later put into the folder too keeps its id), so a permalink to an
 * unchanged document names the same document after the rebuild.
 */
function keptIds(index: string): KeptIds {
  const info = readIndexInfo(index);
  let bySource = new Map<string, string>();
  try {
    if (info) bySource = savedIds(join(index, info.generation));
    // documents added with `yaodian add`, in segments or merged into the base: content hash → id
    const state = readSegmentState(index);
    const addedIds = new Set([...state.segments.flatMap((seg) => seg.docs.map((d) => d.id)), ...(state.addedToBase ?? [])]);
    if (!addedIds.size) return { bySource };
    const live = liveCatalog(info ? join(index, info.generation) : null, state);
    const added = new Map([...live].filter(([id]) => addedIds.has(id)).map(([id, e]) => [e.hash, id]));
    return { bySource, taken: addedIds, sameAs: (doc) => added.get(contentHash(doc.display)) };
  } catch {
    // an unreadable index has no ids to keep: the rebuild gives fresh ones
    return { bySource };
  }
}

/**
 * Added documents merged into the base (SegmentState.addedToBase) are not in the seeds: a rebuild carries them
 * over from the old base's files, with their matching forms, unless the seeds now hold the same text.
 */
function carriedOver(index: string, corpusHashes: Set<string>): { docs: Doc[]; matchesOf: (d: Doc) => string[] | undefined } {
  const none = { docs: [], matchesOf: () => undefined };
  const info = readIndexInfo(index);
  const ids = new Set(readSegmentState(index).addedToBase ?? []);
  if (!info || !ids.size) return none;
  const holder = new Engine();
  try {
    readDocs(join(index, info.generation), holder, { numbering: 'append', skip: (id) => !ids.has(id) });
  } catch {
    return none;
  }
  const docs = [...holder.docs.values()].filter((d) => !corpusHashes.has(docContentHash(d)));
  // saved units and matching forms are this version's only when the format is: otherwise they are derived again
  if (info.formatVersion !== FORMAT_VERSION) return { docs: docs.map(rederive), matchesOf: () => undefined };
  return { docs, matchesOf: (d) => (holder.docs.get(d.meta.id) === d ? d.units.map((u) => holder.getUnit(u.id).match) : undefined) };
}

/**
 * What an earlier version left is brought to this one's, once, by a writer (writer.ts): a journal of added
 * reports turned into a segment, segments of an older index format rewritten in this one.
 */
async function migrateOlder(index: string, log: (l: string) => void): Promise<void> {
  // imported only then: the writer brings the readers of new files, which a reading command has no use for
  if (existsSync(join(index, 'journal'))) await (await import('./writer.js')).migrateJournal(index, log);
  if (olderSegments(index)) await (await import('./writer.js')).upgradeOldSegments(index, log);
}

function olderSegments(index: string): boolean {
  try {
    return readSegmentState(index).segments.some((s) => s.format !== FORMAT_VERSION);
  } catch {
    // a damaged SEGMENTS is named where it is loaded
    return false;
  }
}

/** CURRENT's generation and SEGMENTS' version: what every writer's commit moves on. */
function commitStamp(index: string): string {
  try {
    return `${readIndexInfo(index)?.generation}:${readSegmentState(index).version}`;
  } catch {
    return 'unreadable';
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The index's description. CURRENT names a generation whose folder a writer deletes right after replacing
 * CURRENT: read at that moment it names a folder that is gone, so a missing folder is read again before the
 * index counts as absent (and would be built).
 */
async function settledInfo(index: string): Promise<IndexInfo | null> {
  for (let attempt = 1; ; attempt++) {
    const info = readIndexInfo(index);
    if (info || !existsSync(join(index, 'CURRENT')) || attempt === LOAD_ATTEMPTS) return info;
    await sleep(20 * attempt);
  }
}

/** How often a load that a writer's commit overtook is begun again before what failed counts as damaged. */
const LOAD_ATTEMPTS = 5;

/** Move unreadable segments aside under the lock, unless a writer merged them away meanwhile. */
async function setAside(index: string, bad: { name: string; reason: string }[], log: (l: string) => void): Promise<void> {
  for (const b of bad) log(`segment ${join(index, b.name)} is unreadable and was skipped (${b.reason}); the rest is served`);
  await withIndexLock(index, 'quarantining a segment', () => {
    const now = readSegmentState(index);
    const still = bad.filter((b) => now.segments.some((s) => s.name === b.name));
    if (still.length) commitSegmentState(index, quarantine(index, now, still));
  }).catch((e) => log(`could not move the unreadable segment aside: ${(e as Error).message}`));
}

/**
 * Load the base and its segments (turning an old journal into a segment first). A writer committing meanwhile
 * deletes the generation or segments it merged into newer ones, perhaps while this load reads them: a load
 * that fails while the index moved on is begun again from the new commit, and only what fails against an
 * index that stood still is damaged — the base thrown to the caller, an unreadable segment named and set aside.
 */
async function loadCommitted(index: string, info: IndexInfo, log: (l: string) => void, lazyMatches = false): Promise<{ engine: Engine; info: IndexInfo }> {
  await migrateOlder(index, log);
  for (let attempt = 1; ; attempt++) {
    const stamp = commitStamp(index);
    const overtaken = async () => {
      if (attempt === LOAD_ATTEMPTS || commitStamp(index) === stamp) return false;
      info = (await settledInfo(index)) ?? info;
      return true;
    };
    let engine: Engine;
    try {
      engine = loadIndex(index, info, { lazyMatches });
    } catch (e) {
      if (await overtaken()) continue;
      throw e;
    }
    const bad: { name: string; reason: string }[] = [];
    loadSegments(engine, index, readSegmentState(index), (name, e) => bad.push({ name, reason: e.message }));
    if (bad.length && (await overtaken())) continue;
    if (bad.length) await setAside(index, bad, log);
    return { engine, info };
  }
}

export interface BuildOptions {
  log?: (line: string) => void;
  store?: StoreKind;
  /** called after each file of the seeds folder is read (progress bars) */
  onFile?: (f: FileRead) => void;
  /** index every edition of a report the folder holds, instead of one of each (the index records it) */
  keepEditions?: boolean;
}

export async function buildIndex(seeds: string, index: string, { log = () => {}, store = DEFAULT_STORE, onFile, keepEditions = false }: BuildOptions = {}): Promise<Opened> {
  const t0 = performance.now();
  const folder = resolve(seeds);
  await migrateOlder(index, log);
  const corpus = loadCorpus(folder, FORMAT_VERSION, { kept: keptIds(index), onFile, keepEditions });
  const carried = carriedOver(index, new Set(corpus.docs.map(docContentHash)));
  const engine = new Engine({ index: createTextIndex(store) });
  engine.addDocs([...corpus.docs, ...carried.docs], carried.matchesOf);
  mkdirSync(index, { recursive: true });
  const bad: { name: string; reason: string }[] = [];
  const info = await withIndexLock(index, 'yaodian index', async () => {
    const saved = await saveIndex(engine, index, corpus.hash, folder, { keepEditions, seedsStamp: corpus.stamp });
    writeBaseCatalog(join(index, saved.generation), engine.docs.values());
    // readers watching the index see the new base
    const state = commitSegmentState(index, readSegmentState(index));
    // still under the lock: no writer merges these segments into another base before they are loaded onto this one
    loadSegments(engine, index, state, (name, e) => bad.push({ name, reason: e.message }));
    return saved;
  });
  if (bad.length) await setAside(index, bad, log);
  const kept = carried.docs.length ? ` (and kept ${carried.docs.length} added with \`yaodian add\`)` : '';
  log(`indexed ${corpus.docs.length} documents${kept}, ${info.units} units in ${Math.round(performance.now() - t0)} ms → ${index}`);
  for (const e of corpus.errors) log(`skipped ${e.message}`);
  for (const s of corpus.setAside) log(describeSetAside(s));
  return { engine, info, rebuilt: true, errors: corpus.errors, drift: null };
}

/**
 * The folder an index was built from. An index saved before folders were recorded is matched by its corpus
 * hash against the folder the caller names: only a folder with exactly the content it was built from counts.
 */
function recordedFolder(info: IndexInfo, asked: string): string | null {
  if (info.seeds) return info.seeds;
  return existsSync(asked) && corpusHash(asked, info.formatVersion) === info.corpusHash ? asked : null;
}

/** Has the folder moved on since the index was built from it? */
function driftOf(folder: string | null, info: IndexInfo, index: string): string | null {
  if (!folder) return null;
  if (!existsSync(folder)) return `the folder it was built from, ${folder}, is gone`;
  if (info.formatVersion !== FORMAT_VERSION) return null;
  // sizes and times first: only a folder that may have changed is read and hashed
  if (info.seedsStamp !== undefined && folderStamp(folder, FORMAT_VERSION) === info.seedsStamp) return null;
  if (corpusHash(folder, FORMAT_VERSION) !== info.corpusHash)
    return `the folder it was built from, ${folder}, changed since (rebuild it with \`yaodian index --seeds ${folder} --out ${index}\`)`;
  return null;
}

/** An index this version cannot read, rebuilt from its own folder; without that folder, a clear error. */
function rebuildOwn(why: string, folder: string | null, index: string, opts: OpenOptions, info: IndexInfo): Promise<Opened> {
  const log = opts.log ?? (() => {});
  if (!folder || !existsSync(folder))
    throw new YaodianError(
      'BAD_INPUT',
      `the index in ${index} cannot be read (${why}) and ${folder ? `the folder it was built from, ${folder}, is gone` : 'it does not record the folder it was built from'}; ` +
        `nothing was changed: rebuild it with \`yaodian index --seeds DIR --out ${index}\``,
    );
  log(`${why}; rebuilding ${index} from ${folder}, the folder it was built from`);
  return buildIndex(folder, index, { log, store: opts.store ?? info.store, onFile: opts.onFile, keepEditions: info.keepEditions });
}

/** The folder the index in `index` was built from, when it records one. */
export function builtFrom(index: string): string | null {
  return readIndexInfo(resolve(index))?.seeds ?? null;
}

export async function openEngine(opts: OpenOptions = {}): Promise<Opened> {
  const asked = resolve(opts.seeds ?? DEFAULT_SEEDS);
  const index = resolve(opts.index ?? DEFAULT_INDEX);
  const log = opts.log ?? (() => {});
  let info = await settledInfo(index);
  if (!info) return buildIndex(asked, index, { log, store: opts.store, onFile: opts.onFile });
  const folder = recordedFolder(info, asked);
  if (opts.seeds !== undefined && folder && folder !== asked)
    log(`${index} was built from ${folder}, not ${asked}: serving it as built (to build it from ${asked}: \`yaodian index --seeds ${asked} --out ${index}\`)`);
  if (opts.force) return rebuildOwn('a rebuild was asked for', folder, index, opts, info);
  if (info.formatVersion !== FORMAT_VERSION)
    return rebuildOwn(`it was saved in format ${info.formatVersion}, this version reads ${FORMAT_VERSION}`, folder, index, opts, info);
  let engine: Engine;
  try {
    ({ engine, info } = await loadCommitted(index, info, log, opts.lazyMatches));
  } catch (e) {
    // a writer's lock held too long (migrating a journal, setting a segment aside) is not damage
    if (e instanceof YaodianError) throw e;
    return rebuildOwn(`cannot load the index (${(e as Error).message})`, folder, index, opts, info);
  }
  const drift = driftOf(folder, info, index);
  if (drift) log(`${index}: ${drift}; serving the ${engine.docs.size} documents it has`);
  return { engine, info, rebuilt: false, errors: [], drift };
}
