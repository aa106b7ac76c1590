/**
 * The matching form: what search, alignment and indicators compare. It folds the traps of Chinese text
 * (２０２２ vs 2022, 發展 vs 发展, 培育“瞪羚”企业 vs 瞪羚企业, R&D vs r&d, 1 9 9 7 vs 1997) while keeping a map back to the
 * display text, so every match can be shown and quoted in the original characters.
 */
import { simplifiedChar } from './t2s.js';
import { ensureLength } from '../util/growable.js';

export interface MatchForm {
  /** the folded text */
  text: string;
  /** map[i] = offset in the input of text[i]; map[text.length] = input length */
  map: Int32Array;
}

/**
 * Quotation marks of every kind and book-title marks take no part in matching: official texts quote terms all
 * the time (培育“瞪羚”企业, 《政府工作报告》), and a search for 瞪羚企业 must find them. They are dropped from the
 * matching form like whitespace; the map still points every kept character at its original, so a highlight
 * covers the marks inside a match (瞪羚”企业) and display patches restore them.
 */
const DOUBLE_QUOTES = '"“”„‟＂〝〞〟「」﹁﹂«»″';
const SINGLE_QUOTES = "'‘’‚‛＇『』﹃﹄‹›′";
const TITLE_MARKS = '《》〈〉︽︾︿﹀⟨⟩〈〉';
const MARK_CODES = new Set([...(DOUBLE_QUOTES + SINGLE_QUOTES + TITLE_MARKS)].map((c) => c.charCodeAt(0)));
/** What a mark becomes where marks are kept (quotes as boundaries of a term): one kind of each. */
const keptMark = (ch: string) => (DOUBLE_QUOTES.includes(ch) ? 34 : SINGLE_QUOTES.includes(ch) ? 39 : ch.charCodeAt(0));
export const isQuoteMark = (ch: string | undefined): boolean => ch !== undefined && ch.length === 1 && MARK_CODES.has(ch.charCodeAt(0));

/** Traditional → simplified one character at a time, so offsets stay 1:1 (phrase rules would shift them). */
const simplify = (ch: string, code: number): string => simplifiedChar(code) ?? ch;


/** foldChar's answers by code point: punctuation (，。：) recurs every few characters and NFKC is slow. */
const folded = new Map<number, string>();

/** Fold one code point (already known not to be whitespace or zero-width). */
export function foldChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  let out = folded.get(code);
  if (out === undefined) folded.set(code, (out = foldUncached(ch, code)));
  return out;
}

function foldUncached(ch: string, code: number): string {
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  if (code >= 0x4e00 && code <= 0x9fff) return simplify(ch, code);
  if (MARK_CODES.has(code)) return '';
  let out = ch.normalize('NFKC');
  if (out.length === 1 && MARK_CODES.has(out.charCodeAt(0))) return '';
  if (out.length === 1 && out.charCodeAt(0) < 0x80) out = out.toLowerCase();
  else if (out.length === 1 && out.charCodeAt(0) >= 0x3400) out = simplify(out, out.codePointAt(0)!);
  return out;
}

const isSpaceCode = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 0x3000 || c === 0xa0;
const isZeroWidthCode = (c: number) => (c >= 0x200b && c <= 0x200f) || c === 0x2060 || c === 0xfeff || c === 0xad;
const isLetterCode = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);

/** Simplified form of each CJK unified ideograph, filled on first sight; 0 = not looked up yet. */
const CJK_BASE = 0x4e00;
const cjkTable = new Uint16Array(0x9fff - CJK_BASE + 1);

/**
 * `keepMarks` keeps quotation and book-title marks (one kind of double and single quote), for a reader that
 * needs to know where a quoted term starts and ends; matching never does.
 *
 * Whitespace is dropped (Chinese does not need it, and sources break lines and digits with it) except one
 * space between two Latin letters, so "new energy" does not become "newenergy". The loop works on char codes
 * with fast paths for ASCII and CJK: it runs over every unit of the corpus at build time.
 */
export function toMatchForm(input: string, opts: { keepMarks?: boolean } = {}): MatchForm {
  return fold(input, true, opts.keepMarks ?? false);
}

/**
 * Only the map of toMatchForm(input) (its text is known already, e.g. a unit's saved matching form):
 * highlighting a page of hits needs offsets, not a second copy of each text.
 */
export function matchMap(input: string): Int32Array {
  return fold(input, false).map;
}

/**
 * Scratch space reused by calls on texts up to SCRATCH chars (fold is not re-entrant), so highlighting a page
 * of hits allocates only the results; a longer text gets its own arrays, so one big document is not kept.
 */
const SCRATCH = 1 << 16;
const scratchCodes = new Uint16Array(SCRATCH * 2 + 2);
const scratchMap = new Int32Array(SCRATCH * 2 + 2);

function fold(input: string, withText: boolean, keepMarks = false): MatchForm {
  const n = input.length;
  let codes = n <= SCRATCH ? scratchCodes : new Uint16Array(n * 2 + 2);
  let map = n <= SCRATCH ? scratchMap : new Int32Array(n * 2 + 2);
  let len = 0;
  let pendingSpace = -1;
  const emit = (code: number, at: number) => {
    // one character can fold to several (NFKC: ㍿ → 株式会社), past the 2× reserved above
    if (len + 1 >= codes.length) {
      codes = ensureLength(codes, len + 2);
      map = ensureLength(map, len + 2);
    }
    codes[len] = code;
    map[len++] = at;
  };
  for (let i = 0; i < n; ) {
    const c = input.charCodeAt(i);
    if (isSpaceCode(c)) {
      if (pendingSpace < 0) pendingSpace = i;
      i++;
      continue;
    }
    if (isZeroWidthCode(c) || (MARK_CODES.has(c) && !keepMarks)) {
      i++;
      continue;
    }
    let out: string | null = null;
    let code = c;
    let width = 1;
    if (c < 0x80) {
      if (c >= 65 && c <= 90) code = c + 32;
    } else if (c >= CJK_BASE && c <= 0x9fff) {
      let t = cjkTable[c - CJK_BASE];
      if (t === 0) {
        t = simplify(input[i], c).charCodeAt(0);
        cjkTable[c - CJK_BASE] = t;
      }
      code = t;
    } else if (keepMarks && MARK_CODES.has(c)) {
      code = keptMark(input[i]);
    } else {
      const cp = input.codePointAt(i)!;
      width = cp > 0xffff ? 2 : 1;
      out = foldChar(String.fromCodePoint(cp));
    }
    if (pendingSpace >= 0) {
      const first = out === null ? code : out.charCodeAt(0);
      if (len > 0 && isLetterCode(codes[len - 1]) && isLetterCode(first)) emit(32, pendingSpace);
      pendingSpace = -1;
    }
    if (out === null) emit(code, i);
    else for (let k = 0; k < out.length; k++) emit(out.charCodeAt(k), i);
    i += width;
  }
  map[len] = n;
  let text = '';
  if (!withText) return { text, map: map.slice(0, len + 1) };
  for (let k = 0; k < len; k += 8192) text += String.fromCharCode(...codes.subarray(k, Math.min(len, k + 8192)));
  return { text, map: map.slice(0, len + 1) };
}

/** The matching form alone, for queries. */
export const normalizeQuery = (q: string): string => toMatchForm(q).text;

/** Map a non-empty [start, end) range of the matching form back to [start, end) offsets in `input`. */
export function toSourceRange(form: MatchForm, input: string, start: number, end: number): [number, number] {
  const s = form.map[start];
  const lastAt = form.map[end - 1];
  const cp = input.codePointAt(lastAt) ?? 0;
  return [s, lastAt + (cp > 0xffff ? 2 : 1)];
}
