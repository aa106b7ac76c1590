/**
 * Reading exports back the way their readers do: Word files through mammoth (and the run colours, which mammoth
 * does not report, from the document XML), Excel files through exceljs, CSV through csv-parse.
 */
import mammoth from 'mammoth';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { DOMParser } from '@xmldom/xmldom';
import { parse } from 'csv-parse/sync';

export interface WordRun {
  text: string;
  strike: boolean;
  underline: boolean;
  highlight: string | null;
}
/** A table as mammoth reads it: rows of cells of paragraphs of runs. */
export type WordTable = WordRun[][][][];

export interface WordDoc {
  html: string;
  /** the text of every paragraph outside tables, in order */
  paragraphs: string[];
  tables: WordTable[];
}

interface MammothElement {
  type: string;
  value?: string;
  children?: MammothElement[];
  isStrikethrough?: boolean;
  isUnderline?: boolean;
  highlight?: string | null;
}

const textOf = (e: MammothElement): string => (e.type === 'text' ? (e.value ?? '') : (e.children ?? []).map(textOf).join(''));
const kids = (e: MammothElement, type: string) => (e.children ?? []).filter((c) => c.type === type);

export async function readWord(bytes: Uint8Array): Promise<WordDoc> {
  const tables: WordTable[] = [];
  const paragraphs: string[] = [];
  const { value: html } = await mammoth.convertToHtml(
    { buffer: Buffer.from(bytes) },
    {
      transformDocument: (doc: MammothElement) => {
        for (const el of doc.children ?? []) {
          if (el.type === 'paragraph') paragraphs.push(textOf(el));
          if (el.type !== 'table') continue;
          tables.push(
            kids(el, 'tableRow').map((row) =>
              kids(row, 'tableCell').map((cell) =>
                kids(cell, 'paragraph').map((p) =>
                  kids(p, 'run').map((r) => ({ text: textOf(r), strike: Boolean(r.isStrikethrough), underline: Boolean(r.isUnderline), highlight: r.highlight ?? null })),
                ),
              ),
            ),
          );
        }
        return doc;
      },
    },
  );
  return { html, paragraphs, tables };
}

export interface XmlRun {
  text: string;
  strike: boolean;
  color: string | null;
  underline: string | null;
  underlineColor: string | null;
}

/** Every run of word/document.xml with the formatting mammoth leaves out. */
export async function wordXmlRuns(bytes: Uint8Array): Promise<XmlRun[]> {
  const zip = await JSZip.loadAsync(bytes);
  const xml = await zip.file('word/document.xml')!.async('string');
  const doc = new DOMParser().parseFromString(xml, 'text/xml');
  const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
  const runs = doc.getElementsByTagNameNS(W, 'r');
  const out: XmlRun[] = [];
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    const one = (name: string) => r.getElementsByTagNameNS(W, name)[0];
    const texts = r.getElementsByTagNameNS(W, 't');
    let text = '';
    for (let k = 0; k < texts.length; k++) text += texts[k].textContent ?? '';
    out.push({
      text,
      strike: Boolean(one('strike')),
      color: one('color')?.getAttributeNS(W, 'val') ?? null,
      underline: one('u')?.getAttributeNS(W, 'val') ?? null,
      underlineColor: one('u')?.getAttributeNS(W, 'color') ?? null,
    });
  }
  return out;
}

export async function readExcel(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const book = new ExcelJS.Workbook();
  // exceljs is typed against Node's Buffer of before TypeScript 5.7's typed-array generics
  await book.xlsx.load(Buffer.from(bytes) as unknown as Parameters<typeof book.xlsx.load>[0]);
  return book;
}

/** A sheet's rows as objects keyed by the header row, each value as exceljs read it (number, string, boolean, null). */
export function sheetRows(sheet: ExcelJS.Worksheet): Record<string, ExcelJS.CellValue>[] {
  const header = Array.from({ length: sheet.columnCount }, (_, k) => String(sheet.getRow(1).getCell(k + 1).value));
  const rows: Record<string, ExcelJS.CellValue>[] = [];
  for (let n = 2; n <= sheet.rowCount; n++) {
    const row = sheet.getRow(n);
    rows.push(Object.fromEntries(header.map((h, k) => [h, row.getCell(k + 1).value ?? null])));
  }
  return rows;
}

export const readCsv = (bytes: Uint8Array): Record<string, string>[] => parse(Buffer.from(bytes), { bom: true, columns: true });

export const utf8 = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
