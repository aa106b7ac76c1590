/**
 * The words of a short text by maximum matching over the dictionary tables ranking already holds (2–4 units,
 * plus the policy words): no segmenter runs, so a pasted paragraph is cut in microseconds. The text is cut
 * forward and backward; a word both cuts agree on is sure, a word only one cut has may straddle two real
 * ones (递进 in 快递进农村, 域内 in 县域内城乡) and is only likely.
 */
import { POLICY_WORDS } from './dictionary.js';
import { isDictWordAt } from './tokenize.js';

const LONG_WORDS = POLICY_WORDS.filter((w) => w.length > 4);
const WORDY = /^[\p{L}\p{N}]$/u;

/** Length of the longest word starting (forward) or ending (backward) at `i`; 1 when none. */
function longestAt(text: string, i: number, forward: boolean): number {
  for (const w of LONG_WORDS)
    if (forward ? text.startsWith(w, i) : i - w.length >= 0 && text.startsWith(w, i - w.length)) return w.length;
  for (let n = 4; n >= 2; n--) {
    const from = forward ? i : i - n;
    if (from < 0 || from + n > text.length) continue;
    if (isDictWordAt(text, from, n)) return n;
  }
  return 1;
}

/** The text cut into words by forward (or backward) maximum matching; joining the pieces gives the text. */
export function cutWords(text: string, forward: boolean): string[] {
  const out: string[] = [];
  if (forward)
    for (let i = 0; i < text.length; ) {
      const n = WORDY.test(text[i]) ? longestAt(text, i, true) : 1;
      out.push(text.slice(i, (i += n)));
    }
  else {
    for (let i = text.length; i > 0; ) {
      const n = WORDY.test(text[i - 1]) ? longestAt(text, i, false) : 1;
      out.push(text.slice(i - n, i));
      i -= n;
    }
    out.reverse();
  }
  return out;
}

export interface DictWord {
  word: string;
  /** both cuts have it (or it lies inside a word both have) */
  sure: boolean;
}

/** The words of two or more characters in `text`: those of either cut, and the dictionary words inside them. */
export function dictWordsIn(text: string): DictWord[] {
  const f = new Set(cutWords(text, true));
  const b = new Set(cutWords(text, false));
  const out = new Map<string, boolean>();
  const add = (w: string, sure: boolean) => out.set(w, (out.get(w) ?? false) || sure);
  for (const w of new Set([...f, ...b])) {
    if (w.length < 2) continue;
    const sure = f.has(w) && b.has(w);
    add(w, sure);
    for (let i = 0; i < w.length; i++)
      for (let n = 2; n <= 4 && n < w.length && i + n <= w.length; n++) if (isDictWordAt(w, i, n)) add(w.slice(i, i + n), sure);
  }
  return [...out].map(([word, sure]) => ({ word, sure }));
}
