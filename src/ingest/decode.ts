/**
 * Byte-level helpers for text reports: BOM handling, UTF-8 → GB18030 fallback, binary detection and
 * format sniffing. Chinese government sites and Windows tools still emit GBK/GB2312 a lot, and
 * GB18030 is a superset of both, so it is the only legacy encoding we try without being told.
 */
import chardet from 'chardet';
import iconv from 'iconv-lite';
import { badFile } from '../errors.js';

export interface Decoded {
  text: string;
  /** the encoding actually used: utf-8, utf-8-bom, utf-16le, utf-16be, gb18030 or a declared charset */
  encoding: string;
}

const SNIFF_BYTES = 8 * 1024;

const startsWith = (buf: Uint8Array, ...bytes: number[]) => bytes.every((b, i) => buf[i] === b);

/** NUL never occurs in real UTF-8 / GB18030 prose, but almost always within the first 8 KB of binaries. */
export function looksBinary(buf: Uint8Array): boolean {
  return buf.subarray(0, SNIFF_BYTES).includes(0);
}

export type Sniffed = 'pdf' | 'docx' | 'doc' | 'html' | 'text';

/** Guess a format from content alone, for files whose extension says nothing. */
export function sniffFormat(buf: Uint8Array): Sniffed {
  // pdf.js accepts up to 1 KB of junk before the header, so look that far too
  const head = Buffer.from(buf.subarray(0, 1024)).toString('latin1');
  if (head.includes('%PDF-')) return 'pdf';
  if (startsWith(buf, 0x50, 0x4b, 0x03, 0x04)) return 'docx';
  if (startsWith(buf, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return 'doc';
  const start = head.replace(/^\xef\xbb\xbf/, '');
  if (/^(?:\s|<!--[\s\S]*?-->|<\?xml[^>]*>)*<(?:!doctype\s+html|html[\s>])/i.test(start)) return 'html';
  return 'text';
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

function tryUtf8(buf: Uint8Array): string | null {
  try {
    return utf8.decode(buf);
  } catch {
    return null;
  }
}

/** True when some byte is non-ASCII, i.e. the choice of encoding actually matters. */
const hasHighBytes = (buf: Uint8Array) => buf.some((b) => b >= 0x80);

/**
 * Characters a GB18030-encoded Chinese report plausibly contains: ASCII, CJK ideographs and
 * punctuation, full-width forms, and the symbol/Greek/Cyrillic blocks GB2312 itself carries.
 */
function isPlausibleChar(cp: number): boolean {
  if (cp === 0x09 || cp === 0x0a || cp === 0x0d || cp === 0x0c) return true;
  if (cp >= 0x20 && cp < 0x7f) return true;
  const ranges: Array<[number, number]> = [
    [0x00a0, 0x00ff], // latin-1 symbols: ° × ÷ ± ·
    [0x0391, 0x03c9], // Greek
    [0x0401, 0x0451], // Cyrillic
    [0x2000, 0x2bff], // general punctuation, letterlike, numerals ①, arrows, math, box drawing, shapes
    [0x2e80, 0x9fff], // CJK radicals, punctuation, kana, bopomofo, enclosed, ext-A, unified ideographs
    [0xe000, 0xf8ff], // GBK user-defined area, used by some legacy fonts
    [0xf900, 0xfaff], // compatibility ideographs
    [0xfe10, 0xfe6f], // vertical and small forms
    [0xff00, 0xffef], // full-width forms
    [0x20000, 0x3134f], // ideograph extensions B–G
  ];
  return ranges.some(([lo, hi]) => cp >= lo && cp <= hi);
}

/** Accept a GB18030 reading only when it reads like Chinese text, since any byte soup "decodes". */
function plausibleGb(text: string): boolean {
  if (text.includes('\ufffd')) return false;
  let good = 0;
  let total = 0;
  for (const ch of text) {
    total++;
    if (isPlausibleChar(ch.codePointAt(0)!)) good++;
  }
  return total > 0 && good / total >= 0.95;
}

/**
 * Japanese and Korean legacy encodings share GB2312's byte ranges, so their files "decode" as GB18030 into
 * plausible-looking but meaningless Chinese: a file found Japanese or Korean is refused rather than indexed as garble.
 */
const FOREIGN_CJK: Record<string, string> = {
  shiftjis: 'Japanese (Shift_JIS)',
  eucjp: 'Japanese (EUC-JP)',
  iso2022jp: 'Japanese (ISO-2022-JP)',
  euckr: 'Korean (EUC-KR)',
  iso2022kr: 'Korean (ISO-2022-KR)',
};

/** A charset name in one spelling: Shift_JIS, sjis, cp932 → shiftjis; EUC-KR, cp949 → euckr. */
function canonicalCharset(charset: string): string {
  const k = charset.toLowerCase().replace(/[^a-z0-9]/g, '');
  const aliases: Record<string, string> = { sjis: 'shiftjis', mskanji: 'shiftjis', windows31j: 'shiftjis', cp932: 'shiftjis', xsjis: 'shiftjis', xeucjp: 'eucjp', ksc56011987: 'euckr', cp949: 'euckr', windows949: 'euckr' };
  return aliases[k] ?? k;
}

/**
 * What the bytes themselves say about the script, read as GBK pairs. Japanese: Shift_JIS puts kana and most kanji
 * under lead bytes 0x81–0xA0 (GBK's rare-character area, which Chinese prose hardly touches), EUC-JP puts kana in
 * rows 0xA4–0xA5 (GB2312's kana rows). Korean: EUC-KR's Hangul land on common hanzi, but Korean separates its
 * words with spaces, Chinese prose does not.
 */
function scriptSignals(buf: Uint8Array): { japanese: boolean; korean: boolean } {
  let pairs = 0;
  let rareLead = 0;
  let kana = 0;
  let spaced = 0;
  let lastHigh = -2;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (b < 0x80) {
      // a space between two multibyte characters: a word break
      if (b === 0x20 && lastHigh === i - 1 && (buf[i + 1] ?? 0) >= 0x80) spaced++;
      continue;
    }
    const next = buf[i + 1] ?? 0;
    const width = next >= 0x30 && next <= 0x39 ? 4 : 2; // GB18030's four-byte sequences
    pairs++;
    if (b >= 0x81 && b <= 0xa0) rareLead++;
    if (b === 0xa4 || b === 0xa5) kana++;
    i += width - 1;
    lastHigh = i;
  }
  if (pairs < 8) return { japanese: false, korean: false };
  return { japanese: rareLead / pairs >= 0.3 || kana / pairs >= 0.1, korean: spaced / pairs >= 0.1 };
}

/**
 * Japanese or Korean, by chardet's statistics (character-pair frequencies per language) and the bytes' own
 * signals together: either alone takes short or repetitive Chinese (政府工作政府工作…) for Korean.
 */
function foreignCjk(buf: Uint8Array): string | undefined {
  const sample = buf.subarray(0, 64 * 1024);
  const ranked = chardet.analyse(sample);
  const top = ranked[0];
  const gb = ranked.find((m) => m.name === 'GB18030')?.confidence ?? 0;
  const foreign = top && top.confidence > gb ? FOREIGN_CJK[canonicalCharset(top.name)] : undefined;
  if (!foreign) return undefined;
  const signals = scriptSignals(sample);
  return (foreign.startsWith('Japanese') ? signals.japanese : signals.korean) ? foreign : undefined;
}

const refuseForeign = (name: string, what: string) =>
  badFile(`${name}: is ${what} text, not a Chinese report; yaodian reads Chinese in UTF-8 or GB18030 (GBK)`, { encoding: what });

const GB_FAMILY = new Set(['gb2312', 'gbk', 'gb18030', 'x-gbk', 'cp936', 'euc-cn', 'hz-gb-2312', 'csgb2312']);
const UTF8_NAMES = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8']);

/**
 * Decode a text file. `declared` is a charset named by the document itself (an HTML meta tag); it is
 * trusted unless it is GBK-family and the bytes are valid, non-ASCII UTF-8, since mislabelled
 * UTF-8 pages are common and GBK prose is essentially never valid UTF-8 by accident.
 */
export function decodeText(buf: Uint8Array, name: string, declared?: string): Decoded {
  if (startsWith(buf, 0xef, 0xbb, 0xbf)) {
    const text = tryUtf8(buf.subarray(3));
    if (text === null) throw badFile(`${name}: starts with a UTF-8 byte-order mark but is not valid UTF-8`);
    return { text, encoding: 'utf-8-bom' };
  }
  // UTF-16 contains NULs for every ASCII char, so the BOM check must come before the binary check
  if (startsWith(buf, 0xff, 0xfe)) return { text: iconv.decode(Buffer.from(buf.subarray(2)), 'utf-16le'), encoding: 'utf-16le' };
  if (startsWith(buf, 0xfe, 0xff)) return { text: iconv.decode(Buffer.from(buf.subarray(2)), 'utf-16be'), encoding: 'utf-16be' };
  if (looksBinary(buf)) {
    throw badFile(`${name}: contains NUL bytes, so it is a binary file rather than text (UTF-16 without a byte-order mark is not supported)`);
  }

  const cs = declared?.trim().toLowerCase();
  const declaredForeign = cs && FOREIGN_CJK[canonicalCharset(cs)];
  if (declaredForeign) throw refuseForeign(name, declaredForeign);
  if (cs && !UTF8_NAMES.has(cs) && !GB_FAMILY.has(cs) && iconv.encodingExists(cs)) {
    return { text: iconv.decode(Buffer.from(buf), cs), encoding: cs };
  }
  const asUtf8 = tryUtf8(buf);
  if (cs && GB_FAMILY.has(cs) && !(asUtf8 !== null && hasHighBytes(buf))) {
    return { text: iconv.decode(Buffer.from(buf), 'gb18030'), encoding: 'gb18030' };
  }
  if (asUtf8 !== null) return { text: asUtf8, encoding: 'utf-8' };
  const foreign = foreignCjk(buf);
  if (foreign) throw refuseForeign(name, foreign);
  const asGb = iconv.decode(Buffer.from(buf), 'gb18030');
  if (plausibleGb(asGb)) return { text: asGb, encoding: 'gb18030' };
  throw badFile(`${name}: text is not UTF-8 or GB18030 (GBK); re-save it as UTF-8`);
}

/** The charset an HTML page declares in `<meta charset>` or `<meta http-equiv content="…; charset=…">`. */
export function declaredHtmlCharset(buf: Uint8Array): string | undefined {
  const head = Buffer.from(buf.subarray(0, 4096)).toString('latin1');
  for (const m of head.matchAll(/<meta\b[^>]*>/gi)) {
    const cs = /charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(m[0]);
    if (cs) return cs[1].toLowerCase();
  }
  return undefined;
}
