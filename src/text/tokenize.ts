/**
 * Lossless word tokenization: segmentit for Chinese words, our own rules for
 * whitespace and numbers, and a content-hash cache because segmentit is slow.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Segment, DictEntry, SegmentitModule } from 'segmentit';
import type { Token } from '../types.js';
import { POLICY_WORDS } from './dictionary.js';
import { MAX_WORD_UNITS, MIN_WORD_UNITS, WordSet, forEachDictWord, segmentitDictTexts } from './words.js';
import { WordLengths, type DictTokenizerLike } from './word-lengths.js';

/** Noun bit of segmentit's POSTAG.D_N. */
const POS_NOUN = 0x100000;
/** Far above any pangu frequency, so a policy word beats the pieces it overlaps. */
const POLICY_FREQ = 1_000_000;

let segmenter: Segment | null = null;
let table: Record<string, DictEntry> = {};
/** the lengths of the dictionary's words by first character (made with the segmenter) */
let wordLengths: WordLengths | null = null;

function getSegmenter(): Segment {
  if (!segmenter) {
    // Required on first use, not imported: the bundle costs memory just to load, and loading its dictionary
    // costs time and more memory, which processes that never tokenize should not pay.
    // tokenize() is synchronous, so this cannot be an import(); the CJS exports are what `import pkg` gave.
    const { Segment: SegmentCtor, useDefault, DictTokenizer } = createRequire(import.meta.url)('segmentit') as SegmentitModule;
    segmenter = useDefault(new SegmentCtor());
    wordLengths = new WordLengths(segmenter);
    const dict = segmenter.modules.tokenizer.find((m) => m instanceof DictTokenizer);
    if (dict) wordLengths.speedUp(dict as DictTokenizerLike);
    segmenter.loadDict(POLICY_WORDS.map((w) => `${w}|${POS_NOUN}|${POLICY_FREQ}`).join('\n'));
    table = segmenter.getDict('TABLE');
  }
  return segmenter;
}

function inDict(word: string): boolean {
  return Object.hasOwn(table, word); // `in` would also find toString & co.
}

/** segmentit's part-of-speech bits for a word of its dictionary (policy words are nouns); 0 for any other. */
export function posOf(word: string): number {
  getSegmenter();
  return inDict(word) ? table[word].p : 0;
}

let dictWords: WordSet | null = null;
let dictWordsFrom: 'segmentit' | 'saved' | null = null;
/** a copy saved with an index (see offerSavedDictWords), tried before segmentit's bundle */
let savedDictWords: { key: string; path: string } | null = null;

/**
 * Names the word set: segmentit's version, the policy words and the table layout. A saved copy under another
 * name is not used, so upgrading segmentit or editing the policy words can never leave stale tables in use.
 */
export function dictWordsKey(): string {
  let version = 'unknown';
  try {
    // read, not required: requiring would put segmentit's files in the module cache for nothing
    const pkg = createRequire(import.meta.url).resolve('segmentit/package.json');
    version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // no readable package.json: the key still changes with the policy words
  }
  return createHash('sha1').update(`segmentit ${version}\nword tables 2\n${POLICY_WORDS.join('\n')}`).digest('hex').slice(0, 16);
}

/**
 * A saved copy of the word set (WordSet.toBytes() under dictWordsKey()) to use instead of reading segmentit's
 * larger bundle (on the first search of every CLI run). Read on first use; a copy whose key differs or
 * that does not parse is passed over for the bundle.
 */
export function offerSavedDictWords(key: string, path: string): void {
  if (!dictWords) savedDictWords = { key, path };
}

/** Where the word set in use came from, once there is one. */
export const dictWordsSource = () => dictWordsFrom;

function readSavedDictWords(): WordSet | null {
  const saved = savedDictWords;
  savedDictWords = null;
  if (!saved || saved.key !== dictWordsKey()) return null;
  try {
    return WordSet.fromBytes(readFileSync(saved.path), true);
  } catch {
    return null; // a cache: the bundle still has the words
  }
}

/** The TABLE's words of 2–4 units, read without running segmentit (see words.ts). Exported for tests. */
export function getDictWords(): WordSet {
  if (!dictWords && (dictWords = readSavedDictWords())) dictWordsFrom = 'saved';
  if (!dictWords) {
    dictWordsFrom = 'segmentit';
    dictWords = WordSet.build((add) => {
      const texts = segmentitDictTexts();
      if (texts) for (const text of texts) forEachDictWord(text, add);
      else {
        getSegmenter(); // the bundle's layout changed: the same words from the TABLE, at the segmenter's cost
        for (const w of Object.keys(table)) add(w);
      }
      for (const w of POLICY_WORDS) add(w.trim());
    });
  }
  return dictWords;
}

/** isDictWord(text.slice(from, from + n)) for words of 2–4 units, without the slice. */
export function isDictWordAt(text: string, from: number, n: number): boolean {
  return getDictWords().hasAt(text, from, n);
}

/** Is `word` in segmentit's dictionary (plus the policy words)? For cheap word-boundary checks. */
export function isDictWord(word: string): boolean {
  if (word.length >= MIN_WORD_UNITS && word.length <= MAX_WORD_UNITS) return getDictWords().has(word);
  getSegmenter(); // ranking asks only 2–4 units; other lengths keep the segmenter's own table
  return inDict(word);
}

const PUNCT_RE = /^[\p{P}\p{S}]+$/u;
/** A token may not start with a combining mark or a joiner. */
const CONTINUATION_RE = /^[\p{M}\u200c\u200d\ufe0e\ufe0f]/u;

/** True when every code point of `s` is punctuation or a symbol (。，、“”%＋…, emoji). */
export function isPunct(s: string): boolean {
  return s.length > 0 && PUNCT_RE.test(s);
}

// ---------------------------------------------------------------------------
// Numbers. Segmentit splits 1420亿元 into 1420/亿/元, glues 3点三百五十亿 across
// dropped spaces and merges digits of separate numbers, so digit runs never reach it:
// we cut them out first and attach multipliers and units ourselves.

const DIGIT = '[0-9０-９]';
const NUM = `${DIGIT}+(?:,[0-9]{3}(?![0-9]))*(?:[.．]${DIGIT}+)?`;
/** letters glued to digits (5G, G20, PM2.5, H7N9) stay one token */
const ATOM = `[A-Za-z]*${NUM}(?:[A-Za-z][A-Za-z0-9]*)?`;
const SCAN_RE = new RegExp(`(\\s+)|(${ATOM})`, 'gu');

const UNITS = [
  '美元', '元', '家', '个月', '个', '项', '人次', '人', '名', '所', '座', '台', '套', '件',
  '条', '部', '篇', '种', '类', '处', '户', '批', '位', '款', '次', '倍', '亩', '公顷',
  '平方公里', '平方米', '公里', '千米', '米', '吨', '千瓦时', '千瓦', '年', '月', '日', '号', '天', '点',
].sort((a, b) => b.length - a.length);
const SUFFIX_RE = new RegExp(
  `[%％‰]|个百分点|百分点|[余多]?[千百]?万?亿?[余多]?(?<unit>${UNITS.join('|')})?`,
  'y',
);

/** End of the number atom whose digits end at `end`, with multiplier and unit attached. */
function extendNumber(text: string, end: number): number {
  SUFFIX_RE.lastIndex = end;
  const m = SUFFIX_RE.exec(text);
  if (!m) return end;
  const unit = m.groups?.unit;
  let stop = end + m[0].length;
  if (unit) {
    // 2022年度, 5年来, 100人才: the unit character starts a real word; leave that word whole.
    const at = stop - unit.length;
    for (let len = unit.length + 1; len <= unit.length + 3 && at + len <= text.length; len++) {
      if (inDict(text.slice(at, at + len))) {
        stop = at;
        break;
      }
    }
  }
  return stop;
}

// ---------------------------------------------------------------------------
// Segmentit over the remaining runs, re-aligned to the source.

/** Runs per doSegment call: it concatenates results quadratically, so keep batches small. */
const BATCH_CHARS = 2000;
/** How far ahead a token may be found after segmentit lost or altered something. */
const RESYNC_WINDOW = 16;

type Span = [start: number, end: number];

/**
 * Segmentit scores every segmentation of a punctuation-free stretch, which is
 * exponential in the stretch's length. Cut longer stretches at
 * forward-maximum-match word boundaries, which rarely fall inside a word.
 */
const MAX_STRETCH = 16;
const MAX_WORD = Math.max(8, ...POLICY_WORDS.map((w) => w.length));

function cutPoints(text: string, start: number, end: number): number[] {
  const cuts: number[] = [];
  let since = 0;
  for (let pos = start; pos < end; ) {
    const chLen = (text.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
    if (isPunct(text.slice(pos, pos + chLen))) {
      since = 0; // segmentit splits here itself
      pos += chLen;
      continue;
    }
    let step = chLen;
    // the longest dictionary word here: only the lengths some word starting with this character has are tried
    const lengths = wordLengths!.from(text.charCodeAt(pos));
    for (let k = lengths.length - 1, most = Math.min(MAX_WORD, end - pos); k >= 0 && lengths[k] > chLen; k--) {
      if (lengths[k] <= most && inDict(text.slice(pos, pos + lengths[k]))) {
        step = lengths[k];
        break;
      }
    }
    if (since > 0 && since + step > MAX_STRETCH && !CONTINUATION_RE.test(text[pos])) {
      cuts.push(pos);
      since = 0;
    }
    since += step;
    pos += step;
  }
  return cuts;
}

/** Segment `batch` (runs joined by \n) and return spans that exactly tile it minus the \n's. */
function alignBatch(batch: string): Span[] {
  const spans: Span[] = [];
  let pos = 0;
  const singles = (to: number) => {
    while (pos < to) {
      if (batch.charCodeAt(pos) === 10) {
        pos++;
        continue;
      }
      const len = (batch.codePointAt(pos) ?? 0) > 0xffff ? 2 : 1;
      spans.push([pos, pos + len]);
      pos += len;
    }
  };
  for (const { w } of getSegmenter().doSegment(batch)) {
    if (typeof w !== 'string' || w.length === 0) continue;
    const at = batch.startsWith(w, pos) ? pos : batch.indexOf(w, pos);
    if (at < 0 || at - pos > RESYNC_WINDOW) continue; // altered token: its chars come out as singles
    singles(at);
    spans.push([at, at + w.length]);
    pos = at + w.length;
  }
  singles(batch.length);
  return spans;
}

/** Signed token lengths: positive for words, negative for whitespace/punctuation. */
function segmentUncached(text: string): number[] {
  type Piece = { start: number; end: number; kind: 'ws' | 'num' | 'rest' };
  getSegmenter(); // number units and cut points consult its dictionary table
  const pieces: Piece[] = [];
  let last = 0;
  SCAN_RE.lastIndex = 0;
  for (let m = SCAN_RE.exec(text); m; m = SCAN_RE.exec(text)) {
    const start = m.index;
    let end = start + m[0].length;
    if (start > last) pieces.push({ start: last, end: start, kind: 'rest' });
    if (m[1]) pieces.push({ start, end, kind: 'ws' });
    else {
      if (/[0-9０-９]$/.test(m[0])) end = extendNumber(text, end);
      pieces.push({ start, end, kind: 'num' });
    }
    last = end;
    SCAN_RE.lastIndex = end;
  }
  if (last < text.length) pieces.push({ start: last, end: text.length, kind: 'rest' });
  for (let i = pieces.length - 1; i >= 0; i--) {
    const p = pieces[i];
    if (p.kind !== 'rest' || p.end - p.start <= MAX_STRETCH) continue;
    const bounds = [p.start, ...cutPoints(text, p.start, p.end), p.end];
    const parts = bounds.slice(1).map((end, j) => ({ start: bounds[j], end, kind: 'rest' as const }));
    pieces.splice(i, 1, ...parts);
  }

  // Segment the rest runs in batches, then map batch offsets back to the source.
  const restSpans = new Map<Piece, Span[]>();
  const rest = pieces.filter((p) => p.kind === 'rest');
  for (let i = 0; i < rest.length; ) {
    const group: Piece[] = [];
    let size = 0;
    while (i < rest.length && (group.length === 0 || size < BATCH_CHARS)) {
      group.push(rest[i]);
      size += rest[i].end - rest[i].start + 1;
      i++;
    }
    const batch = group.map((p) => text.slice(p.start, p.end)).join('\n');
    const spans = alignBatch(batch);
    let k = 0;
    let offset = 0; // batch offset of group[k]
    for (const [s, e] of spans) {
      while (s >= offset + group[k].end - group[k].start) {
        offset += group[k].end - group[k].start + 1;
        k++;
      }
      const list = restSpans.get(group[k]) ?? [];
      list.push([group[k].start + s - offset, group[k].start + e - offset]);
      restSpans.set(group[k], list);
    }
  }

  const out: number[] = [];
  for (const p of pieces) {
    if (p.kind === 'ws') out.push(-(p.end - p.start));
    else if (p.kind === 'num') out.push(p.end - p.start);
    else {
      for (const [s, e] of glueContinuations(text, restSpans.get(p) ?? [])) {
        out.push(isPunct(text.slice(s, e)) ? s - e : e - s);
      }
    }
  }
  return out;
}

/** Segmentit cuts by UTF-16 unit and ignores combining marks; glue such pieces back on. */
function glueContinuations(text: string, spans: Span[]): Span[] {
  const out: Span[] = [];
  for (const span of spans) {
    const prev = out[out.length - 1];
    const splitsPair = prev && /[\ud800-\udbff][\udc00-\udfff]/.test(text.slice(prev[1] - 1, prev[1] + 1));
    if (prev && (splitsPair || CONTINUATION_RE.test(text.slice(span[0], span[0] + 1)))) prev[1] = span[1];
    else out.push([span[0], span[1]]);
  }
  return out;
}

// ---------------------------------------------------------------------------
// Cache

/** Changes whenever the dictionary or these rules change, so stale persisted caches are ignored. */
const RULES_REVISION = 1;
export const SEG_CACHE_VERSION = createHash('sha1')
  .update(`${RULES_REVISION}\n${POLICY_WORDS.join('\n')}`)
  .digest('hex')
  .slice(0, 12);

const CACHE_LIMIT = 20_000;
const cache = new Map<string, number[]>();
const stats = { hits: 0, misses: 0 };

export interface SegCacheDump {
  version: string;
  /** [sha1 of text, signed token lengths] in least- to most-recently used order */
  entries: [string, number[]][];
}

function sha1(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

function remember(key: string, lengths: number[]) {
  cache.delete(key);
  cache.set(key, lengths);
  if (cache.size > CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
}

/** Entries saved by earlier processes (persist/token-cache.ts), read on the first tokenize() that needs them. */
let pendingImport: (() => unknown) | null = null;
export function importSegCacheOnFirstUse(read: () => unknown): void {
  pendingImport = read;
}

/** Split `text` into tokens that concatenate back to exactly `text`. */
export function tokenize(text: string): Token[] {
  if (text.length === 0) return [];
  if (pendingImport) {
    const read = pendingImport;
    pendingImport = null;
    importSegCache(read());
  }
  const key = sha1(text);
  let lengths = cache.get(key);
  // A persisted entry that does not tile this text is corrupt; recompute it.
  if (lengths && lengths.reduce((n, l) => n + Math.abs(l), 0) === text.length) stats.hits++;
  else {
    stats.misses++;
    lengths = segmentUncached(text);
  }
  remember(key, lengths);
  const tokens: Token[] = [];
  let pos = 0;
  for (const l of lengths) {
    const end = pos + Math.abs(l);
    tokens.push({ text: text.slice(pos, end), start: pos, end, isWord: l > 0 });
    pos = end;
  }
  return tokens;
}

export function segStats(): { hits: number; misses: number; size: number; limit: number } {
  return { ...stats, size: cache.size, limit: CACHE_LIMIT };
}

export function clearSegCache(): void {
  cache.clear();
  stats.hits = 0;
  stats.misses = 0;
}

export function exportSegCache(): SegCacheDump {
  return { version: SEG_CACHE_VERSION, entries: [...cache.entries()] };
}

/** Load a dump from exportSegCache; returns how many entries were taken (0 if the version differs). */
export function importSegCache(data: unknown): number {
  if (typeof data !== 'object' || data === null) return 0;
  const dump = data as Partial<SegCacheDump>;
  if (dump.version !== SEG_CACHE_VERSION || !Array.isArray(dump.entries)) return 0;
  let n = 0;
  for (const entry of dump.entries) {
    if (!Array.isArray(entry) || typeof entry[0] !== 'string' || !Array.isArray(entry[1])) continue;
    if (!entry[1].every((l) => Number.isInteger(l) && l !== 0)) continue;
    remember(entry[0], entry[1]);
    n++;
  }
  return n;
}
