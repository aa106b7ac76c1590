/**
 * Open the engine the way every command needs it. An index records the folder it was built from, and a
 * reading command serves it as built: it never rebuilds it from another folder, and when its folder changed
 * or is gone it says so and serves what it has. It builds only where there is no index yet, and rebuilds
 * from the recorded folder only what it cannot read (an older format, a damaged file).
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusHash, loadCorpus, type CorpusError, type FileRead, type KeptIds } from '../ingest/corpus.js';
import { describeSetAside } from '../ingest/editions.js';
import { Engine } from '../index/engine.js';
import { createTextIndex, DEFAULT_STORE, type StoreKind } from '../index/stores.js';
import { YaodianError } from '../errors.js';
import { contentHash, readJournal, replayJournal } from './journal.js';
import { savedIds } from './docs.js';
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
  } catch {
    // an unreadable index has no ids to keep: the rebuild gives fresh ones
  }
  const added = new Map(readJournal(index).added.flatMap((e) => (e.override.id ? [[e.contentHash, e.override.id] as const] : [])));
  if (!added.size) return { bySource };
  return { bySource, taken: new Set(added.values()), sameAs: (doc) => added.get(contentHash(doc.display)) };
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
  const corpus = loadCorpus(folder, FORMAT_VERSION, { kept: keptIds(index), onFile, keepEditions });
  const engine = new Engine({ index: createTextIndex(store) });
  engine.addDocs(corpus.docs);
  const info = await saveIndex(engine, index, corpus.hash, folder, { keepEditions });
  replayJournal(engine, index);
  log(`indexed ${info.documents} documents, ${info.units} units in ${Math.round(performance.now() - t0)} ms → ${index}`);
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
  if (info.formatVersion === FORMAT_VERSION && corpusHash(folder, FORMAT_VERSION) !== info.corpusHash)
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
  const info = readIndexInfo(index);
  if (!info) return buildIndex(asked, index, { log, store: opts.store, onFile: opts.onFile });
  const folder = recordedFolder(info, asked);
  if (opts.seeds !== undefined && folder && folder !== asked)
    log(`${index} was built from ${folder}, not ${asked}: serving it as built (to build it from ${asked}: \`yaodian index --seeds ${asked} --out ${index}\`)`);
  if (opts.force) return rebuildOwn('a rebuild was asked for', folder, index, opts, info);
  if (info.formatVersion !== FORMAT_VERSION)
    return rebuildOwn(`it was saved in format ${info.formatVersion}, this version reads ${FORMAT_VERSION}`, folder, index, opts, info);
  let engine: Engine;
  try {
    engine = loadIndex(index, info);
  } catch (e) {
    return rebuildOwn(`cannot load the index (${(e as Error).message})`, folder, index, opts, info);
  }
  replayJournal(engine, index);
  const drift = driftOf(folder, info, index);
  if (drift) log(`${index}: ${drift}; serving the ${engine.docs.size} documents it has`);
  return { engine, info, rebuilt: false, errors: [], drift };
}
