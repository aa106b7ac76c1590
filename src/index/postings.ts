/**
 * Compressed posting lists: for each key, ascending unit numbers stored as varint gaps, each with the
 * number of times the gram occurs in the unit (its term frequency, so BM25 never rescans a hit's text),
 * plus a skip entry every BLOCK postings so a long list can be probed without decoding all of it.
 *
 * A posting mostly takes one byte instead of four (a list of common characters is mostly gaps of 1–3), and
 * it carries term frequencies that 4-byte ids alone did not.
 * Unit numbers must stay below 2^30 so that gap·2 + flag fits the 32-bit operators used to decode.
 *
 * The varints are util/varint.ts's (postings-build.ts writes them with it); the two loops below read them inline,
 * as readVarint does: with a function, or a cursor object, for each read they ran measurably slower (BENCHMARKS.md).
 */
import { intersectSorted } from '../util/sorted.js';

export interface PostingLists {
  /** sorted keys: a char code (unigrams) or two UTF-16 code units packed as hi << 16 | lo (bigrams) */
  keys: Uint32Array;
  /** postings per key */
  df: Uint32Array;
  /** key i's bytes are bytes[offs[i] .. offs[i + 1]) */
  offs: Uint32Array;
  /** per posting: varint((id − previous id − 1) · 2 + (tf > 1)), then varint(tf − 2) when tf > 1 */
  bytes: Uint8Array;
  /** key i's skip entries are skipPrev/skipOff[skipAt[i] .. skipAt[i + 1]); entry e opens block e + 1 */
  skipAt: Uint32Array;
  /** the id of the last posting before the block (decoding resumes from it) */
  skipPrev: Uint32Array;
  /** byte offset of the block's first posting */
  skipOff: Uint32Array;
}

export interface Postings {
  ids: Uint32Array;
  tf: Uint32Array;
  /** where the term first occurs in each unit's matching form, when verification saw it (ranking's whole-word check) */
  first?: Uint32Array;
}

export const BLOCK = 32;
export const MAX_UNITS = 2 ** 30;

export const EMPTY_LISTS: PostingLists = {
  keys: new Uint32Array(0),
  df: new Uint32Array(0),
  offs: new Uint32Array(1),
  bytes: new Uint8Array(0),
  skipAt: new Uint32Array(1),
  skipPrev: new Uint32Array(0),
  skipOff: new Uint32Array(0),
};

/** Index of `key` in the sorted keys, or −1. */
export function findKey(lists: PostingLists, key: number): number {
  const keys = lists.keys;
  let lo = 0;
  let hi = keys.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const k = keys[mid];
    if (k === key) return mid;
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Decode key i's list: ids always, term frequencies when asked. */
export function decodeList(lists: PostingLists, i: number, withTf: boolean): Postings {
  const { bytes } = lists;
  const n = lists.df[i];
  // ids and frequencies share one buffer: each typed array of its own is an off-heap allocation
  const buf = new Uint32Array(withTf ? 2 * n : n);
  const ids = buf.subarray(0, n);
  const tf = withTf ? buf.subarray(n) : buf.subarray(0, 0);
  let p = lists.offs[i];
  let prev = -1;
  for (let k = 0; k < n; k++) {
    let b = bytes[p++];
    let v = b & 0x7f;
    for (let shift = 7; b & 0x80; shift += 7) {
      b = bytes[p++];
      v |= (b & 0x7f) << shift;
    }
    prev += (v >>> 1) + 1;
    ids[k] = prev;
    if (v & 1) {
      b = bytes[p++];
      let t = b & 0x7f;
      for (let shift = 7; b & 0x80; shift += 7) {
        b = bytes[p++];
        t |= (b & 0x7f) << shift;
      }
      if (withTf) tf[k] = t + 2;
    } else if (withTf) tf[k] = 1;
  }
  return { ids, tf };
}

/**
 * The members of ascending `acc` that are on key i's list, probing with the skip entries: whole blocks whose
 * last id is below the wanted one are jumped over, so a short list against a long one decodes a few blocks.
 * `out` may be `acc` itself (the survivors are written in place: a fresh array per list is an off-heap
 * allocation that costs more than the probing of a hundred ids); `carry` is compacted alongside.
 */
export function probeIntersect(lists: PostingLists, i: number, acc: Uint32Array, out: Uint32Array = new Uint32Array(acc.length), carry?: Uint32Array): Uint32Array {
  const { bytes, skipPrev, skipOff } = lists;
  const df = lists.df[i];
  const s0 = lists.skipAt[i];
  const blocks = lists.skipAt[i + 1] - s0 + 1;
  let n = 0;
  let j = 0; // next posting to decode
  let p = lists.offs[i];
  let prev = -1; // last decoded id
  for (let a = 0; a < acc.length; a++) {
    const x = acc[a];
    if (prev < x) {
      // jump whole blocks that end before x; then x is at most the current block's last id, so decoding
      // below stays in this block and needs no further skip checks
      let blk = (j / BLOCK) | 0;
      while (blk + 1 < blocks && skipPrev[s0 + blk] < x) {
        p = skipOff[s0 + blk];
        prev = skipPrev[s0 + blk];
        blk++;
        j = blk * BLOCK;
      }
    }
    while (prev < x) {
      if (j >= df) return out.subarray(0, n);
      let b = bytes[p++];
      let v = b & 0x7f;
      for (let shift = 7; b & 0x80; shift += 7) {
        b = bytes[p++];
        v |= (b & 0x7f) << shift;
      }
      if (v & 1) while (bytes[p++] & 0x80);
      prev += (v >>> 1) + 1;
      j++;
    }
    if (prev === x) {
      if (carry) carry[n] = carry[a];
      out[n++] = x;
    }
  }
  return out.subarray(0, n);
}

/**
 * Intersect the lists of keys `idx` (any order): decode the shortest, then merge or probe the others, rarest
 * first. With `narrowing`, stop once a list removes less than that share of the ids left: the caller verifies
 * candidates against the text anyway, and a list that hardly narrows them (the bigrams of a term taken from real
 * text mostly occur together) costs more to probe than the few candidates it removes cost to verify.
 * `tf` holds, per id, its count on the shortest list: a bound on how often anything containing that key occurs.
 */
export function intersectKeys(lists: PostingLists, idx: number[], narrowing = 0): Postings {
  if (!idx.length) return { ids: new Uint32Array(0), tf: new Uint32Array(0) };
  const order = [...idx].sort((a, b) => lists.df[a] - lists.df[b]);
  let { ids: acc, tf } = decodeList(lists, order[0], true);
  for (let k = 1; k < order.length && acc.length; k++) {
    const i = order[k];
    const before = acc.length;
    // a list much longer than the survivors is probed block by block; a comparable one is decoded and merged
    acc = lists.df[i] > acc.length * 8 ? probeIntersect(lists, i, acc, acc, tf) : intersectSorted(acc, decodeList(lists, i, false).ids, acc, tf);
    if (before - acc.length < before * narrowing) break;
  }
  return { ids: acc, tf: tf.subarray(0, acc.length) };
}

/** Bytes held by the lists, for reports. */
export function listsBytes(l: PostingLists): number {
  return [l.keys, l.df, l.offs, l.bytes, l.skipAt, l.skipPrev, l.skipOff].reduce((s, a) => s + a.byteLength, 0);
}

export const LIST_PARTS = ['keys', 'df', 'offs', 'bytes', 'skipAt', 'skipPrev', 'skipOff'] as const;
