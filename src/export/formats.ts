/**
 * The export formats, apart from the exporters: a command checks `--format` and a page lists its download links
 * without loading docx, exceljs or zod (they cost a cold start more than a search does).
 */
export const FORMATS = ['csv', 'xlsx', 'docx', 'md'] as const;
export type Format = (typeof FORMATS)[number];

export const isFormat = (s: string): s is Format => (FORMATS as readonly string[]).includes(s);

export const CONTENT_TYPE: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  md: 'text/markdown; charset=utf-8',
};

/** Formats that are text, fit for a terminal; the others are written to a file. */
export const isText = (f: Format) => f === 'csv' || f === 'md';
