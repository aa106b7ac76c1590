/**
 * What a writer must know of every live document without loading the index: its id, its content hash (the
 * same report twice is one document), the hash of its matching form (the same text in another layout is the
 * same report) and its issuer, year, kind, length and bigram sketch (the few documents that could be another
 * edition of it, whose texts are then read — ingest/editions.ts). The base generation keeps it in catalog.json; each segment's
 * entry in SEGMENTS carries its documents' (segments.ts).
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import { Engine } from '../index/engine.js';
import { bigramSketch, matchFormOf } from '../ingest/editions.js';
import { writeFileAtomic } from '../util/files.js';
import { readDocs, savedCatalog } from './docs.js';
import { docContentHash } from './journal.js';
import { JsonFileReader } from './json.js';
import type { Doc } from '../types.js';

export const CATALOG_FILE = 'catalog.json';

export const CatalogEntrySchema = z.object({
  /** contentHash of the display text */
  hash: z.string(),
  /** sha256 of the document's matching form (absent in a catalog derived from docs.jsonl alone) */
  form: z.string().optional(),
  /** the matching form's length, to rule out editions of a very different length without reading them */
  chars: z.number().int().nonnegative().optional(),
  /** min-hashes of its bigrams, to rule out editions of a different text without reading them */
  sketch: z.array(z.number().int().nonnegative()).optional(),
  issuer: z.string(),
  year: z.number().int(),
  kind: z.string(),
});
export type CatalogEntry = z.infer<typeof CatalogEntrySchema>;
const catalogs = new JsonFileReader(z.record(z.string(), CatalogEntrySchema), 'a catalog');

export function catalogEntry(doc: Doc, hash = docContentHash(doc)): CatalogEntry {
  const form = matchFormOf(doc);
  const { issuer, year, kind } = doc.meta;
  return { hash, form: createHash('sha256').update(form).digest('hex'), chars: form.length, sketch: bigramSketch(form), issuer, year, kind };
}

/**
 * The base generation's catalog: its catalog.json, or, for a base saved without one, its documents' metadata.
 * A generation's catalog is written once (by the writer that made the generation, or once by ensureBaseCatalog),
 * so a process adding again and again parses it once (JsonFileReader).
 */
export function baseCatalog(genDir: string): Map<string, CatalogEntry> {
  const file = join(genDir, CATALOG_FILE);
  if (existsSync(file)) return new Map(Object.entries(catalogs.read(file)));
  return savedCatalog(genDir);
}

/**
 * `known`: entries already computed for some of the documents (a merge's live catalog), taken instead of
 * folding each text and sketching its bigrams again; `before`: the entries of documents saved before `docs`
 * (a merge that appends to the base).
 */
export function writeBaseCatalog(genDir: string, docs: Iterable<Doc>, known: ReadonlyMap<string, CatalogEntry> = new Map(), before: ReadonlyMap<string, CatalogEntry> = new Map()): void {
  const entry = (d: Doc) => {
    const k = known.get(d.meta.id);
    return k?.form !== undefined && k.sketch !== undefined && k.hash === docContentHash(d) ? k : catalogEntry(d);
  };
  const catalog = Object.fromEntries([...before, ...[...docs].map((d) => [d.meta.id, entry(d)] as const)]);
  writeFileAtomic(join(genDir, CATALOG_FILE), JSON.stringify(catalog));
  catalogs.wrote(join(genDir, CATALOG_FILE), catalog);
}

/**
 * A base saved before catalog.json (or one whose catalog lacks the matching forms' hashes) gets one, written
 * once by a writer (lock held) from the base's documents: every later add reads it instead.
 */
export function ensureBaseCatalog(genDir: string): void {
  const file = join(genDir, CATALOG_FILE);
  if (existsSync(file)) {
    try {
      if ([...baseCatalog(genDir).values()].every((e) => e.form !== undefined)) return;
    } catch {
      // damaged: written again below from the documents, which say the same
    }
  }
  const holder = new Engine();
  readDocs(genDir, holder, { numbering: 'append' });
  writeBaseCatalog(genDir, holder.docs.values());
}

/** Every live document's catalog entry: the base's and the segments', less the removed. */
export function liveCatalog(
  genDir: string | null,
  state: { segments: { docs: ({ id: string } & CatalogEntry)[] }[]; removed: string[] },
): Map<string, CatalogEntry> {
  const out = genDir ? baseCatalog(genDir) : new Map<string, CatalogEntry>();
  for (const s of state.segments) for (const { id, ...entry } of s.docs) out.set(id, entry);
  for (const id of state.removed) out.delete(id);
  return out;
}
