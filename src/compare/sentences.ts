/**
 * Sentences: the pieces compare matches, shows and diffs. A unit's matching form is cut after each sentence
 * end (。；！？, which fold to 。;!?) and before each list marker — an item of the unit segmenter (一是…二是…),
 * or an inline (1) 第一， 一是 at a clause boundary (① folds to a bare 1 in the matching form: too ambiguous to cut on). A sentence inside an item belongs to the item, so each
 * sentence of a document is held once, by the most specific unit around it.
 */
import type { Engine } from '../index/engine.js';
import { toMatchForm } from '../text/normalize.js';

/** A sentence: a span of one unit's matching form. */
export interface Sentence {
  /** the unit number that holds it: the item when the sentence lies inside one, otherwise the line unit */
  n: number;
  /** [start, end) in that unit's matching form */
  start: number;
  end: number;
  /** where it starts in the document's display text, for ordering */
  at: number;
}

const ENDS = new Set(['。', ';', '!', '?']);
/** Closing brackets that belong to the sentence they follow: 。） (quotation marks are not in the matching form) */
const CLOSERS = new Set([')', ']', '〕', '】']);
/** An inline list marker after a clause boundary (or at the start): (1) 第一, 一是 */
const LIST_MARK = /(?<=^|[,:;。])(?:\(\d{1,2}\)|第[一二三四五六七八九十]{1,2}(?=,)|[一二三四五六七八九十]{1,2}是(?=[^,;。]))/g;
/** A piece without a letter or digit (a stray ；) is not a sentence. */
const WORDY = /[\p{L}\p{N}]/u;

/**
 * Sentence spans [start, end) of a matching-form text, cut after sentence ends and before list markers and
 * the extra `cuts` offsets. Pieces without letters are dropped; a marker is never a sentence on its own.
 */
export function splitSentences(text: string, cuts: readonly number[] = []): [number, number][] {
  const at = new Set<number>(cuts);
  for (let i = 0; i < text.length; i++) {
    if (!ENDS.has(text[i])) continue;
    let j = i + 1;
    while (j < text.length && CLOSERS.has(text[j])) j++;
    at.add(j);
    i = j - 1;
  }
  LIST_MARK.lastIndex = 0;
  for (let m = LIST_MARK.exec(text); m; m = LIST_MARK.exec(text)) if (m.index > 0) at.add(m.index);
  const bounds = [...at].filter((c) => c > 0 && c < text.length).sort((a, b) => a - b);
  const out: [number, number][] = [];
  let from = 0;
  for (const b of [...bounds, text.length]) {
    if (b <= from) continue;
    if (WORDY.test(text.slice(from, b))) out.push([from, b]);
    from = b;
  }
  return out;
}

const OPENING_MARKS = '“‘「『《〈"\'';
const CLOSING_MARKS = '”’」』》〉"\'';
const DISPLAY_ENDS = '。；！？;!?';
/** A mark after a sentence end (or after another closing mark) closes that sentence. */
const closes = (text: string, i: number) => CLOSING_MARKS.includes(text[i]) && i > 0 && (DISPLAY_ENDS.includes(text[i - 1]) || CLOSING_MARKS.includes(text[i - 1]));

/**
 * A sentence's display range widened over the quotation and book-title marks at its edges, which the
 * matching form leaves out: 。” closes the sentence before it, “十四五” opens the one after. A straight quote
 * after a full stop is taken as closing, so two neighbours never share a mark.
 */
export function widenOverMarks(text: string, [start, end]: [number, number]): [number, number] {
  let e = end;
  while (e < text.length && closes(text, e)) e++;
  let s = start;
  while (s > 0 && OPENING_MARKS.includes(text[s - 1]) && !closes(text, s - 1)) s--;
  return [s, e];
}

/** The first matching-form offset whose display offset is at least `d` (map[i] = display offset of i). */
export function matchOffset(map: Int32Array, d: number): number {
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid] < d) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The sentences of an engine's units, computed on first use per unit. */
export class Sentences {
  private readonly own = new Map<number, Sentence[]>();
  private readonly itemsOf = new Map<string, Map<number, number[]>>();

  constructor(readonly engine: Engine) {}

  /** The sentences unit `n` holds itself (a line's sentences inside its items are the items'). */
  of(n: number): Sentence[] {
    let s = this.own.get(n);
    if (!s) this.own.set(n, (s = this.compute(n)));
    return s;
  }

  /** Every sentence within unit `n`: its own and its items', in text order. */
  within(n: number): Sentence[] {
    const items = this.items(n);
    if (!items.length) return this.of(n);
    const out = [...this.of(n)];
    for (const k of items) out.push(...this.of(k));
    return out.sort((a, b) => a.at - b.at);
  }

  /** The item units inside line unit `n`, in order (none for an item). */
  items(n: number): number[] {
    const rec = this.engine.records[n]!;
    if (rec.unit.kind === 'item') return [];
    let byLine = this.itemsOf.get(rec.doc.id);
    if (!byLine) this.itemsOf.set(rec.doc.id, (byLine = this.indexItems(rec.doc.id)));
    return byLine.get(n) ?? [];
  }

  private indexItems(docId: string): Map<number, number[]> {
    const units = this.engine.getDoc(docId).units;
    const num = (id: string) => this.engine.numberOfUnit(id)!;
    const out = new Map<number, number[]>();
    let line: { n: number; start: number; end: number } | null = null;
    for (const u of units) {
      if (u.kind !== 'item') line = { n: num(u.id), start: u.start, end: u.end };
      else if (line && u.start >= line.start && u.end <= line.end) {
        const list = out.get(line.n) ?? [];
        list.push(num(u.id));
        out.set(line.n, list);
      }
    }
    return out;
  }

  private compute(n: number): Sentence[] {
    const rec = this.engine.records[n]!;
    const { map } = toMatchForm(rec.unit.text);
    const sentence = ([start, end]: [number, number]): Sentence => ({ n, start, end, at: rec.unit.start + map[start] });
    const items = this.items(n);
    if (!items.length) return splitSentences(rec.match).map(sentence);
    // a line with items: cut where each item starts and ends, keep the pieces outside them
    const ranges = items.map((k) => {
      const u = this.engine.records[k]!.unit;
      return [matchOffset(map, u.start - rec.unit.start), matchOffset(map, u.end - rec.unit.start)] as const;
    });
    const inside = (s: number, e: number) => ranges.some(([a, b]) => s >= a && e <= b);
    return splitSentences(rec.match, ranges.flat())
      .filter(([s, e]) => !inside(s, e))
      .map(sentence);
  }
}

const cache = new WeakMap<Engine, { sig: string; sentences: Sentences }>();

/** The engine's sentence table, started afresh when documents were added or removed since. */
export function sentencesOf(engine: Engine): Sentences {
  const sig = `${engine.unitCount}/${engine.records.length}/${engine.docs.size}`;
  const hit = cache.get(engine);
  if (hit && hit.sig === sig) return hit.sentences;
  const sentences = new Sentences(engine);
  cache.set(engine, { sig, sentences });
  return sentences;
}
