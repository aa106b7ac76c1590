/** Pure string and vector helpers for comparison; nothing here knows about the engine. */

/** A sparse vector over bigrams: keys (two UTF-16 units packed in 32 bits) ascending, with their weights. */
export interface Vec {
  keys: Uint32Array;
  vals: Float64Array;
  norm: number;
}

export const bigramKey = (text: string, i: number): number => ((text.charCodeAt(i) << 16) | text.charCodeAt(i + 1)) >>> 0;
export const keyBigram = (key: number): string => String.fromCharCode(key >>> 16, key & 0xffff);

/** Sentence ends in the matching form (full-width ；！？ fold to ; ! ?). */
const SENTENCE_END = /[。;!?]/g;

/** Sentence spans [start, end) of a text; a trailing fragment without a terminator is a sentence too. */
export function sentences(text: string): [number, number][] {
  const out: [number, number][] = [];
  let from = 0;
  SENTENCE_END.lastIndex = 0;
  for (let m = SENTENCE_END.exec(text); m; m = SENTENCE_END.exec(text)) {
    out.push([from, m.index + 1]);
    from = m.index + 1;
  }
  if (from < text.length) out.push([from, text.length]);
  return out;
}

/** Cosine of two sparse vectors by a merge over their sorted keys. */
export function cosine(a: Vec, b: Vec): number {
  if (!a.norm || !b.norm) return 0;
  const { keys: ka, vals: va } = a;
  const { keys: kb, vals: vb } = b;
  let i = 0;
  let j = 0;
  let dot = 0;
  while (i < ka.length && j < kb.length) {
    const x = ka[i];
    const y = kb[j];
    if (x === y) dot += va[i++] * vb[j++];
    else if (x < y) i++;
    else j++;
  }
  return dot / (a.norm * b.norm);
}

/**
 * Finds the longest run of a pattern that occurs in other texts, by a suffix automaton over the pattern:
 * building it and scanning a text are both linear, so one pattern (a query term, a title) can be looked
 * up in many long texts cheaply; a dynamic-programming table would be quadratic per text.
 */
export class RunFinder {
  private readonly len: Int32Array;
  private readonly link: Int32Array;
  private readonly next: Map<number, number>[] = [new Map()];

  constructor(readonly pattern: string) {
    const cap = 2 * pattern.length + 1;
    const len = (this.len = new Int32Array(cap));
    const link = (this.link = new Int32Array(cap).fill(-1));
    const next = this.next;
    let last = 0;
    let size = 1;
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern.charCodeAt(i);
      const cur = size++;
      len[cur] = len[last] + 1;
      next[cur] = new Map();
      let p = last;
      while (p !== -1 && !next[p].has(c)) {
        next[p].set(c, cur);
        p = link[p];
      }
      if (p === -1) link[cur] = 0;
      else {
        const q = next[p].get(c)!;
        if (len[p] + 1 === len[q]) link[cur] = q;
        else {
          const clone = size++;
          len[clone] = len[p] + 1;
          next[clone] = new Map(next[q]);
          link[clone] = link[q];
          while (p !== -1 && next[p].get(c) === q) {
            next[p].set(c, clone);
            p = link[p];
          }
          link[q] = link[cur] = clone;
        }
      }
      last = cur;
    }
  }

  /** The longest substring of the pattern that occurs in `text` (the first found when several tie). */
  longestIn(text: string): string {
    const { len, link, next } = this;
    let v = 0;
    let l = 0;
    let best = 0;
    let bestEnd = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      while (v !== 0 && !next[v].has(c)) {
        v = link[v];
        l = len[v];
      }
      const to = next[v].get(c);
      if (to !== undefined) {
        v = to;
        l++;
      } else {
        v = 0;
        l = 0;
      }
      if (l > best) {
        best = l;
        bestEnd = i + 1;
        if (best === this.pattern.length) break;
      }
    }
    return text.slice(bestEnd - best, bestEnd);
  }
}

/** The longest common substring of two texts. */
export function sharedRun(a: string, b: string): string {
  if (!a || !b) return '';
  return a.length <= b.length ? new RunFinder(a).longestIn(b) : new RunFinder(b).longestIn(a);
}

export const longestCommonRun = (a: string, b: string): number => sharedRun(a, b).length;
