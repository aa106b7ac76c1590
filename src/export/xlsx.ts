/**
 * Excel: the table on the first sheet (numbers as number cells, so sums and charts work at once; the header
 * row frozen and filterable), the report's title and lines on a second sheet, 说明.
 */
import ExcelJS from 'exceljs';
import type { Column, Report, Table } from './model.js';

/** Display width of a string, a CJK character counting as two. */
const width = (s: string) => [...s].reduce((n, c) => n + (c.charCodeAt(0) > 0x2e7f ? 2 : 1), 0);

function columnWidth(c: Column, table: Table): number {
  const sample = table.rows.slice(0, 200).map((r) => width(String(r[c.key] ?? '')));
  return Math.min(60, Math.max(width(c.key) + 2, ...sample.map((w) => w + 1)));
}

export async function toXlsx(table: Table, report: Report): Promise<Uint8Array<ArrayBuffer>> {
  const book = new ExcelJS.Workbook();
  book.creator = 'yaodian';
  const sheet = book.addWorksheet(table.name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = table.columns.map((c) => ({ header: c.key, key: c.key, width: columnWidth(c, table) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of table.rows) sheet.addRow(row);
  if (table.rows.length) sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: table.columns.length } };

  const about = book.addWorksheet('说明');
  about.getColumn(1).width = 100;
  about.addRow([report.title]).font = { bold: true, size: 14 };
  for (const line of report.lines) about.addRow([line]);
  return new Uint8Array(await book.xlsx.writeBuffer());
}
