/**
 * Highlights are found in the matching form and mapped back, so `text.slice(start, end)` is what matched in
 * the original characters (發展 for 发展, ２０２２ for 2022, a match broken by a space or a line).
 */
import { matchMap, toMatchForm, toSourceRange, type MatchForm } from './normalize.js';

/**
 * Does folding map every character of `text` to exactly one at the same offset (no spaces dropped, no
 * expansions, no surrogate pairs)? Then offsets in the matching form are offsets in the text. Most report
 * paragraphs are like that, and remembering it per unit spares re-folding a long unit on every page of hits.
 */
const oneToOne = new WeakMap<object, boolean>();
export function foldsOneToOne(key: object, text: string, match: string): boolean {
  let known = oneToOne.get(key);
  if (known === undefined) {
    known = text.length === match.length;
    if (known) {
      const map = matchMap(text);
      for (let i = 0; i < map.length && known; i++) known = map[i] === i;
    }
    oneToOne.set(key, known);
  }
  return known;
}

/**
 * `match`, when the caller has it, must be toMatchForm(text).text (a unit's saved matching form); `fold` is
 * true when the fold maps offsets unchanged (see foldsOneToOne), or the fold's map when the caller has it
 * (a loaded unit's edits give it, see display-patch.ts).
 */
export function highlightRanges(text: string, terms: string[], match?: string, fold: boolean | Int32Array = false): [number, number][] {
  if (!terms.length) return [];
  // no map when offsets carry over unchanged
  const form: MatchForm | null =
    match === undefined ? toMatchForm(text) : fold === true ? null : { text: match, map: fold === false ? matchMap(text) : fold };
  const hay = form ? form.text : match!;
  const ranges: [number, number][] = [];
  let termStart = 0;
  /** a match overlapping or touching the same term's previous range extends it in place */
  const add = (r: [number, number]) => {
    const last = ranges.length > termStart ? ranges[ranges.length - 1] : undefined;
    if (last !== undefined && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else ranges.push(r);
  };
  for (const term of terms) {
    if (!term) continue;
    termStart = ranges.length;
    for (let at = hay.indexOf(term); at >= 0; at = hay.indexOf(term, at + 1))
      add(form ? toSourceRange(form, text, at, at + term.length) : [at, at + term.length]);
  }
  // one term's matches come in order, so merging as they came was enough; several terms' need sorting first
  if (terms.length < 2) return ranges;
  ranges.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const merged: [number, number][] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push(r);
  }
  return merged;
}

/** A keyword-in-context window around the first match (or the start of the text). */
export function snippet(text: string, highlights: [number, number][], before = 30, after = 60): string {
  // newlines become spaces one for one, so cut the window first: a unit may be a whole long section
  const flat = (a: number, b: number) => {
    const s = text.slice(a, b);
    return s.includes('\n') ? s.replace(/\n/g, ' ') : s;
  };
  if (!highlights.length) return text.length > before + after ? flat(0, before + after) + '…' : flat(0, text.length);
  const [s, e] = highlights[0];
  const from = Math.max(0, s - before);
  const to = Math.min(text.length, e + after);
  return (from > 0 ? '…' : '') + flat(from, to) + (to < text.length ? '…' : '');
}

/** Mark matches for a terminal: 【match】. */
export function markup(text: string, highlights: [number, number][], open = '【', close = '】'): string {
  let out = '';
  let at = 0;
  for (const [s, e] of highlights) {
    out += text.slice(at, s) + open + text.slice(s, e) + close;
    at = e;
  }
  return out + text.slice(at);
}
