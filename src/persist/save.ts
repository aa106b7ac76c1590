/**
 * The on-disk index: plain, versioned data. Each save writes a new generation folder, then swaps the
 * CURRENT pointer with an atomic rename, so a crash mid-write leaves the previous index loadable.
 * A saved index carries the format version and the corpus hash; a mismatch means rebuild, never wrong answers.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from '../index/engine.js';
import * as z from 'zod';
import { createTextIndex, storeKindOf, STORES } from '../index/stores.js';
import { fsyncDir, writeFileAtomic } from '../util/files.js';
import { DOCS_FILE, readDocs, writeDocs, type ReadOptions } from './docs.js';
import { dictWordsKey, getDictWords, offerSavedDictWords } from '../text/tokenize.js';

export { releaseTexts } from './docs.js';

export { writeFileAtomic } from '../util/files.js';

/**
 * 3: texts and matching forms in UTF-16 blobs, metadata one JSON line per document (was one docs.json);
 * 4: a skip entry every 32 postings (was 64), title postings and the dictionary word tables saved too;
 * 5: units' display texts as edits of their matching forms (patch.u16), so showing a hit reads no file;
 * 6: quotation and book-title marks dropped from the matching form (培育“瞪羚”企业 matches 瞪羚企业);
 * 7: the outlook stance with its years (spans), glossary units, unnumbered headings as sections
 */
export const FORMAT_VERSION = 7;
export const WORDS_FILE = 'words.bin';

/** CURRENT and each generation's info.json: what was saved, from what, in which format. */
const IndexInfoSchema = z.object({
  formatVersion: z.number().int(),
  corpusHash: z.string(),
  /**
   * the absolute path of the folder the index was built from: reading commands serve the index as built from
   * it and never rebuild it from another (absent in an index saved before it was recorded)
   */
  seeds: z.string().optional(),
  /** folderStamp of `seeds` when the index was built: while the folder matches it, the drift check reads no file */
  seedsStamp: z.string().optional(),
  /** built with every edition of a report the folder holds (`index --keep-editions`): its rebuilds keep them too */
  keepEditions: z.boolean().optional(),
  builtAt: z.string(),
  /** the generation folder's name, beside CURRENT */
  generation: z.string().regex(/^gen-[\w-]+$/),
  /** which TextIndex implementation wrote the postings */
  store: z.enum(STORES),
  documents: z.number().int().nonnegative(),
  units: z.number().int().nonnegative(),
  /** dictWordsKey() of the word tables saved in words.bin (ranking's dictionary, not the corpus) */
  wordsKey: z.string().optional(),
});
export type IndexInfo = z.infer<typeof IndexInfoSchema>;

export interface SaveOptions {
  keepEditions?: boolean;
  /** the seeds folder's folderStamp, taken when corpusHash was (IndexInfo.seedsStamp) */
  seedsStamp?: string;
}

/** A new, empty generation folder under the index folder `dir`. */
export function newGeneration(dir: string): { generation: string; genDir: string } {
  mkdirSync(dir, { recursive: true });
  let generation = `gen-${Date.now().toString(36)}-${process.pid}`;
  // two saves within a millisecond (small appends) take distinct folders
  for (let k = 1; existsSync(join(dir, generation)); k++) generation = `gen-${Date.now().toString(36)}-${process.pid}-${k}`;
  const genDir = join(dir, generation);
  mkdirSync(genDir);
  return { generation, genDir };
}

export async function saveIndex(engine: Engine, dir: string, corpusHash: string, seeds?: string, { keepEditions = false, seedsStamp }: SaveOptions = {}): Promise<IndexInfo> {
  const { generation, genDir } = newGeneration(dir);
  writeDocs(engine, genDir);
  await engine.index.save(genDir);
  await engine.saveTitles(genDir);
  // the first search of every later process then reads 2 MB instead of segmentit's 5 MB bundle
  const wordsKey = dictWordsKey();
  writeFileAtomic(join(genDir, WORDS_FILE), getDictWords().toBytes());
  const info: IndexInfo = {
    formatVersion: FORMAT_VERSION,
    corpusHash,
    ...(seeds !== undefined && { seeds }),
    ...(seedsStamp !== undefined && { seedsStamp }),
    ...(keepEditions && { keepEditions }),
    builtAt: new Date().toISOString(),
    generation,
    store: storeKindOf(engine.index),
    documents: engine.docs.size,
    units: engine.unitCount,
    wordsKey,
  };
  makeCurrent(dir, info);
  return info;
}

/** Make a generation written in full the index's current one (CURRENT replaced atomically), and drop the others. */
export function makeCurrent(dir: string, info: IndexInfo): void {
  const { generation } = info;
  const genDir = join(dir, generation);
  writeFileAtomic(join(genDir, 'info.json'), JSON.stringify(info, null, 2));
  fsyncDir(genDir);
  writeFileAtomic(join(dir, 'CURRENT'), JSON.stringify(info, null, 2));
  fsyncDir(dir);
  for (const name of readdirSync(dir))
    if (name.startsWith('gen-') && name !== generation) rmSync(join(dir, name), { recursive: true, force: true });
}

export function readIndexInfo(dir: string): IndexInfo | null {
  const p = join(dir, 'CURRENT');
  if (!existsSync(p)) return null;
  try {
    const parsed = IndexInfoSchema.safeParse(JSON.parse(readFileSync(p, 'utf8')));
    if (!parsed.success) return null;
    const info = parsed.data;
    // an older format is returned as it is, so the caller can say why it rebuilds
    return info.formatVersion !== FORMAT_VERSION || existsSync(join(dir, info.generation, DOCS_FILE)) ? info : null;
  } catch {
    return null;
  }
}

/**
 * Throws IndexFileError (persist-io.ts) when a file is missing or does not fit the others. Display texts are read
 * when first used, from a file kept open for the engine's life (persist-texts.ts); a later save may delete it.
 */
export function loadIndex(dir: string, info: IndexInfo, opts: ReadOptions = {}): Engine {
  const genDir = join(dir, info.generation);
  const index = createTextIndex(info.store);
  index.load(genDir);
  const engine = new Engine({ index });
  readDocs(genDir, engine, opts);
  engine.loadTitles(genDir);
  if (info.wordsKey) offerSavedDictWords(info.wordsKey, join(genDir, WORDS_FILE));
  return engine;
}
