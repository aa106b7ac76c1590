/**
 * Hostile report files, generated (none is committed): decompression bombs in a .docx and a .pdf, a PDF of
 * tens of thousands of pages, a text of one endless line. The tests feed them to `add` and the upload route
 * (refused, naming the cap); `npm run bench:writes` times the refusals and the server's memory meanwhile.
 *
 * A bomb's inflated bytes are never held here: one chunk is deflated with a sync flush (a byte-aligned,
 * non-final block), and that block repeated N times is a valid DEFLATE stream of the chunk N times over.
 */
import { constants, crc32, deflateRawSync, deflateSync } from 'node:zlib';

/** A DEFLATE stream of `head`, then `body` repeated `times`, then `tail`; with its CRC-32 and inflated size. */
function repeatedDeflate(head: string, body: string, times: number, tail: string, raw = true) {
  const flush = { finishFlush: constants.Z_SYNC_FLUSH };
  const deflate = raw ? deflateRawSync : deflateSync;
  const b = Buffer.from(body);
  const parts = [deflate(Buffer.from(head), flush)];
  const block = deflateRawSync(b, flush);
  for (let k = 0; k < times; k++) parts.push(block);
  parts.push(deflateRawSync(Buffer.from(tail)));
  let crc = crc32(head);
  for (let k = 0; k < times; k++) crc = crc32(b, crc);
  crc = crc32(tail, crc);
  return { data: Buffer.concat(parts), crc, size: Buffer.byteLength(head) + b.length * times + Buffer.byteLength(tail) };
}

interface ZipEntry {
  name: string;
  data: Buffer;
  crc: number;
  size: number;
  deflated: boolean;
}

/** A zip file; `declared` may understate an entry's size, as a lying archive does. */
function zipOf(entries: ZipEntry[], declared: (e: ZipEntry) => number = (e) => e.size): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(e.deflated ? 8 : 0, 8);
    local.writeUInt16LE(33, 12); // 1980-01-01
    local.writeUInt32LE(e.crc, 14);
    local.writeUInt32LE(e.data.length, 18);
    local.writeUInt32LE(declared(e), 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(e.deflated ? 8 : 0, 10);
    central.writeUInt16LE(33, 14);
    central.writeUInt32LE(e.crc, 16);
    central.writeUInt32LE(e.data.length, 20);
    central.writeUInt32LE(declared(e), 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, e.data);
    centrals.push(central, name);
    offset += local.length + name.length + e.data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const stored = (name: string, text: string): ZipEntry => {
  const data = Buffer.from(text);
  return { name, data, crc: crc32(data), size: data.length, deflated: false };
};

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

export interface DocxBombOptions {
  /** inflated size of word/document.xml, roughly */
  xmlBytes: number;
  /** the text of each paragraph (many short ones make many units) */
  paragraph?: string;
  /** write sizes into the zip's headers that understate the real ones */
  lie?: boolean;
}

/** A .docx whose word/document.xml inflates to `xmlBytes`: one paragraph, repeated. */
export function docxBomb({ xmlBytes, paragraph = '加强基础研究，推进科技创新。', lie = false }: DocxBombOptions): Buffer {
  const p = `<w:p><w:r><w:t>${paragraph}</w:t></w:r></w:p>`;
  const perChunk = Math.max(1, Math.floor((1 << 20) / Buffer.byteLength(p)));
  const chunk = p.repeat(perChunk);
  const times = Math.max(1, Math.round(xmlBytes / Buffer.byteLength(chunk)));
  const head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${W}><w:body><w:p><w:r><w:t>政府工作报告</w:t></w:r></w:p>`;
  const doc = repeatedDeflate(head, chunk, times, '</w:body></w:document>');
  return zipOf(
    [
      stored('[Content_Types].xml', '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'),
      stored('_rels/.rels', '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'),
      { name: 'word/document.xml', ...doc, deflated: true },
    ],
    (e) => (lie && e.deflated ? 4096 : e.size),
  );
}

/** A PDF assembled from numbered objects: the xref table holds each one's byte offset, as the format requires. */
function pdfOf(objects: (string | Buffer)[], root = 1): Buffer {
  const parts: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  let at = parts[0].length;
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = at;
    const body = objects[id];
    const part = Buffer.concat([Buffer.from(`${id} 0 obj\n`, 'latin1'), typeof body === 'string' ? Buffer.from(body, 'latin1') : body, Buffer.from('\nendobj\n', 'latin1')]);
    parts.push(part);
    at += part.length;
  }
  let xref = `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) xref += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  xref += `trailer\n<< /Size ${objects.length} /Root ${root} 0 R >>\nstartxref\n${at}\n%%EOF\n`;
  parts.push(Buffer.from(xref, 'latin1'));
  return Buffer.concat(parts);
}

const FONT = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
const page = (contents: number) =>
  `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents ${contents} 0 R >>`;

/** A one-page PDF whose content stream (FlateDecode) inflates to `inflatedBytes`. */
export function pdfStreamBomb(inflatedBytes: number): Buffer {
  const chunk = 'BT /F1 12 Tf 72 720 Td (Government Work Report) Tj ET\n'.repeat(20_000);
  const times = Math.max(1, Math.round(inflatedBytes / chunk.length));
  const { data } = repeatedDeflate('', chunk, times, '', false);
  const stream = Buffer.concat([Buffer.from(`<< /Length ${data.length} /Filter /FlateDecode >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream', 'latin1')]);
  return pdfOf(['', '<< /Type /Catalog /Pages 2 0 R >>', '<< /Type /Pages /Kids [4 0 R] /Count 1 >>', FONT, page(5), stream]);
}

/** A PDF of `pages` pages that all show one small shared content stream. */
export function pdfManyPages(pages: number): Buffer {
  const content = 'BT /F1 12 Tf 72 720 Td (Science and technology work report, page after page) Tj ET';
  const objects: string[] = ['', '<< /Type /Catalog /Pages 2 0 R >>', '', FONT, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`];
  const kids: string[] = [];
  for (let k = 0; k < pages; k++) {
    kids.push(`${objects.length} 0 R`);
    objects.push(page(4));
  }
  objects[2] = `<< /Type /Pages /Kids [${kids.join(' ')}] /Count ${pages} >>`;
  return pdfOf(objects);
}

/** A report whose body is one line of `chars` characters. */
export function longLineReport(chars: number): string {
  const sentence = '深入实施创新驱动发展战略，加快建设科技强省，';
  return `2025年全省科技创新工作要点\n一、总体要求\n${sentence.repeat(Math.ceil(chars / sentence.length)).slice(0, chars)}\n`;
}
