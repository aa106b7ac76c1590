/**
 * Which lengths of dictionary word start with a given character. segmentit's dictionary tokenizer
 * (DictTokenizer.matchWord) finds the words of a run by looking up, at every character, a slice of each length
 * its dictionary holds (15 of them) in that length's table, and our own cut points (tokenize.ts) try every length
 * down from the longest: together most of a first segmentation's time, which is the wait of a first document diff
 * or compare. A character that starts no word of some length cannot match at that length, so both ask only the
 * lengths some word starting with the character has. The lookups left are the same ones, in the same order, so
 * they find the same words and the segmentation is the same.
 */
import type { Segment, WordTable } from 'segmentit';

interface Found {
  w: string;
  c: number;
  f: number;
}

/** The part of segmentit's DictTokenizer whose matchWord is replaced. */
export interface DictTokenizerLike {
  matchWord(text: string, cur: number, preword?: unknown): unknown;
  filterWord(words: Found[], preword: unknown, text: string): unknown;
}

interface Index {
  /** UTF-16 unit → lengths (ascending) of the words starting with it */
  first: Map<number, Uint8Array>;
  /**
   * first two UTF-16 units (first << 16 | second) → the lengths (2–31) of the words starting with them, as bits
   * (bit n: some word of n units): at most characters a word of two or more starts with the pair is rarer still
   */
  pairs: Map<number, number>;
  /** some word is longer than 31 units: matchWord keeps segmentit's own loop */
  far: boolean;
}

const pairKey = (a: number, b: number) => ((a << 16) | b) >>> 0;

function indexOf(byLength: Record<string, WordTable>): Index {
  const lists = new Map<number, number[]>();
  const pairs = new Map<number, number>();
  let far = false;
  for (const key of Object.keys(byLength)) {
    const length = Number(key);
    if (!(length <= 31)) far = true;
    if (!(length <= 255)) continue;
    for (const word of Object.keys(byLength[key])) {
      const first = word.charCodeAt(0);
      let list = lists.get(first);
      if (!list) lists.set(first, (list = []));
      if (list[list.length - 1] !== length) list.push(length);
      if (length >= 2 && length <= 31) {
        const k = pairKey(first, word.charCodeAt(1));
        pairs.set(k, (pairs.get(k) ?? 0) | (1 << length));
      }
    }
  }
  const first = new Map<number, Uint8Array>();
  for (const [unit, list] of lists) first.set(unit, Uint8Array.from(list));
  return { first, pairs, far };
}

const NONE = new Uint8Array(0);

/**
 * The lengths of a segmenter's dictionary words by their first character, built on first use and again after any
 * later loadDict (the tables it describes changed).
 */
export class WordLengths {
  private index: Index | null = null;

  constructor(private readonly segment: Segment) {
    const loadDict = segment.loadDict;
    segment.loadDict = (dict) => {
      this.index = null;
      return loadDict.call(segment, dict);
    };
  }

  private get built(): Index {
    return (this.index ??= indexOf(this.segment.getDict('TABLE2') ?? {}));
  }

  /** Lengths up to 255 (ascending) of the dictionary's words that start with UTF-16 unit `unit`. */
  from(unit: number): Uint8Array {
    return this.built.first.get(unit) ?? NONE;
  }

  /** Give `tokenizer` (the segmenter's DictTokenizer) a matchWord that asks only these lengths. */
  speedUp(tokenizer: DictTokenizerLike): void {
    const own = tokenizer.matchWord;
    const segment = this.segment;
    const lengths = this;
    tokenizer.matchWord = function (this: DictTokenizerLike, text: string, cur: number, preword?: unknown) {
      const byLength = segment.getDict('TABLE2');
      const index = byLength && lengths.built;
      if (!byLength || !index || index.far) return own.call(this, text, cur, preword);
      if (isNaN(cur)) cur = 0;
      const found: Found[] = [];
      for (; cur < text.length; cur++) {
        const unit = text.charCodeAt(cur);
        if (unit < 0x80) {
          // segmentit's own loop: `in` also finds Object.prototype's names (toString …), which start with ASCII
          for (const key in byLength) {
            const w = text.substr(cur, Number(key));
            if (w in byLength[key]) found.push({ w, c: cur, f: byLength[key][w].f });
          }
          continue;
        }
        // the same lookups in the same order (ascending lengths): one unit, then those the first two start
        const list = index.first.get(unit) ?? NONE;
        if (list.length && list[0] === 1) {
          const w = text[cur];
          if (w in byLength[1]) found.push({ w, c: cur, f: byLength[1][w].f });
        }
        if (cur + 1 >= text.length) continue;
        for (let bits = index.pairs.get(pairKey(unit, text.charCodeAt(cur + 1))) ?? 0; bits !== 0; bits &= bits - 1) {
          const length = 31 - Math.clz32(bits & -bits);
          if (cur + length > text.length) break;
          const w = text.substr(cur, length);
          const table = byLength[length];
          if (w in table) found.push({ w, c: cur, f: table[w].f });
        }
      }
      return this.filterWord(found, preword, text);
    };
  }
}
