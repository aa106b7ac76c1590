/**
 * Ranking: BM25 over the query's terms (each matched as a contiguous string, so a term's document frequency
 * is exact), a boost when a term is in a task's or section's title, and a boost when the match is a whole
 * word to the segmenter rather than a string straddling two words. Ties go to the newest document.
 */
import type { Columns, UnitRecord } from '../index/engine.js';
import type { Postings } from '../index/postings.js';
import type { Ids } from '../index/store.js';
import { isDictWordAt } from '../text/tokenize.js';
import { Heap } from '../util/heap.js';
import type { Scratch } from '../util/scratch.js';

export const K1 = 1.2;
export const B = 0.75;
export const TITLE_BOOST = 1.0;
export const WHOLE_WORD_BOOST = 0.5;
/** Whole-word checks refine only the head of the ranking. */
export const RERANK_DEPTH = 200;

export function countOccurrences(hay: string, needle: string): number {
  let n = 0;
  for (let at = hay.indexOf(needle); at >= 0; at = hay.indexOf(needle, at + needle.length)) n++;
  return n;
}

export function idf(df: number, n: number): number {
  return Math.log(1 + (n - df + 0.5) / (df + 0.5));
}

export interface TermStat {
  term: string;
  df: number;
  /** the term's postings with frequencies, when the store has them (short terms): no rescanning of hits */
  post?: Postings;
}

/** One term's BM25 in one unit: its weight (idf · (k1 + 1)) saturated by frequency and length. */
const termScore = (w: number, tf: number, len: number, avgLen: number) => (w * tf) / (tf + K1 * (1 - B + (B * (len || 1)) / avgLen));

export function bm25(rec: UnitRecord, terms: TermStat[], n: number, avgLen: number): number {
  let score = 0;
  for (const { term, df } of terms) {
    const tf = countOccurrences(rec.match, term);
    if (!tf) continue;
    let s = termScore(idf(df, n) * (K1 + 1), tf, rec.match.length, avgLen);
    if (rec.unit.kind !== 'paragraph' && rec.matchTitle.includes(term)) s *= 1 + TITLE_BOOST;
    score += s;
  }
  return score;
}

/**
 * A match [s, e) is a whole word unless a dictionary word straddles one of its ends, starting outside the
 * match and ending inside it (城|市场|景: 城市 straddles the start of 市场). A longer word containing the whole
 * match (市场监管 around 市场) does not count against it. This is the segmenter's own vocabulary applied
 * locally: running segmentit over every hit would cost more than the whole query, this costs a handful of lookups.
 */
export function wholeWordAt(text: string, s: number, e: number): boolean {
  for (let len = 2; len <= 4; len++)
    for (let from = Math.max(0, s - len + 1); from < s && from + len <= text.length; from++)
      if (from + len < e && from + len > s && isDictWordAt(text, from, len)) return false;
  for (let len = 2; len <= 4; len++)
    for (let from = Math.max(s + 1, e - len + 1); from < e && from + len <= text.length; from++)
      if (from + len > e && isDictWordAt(text, from, len)) return false;
  return true;
}

/** Does the first occurrence of `term` start and end on word boundaries? */
export function isWholeWord(rec: UnitRecord, term: string): boolean {
  return isWholeWordFrom(rec, term, rec.match.indexOf(term));
}

/** isWholeWord with the first occurrence already known (verification saw it), so the text is not searched again. */
export function isWholeWordFrom(rec: UnitRecord, term: string, at: number): boolean {
  return at >= 0 && wholeWordAt(rec.match, at, at + term.length);
}

export interface Scored {
  n: number;
  score: number;
}

export function compareScored(cols: Columns) {
  const date = cols.date;
  return (a: Scored, b: Scored): number => b.score - a.score || date[b.n] - date[a.n] || a.n - b.n;
}

/**
 * Sort by compareScored; a page's few dozen by insertion, in place (Array.prototype.sort copies into a work
 * array: most of a small query's ranking garbage).
 */
function sortScored(xs: Scored[], cols: Columns): void {
  const cmp = compareScored(cols);
  if (xs.length > 64) {
    xs.sort(cmp);
    return;
  }
  for (let i = 1; i < xs.length; i++) {
    const x = xs[i];
    let j = i - 1;
    for (; j >= 0 && cmp(x, xs[j]) < 0; j--) xs[j + 1] = xs[j];
    xs[j + 1] = x;
  }
}

/** What ranking reads from the engine. */
export interface RankSource {
  records: (UnitRecord | null)[];
  cols: Columns;
  avgUnitLength: number;
  unitCount: number;
  /** units whose title contains the term, ascending */
  titleHits(term: string): Uint32Array;
  /** the owner's reused buffers: ranking's arrays are named `rank.*` */
  scratch: Scratch;
}

const NO_TITLES = new Uint32Array(0);
/** up to this many titled hits, their titles are checked one by one rather than through the title index */
const FEW_TITLED = 16;

/**
 * BM25 of every hit into a typed array, term by term. A term with postings takes its frequencies from them
 * (hits and postings are both ascending, so one pointer walks each); other terms count in the unit's text.
 */
function scoreAll(src: RankSource, ids: Ids, terms: TermStat[]): { hits: Uint32Array; scores: Float64Array; firsts: (Int32Array | null)[] } {
  const { records, cols } = src;
  // one element kind for the hot loops below (a number[] and a Uint32Array would make them polymorphic)
  const hits = ids instanceof Uint32Array ? ids : Uint32Array.from(ids);
  const n = hits.length;
  const scores = src.scratch.f64('rank.scores', n).fill(0);
  const len = cols.len;
  const avg = src.avgUnitLength;
  /** per term, where it first occurs in each hit (−1: not in it) when its postings say */
  const firsts: (Int32Array | null)[] = [];
  // only units with a title of their own can get the title boost. When none or a few of the hits have one (a
  // handful of paragraphs, most often), their titles are read directly instead of asking the title index, whose
  // list for a common term costs more to decode than the whole rest of a small query's ranking
  let titledHits = 0;
  for (let i = 0; i < n && titledHits <= FEW_TITLED; i++) titledHits += cols.titled[hits[i]];
  const byIndex = titledHits > FEW_TITLED;
  for (let ti = 0; ti < terms.length; ti++) {
    const t = terms[ti];
    const w = idf(t.df, src.unitCount) * (K1 + 1);
    // a title match doubles the term's weight; titles are few, so walk their list beside the hits
    const titles = byIndex ? src.titleHits(t.term) : NO_TITLES;
    const boosting = byIndex ? titles.length > 0 : titledHits > 0;
    let tp = 0;
    const boost = (u: number) => {
      if (!byIndex) return cols.titled[u] === 1 && records[u]!.matchTitle.includes(t.term) ? 1 + TITLE_BOOST : 1;
      while (tp < titles.length && titles[tp] < u) tp++;
      return titles[tp] === u ? 1 + TITLE_BOOST : 1;
    };
    const pf = t.post?.first;
    const first = pf ? src.scratch.i32(`rank.first.${ti}`, n).fill(-1) : null;
    firsts.push(first);
    if (t.post) {
      const { ids: pids, tf } = t.post;
      const m = pids.length;
      let j = 0;
      for (let i = 0; i < n && j < m; i++) {
        const u = hits[i];
        while (j < m && pids[j] < u) j++;
        if (pids[j] !== u) continue;
        if (first) first[i] = pf![j];
        const s = termScore(w, tf[j], len[u], avg);
        scores[i] += boosting ? s * boost(u) : s;
      }
    } else
      for (let i = 0; i < n; i++) {
        const u = hits[i];
        const f = countOccurrences(records[u]!.match, t.term);
        if (!f) continue;
        const s = termScore(w, f, len[u], avg);
        scores[i] += boosting ? s * boost(u) : s;
      }
  }
  return { hits, scores, firsts };
}

/** Is hit a ahead of hit b on raw scores (score, then newer, then lower unit number)? */
function aheadOf(scores: Float64Array, hits: Uint32Array, date: Uint32Array, a: number, b: number): boolean {
  const sa = scores[a];
  const sb = scores[b];
  if (sa !== sb) return sa > sb;
  const da = date[hits[a]];
  const db = date[hits[b]];
  return da !== db ? da > db : hits[a] < hits[b];
}

/**
 * Indices of the k best hits in ranking order (score, then newer, then lower unit number): a heap whose root is
 * the worst kept hit, so most of a common term's 100,000 hits are turned away by one comparison.
 */
function topK(scratch: Scratch, scores: Float64Array, hits: Uint32Array, date: Uint32Array, k: number): number[] {
  const heap = new Heap(scratch.i32('rank.top', k), (a, b) => aheadOf(scores, hits, date, b, a));
  for (let i = 0; i < scores.length; i++) {
    if (heap.length < k) heap.push(i);
    else if (scores[i] >= scores[heap.peek()] && aheadOf(scores, hits, date, i, heap.peek())) heap.replaceTop(i);
  }
  // taking the worst out k times lays the kept hits out best first (Array.from and a sort with a comparator
  // allocated more than the rest of a small query's ranking)
  const out = new Array<number>(heap.length);
  for (let end = heap.length - 1; end >= 0; end--) out[end] = heap.pop();
  return out;
}

/**
 * Scores every hit into a typed array and keeps the best in a heap (so a common term's 100,000 hits cost one
 * pass, not 100,000 objects and a sort), then refines the head with whole-word checks. The returned list starts
 * with the first `need` hits in their final order (all hits when `need` is not given); what follows them is
 * not in order.
 *
 * The RERANK_DEPTH best raw scores are eligible for the whole-word boost; of those, only hits whose raw score,
 * boosted to the most, reaches the need-th best raw score can end up on the page. They are checked in raw order,
 * and checking stops once the next one, boosted to the most, would fall below the page's last boosted score.
 */
export function rank(src: RankSource, ids: Ids, terms: TermStat[], need = Infinity): Scored[] {
  const { records } = src;
  const { hits, scores, firsts } = scoreAll(src, ids, terms);
  const date = src.cols.date;
  const n = hits.length;
  const scored = (i: number): Scored => ({ n: hits[i], score: scores[i] });
  if (!terms.length) return topK(src.scratch, scores, hits, date, Math.min(n, need)).map(scored);
  const depth = Math.min(n, RERANK_DEPTH);
  let pool: Int32Array;
  let rest: number[] = [];
  if (need >= depth) {
    // a page reaching past the rerank depth: everything in raw order, the head refined
    const order = topK(src.scratch, scores, hits, date, Math.min(n, need));
    pool = src.scratch.i32('rank.pool', depth);
    for (let k = 0; k < depth; k++) pool[k] = order[k];
    rest = order.slice(depth);
  } else {
    const page = topK(src.scratch, scores, hits, date, need);
    const floor = scores[page[page.length - 1]] / (1 + WHOLE_WORD_BOOST);
    let reach = 0;
    for (let i = 0; i < n && reach <= depth; i++) if (scores[i] >= floor) reach++;
    if (reach > depth) {
      const best = topK(src.scratch, scores, hits, date, depth);
      pool = src.scratch.i32('rank.pool', best.length);
      for (let k = 0; k < best.length; k++) pool[k] = best[k];
    } else {
      pool = src.scratch.i32('rank.pool', reach);
      for (let i = 0, k = 0; k < reach; i++) if (scores[i] >= floor) pool[k++] = i;
    }
  }
  // the head is refined in raw order, and usually only the first few dozen are ever taken out of it
  const heap = Heap.of(pool, (a, b) => aheadOf(scores, hits, date, a, b));
  const page = Math.min(need, depth);
  // typed arrays, not {n, score} objects and a spliced list, which allocated per checked hit (a boxed score,
  // the splice's result array)
  /** the checked hits (indices into `hits`) and their boosted scores, in the order checked */
  const checkedAt = src.scratch.i32('rank.checked', pool.length);
  const boosted = src.scratch.f64('rank.boosted', pool.length);
  let nChecked = 0;
  /** the best `page` boosted scores so far, descending */
  const tops = src.scratch.f64('rank.tops', page).fill(0);
  let nTops = 0;
  while (heap.length) {
    const i = heap.peek();
    if (nTops === page && scores[i] * (1 + WHOLE_WORD_BOOST) < tops[page - 1]) break;
    heap.pop();
    const rec = records[hits[i]]!;
    let whole = 0;
    for (let ti = 0; ti < terms.length; ti++) {
      const first = firsts[ti];
      if (first ? isWholeWordFrom(rec, terms[ti].term, first[i]) : isWholeWord(rec, terms[ti].term)) whole++;
    }
    const s = scores[i] * (1 + (WHOLE_WORD_BOOST * whole) / terms.length);
    checkedAt[nChecked] = i;
    boosted[nChecked++] = s;
    let at = nTops;
    while (at > 0 && tops[at - 1] < s) at--;
    if (at < page) {
      tops.copyWithin(at + 1, at, Math.min(nTops, page - 1));
      tops[at] = s;
      if (nTops < page) nTops++;
    }
  }
  // only what reaches the page's last boosted score needs sorting; the rest follows as it is
  const floor = nTops === page ? tops[page - 1] : -Infinity;
  const out: Scored[] = [];
  for (let c = 0; c < nChecked; c++) if (boosted[c] >= floor) out.push({ n: hits[checkedAt[c]], score: boosted[c] });
  sortScored(out, src.cols);
  if (out.length < nChecked) for (let c = 0; c < nChecked; c++) if (boosted[c] < floor) out.push({ n: hits[checkedAt[c]], score: boosted[c] });
  // what was not checked cannot reach the page; it follows in raw order for a caller that asked for more
  while (heap.length && out.length < need) out.push(scored(heap.pop()));
  for (const i of rest) out.push(scored(i));
  return out;
}
