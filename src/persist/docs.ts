/**
 * The documents of a saved index, laid out so loading is mostly memcpy:
 * - display.u16: every document's display text, UTF-16LE, end to end in docs.jsonl order;
 * - match.u16: every unit's matching form, same order, so loading does not fold 100 MB of text again;
 * - patch.u16: every unit's display text as edits of its matching form (display-patch.ts), same order, so a
 *   loaded index shows a unit's original text without reading display.u16;
 * - docs.jsonl: a header line, then one line per document: its metadata, content hash and units as numbers.
 * Loading decodes each unit's matching form from match.u16 into a string of its own (a slice of a big decoded
 * chunk costs as much memory, and every search through it one more indirection). Units' display texts come from
 * their matching form and edits; documents' display texts stay on disk and are read when shown
 * (persist-texts.ts); loading reads display.u16 once, only for the titles.
 */
import { closeSync, fstatSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as z from 'zod';
import type { Engine } from '../index/engine.js';
import { EncodedForms, type EncodedMatches } from '../index/match-forms.js';
import { docContentHash, rememberContentHash } from './journal.js';
import { AtomicWriter, IndexFileError, openIndexFile, ReadBuffer, readFully, Utf16Blob, writeFileAtomic } from '../util/files.js';
import { jsonLines } from '../util/json-lines.js';
import { checksum, DEFAULT_CACHE_CHARS, DisplayTexts } from './texts.js';
import { encodePatch, PatchWriter } from './display-patch.js';
import { matchMap } from '../text/normalize.js';
import { parseLine, readStoredDoc, type StoredDoc } from './stored-doc.js';
import type { Doc, Stance, Unit, UnitKind } from '../types.js';
import type { CatalogEntry } from './catalog.js';

export const DOCS_FILE = 'docs.jsonl';
export const DISPLAY_FILE = 'display.u16';
export const MATCH_FILE = 'match.u16';
export const PATCH_FILE = 'patch.u16';

const HeaderSchema = z.object({
  documents: z.number().int().nonnegative(),
  units: z.number().int().nonnegative(),
  displayChars: z.number().int().nonnegative(),
  matchChars: z.number().int().nonnegative(),
  /** 16-bit numbers in patch.u16, and their crc32 (checked on load: the edits are trusted after that) */
  patchSlots: z.number().int().nonnegative(),
  patchCrc: z.number().int().optional(),
  /** the number the next unit appended may take: above every unit's (absent: written before appends) */
  next: z.number().int().nonnegative().optional(),
});
type Header = z.infer<typeof HeaderSchema>;

/** Where each of a unit's numbers sits in its run of W in StoredDoc.u. */
const FIELD = {
  kind: 0,
  start: 1,
  /** end − start */
  length: 2,
  ordinal: 3,
  stance: 4,
  /** unit year − document year */
  yearOffset: 5,
  /** index into StoredDoc.paths */
  path: 6,
  /** the title's offset in the unit's text; −1: the next of StoredDoc.titles */
  titleAt: 7,
  titleLength: 8,
  matchLength: 9,
  /** 16-bit numbers of the unit's edits in patch.u16 */
  patchSlots: 10,
} as const;
const W = 11;
const KINDS: UnitKind[] = ['section', 'task', 'item', 'table-row', 'paragraph', 'glossary'];
// new values go at the end: a code read back is an index into these lists
const STANCES: Stance[] = ['plan', 'review', 'other', 'outlook'];
const code = <T>(list: T[], v: T): number => {
  const c = list.indexOf(v);
  if (c < 0) throw new Error(`cannot save unknown value ${String(v)}`);
  return c;
};

function storeDoc(engine: Engine, d: Doc, display: string, writeMatch: (m: string) => void, patches: PatchWriter): StoredDoc {
  const numbers = d.units.map((u) => engine.numberOfUnit(u.id)!);
  const consecutive = numbers.every((n, k) => n === numbers[0] + k);
  const titleAt = new Map<string, number>();
  d.units.forEach((u, k) => titleAt.has(u.title) || titleAt.set(u.title, k));
  const pathIds = new Map<string, number>();
  const paths: (string | number)[][] = [];
  const u: number[] = [];
  const titles: string[] = [];
  const spans: [number, number][] = [];
  for (const [k, unit] of d.units.entries()) {
    if (unit.yearTo !== undefined) spans.push([k, unit.yearTo - unit.year]);
    const key = unit.path.join('\u0000');
    let p = pathIds.get(key);
    if (p === undefined) {
      pathIds.set(key, (p = paths.length));
      paths.push(unit.path.map((s) => titleAt.get(s) ?? s));
    }
    const t = display.slice(unit.start, unit.end).indexOf(unit.title);
    if (t < 0) titles.push(unit.title);
    const match = engine.getUnit(unit.id).match;
    writeMatch(match);
    const text = display.slice(unit.start, unit.end);
    const map = matchMap(text);
    if (map.length !== match.length + 1) throw new Error(`unit ${unit.id}: its matching form is not the fold of its text`);
    const slots = encodePatch(text, match, map, patches);
    const row = new Array<number>(W);
    row[FIELD.kind] = code(KINDS, unit.kind);
    row[FIELD.start] = unit.start;
    row[FIELD.length] = unit.end - unit.start;
    row[FIELD.ordinal] = unit.ordinal;
    row[FIELD.stance] = code(STANCES, unit.stance);
    row[FIELD.yearOffset] = unit.year - d.meta.year;
    row[FIELD.path] = p;
    row[FIELD.titleAt] = t;
    row[FIELD.titleLength] = t < 0 ? 0 : unit.title.length;
    row[FIELD.matchLength] = match.length;
    row[FIELD.patchSlots] = slots;
    u.push(...row);
  }
  const stored: StoredDoc = { meta: d.meta, hash: docContentHash(d), len: display.length, n: numbers[0] ?? 0, u, ids: d.units.map((x) => x.id), titles, paths };
  if (!consecutive) stored.ns = numbers;
  if (spans.length) stored.spans = spans;
  return stored;
}

/** The header of a saved folder's docs.jsonl. */
export function savedHeader(dir: string): Header {
  const path = join(dir, DOCS_FILE);
  const lines = jsonLines(path);
  try {
    const first = lines.next();
    if (first.done) throw new IndexFileError(path, 'no header');
    return parseLine(HeaderSchema, first.value, path, 'header');
  } finally {
    lines.return();
  }
}

/**
 * Write the engine's documents to `dir`. With `earlier` (a saved folder whose header has `next`), they come
 * after that folder's documents, which are copied as they are: the engine's units must be numbered from its
 * `next` on, and the folder written is the one saving both at once would write.
 */
export function writeDocs(engine: Engine, dir: string, earlier?: string): void {
  const docs = [...engine.docs.values()];
  const before = earlier === undefined ? undefined : savedHeader(earlier);
  if (before && (before.next === undefined || docs.some((d) => d.units.some((u) => engine.numberOfUnit(u.id)! < before.next!))))
    throw new Error(`writeDocs: units to append must be numbered from ${earlier}'s next unit on`);
  const display = new AtomicWriter(join(dir, DISPLAY_FILE), earlier && join(earlier, DISPLAY_FILE));
  const match = new AtomicWriter(join(dir, MATCH_FILE), earlier && join(earlier, MATCH_FILE));
  const patch = new AtomicWriter(join(dir, PATCH_FILE));
  try {
    const { documents = 0, units = 0, displayChars = 0, matchChars = 0 } = before ?? {};
    const header: Header = { documents: documents + docs.length, units, displayChars, matchChars, patchSlots: 0, next: engine.records.length };
    const patches = new PatchWriter();
    // the earlier edits first: their crc32 covers the whole file
    if (before && earlier) for (const v of readPatches(earlier, before)) patches.push(v);
    const lines = docs.map((d) => {
      // read once: a loaded document's display comes from its file on each access
      const text = d.display;
      const crc = checksum(display.utf16(text));
      header.displayChars += text.length;
      const stored = storeDoc(engine, d, text, (m) => {
        match.utf16(m);
        header.matchChars += m.length;
        header.units++;
      }, patches);
      if (crc !== undefined) stored.crc = crc;
      return JSON.stringify(stored);
    });
    // a small fraction of the texts: held whole, then written at once
    const all = patches.written;
    patch.u16(all);
    header.patchSlots = all.length;
    const patchCrc = checksum(Buffer.from(all.buffer, all.byteOffset, all.byteLength));
    if (patchCrc !== undefined) header.patchCrc = patchCrc;
    display.commit();
    match.commit();
    patch.commit();
    const head = JSON.stringify(header) + '\n';
    if (!earlier) writeFileAtomic(join(dir, DOCS_FILE), [head, ...lines.map((l) => l + '\n')].join(''));
    else {
      const old = readFileSync(join(earlier, DOCS_FILE));
      writeFileAtomic(join(dir, DOCS_FILE), Buffer.concat([Buffer.from(head), old.subarray(old.indexOf(10) + 1), Buffer.from(lines.map((l) => l + '\n').join(''))]));
    }
  } finally {
    display.abort();
    match.abort();
    patch.abort();
  }
}

/** A file whole, which must hold exactly `bytes` bytes. */
function readWhole(path: string, bytes: number): Buffer {
  const fd = openIndexFile(path);
  try {
    const size = fstatSync(fd).size;
    if (size !== bytes) throw new IndexFileError(path, `${size} bytes where the metadata says ${bytes} (truncated, or from another save)`);
    const buf = Buffer.allocUnsafeSlow(bytes);
    readFully(fd, buf, 0, bytes, 0, path);
    return buf;
  } finally {
    closeSync(fd);
  }
}

/** patch.u16 whole, checked against the header's size and crc32. */
function readPatches(dir: string, header: Header): Uint16Array {
  const path = join(dir, PATCH_FILE);
  const buf = readWhole(path, header.patchSlots * 2);
  const sum = header.patchCrc === undefined ? undefined : checksum(buf);
  if (sum !== undefined && sum !== header.patchCrc) throw new IndexFileError(path, 'changed since it was saved (checksum)');
  return new Uint16Array(buf.buffer, buf.byteOffset, header.patchSlots);
}

const SavedMeta = z.object({ meta: z.object({ id: z.string(), source: z.string() }) });
const SavedEntry = z.object({ meta: z.object({ id: z.string(), issuer: z.string(), year: z.number().int(), kind: z.string() }), hash: z.string() });

/** Each saved document's id, content hash, issuer, year and kind, in saved order, without restoring the documents. */
export function savedCatalog(dir: string): Map<string, CatalogEntry> {
  const out = new Map<string, CatalogEntry>();
  let header = true;
  for (const line of jsonLines(join(dir, DOCS_FILE))) {
    if (header) {
      header = false;
      continue;
    }
    const { meta, hash } = parseLine(SavedEntry, line, join(dir, DOCS_FILE), `document ${out.size + 1}`);
    out.set(meta.id, { hash, issuer: meta.issuer, year: meta.year, kind: meta.kind });
  }
  return out;
}

/** source → id of every document saved in a generation folder (the header line and foreign lines are skipped). */
export function savedIds(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of jsonLines(join(dir, DOCS_FILE))) {
    const r = SavedMeta.safeParse(line);
    if (r.success) out.set(r.data.meta.source, r.data.meta.id);
  }
  return out;
}

/** The display texts behind each loaded engine (a base and its segments), so they can be released. */
const textsOf = new WeakMap<Engine, DisplayTexts[]>();

export interface ReadOptions {
  /** how many characters of recently read display texts to keep in memory (default 4M ≈ 8 MB) */
  textCacheChars?: number;
  /**
   * Unit numbers: `saved` restores the saved ones into a text index loaded from the same folder (a base);
   * `index` gives the engine's next numbers and indexes the units from their saved matching forms (a segment);
   * `append` gives the next numbers without indexing (documents read to be written again, by a merge).
   */
  numbering?: 'saved' | 'index' | 'append';
  /** documents not to add (already in the engine), by id and content hash */
  skip?: (id: string, hash: string) => boolean;
  /**
   * Keep the units' matching forms as match.u16's bytes, each decoded when first read (a command that runs one
   * query reads a few of them), instead of a string per unit now (a server reads them all sooner or later).
   */
  lazyMatches?: boolean;
}

/** Add the saved documents to an engine whose text index is already loaded (or, `fresh`, to be indexed now). */
export function readDocs(dir: string, engine: Engine, opts: ReadOptions = {}): void {
  const path = join(dir, DOCS_FILE);
  const lines = jsonLines(path);
  const open: Utf16Blob[] = [];
  let texts: DisplayTexts | null = null;
  let done = false;
  try {
    const first = lines.next();
    if (first.done) throw new IndexFileError(path, 'no header');
    const header = parseLine(HeaderSchema, first.value, path, 'header');
    const encoded = opts.lazyMatches ? new EncodedForms(readWhole(join(dir, MATCH_FILE), header.matchChars * 2)) : null;
    texts = new DisplayTexts(join(dir, DISPLAY_FILE), header.displayChars, opts.textCacheChars ?? DEFAULT_CACHE_CHARS, readPatches(dir, header), join(dir, PATCH_FILE), header.units, encoded);
    // each blob its own buffer: they are read turn about, and titles are copied from display's bytes
    const display = new Utf16Blob(join(dir, DISPLAY_FILE), header.displayChars, new ReadBuffer());
    open.push(display);
    const match = encoded ? null : new Utf16Blob(join(dir, MATCH_FILE), header.matchChars, new ReadBuffer());
    if (match) open.push(match);
    let displayAt = 0;
    let matchAt = 0;
    let docs = 0;
    let units = 0;
    for (let next = lines.next(); !next.done; next = lines.next()) {
      const s = readStoredDoc(next.value, path, `document ${docs + 1}`);
      const count = s.ids.length;
      if (s.u.length !== count * W) throw new IndexFileError(path, `document ${s.meta.id}: unit fields do not fit ${count} units`);
      const lengths: number[] = new Array(count);
      const from = matchAt;
      for (let k = 0; k < count; k++) {
        const len = s.u[k * W + FIELD.matchLength];
        if (!(Number.isInteger(len) && len >= 0 && matchAt + len <= header.matchChars)) throw new IndexFileError(join(dir, MATCH_FILE), `document ${s.meta.id}: range ${matchAt}+${len} past the end`);
        lengths[k] = len;
        matchAt += len;
      }
      let matches: string[] | EncodedMatches = { file: encoded!, at: from, lengths };
      if (match) {
        const forms = (matches = new Array<string>(count));
        for (let k = 0, at = from; k < count; at += lengths[k++]) forms[k] = match.copy(at, lengths[k]);
      }
      // restored even when skipped: the units' edits are read in order
      const doc = restoreDoc(s, display, displayAt, path, texts, matches);
      displayAt += s.len;
      docs++;
      units += count;
      if (opts.skip?.(doc.meta.id, s.hash)) continue;
      const numbering = opts.numbering ?? 'saved';
      const first = engine.records.length;
      engine.addDoc(doc, numbering === 'index' ? undefined : numbering === 'append' ? doc.units.map((_, k) => first + k) : (s.ns ?? doc.units.map((_, k) => s.n + k)), matches);
      rememberContentHash(doc, s.hash);
    }
    if (docs !== header.documents || units !== header.units || displayAt !== header.displayChars || matchAt !== header.matchChars || !texts.patchesUsedUp())
      throw new IndexFileError(path, `holds ${docs} documents and ${units} units where the header says ${header.documents} and ${header.units}`);
    const all = textsOf.get(engine) ?? [];
    all.push(texts);
    textsOf.set(engine, all);
    const loaded = texts;
    // each file knows the fold maps of its own units only (undefined for others')
    const earlier = engine.unitFoldMap;
    engine.unitFoldMap = (unit) => {
      const map = loaded.foldMapOf(unit);
      return map !== undefined || !earlier ? map : earlier(unit);
    };
    done = true;
  } finally {
    lines.return();
    for (const b of open) b.close();
    if (!done) texts?.close();
  }
}

/**
 * Close the display file of an engine loaded by readDocs. Its loaded documents' texts can no longer be read
 * (IndexFileError); documents added later keep theirs. Without this the file closes when the engine is collected.
 */
export function releaseTexts(engine: Engine): void {
  textsOf.get(engine)?.forEach((t) => t.close());
  textsOf.delete(engine);
}

/** A loaded document; `display` is read here only for titles, its texts are read from `texts` when used. */
function restoreDoc(s: StoredDoc, display: Utf16Blob, displayAt: number, file: string, texts: DisplayTexts, matches: string[] | EncodedMatches): Doc {
  const { meta, u } = s;
  // readDocs checked that u holds W fields for each of the ids
  const count = s.ids.length;
  // null: read when first asked for (DisplayTexts.lazyTitles), except the section titles paths are made of
  const titles: (string | null)[] = new Array(count);
  const inPaths = texts.lazyTitles ? new Set(s.paths.flat()) : null;
  let literal = 0;
  for (let k = 0, o = 0; k < count; k++, o += W) {
    if (u[o + FIELD.titleAt] < 0) titles[k] = s.titles[literal++];
    else {
      const at = u[o + FIELD.start] + u[o + FIELD.titleAt];
      if (!(at >= 0 && at + u[o + FIELD.titleLength] <= s.len)) throw new IndexFileError(file, `document ${meta.id}: title of unit ${k} past the end`);
      // a copy, not a slice: a slice would keep the whole decoded chunk of display.u16 alive
      titles[k] = inPaths && !inPaths.has(k) ? null : display.copy(displayAt + at, u[o + FIELD.titleLength]);
    }
  }
  // every unit under one section carries the same path: one shared array, whose strings are the section titles
  const paths = s.paths.map((p) => p.map((e) => (typeof e === 'number' ? titles[e]! : e)));
  const units: Unit[] = new Array(count);
  const spans = new Map(s.spans ?? []);
  for (let k = 0, o = 0; k < count; k++, o += W) {
    const kind = KINDS[u[o + FIELD.kind]];
    const stance = STANCES[u[o + FIELD.stance]];
    const path = paths[u[o + FIELD.path]];
    const start = u[o + FIELD.start];
    const end = start + u[o + FIELD.length];
    if (!kind || !stance || !path || titles[k] === undefined || !(start >= 0 && start <= end && end <= s.len))
      throw new IndexFileError(file, `document ${meta.id}: bad fields for unit ${k}`);
    const year = meta.year + u[o + FIELD.yearOffset];
    const span = spans.get(k);
    const unit = { id: s.ids[k], docId: meta.id, kind, ordinal: u[o + FIELD.ordinal], path, title: titles[k], start, end, stance, year, ...(span === undefined ? {} : { yearTo: year + span }) };
    const slots = u[o + FIELD.patchSlots];
    if (Array.isArray(matches)) units[k] = texts.unit(unit, matches[k], slots);
    else units[k] = texts.unit(unit, undefined, slots, matches.lengths[k], displayAt + start + u[o + FIELD.titleAt], u[o + FIELD.titleLength]);
  }
  return texts.doc(meta, units, s.crc === undefined ? { start: displayAt, len: s.len } : { start: displayAt, len: s.len, crc: s.crc });
}
