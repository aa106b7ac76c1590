/**
 * What a packed report unpacks into, measured before a reader parses it. mammoth and pdf.js take time and
 * memory in proportion to the unpacked XML or content streams, so a 300 KB .docx of 100 MB XML, or a 1 MB PDF
 * whose one stream inflates to gigabytes, must be refused here, by zlib with a cap on its output, rather than
 * found out by the reader. The sizes a zip declares are checked first (free), then the parts are inflated for
 * real (a zip may lie).
 */
import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import { badFile } from '../errors.js';
import { amount, overLimit, type ExtractLimits } from './limits.js';

interface ZipEntry {
  name: string;
  method: number;
  compressed: number;
  size: number;
  /** offset of the entry's local header */
  at: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const MAX32 = 0xffffffff;

/** The central directory of a zip: every entry's name, method, sizes and offset (zip64 fields included). */
export function zipEntries(buf: Buffer, file: string): ZipEntry[] {
  const damaged = (why: string) => badFile(`${file}: is not a valid .docx file (${why})`);
  let end = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  if (end < 0) throw damaged('no zip directory at its end');
  let count = buf.readUInt16LE(end + 10);
  let cdAt = buf.readUInt32LE(end + 16);
  if ((cdAt === MAX32 || count === 0xffff) && end >= 20 && buf.readUInt32LE(end - 20) === ZIP64_LOCATOR) {
    const z = Number(buf.readBigUInt64LE(end - 12));
    if (z + 56 > buf.length) throw damaged('zip64 directory past the end');
    count = Number(buf.readBigUInt64LE(z + 32));
    cdAt = Number(buf.readBigUInt64LE(z + 48));
  }
  const entries: ZipEntry[] = [];
  let p = cdAt;
  for (let k = 0; k < count; k++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== CENTRAL) throw damaged('a directory entry is cut or misplaced');
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const e: ZipEntry = {
      name: buf.toString('utf8', p + 46, p + 46 + nameLen),
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      at: buf.readUInt32LE(p + 42),
    };
    // zip64: the 32-bit fields that overflowed are given, in this order, in extra field 0x0001
    for (let x = p + 46 + nameLen, xe = x + extraLen; x + 4 <= xe; ) {
      const id = buf.readUInt16LE(x);
      const len = buf.readUInt16LE(x + 2);
      if (id === 1) {
        let q = x + 4;
        const next = () => (q + 8 <= x + 4 + len ? Number(buf.readBigUInt64LE((q += 8) - 8)) : MAX32);
        if (e.size === MAX32) e.size = next();
        if (e.compressed === MAX32) e.compressed = next();
        if (e.at === MAX32) e.at = next();
      }
      x += 4 + len;
    }
    entries.push(e);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** The parts a text extraction parses: XML and relationships (images and fonts are not read for text). */
const isTextPart = (name: string) => /\.(xml|rels)$/i.test(name);

export interface DocxMeasure {
  /** inflated bytes of the XML parts */
  inflated: number;
  /** <w:p> elements: each is at least a line of the extracted text */
  paragraphs: number;
  /** characters inside <w:t> runs */
  chars: number;
}

/** Inflate a .docx's XML parts under the cap and count its paragraphs and text; throws over any cap. */
export function measureDocx(buf: Buffer, file: string, limits: ExtractLimits): DocxMeasure {
  const parts = zipEntries(buf, file).filter((e) => isTextPart(e.name));
  const declared = parts.reduce((n, e) => n + e.size, 0);
  if (declared > limits.inflatedBytes) throw overLimit(file, 'inflatedBytes', limits.inflatedBytes, `its XML unpacks to ${amount('inflatedBytes', declared)}`);
  const m: DocxMeasure = { inflated: 0, paragraphs: 0, chars: 0 };
  for (const e of parts) {
    if (e.at + 30 > buf.length || buf.readUInt32LE(e.at) !== LOCAL) throw badFile(`${file}: is not a valid .docx file (entry ${e.name} is misplaced)`);
    const start = e.at + 30 + buf.readUInt16LE(e.at + 26) + buf.readUInt16LE(e.at + 28);
    const data = buf.subarray(start, start + e.compressed);
    const room = limits.inflatedBytes - m.inflated;
    let xml: Buffer;
    if (e.method === 0) xml = data;
    else if (e.method === 8) xml = inflateCapped(data, room, true) ?? tooBig(file, 'its XML', limits);
    else continue; // a method mammoth cannot read either: it says so
    m.inflated += xml.length;
    if (m.inflated > limits.inflatedBytes) tooBig(file, 'its XML', limits);
    countWordXml(xml.toString('utf8'), m);
  }
  if (m.paragraphs > limits.units) throw overLimit(file, 'units', limits.units, `holds ${m.paragraphs.toLocaleString('en')} paragraphs`);
  if (m.chars > limits.chars) throw overLimit(file, 'chars', limits.chars, `holds ${m.chars.toLocaleString('en')} characters of text`);
  return m;
}

function tooBig(file: string, what: string, limits: ExtractLimits): never {
  throw overLimit(file, 'inflatedBytes', limits.inflatedBytes, `${what} unpacks to more than ${amount('inflatedBytes', limits.inflatedBytes)}`);
}

function countWordXml(xml: string, m: DocxMeasure): void {
  for (let i = xml.indexOf('<w:p'); i >= 0; i = xml.indexOf('<w:p', i + 4)) {
    const c = xml.charCodeAt(i + 4);
    if (c === 62 /* > */ || c === 32 || c === 47 /* / */) m.paragraphs++;
  }
  for (const t of xml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)) m.chars += t[1].length;
}

/**
 * Inflate at most `room` bytes; null when the data would unpack to more. A stream cut short gives what it
 * holds (pdf.js reads such streams too).
 */
function inflateCapped(data: Uint8Array, room: number, raw: boolean): Buffer | null {
  const inflate = raw ? inflateRawSync : inflateSync;
  try {
    return inflate(data, { maxOutputLength: Math.max(1, room + 1), finishFlush: constants.Z_SYNC_FLUSH });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) return null;
    return Buffer.alloc(0); // damaged data: the reader reports it
  }
}

/**
 * Inflated bytes of a PDF's FlateDecode streams, images excepted (text extraction never decodes them), each
 * filter of a chain applied in turn; throws past the cap.
 */
export function measurePdfStreams(buf: Buffer, file: string, limits: ExtractLimits): number {
  const text = buf.toString('latin1');
  let total = 0;
  for (let s = text.indexOf('stream'); s >= 0; s = text.indexOf('stream', s + 6)) {
    if (text.startsWith('end', s - 3)) continue;
    let start = s + 6;
    if (text[start] === '\r') start++;
    if (text[start] !== '\n') continue;
    start++;
    // the stream's dictionary: from its object's start (or 4 KB back) to the keyword
    const before = text.slice(Math.max(0, s - 4096), s);
    const dict = before.slice(Math.max(0, before.lastIndexOf(' obj')));
    const filters = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict)?.[1] ?? '';
    const flates = /^\[?\s*((?:\/(?:FlateDecode|Fl)\s*)+)/.exec(filters)?.[1].match(/\//g)?.length ?? 0;
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dict);
    let end = length ? start + Number(length[1]) : -1;
    if (end < 0 || end > buf.length || !/^\s*endstream/.test(text.slice(end, end + 32))) end = text.indexOf('endstream', start);
    if (end < 0) break;
    s = end;
    if (!flates || /\/Subtype\s*\/Image\b/.test(dict)) continue;
    let data: Buffer = buf.subarray(start, end);
    for (let k = 0; k < flates; k++) {
      const out = inflateCapped(data, limits.inflatedBytes - total, false);
      if (out === null) throw overLimit(file, 'inflatedBytes', limits.inflatedBytes, `its compressed streams unpack to more than ${amount('inflatedBytes', limits.inflatedBytes)}`);
      data = out;
    }
    total += data.length;
    if (total > limits.inflatedBytes) throw overLimit(file, 'inflatedBytes', limits.inflatedBytes, `its compressed streams unpack to more than ${amount('inflatedBytes', limits.inflatedBytes)}`);
  }
  return total;
}
