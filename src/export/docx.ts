/**
 * Word: the report as a heading, its lines and tables, with a diff's words marked as 修订 (track changes) shows
 * them — deleted words struck through in red, inserted words underlined in green — but as plain formatting, so
 * the marks survive pasting into any draft and WPS shows them alike. Search matches are highlighted yellow.
 */
import {
  AlignmentType,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  type IRunOptions,
} from 'docx';
import type { Cell, Report, ReportTable, Run } from './model.js';

export const DELETED_COLOR = 'C00000';
export const INSERTED_COLOR = '00B050';
const MUTED_COLOR = '7F7F7F';
/** A4 (11906 twips) less two 2.54 cm margins */
const TEXT_WIDTH = 11906 - 2 * 1440;

function runOptions(r: Run): IRunOptions {
  switch (r.mark) {
    case 'del':
      return { text: r.text, strike: true, color: DELETED_COLOR };
    case 'ins':
      return { text: r.text, underline: { type: UnderlineType.SINGLE, color: INSERTED_COLOR }, color: INSERTED_COLOR };
    case 'hit':
      return { text: r.text, highlight: 'yellow', bold: true };
    case 'muted':
      return { text: r.text, color: MUTED_COLOR, size: 18 };
    default:
      return { text: r.text };
  }
}

const cellParagraphs = (c: Cell) => (c.length ? c : [[]]).map((p) => new Paragraph({ children: p.map((r) => new TextRun(runOptions(r))) }));

function table(t: ReportTable): Table {
  const total = t.widths.reduce((a, b) => a + b, 0);
  const widths = t.widths.map((w) => Math.round((w / total) * TEXT_WIDTH));
  const header = new TableRow({
    tableHeader: true,
    children: t.columns.map(
      (name, k) =>
        new TableCell({
          width: { size: widths[k], type: WidthType.DXA },
          shading: { type: ShadingType.CLEAR, fill: 'D9E2F3', color: 'auto' },
          children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: name, bold: true })] })],
        }),
    ),
  });
  const rows = t.rows.map(
    (row) => new TableRow({ cantSplit: false, children: row.map((c, k) => new TableCell({ width: { size: widths[k], type: WidthType.DXA }, children: cellParagraphs(c) })) }),
  );
  return new Table({ width: { size: TEXT_WIDTH, type: WidthType.DXA }, columnWidths: widths, rows: [header, ...rows] });
}

export async function toDocx(report: Report): Promise<Uint8Array<ArrayBuffer>> {
  const body: (Paragraph | Table)[] = [
    new Paragraph({ heading: HeadingLevel.HEADING_1, children: [new TextRun(report.title)] }),
    ...report.lines.map((l) => new Paragraph({ children: [new TextRun({ text: l, color: MUTED_COLOR })] })),
  ];
  for (const t of report.tables) {
    if (t.heading) body.push(new Paragraph({ heading: HeadingLevel.HEADING_2, children: [new TextRun(t.heading)] }));
    else body.push(new Paragraph({}));
    body.push(table(t));
  }
  const doc = new Document({
    creator: 'yaodian',
    title: report.title,
    // 宋体 for Chinese, as official documents are set; Latin text and digits in Times New Roman
    styles: { default: { document: { run: { font: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '宋体' }, size: 21 } } } },
    sections: [{ children: body }],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
