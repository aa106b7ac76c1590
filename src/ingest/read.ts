/**
 * Read one report file (txt, md, html, docx, pdf) into plain text. Every failure is a BAD_FILE
 * error whose message names the file and says what to do, because these messages reach people
 * loading their own documents through the CLI and the HTTP API.
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import type { getDocumentProxy } from 'unpdf';
import { badFile, isYaodianError } from '../errors.js';
import { decodeText, declaredHtmlCharset, looksBinary, sniffFormat } from './decode.js';
import { extractHtmlText } from './html.js';
import { measureDocx, measurePdfStreams } from './bounds.js';
import { amount, DEFAULT_LIMITS, overLimit, type ExtractLimits } from './limits.js';

export type ReportFormat = 'txt' | 'md' | 'html' | 'docx' | 'pdf';

export interface ReadReport {
  /** extracted text, line endings normalised to \n, otherwise as found */
  text: string;
  format: ReportFormat;
  /** how the bytes were decoded: utf-8, utf-8-bom, utf-16le, utf-16be, gb18030, …; `binary` for docx/pdf */
  encoding: string;
  /** file size on disk */
  bytes: number;
}

/** Below this many non-space characters per page a PDF is taken to be scanned images. */
const MIN_PDF_CHARS_PER_PAGE = 20;

const EXTENSIONS: Record<string, ReportFormat> = {
  '.txt': 'txt', '.text': 'txt', '.md': 'md', '.markdown': 'md',
  '.html': 'html', '.htm': 'html', '.xhtml': 'html', '.shtml': 'html',
  '.docx': 'docx', '.pdf': 'pdf',
};

const errText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function readReportFile(path: string, limits: ExtractLimits = DEFAULT_LIMITS): Promise<ReadReport> {
  const name = basename(path);
  let bytes: number;
  try {
    const st = await stat(path);
    if (!st.isFile()) throw badFile(`${name}: is not a regular file`, { path });
    bytes = st.size;
  } catch (e) {
    if (isYaodianError(e)) throw e;
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw badFile(`${name}: no such file`, { path });
    if ((e as NodeJS.ErrnoException).code) throw badFile(`${name}: cannot be read (${errText(e)})`, { path });
    throw e;
  }
  // checked before reading so a huge file never lands in memory
  if (bytes > limits.inputBytes) throw overLimit(name, 'inputBytes', limits.inputBytes, `is ${amount('inputBytes', bytes)}`);
  if (bytes === 0) throw badFile(`${name}: the file is empty`, { path });

  let buf: Buffer;
  try {
    buf = await readFile(path);
  } catch (e) {
    throw badFile(`${name}: cannot be read (${errText(e)})`, { path });
  }
  return readReport(buf, name, limits);
}

/** Read a report held in memory (an upload); `name` gives the format by its extension and names it in errors. */
export async function readReport(buf: Buffer, name: string, limits: ExtractLimits = DEFAULT_LIMITS): Promise<ReadReport> {
  if (buf.length === 0) throw badFile(`${name}: the file is empty`);
  if (buf.length > limits.inputBytes) throw overLimit(name, 'inputBytes', limits.inputBytes, `is ${amount('inputBytes', buf.length)}`);
  const format = EXTENSIONS[extname(name).toLowerCase()] ?? formatFromContent(buf, name);
  const { text, encoding } = await extract(buf, format, name, limits);
  if (text.length > limits.chars) throw overLimit(name, 'chars', limits.chars, `holds ${text.length.toLocaleString('en')} characters of text`);
  const normalised = text.replace(/\r\n?/g, '\n');
  if (normalised.trim() === '') throw badFile(`${name}: contains no text`, { format });
  return { text: normalised, format, encoding, bytes: buf.length };
}

/** Characters that have no place in a file name shown to people: controls, and bidi overrides that reorder it. */
const UNSHOWABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const MAX_NAME_BYTES = 200;

/**
 * A file name given by a client (an upload's), made safe to store and show: no folders, no control
 * characters, at most 200 UTF-8 bytes with its extension kept (file systems refuse names over 255 bytes).
 */
export function safeReportName(given: string): string {
  const base = (given.split(/[\\/]/).pop() ?? '').replace(UNSHOWABLE, '').trim();
  const name = base === '' || base === '.' || base === '..' ? 'upload' : base;
  if (Buffer.byteLength(name) <= MAX_NAME_BYTES) return name;
  const ext = extname(name).slice(0, 16);
  const stem = Buffer.from(name.slice(0, name.length - extname(name).length)).subarray(0, MAX_NAME_BYTES - Buffer.byteLength(ext));
  // a character cut in half decodes as U+FFFD: drop it
  return stem.toString('utf8').replace(/\ufffd+$/, '') + ext;
}

function formatFromContent(buf: Buffer, name: string): ReportFormat {
  const sniffed = sniffFormat(buf);
  if (sniffed === 'doc') throw legacyDoc(name);
  if (sniffed === 'text') {
    if (looksBinary(buf) && !hasUtf16Bom(buf)) throw badFile(`${name}: is a binary file of unknown type, not a text report`);
    return 'txt';
  }
  return sniffed;
}

/** Only an exact file signature at byte 0 counts here: prose may well mention "%PDF-". */
function magicFormat(buf: Buffer): 'pdf' | 'docx' | 'doc' | null {
  const kind = sniffFormat(buf);
  if (kind === 'pdf' && buf.subarray(0, 5).toString('latin1') === '%PDF-') return 'pdf';
  return kind === 'docx' || kind === 'doc' ? kind : null;
}

const hasUtf16Bom = (buf: Buffer) => (buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff);
const legacyDoc = (name: string) =>
  badFile(`${name}: is a legacy Word 97–2003 .doc file, which is not supported; save it as .docx`);

async function extract(buf: Buffer, format: ReportFormat, name: string, limits: ExtractLimits): Promise<{ text: string; encoding: string }> {
  switch (format) {
    case 'txt':
    case 'md': {
      const kind = magicFormat(buf);
      if (kind) throw badFile(`${name}: is named as text but holds a ${kind.toUpperCase()} file; rename it to .${kind}`);
      return decodeText(buf, name);
    }
    case 'html': {
      const { text, encoding } = decodeText(buf, name, declaredHtmlCharset(buf));
      return { text: extractHtmlText(text), encoding };
    }
    case 'docx':
      return { text: await readDocx(buf, name, limits), encoding: 'binary' };
    case 'pdf':
      return { text: await readPdf(buf, name, limits), encoding: 'binary' };
  }
}

async function readDocx(buf: Buffer, name: string, limits: ExtractLimits): Promise<string> {
  if (sniffFormat(buf) === 'doc') throw legacyDoc(name);
  // mammoth's time and memory grow with the XML it parses (README's caps give the rate): measured first
  measureDocx(buf, name, limits);
  // imported here, not at the top: most processes never read a .docx and need not load the reader;
  // outside the try, so a broken install is not reported as a damaged file
  const { default: mammoth } = await import('mammoth');
  try {
    // the buffer already read is passed on, so the checked bytes are the bytes parsed
    const result = await mammoth.extractRawText({ buffer: buf });
    return result.value;
  } catch (e) {
    throw badFile(`${name}: is not a valid .docx file (${errText(e)})`);
  }
}

async function readPdf(buf: Buffer, name: string, limits: ExtractLimits): Promise<string> {
  measurePdfStreams(buf, name, limits);
  // imported here, like mammoth: pdf.js is only needed for PDFs
  const { getDocumentProxy } = await import('unpdf');
  let pdf: Awaited<ReturnType<typeof getDocumentProxy>>;
  try {
    // pdf.js may detach the array it is given, so it gets a copy
    pdf = await getDocumentProxy(new Uint8Array(buf), { verbosity: 0 });
  } catch (e) {
    if ((e as Error)?.name === 'PasswordException') {
      throw badFile(`${name}: this PDF is password-protected; remove the password and try again`);
    }
    throw badFile(`${name}: is not a valid PDF or is damaged (${errText(e)})`);
  }
  try {
    const totalPages = pdf.numPages;
    if (totalPages > limits.pages) throw overLimit(name, 'pages', limits.pages, `has ${totalPages.toLocaleString('en')} pages`);
    const text: string[] = [];
    let length = 0;
    // page by page, as unpdf's extractText does, but stopping once the text passes the cap
    for (let n = 1; n <= totalPages; n++) {
      const page = await pdf.getPage(n);
      const content = await page.getTextContent();
      const s = content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join('');
      text.push(s);
      length += s.length;
      if (length > limits.chars) throw overLimit(name, 'chars', limits.chars, `holds more than ${limits.chars.toLocaleString('en')} characters of text by page ${n}`);
    }
    const chars = text.reduce((n, page) => n + page.replace(/\s+/g, '').length, 0);
    if (totalPages === 0 || chars / totalPages < MIN_PDF_CHARS_PER_PAGE) {
      throw badFile(`${name}: this PDF has no text layer (a scanned PDF?); run OCR first`, { totalPages, chars });
    }
    return text.join('\n');
  } catch (e) {
    if (isYaodianError(e)) throw e;
    throw badFile(`${name}: the PDF is damaged and its text cannot be extracted (${errText(e)})`);
  } finally {
    await pdf.destroy().catch(() => undefined);
  }
}
