/**
 * The matching form: what search, alignment and indicators compare. It folds the traps of Chinese text
 * (２０２２ vs 2022, 發展 vs 发展, “ vs ", R&D vs r&d, 1 9 9 7 vs 1997) while keeping a map back to the
 * display text, so every match can be shown and quoted in the original characters.
 */
import * as OpenCC from 'opencc-js';

export interface MatchForm {
  /** the folded text */
  text: string;
  /** map[i] = offset in the input of text[i]; map[text.length] = input length */
  map: Int32Array;
}

const ZERO_WIDTH = /[\u200b-\u200f\u2060\ufeff\u00ad]/;
const DOUBLE_QUOTES = new Set(['“', '”', '„', '‟', '＂', '〝', '〞', '「', '」', '″']);
const SINGLE_QUOTES = new Set(['‘', '’', '‚', '‛', '＇', '『', '』', '′']);

let t2s: ((s: string) => string) | null = null;
const t2sCache = new Map<number, string>();

/** Traditional → simplified one character at a time, so offsets stay 1:1 (phrase rules would shift them). */
function simplify(ch: string, code: number): string {
  const hit = t2sCache.get(code);
  if (hit !== undefined) return hit;
  const convert = (t2s ??= OpenCC.Converter({ from: 't', to: 'cn' }));
  const out = convert(ch);
  const result = [...out].length === 1 ? out : ch;
  t2sCache.set(code, result);
  return result;
}

const isAsciiAlnum = (c: string | undefined) => c !== undefined && /^[0-9A-Za-z]$/.test(c);
const isAsciiLetter = (c: string | undefined) => c !== undefined && /^[A-Za-z]$/.test(c);
const isSpace = (c: string) => c === ' ' || c === '\t' || c === '\u3000' || c === '\u00a0' || c === '\n' || c === '\r';

/** Fold one code point (already known not to be whitespace or zero-width). */
export function foldChar(ch: string): string {
  const code = ch.codePointAt(0)!;
  if (code < 0x80) return code >= 65 && code <= 90 ? String.fromCharCode(code + 32) : ch;
  if (code >= 0x4e00 && code <= 0x9fff) return simplify(ch, code);
  if (DOUBLE_QUOTES.has(ch)) return '"';
  if (SINGLE_QUOTES.has(ch)) return "'";
  let out = ch.normalize('NFKC');
  if (out.length === 1 && out.charCodeAt(0) < 0x80) out = out.toLowerCase();
  else if (out.length === 1 && out.charCodeAt(0) >= 0x3400) out = simplify(out, out.codePointAt(0)!);
  if (out === '"' || DOUBLE_QUOTES.has(out)) return '"';
  return out;
}

/**
 * Whitespace is dropped (Chinese does not need it, and sources break lines and digits with it) except one
 * space between two Latin letters, so "new energy" does not become "newenergy".
 */
export function toMatchForm(input: string): MatchForm {
  const out: string[] = [];
  const map: number[] = [];
  const chars = Array.from(input);
  let offset = 0;
  let lastOut = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    const at = offset;
    offset += ch.length;
    if (ZERO_WIDTH.test(ch)) continue;
    if (isSpace(ch)) {
      let j = i + 1;
      while (j < chars.length && (isSpace(chars[j]) || ZERO_WIDTH.test(chars[j]))) j++;
      const next = j < chars.length ? foldChar(chars[j]) : undefined;
      if (isAsciiLetter(lastOut) && isAsciiLetter(next) && lastOut !== ' ') {
        out.push(' ');
        map.push(at);
        lastOut = ' ';
      }
      continue;
    }
    const folded = foldChar(ch);
    for (const f of folded) {
      // every UTF-16 unit of the folded output points at the source character
      for (let k = 0; k < f.length; k++) {
        out.push(f[k]);
        map.push(at);
      }
    }
    lastOut = folded[folded.length - 1] ?? lastOut;
  }
  map.push(input.length);
  const text = out.join('');
  return { text, map: Int32Array.from(map) };
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
