/**
 * What an export is made of, before any file format: a flat table (one row per hit, entry or value, for CSV and
 * Excel) and a report (a heading and tables of marked-up text, for Word and Markdown). Each result kind builds
 * both; the writers only lay them out.
 */
import type { DiffOp } from '../compare/diff.js';
import type { DocMeta, Unit } from '../types.js';
import { citeUnit } from './cite.js';
import { absolute, unitPath } from './links.js';

export type CellValue = string | number | boolean | null;

export interface Column {
  /** the header, also the key in each row: the JSON field names, so a script reads CSV and JSON alike */
  key: string;
  type: 'text' | 'number' | 'boolean';
}

export interface Table {
  /** sheet name */
  name: string;
  columns: Column[];
  rows: Record<string, CellValue>[];
}

/** del/ins: a word diff's deleted and inserted words; hit: a search match; muted: citations and notes */
export type Mark = 'del' | 'ins' | 'hit' | 'muted';
export interface Run {
  text: string;
  mark?: Mark;
}
/** A cell is paragraphs of runs. */
export type Cell = Run[][];

export interface ReportTable {
  heading?: string;
  columns: string[];
  /** relative column widths */
  widths: number[];
  rows: Cell[][];
}

export interface Report {
  title: string;
  /** lines under the title: the query, the export date, counts, the legend */
  lines: string[];
  tables: ReportTable[];
}

/** One result, ready for every format. */
export interface Exportable {
  /** the file name's stem, in Chinese: 历年比较-基础研究十年行动 */
  name: string;
  table: Table;
  report: Report;
}

export interface BuildOptions {
  /** the export date (the report's heading says it) */
  now?: Date;
  /** origin that permalinks are made absolute against (http://host:port); relative paths without it */
  baseUrl?: string;
}

/** YYYY-MM-DD in China's time zone, whatever the server's. */
export const dateInChina = (d: Date): string => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(d);

export const text = (s: string, mark?: Mark): Run[][] => [[mark ? { text: s, mark } : { text: s }]];

/** A word diff as runs: deleted words struck, inserted words underlined, the rest plain. */
export const diffRuns = (ops: DiffOp[]): Run[] =>
  ops.filter((o) => o.text).map((o) => (o.op === 'equal' ? { text: o.text } : { text: o.text, mark: o.op === 'delete' ? 'del' : 'ins' }));

/** `[-deleted-]{+inserted+}`, the CLI's notation, for a diff in one CSV cell. */
export const diffNotation = (ops: DiffOp[]): string =>
  ops.map((o) => (o.op === 'equal' ? o.text : o.op === 'delete' ? `[-${o.text}-]` : `{+${o.text}+}`)).join('');

/** `text` with each [start, end) range marked as a hit. */
export function hitRuns(s: string, ranges: [number, number][]): Run[] {
  const out: Run[] = [];
  let at = 0;
  for (const [a, b] of ranges) {
    if (a < at || b <= a || b > s.length) continue;
    if (a > at) out.push({ text: s.slice(at, a) });
    out.push({ text: s.slice(a, b), mark: 'hit' });
    at = b;
  }
  if (at < s.length) out.push({ text: s.slice(at) });
  return out;
}

export const cols = (spec: [string, Column['type']][]): Column[] => spec.map(([key, type]) => ({ key, type }));

/** Every metadata field of a document, each its own column, prefixed (doc → docId, docTitle …). */
export const DOC_COLUMNS: Column[] = cols([
  ['docId', 'text'],
  ['docTitle', 'text'],
  ['issuer', 'text'],
  ['region', 'text'],
  ['level', 'text'],
  ['docYear', 'number'],
  ['docDate', 'text'],
  ['datePrinted', 'text'],
  ['dateNote', 'text'],
  ['docKind', 'text'],
  ['docNo', 'text'],
  ['source', 'text'],
]);

export const docCells = (m: DocMeta): Record<string, CellValue> => ({
  docId: m.id,
  docTitle: m.title,
  issuer: m.issuer,
  region: m.region,
  level: m.level,
  docYear: m.year,
  docDate: m.date,
  datePrinted: m.datePrinted ?? null,
  dateNote: m.dateNote ?? null,
  docKind: m.kind,
  docNo: m.docNo,
  source: m.source,
});

/** Every field of a unit but its text, offsets into the document's display text included. */
export const UNIT_COLUMNS: Column[] = cols([
  ['unitId', 'text'],
  ['unitKind', 'text'],
  ['ordinal', 'number'],
  ['stance', 'text'],
  ['year', 'number'],
  ['title', 'text'],
  ['path', 'text'],
  ['unitStart', 'number'],
  ['unitEnd', 'number'],
]);

export const unitCells = (u: Unit): Record<string, CellValue> => ({
  unitId: u.id,
  unitKind: u.kind,
  ordinal: u.ordinal,
  stance: u.stance,
  year: u.year,
  title: u.title,
  path: u.path.join(' > '),
  unitStart: u.start,
  unitEnd: u.end,
});

export const CITATION_COLUMNS: Column[] = [
  { key: 'citation', type: 'text' },
  { key: 'permalink', type: 'text' },
];

export const citationCells = (doc: DocMeta, u: Unit, baseUrl?: string): { citation: string; permalink: string } => ({
  citation: citeUnit(doc, u),
  permalink: absolute(unitPath(u.id), baseUrl),
});

