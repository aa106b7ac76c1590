/**
 * The corpus: a folder tree of report files plus an optional manifest of metadata overrides.
 * buildDoc composes the per-document stages: clean → detect metadata → cut into units.
 */
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import * as z from 'zod';
import { clean } from './clean.js';
import { detectMeta, makeDocId } from './metadata.js';
import { segmentUnits } from './units.js';
import { whyNotAReport } from './not-report.js';
import { oneEditionEach, type SetAside } from './editions.js';
import { canonicalRegion, levelOf } from './regions.js';
import type { Doc, DocMeta } from '../types.js';

export const LEVELS = ['national', 'province', 'city', 'county'] as const;
export const DOC_KINDS = ['work-points', 'conference-report', 'government-work-report', 'other'] as const;

/** A document's metadata as the ingest stage makes it, for reading it back from disk. */
export const DocMetaSchema = z.object({
  id: z.string().min(1),
  title: z.string(),
  issuer: z.string(),
  region: z.string(),
  level: z.enum(LEVELS),
  year: z.number().int(),
  date: z.string().nullable(),
  datePrinted: z.string().optional(),
  dateNote: z.string().optional(),
  kind: z.enum(DOC_KINDS),
  docNo: z.string().nullable(),
  source: z.string(),
}) satisfies z.ZodType<DocMeta>;

export const MetaOverride = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
    title: z.string().min(1),
    issuer: z.string().min(1),
    region: z.string().min(1),
    level: z.enum(LEVELS),
    year: z.number().int().min(1900).max(2200),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
    dateNote: z.string().min(1),
    kind: z.enum(DOC_KINDS),
    docNo: z.string().nullable(),
  })
  .partial()
  .strict();
export type MetaOverride = z.infer<typeof MetaOverride>;

/**
 * What a user may correct when adding a file (CLI flags, upload form fields); the id is assigned. Flags and form
 * fields arrive as strings, so the year may be one; lengths are capped because a region or title becomes part
 * of ids, listings and log lines.
 */
export const UploadFields = MetaOverride.omit({ id: true, docNo: true, issuer: true, level: true, dateNote: true }).extend({
  region: z.string().trim().min(1).max(64),
  title: z.string().trim().min(1).max(300),
  year: z.preprocess((v) => (typeof v === 'string' && /^\s*\d{1,6}\s*$/.test(v) ? Number(v) : v), z.number().int().min(1900).max(2200)),
}).partial();

const Manifest = z.object({ $comment: z.string().optional(), documents: z.record(z.string(), MetaOverride) });

export interface CorpusError {
  source: string;
  message: string;
}

export interface Corpus {
  docs: Doc[];
  errors: CorpusError[];
  /** files not indexed because another file of the folder is an edition of the same report (editions.ts) */
  setAside: SetAside[];
  /** changes whenever a file, the manifest or the pipeline's format changes */
  hash: string;
  /** the folder's folderStamp taken before its files were read (undefined: too fresh to vouch for anything) */
  stamp?: string;
}

/** Apply overrides; the id is re-derived when fields it depends on changed, unless it is given. */
export function applyOverride(meta: DocMeta, o: MetaOverride | undefined): DocMeta {
  if (!o) return meta;
  const region = o.region ? canonicalRegion(o.region) : meta.region;
  const merged: DocMeta = { ...meta, ...o, region, level: o.level ?? (o.region ? levelOf(region) : meta.level) };
  // a date given by hand replaces what was read from the text, with the text's note on it
  if (o.date !== undefined && o.dateNote === undefined) {
    delete merged.datePrinted;
    delete merged.dateNote;
  }
  if (!o.id) merged.id = makeDocId(merged);
  return merged;
}

export function buildDoc(raw: string, source: string, override?: MetaOverride): Doc {
  const { display } = clean(raw);
  const meta = applyOverride(detectMeta(raw, display, source), override);
  return { meta, display, units: segmentUnits(display, meta) };
}

/** Ids a build must keep: those an earlier build gave each source file, and those other documents hold. */
export interface KeptIds {
  /** source path → the id the previous build gave it */
  bySource?: ReadonlyMap<string, string>;
  /** ids held by documents outside the folder (added with `yaodian add`), which the folder's must not take */
  taken?: ReadonlySet<string>;
  /** the taken id of a document outside the folder that is this very document (the same report added earlier) */
  sameAs?: (doc: Doc) => string | undefined;
}

/**
 * Give every document a unique id: a second sichuan-2023-conference becomes sichuan-2023-conference-2. A
 * document keeps the id an earlier build gave it, so permalinks to an unchanged document survive a new file
 * that sorts before it and has the same detected id; only new documents take the next free suffix.
 */
export function uniqueIds(docs: Doc[], kept: KeptIds = {}): Doc[] {
  const taken = new Set(kept.taken);
  const claimed = new Set<string>();
  const sameBase = (id: string, base: string) => id === base || (id.startsWith(`${base}-`) && /^\d+$/.test(id.slice(base.length + 1)));
  const ids = docs.map((d) => {
    const same = kept.sameAs?.(d);
    const previous = same ?? kept.bySource?.get(d.meta.source);
    if (previous === undefined || claimed.has(previous) || (same === undefined && (!sameBase(previous, d.meta.id) || taken.has(previous)))) return undefined;
    claimed.add(previous);
    taken.add(previous);
    return previous;
  });
  return docs.map((d, k) => {
    let id = ids[k];
    if (id === undefined) {
      id = d.meta.id;
      for (let n = 2; taken.has(id); n++) id = `${d.meta.id}-${n}`;
      taken.add(id);
    }
    if (id === d.meta.id) return d;
    const meta = { ...d.meta, id };
    return { meta, display: d.display, units: segmentUnits(d.display, meta) };
  });
}

export function listReportFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.txt$/i.test(name)) out.push(p);
    }
  };
  walk(dir);
  return out;
}

export function readManifest(dir: string): Record<string, MetaOverride> {
  const p = join(dir, 'manifest.json');
  if (!existsSync(p)) return {};
  const parsed = Manifest.safeParse(JSON.parse(readFileSync(p, 'utf8')));
  if (!parsed.success) throw new Error(`${p}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data.documents;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Racy window: a file modified this soon before a stamp is taken could change again within the same mtime tick,
 * unseen (git's "racily clean" entries). A folder with such a file gets no stamp, so it is always hashed.
 */
const RACY_MS = 2_000;

/**
 * The folder's report files and manifest by name, size and modification time, read without opening a file.
 * While a folder's stamp is the one recorded when its index was built, nothing in it changed since, and the drift
 * check need not hash every file (corpusHash reads them all); a stamp that differs only raises the doubt, which the
 * hash settles. Undefined when a file was modified within RACY_MS of `now`.
 */
export function folderStamp(dir: string, formatVersion: number, now = Date.now()): string | undefined {
  const h = createHash('sha256').update(`stamp:${formatVersion}\n`);
  const m = join(dir, 'manifest.json');
  const files = existsSync(m) ? [...listReportFiles(dir), m] : listReportFiles(dir);
  for (const f of files) {
    const st = statSync(f);
    if (st.mtimeMs > now - RACY_MS) return undefined;
    h.update(`${relative(dir, f)}\0${st.size}\0${st.mtimeMs}\n`);
  }
  return h.digest('hex').slice(0, 16);
}

export function corpusHash(dir: string, formatVersion: number): string {
  const h = createHash('sha256').update(`format:${formatVersion}\n`);
  for (const f of listReportFiles(dir)) h.update(relative(dir, f)).update('\0').update(readFileSync(f)).update('\0');
  const m = join(dir, 'manifest.json');
  if (existsSync(m)) h.update(readFileSync(m));
  return h.digest('hex').slice(0, 16);
}

/** One file of a folder read, for progress reports: counts and bytes so far, of the whole folder. */
export interface FileRead {
  source: string;
  bytes: number;
  files: number;
  totalFiles: number;
  doneBytes: number;
  totalBytes: number;
}

export interface LoadOptions {
  kept?: KeptIds;
  /** called after each file, read or refused */
  onFile?: (f: FileRead) => void;
  /** index every edition of a report the folder holds, instead of one of each */
  keepEditions?: boolean;
}

export function loadCorpus(dir: string, formatVersion: number, { kept = {}, onFile, keepEditions = false }: LoadOptions = {}): Corpus {
  if (!existsSync(dir)) throw new Error(`seeds folder not found: ${dir}`);
  // before any file is read: a file changed from here on no longer matches it, so it can only cause a hash
  const stamp = folderStamp(dir, formatVersion);
  const manifest = readManifest(dir);
  const docs: Doc[] = [];
  const errors: CorpusError[] = [];
  const files = listReportFiles(dir).map((path) => ({ path, bytes: statSync(path).size }));
  const totalBytes = files.reduce((n, f) => n + f.bytes, 0);
  let doneBytes = 0;
  for (const [k, { path: file, bytes }] of files.entries()) {
    const source = relative(dir, file).split(sep).join('/');
    try {
      const raw = utf8.decode(readFileSync(file)).replace(/^\ufeff/, '');
      if (!raw.trim()) throw new Error('the file is empty');
      const notReport = manifest[source] ? null : whyNotAReport(raw, source);
      if (notReport) throw new Error(notReport);
      docs.push(buildDoc(raw, source, manifest[source]));
    } catch (e) {
      const why = e instanceof TypeError ? 'not valid UTF-8 (convert it, or add it with `yaodian add`)' : (e as Error).message;
      errors.push({ source, message: `${source}: ${why}` });
    }
    doneBytes += bytes;
    onFile?.({ source, bytes, files: k + 1, totalFiles: files.length, doneBytes, totalBytes });
  }
  const editions = keepEditions
    ? { kept: docs, setAside: [] }
    : oneEditionEach(docs, { indexed: (source) => kept.bySource?.has(source) === true, described: (source) => manifest[source] !== undefined });
  const unique = uniqueIds(editions.kept, kept);
  const idOf = new Map(unique.map((d) => [d.meta.source, d.meta.id]));
  const setAside = editions.setAside.map((s) => ({ ...s, keptId: idOf.get(s.keptSource) ?? s.keptId }));
  return { docs: unique, errors, setAside, hash: corpusHash(dir, formatVersion), ...(stamp !== undefined && { stamp }) };
}
