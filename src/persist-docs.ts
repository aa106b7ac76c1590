/**
 * The documents of a saved index, laid out so loading is mostly memcpy:
 * - display.u16: every document's display text, UTF-16LE, end to end in docs.jsonl order;
 * - match.u16: every unit's matching form, same order, so loading does not fold 100 MB of text again;
 * - docs.jsonl: a header line, then one line per document: its metadata, content hash and units as numbers.
 * Loading decodes each blob into a few big strings and hands out slices of them: a unit's text, title and
 * matching form cost a small view each, not a copy.
 */
import { closeSync, readSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from './engine.js';
import { docContentHash, rememberContentHash } from './journal.js';
import { IndexFileError, openIndexFile, ReadBuffer, Utf16Blob, writeFileAtomic } from './persist-io.js';
import type { Doc, DocMeta, Stance, Unit, UnitKind } from './types.js';

export const DOCS_FILE = 'docs.jsonl';
export const DISPLAY_FILE = 'display.u16';
export const MATCH_FILE = 'match.u16';

interface Header {
  documents: number;
  units: number;
  displayChars: number;
  matchChars: number;
}

/** One line of docs.jsonl. */
interface StoredDoc {
  meta: DocMeta;
  /** contentHash of the display text (journal.ts), for duplicate checks */
  hash: string;
  /** display length; the text starts where the previous document's ended */
  len: number;
  /** unit number of the first unit; the others follow on, unless `ns` lists them */
  n: number;
  ns?: number[];
  /** W numbers per unit, see FIELDS */
  u: number[];
  ids: string[];
  /** titles that are not a piece of their unit's text (cut short with …), in unit order */
  titles: string[];
  /** section paths, each element a string or the index of a unit whose title it is */
  paths: (string | number)[][];
}

// kind, start, end - start, ordinal, stance, year - doc year, path, title offset in the unit text (-1: next of titles), title length, match length
const W = 10;
const KINDS: UnitKind[] = ['section', 'task', 'item', 'table-row', 'paragraph'];
const STANCES: Stance[] = ['plan', 'review', 'other'];
const code = <T>(list: T[], v: T): number => {
  const c = list.indexOf(v);
  if (c < 0) throw new Error(`cannot save unknown value ${String(v)}`);
  return c;
};

function storeDoc(engine: Engine, d: Doc, matches: string[]): StoredDoc {
  const numbers = d.units.map((u) => engine.numberOfUnit(u.id)!);
  const consecutive = numbers.every((n, k) => n === numbers[0] + k);
  const titleAt = new Map<string, number>();
  d.units.forEach((u, k) => titleAt.has(u.title) || titleAt.set(u.title, k));
  const pathIds = new Map<string, number>();
  const paths: (string | number)[][] = [];
  const u: number[] = [];
  const titles: string[] = [];
  for (const unit of d.units) {
    const key = unit.path.join('\u0000');
    let p = pathIds.get(key);
    if (p === undefined) {
      pathIds.set(key, (p = paths.length));
      paths.push(unit.path.map((s) => titleAt.get(s) ?? s));
    }
    const t = unit.text.indexOf(unit.title);
    if (t < 0) titles.push(unit.title);
    const match = engine.getUnit(unit.id).match;
    matches.push(match);
    u.push(code(KINDS, unit.kind), unit.start, unit.end - unit.start, unit.ordinal, code(STANCES, unit.stance), unit.year - d.meta.year, p);
    u.push(t, t < 0 ? 0 : unit.title.length, match.length);
  }
  const stored: StoredDoc = { meta: d.meta, hash: docContentHash(d), len: d.display.length, n: numbers[0] ?? 0, u, ids: d.units.map((x) => x.id), titles, paths };
  if (!consecutive) stored.ns = numbers;
  return stored;
}

export function writeDocs(engine: Engine, dir: string): void {
  const docs = [...engine.docs.values()];
  const matches: string[] = [];
  const lines = docs.map((d) => JSON.stringify(storeDoc(engine, d, matches)));
  const header: Header = {
    documents: docs.length,
    units: matches.length,
    displayChars: docs.reduce((s, d) => s + d.display.length, 0),
    matchChars: matches.reduce((s, m) => s + m.length, 0),
  };
  writeFileAtomic(join(dir, DISPLAY_FILE), utf16(docs.map((d) => d.display), header.displayChars));
  writeFileAtomic(join(dir, MATCH_FILE), utf16(matches, header.matchChars));
  writeFileAtomic(join(dir, DOCS_FILE), [JSON.stringify(header), ...lines, ''].join('\n'));
}

function utf16(texts: string[], chars: number): Buffer {
  const buf = Buffer.allocUnsafeSlow(chars * 2);
  let at = 0;
  for (const t of texts) at += buf.write(t, at, 'utf16le');
  if (at !== buf.length) throw new Error(`utf16: wrote ${at} of ${buf.length} bytes`);
  return buf;
}

/** The JSON lines of a file, read through a small buffer and parsed one at a time: no string of the whole file. */
function* jsonLines(path: string): Generator<unknown, void, undefined> {
  const fd = openIndexFile(path);
  try {
    let buf = Buffer.allocUnsafeSlow(1 << 20);
    let len = 0;
    let line = 1;
    for (let pos = 0; ; ) {
      if (len === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafeSlow(buf.length)]);
      const n = readSync(fd, buf, len, buf.length - len, pos);
      pos += n;
      len += n;
      const filled = buf.subarray(0, len);
      let at = 0;
      for (let nl = filled.indexOf(10); nl >= 0; nl = filled.indexOf(10, at), line++) {
        try {
          yield JSON.parse(filled.toString('utf8', at, nl));
        } catch (e) {
          throw new IndexFileError(path, `line ${line}: ${(e as Error).message}`);
        }
        at = nl + 1;
      }
      buf.copy(buf, 0, at, len);
      len -= at;
      if (n === 0) {
        if (len) throw new IndexFileError(path, `line ${line} has no end (truncated)`);
        return;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Add the saved documents to an engine whose text index is already loaded. */
export function readDocs(dir: string, engine: Engine): void {
  const path = join(dir, DOCS_FILE);
  const lines = jsonLines(path);
  const scratch = new ReadBuffer();
  const open: Utf16Blob[] = [];
  try {
    const header = lines.next().value as Header | undefined;
    if (!header || typeof header.displayChars !== 'number') throw new IndexFileError(path, 'no header');
    const display = new Utf16Blob(join(dir, DISPLAY_FILE), header.displayChars, scratch);
    open.push(display);
    const match = new Utf16Blob(join(dir, MATCH_FILE), header.matchChars, scratch);
    open.push(match);
    let displayAt = 0;
    let matchAt = 0;
    let docs = 0;
    for (let next = lines.next(); !next.done; next = lines.next()) {
      const s = next.value as StoredDoc;
      const doc = restoreDoc(s, display.take(displayAt, s.len), path);
      displayAt += s.len;
      const matches: string[] = new Array(doc.units.length);
      for (let k = 0; k < matches.length; k++) {
        matches[k] = match.take(matchAt, s.u[k * W + 9]);
        matchAt += s.u[k * W + 9];
      }
      engine.addDoc(doc, s.ns ?? doc.units.map((_, k) => s.n + k), matches);
      rememberContentHash(doc, s.hash);
      docs++;
    }
    if (docs !== header.documents || engine.unitCount !== header.units || displayAt !== header.displayChars || matchAt !== header.matchChars)
      throw new IndexFileError(path, `holds ${docs} documents and ${engine.unitCount} units where the header says ${header.documents} and ${header.units}`);
  } finally {
    lines.return();
    for (const b of open) b.close();
  }
}

function restoreDoc(s: StoredDoc, display: string, file: string): Doc {
  const { meta, u } = s;
  const count = s.ids.length;
  if (u.length !== count * W) throw new IndexFileError(file, `document ${meta.id}: ${u.length} unit fields for ${count} units`);
  const titles: string[] = new Array(count);
  let literal = 0;
  for (let k = 0, o = 0; k < count; k++, o += W) {
    const at = u[o + 1] + u[o + 7];
    titles[k] = u[o + 7] < 0 ? s.titles[literal++] : display.slice(at, at + u[o + 8]);
  }
  // every unit under one section carries the same path: one shared array, whose strings are the section titles
  const paths = s.paths.map((p) => p.map((e) => (typeof e === 'number' ? titles[e] : e)));
  const units: Unit[] = new Array(count);
  for (let k = 0, o = 0; k < count; k++, o += W) {
    const kind = KINDS[u[o]];
    const stance = STANCES[u[o + 4]];
    const path = paths[u[o + 6]];
    if (!kind || !stance || !path || titles[k] === undefined) throw new IndexFileError(file, `document ${meta.id}: bad fields for unit ${k}`);
    const start = u[o + 1];
    const end = start + u[o + 2];
    units[k] = { id: s.ids[k], docId: meta.id, kind, ordinal: u[o + 3], path, title: titles[k], text: display.slice(start, end), start, end, stance, year: meta.year + u[o + 5] };
  }
  return { meta, display, units };
}
