/**
 * One added report, from bytes to a document ready to index: read (with the caps of limits.ts), clean, detect
 * metadata, cut into units. This is the work the sandbox runs in its child process; the id is given later,
 * by the writer holding the index lock (withId).
 */
import { badFile } from '../errors.js';
import { buildDoc, type MetaOverride } from './corpus.js';
import { overLimit, type ExtractLimits } from './limits.js';
import { readReport, readReportFile, type ReportFormat } from './read.js';
import type { Doc } from '../types.js';

export interface PrepareJob {
  /** a file to read (the CLI) … */
  path?: string;
  /** … or its bytes (an upload) */
  bytes?: Uint8Array;
  /** the name it is shown and detected by (an upload's safe name, or the file's base name) */
  name: string;
  override: MetaOverride;
  limits: ExtractLimits;
}

export interface Prepared {
  /** the text as extracted, before cleaning */
  text: string;
  doc: Doc;
  format: ReportFormat;
  encoding: string;
}

export async function prepareReport(job: PrepareJob): Promise<Prepared> {
  const read = job.bytes
    ? await readReport(Buffer.from(job.bytes.buffer, job.bytes.byteOffset, job.bytes.byteLength), job.name, job.limits)
    : await readReportFile(job.path ?? job.name, job.limits);
  const doc = buildDoc(read.text, job.name, job.override);
  if (!doc.units.length) throw badFile(`${job.name}: no text left after cleaning`);
  if (doc.units.length > job.limits.units) throw overLimit(job.name, 'units', job.limits.units, `cuts into ${doc.units.length.toLocaleString('en')} units`);
  return { text: read.text, doc, format: read.format, encoding: read.encoding };
}

/** The same document under another id: its units' ids carry the document's. */
export function withId(doc: Doc, id: string): Doc {
  if (doc.meta.id === id) return doc;
  const old = doc.meta.id;
  return {
    meta: { ...doc.meta, id },
    display: doc.display,
    units: doc.units.map((u) => ({ ...u, docId: id, id: id + u.id.slice(old.length) })),
  };
}
