/**
 * One line of docs.jsonl (docs.ts): a document's metadata, content hash and units as numbers, and how a line is
 * checked when it is read back. Reading a saved index checks every line; the schema below says what a line may
 * hold and words the error, but running it on each line was a tenth of a cold command's load, so a line is first
 * checked by hand against the same rules and goes through zod only when that check fails (zod then either accepts
 * it or names the field that is wrong).
 */
import * as z from 'zod';
import { IndexFileError } from '../util/files.js';
import { DOC_KINDS, DocMetaSchema, LEVELS } from '../ingest/corpus.js';
import type { DocMeta } from '../types.js';

const isString = (v: unknown): v is string => typeof v === 'string';
const isPathElement = (v: unknown): v is string | number => typeof v === 'string' || Number.isInteger(v);
const isPath = (p: unknown): p is (string | number)[] => Array.isArray(p) && p.every(isPathElement);
/**
 * A list checked in one loop. The per-unit lists (ids, titles, paths) are most of what a load checks, and a zod
 * schema per element made that a tenth of loadIndex's time (BENCHMARKS.md, "zod reading persisted JSON back").
 */
const listOf = <T>(ok: (v: unknown) => v is T, what: string) => z.custom<T[]>((v) => Array.isArray(v) && v.every(ok), what);

export const StoredDocSchema = z.object({
  meta: DocMetaSchema,
  /** contentHash of the display text (journal.ts), for duplicate checks */
  hash: z.string(),
  /** display length; the text starts where the previous document's ended */
  len: z.number().int().nonnegative(),
  /** crc32 of the display text's bytes, checked when it is read back (absent: written by an older save) */
  crc: z.number().int().optional(),
  /** unit number of the first unit; the others follow on, unless `ns` lists them */
  n: z.number().int().nonnegative(),
  ns: z.array(z.number().int().nonnegative()).optional(),
  /** W numbers per unit, in FIELD order (checked field by field where they are read: a schema per number costs as much as the rest of loading) */
  u: z.custom<number[]>((v) => Array.isArray(v), 'an array of unit fields'),
  ids: listOf(isString, 'a list of unit ids'),
  /** titles that are not a piece of their unit's text (cut short with …), in unit order */
  titles: listOf(isString, 'a list of titles'),
  /** section paths, each element a string or the index of a unit whose title it is */
  paths: listOf(isPath, 'a list of section paths (titles or unit indexes)'),
  /** outlook units' last years, as pairs [unit index, yearTo - year] (absent when the document has none) */
  spans: z.array(z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])).optional(),
});
export type StoredDoc = z.infer<typeof StoredDocSchema>;

/** A line checked against its schema; a bad one names the file, the line's document and the field. */
export function parseLine<T>(schema: z.ZodType<T>, value: unknown, path: string, what: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  throw new IndexFileError(path, `${what}: ${issue.path.join('.') || 'line'}: ${issue.message}`);
}

type Fields = Record<string, unknown>;
const isObject = (v: unknown): v is Fields => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isNullableString = (v: unknown): v is string | null => v === null || typeof v === 'string';
const isOptionalString = (v: unknown): v is string | undefined => v === undefined || typeof v === 'string';
const isSpan = (v: unknown): v is [number, number] => Array.isArray(v) && v.length === 2 && isCount(v[0]) && isCount(v[1]);
const levels: readonly unknown[] = LEVELS;
const kinds: readonly unknown[] = DOC_KINDS;

/**
 * The metadata as DocMetaSchema gives it back (its keys in the schema's order, the optional ones only when
 * present, nothing else), or null where the schema might refuse it or give something else.
 */
function metaOf(m: unknown): DocMeta | null {
  if (!isObject(m)) return null;
  const { id, title, issuer, region, level, year, date, datePrinted, dateNote, kind, docNo, source } = m;
  if (!(typeof id === 'string' && id.length > 0 && isString(title) && isString(issuer) && isString(region) && levels.includes(level))) return null;
  if (!(Number.isSafeInteger(year) && isNullableString(date) && isOptionalString(datePrinted) && isOptionalString(dateNote))) return null;
  if (!(kinds.includes(kind) && isNullableString(docNo) && isString(source))) return null;
  const meta = { id, title, issuer, region, level, year, date } as DocMeta;
  if (datePrinted !== undefined) meta.datePrinted = datePrinted;
  if (dateNote !== undefined) meta.dateNote = dateNote;
  meta.kind = kind as DocMeta['kind'];
  meta.docNo = docNo;
  meta.source = source;
  return meta;
}

/** The line as the schema would give it, when it plainly fits (what a save writes); null otherwise. */
function fastStoredDoc(v: unknown): StoredDoc | null {
  if (!isObject(v)) return null;
  const meta = metaOf(v.meta);
  const { hash, len, crc, n, ns, u, ids, titles, paths, spans } = v;
  if (!meta || !isString(hash) || !isCount(len) || !(crc === undefined || Number.isSafeInteger(crc)) || !isCount(n)) return null;
  if (!(ns === undefined || (Array.isArray(ns) && ns.every(isCount))) || !Array.isArray(u)) return null;
  if (!(Array.isArray(ids) && ids.every(isString) && Array.isArray(titles) && titles.every(isString) && Array.isArray(paths) && paths.every(isPath))) return null;
  if (!(spans === undefined || (Array.isArray(spans) && spans.every(isSpan)))) return null;
  return { meta, hash, len, crc: crc as number | undefined, n, ns: ns as number[] | undefined, u: u as number[], ids, titles, paths, spans: spans as [number, number][] | undefined };
}

/** A document's line of docs.jsonl, checked; a bad one throws IndexFileError naming the file, document and field. */
export function readStoredDoc(value: unknown, path: string, what: string): StoredDoc {
  return fastStoredDoc(value) ?? parseLine(StoredDocSchema, value, path, what);
}
