/**
 * Open the engine the way every command needs it: load the saved index when it matches the seeds and the
 * format, otherwise rebuild from the seeds and save.
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { corpusHash, loadCorpus, type CorpusError, type KeptIds } from '../ingest/corpus.js';
import { Engine } from '../index/engine.js';
import { createTextIndex, DEFAULT_STORE, type StoreKind } from '../index/stores.js';
import { contentHash, readJournal, replayJournal } from './journal.js';
import { savedIds } from './docs.js';
import { FORMAT_VERSION, loadIndex, readIndexInfo, saveIndex, type IndexInfo } from './save.js';

export const DEFAULT_SEEDS = 'seeds';
export const DEFAULT_INDEX = 'index';

export interface OpenOptions {
  seeds?: string;
  index?: string;
  /** rebuild even when the saved index is current */
  force?: boolean;
  /** which store a rebuild uses */
  store?: StoreKind;
  log?: (line: string) => void;
}

export interface Opened {
  engine: Engine;
  info: IndexInfo;
  rebuilt: boolean;
  errors: CorpusError[];
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

export async function buildIndex(
  seeds: string,
  index: string,
  log: (l: string) => void = () => {},
  store: StoreKind = DEFAULT_STORE,
): Promise<Opened> {
  const t0 = performance.now();
  const corpus = loadCorpus(seeds, FORMAT_VERSION, keptIds(index));
  const engine = new Engine(createTextIndex(store));
  engine.addDocs(corpus.docs);
  const info = await saveIndex(engine, index, corpus.hash);
  replayJournal(engine, index);
  log(`indexed ${info.documents} documents, ${info.units} units in ${Math.round(performance.now() - t0)} ms → ${index}`);
  for (const e of corpus.errors) log(`skipped ${e.message}`);
  return { engine, info, rebuilt: true, errors: corpus.errors };
}

export async function openEngine(opts: OpenOptions = {}): Promise<Opened> {
  const seeds = resolve(opts.seeds ?? DEFAULT_SEEDS);
  const index = resolve(opts.index ?? DEFAULT_INDEX);
  const log = opts.log ?? (() => {});
  const info = readIndexInfo(index);
  if (!opts.force && info) {
    const stale =
      info.formatVersion !== FORMAT_VERSION
        ? `format ${info.formatVersion} → ${FORMAT_VERSION}`
        : existsSync(seeds) && corpusHash(seeds, FORMAT_VERSION) !== info.corpusHash
          ? 'the seeds changed'
          : null;
    if (!stale) {
      let engine: Engine;
      try {
        engine = loadIndex(index, info);
      } catch (e) {
        // a damaged index is rebuilt from the seeds; without seeds there is nothing to answer from
        if (!existsSync(seeds)) throw new Error(`cannot load the index in ${index} (${(e as Error).message}) and there are no seeds at ${seeds} to rebuild it from`);
        log(`cannot load the index (${(e as Error).message}); rebuilding`);
        return buildIndex(seeds, index, log, opts.store ?? info.store);
      }
      replayJournal(engine, index);
      return { engine, info, rebuilt: false, errors: [] };
    }
    log(`index is stale (${stale}); rebuilding`);
  }
  return buildIndex(seeds, index, log, opts.store);
}
