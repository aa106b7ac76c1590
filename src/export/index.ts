/**
 * Exports: a result of search, compare, diff, first, trend, indicators or new as a file people open in their own
 * tools — CSV and Excel (one row per hit, entry or value) for analysis, Word and Markdown (the report) for
 * drafts. Pure functions from the engine's results to bytes; the CLI and the API only wire them.
 */
import * as z from 'zod';
import { toCsv } from './csv.js';
import { toDocx } from './docx.js';
import { toMarkdown } from './markdown.js';
import { dateInChina, type Exportable } from './model.js';
import { toXlsx } from './xlsx.js';
import { CONTENT_TYPE, FORMATS, type Format } from './formats.js';

export { citeDoc, citeUnit, locator } from './cite.js';
export { citeCompare, citeFirst, citeMeta, citeSearch, citeUnits, citedUnit, type Catalog, type Cited, type CitedCompare, type CitedFirst, type CitedMeta, type CitedSearch } from './cited.js';
export { absolute, comparePath, unitPath } from './links.js';
export { compareExport, diffExport } from './compare.js';
export { searchExport } from './search.js';
export { firstExport, trendExport } from './trend.js';
export { indicatorsExport, planVsActualExport, type IndicatorScope } from './indicators.js';
export { newExport } from './new.js';
export type { BuildOptions, Exportable } from './model.js';

export { CONTENT_TYPE, FORMATS, isFormat, isText, type Format } from './formats.js';
export const FormatSchema = z.enum(FORMATS, { error: () => `format must be one of ${FORMATS.join(', ')}` });

export interface ExportFile {
  bytes: Uint8Array<ArrayBuffer>;
  contentType: string;
  /** 检索-揭榜挂帅-2025-03-05.xlsx */
  fileName: string;
}

/** A file name from a result's Chinese stem: no path or reserved characters, no control characters, not too long. */
export function fileNameOf(stem: string, format: Format, now: Date = new Date()): string {
  const clean = stem
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const short = [...clean].slice(0, 60).join('');
  return `${short || 'yaodian'}-${dateInChina(now)}.${format}`;
}

/**
 * Content-Disposition with the Chinese name as RFC 5987's filename* (UTF-8, percent-encoded) and an ASCII
 * filename for the few clients that ignore it.
 */
export function contentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]+/g, '_').replace(/["\\]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

export async function render(x: Exportable, format: Format, now: Date = new Date()): Promise<ExportFile> {
  const bytes =
    format === 'csv' ? toCsv(x.table) : format === 'xlsx' ? await toXlsx(x.table, x.report) : format === 'docx' ? await toDocx(x.report) : toMarkdown(x.report);
  return { bytes, contentType: CONTENT_TYPE[format], fileName: fileNameOf(x.name, format, now) };
}
