/**
 * A second, plain encoder of posting lists from CSR arrays (keys ascending, ids ascending within a key,
 * tf ≥ 1), written the obvious way: the tests' reference for the builder in src/index/postings-build.ts.
 */
import { BLOCK, type PostingLists } from '../../src/index/postings.js';

const varintLength = (v: number) => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);

function putVarint(out: Uint8Array, at: number, v: number): number {
  while (v >= 0x80) {
    out[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  out[at++] = v;
  return at;
}

export function encodeLists(keys: Uint32Array, offsets: Uint32Array, ids: Uint32Array, tf: ArrayLike<number>): PostingLists {
  const nk = keys.length;
  const df = new Uint32Array(nk);
  const offs = new Uint32Array(nk + 1);
  const skipAt = new Uint32Array(nk + 1);
  let size = 0;
  let skips = 0;
  for (let i = 0; i < nk; i++) {
    offs[i] = size;
    skipAt[i] = skips;
    const a = offsets[i];
    const b = offsets[i + 1];
    df[i] = b - a;
    skips += Math.max(0, Math.ceil((b - a) / BLOCK) - 1);
    let prev = -1;
    for (let j = a; j < b; j++) {
      const t = tf[j];
      size += varintLength((ids[j] - prev - 1) * 2 + (t > 1 ? 1 : 0)) + (t > 1 ? varintLength(t - 2) : 0);
      prev = ids[j];
    }
  }
  offs[nk] = size;
  skipAt[nk] = skips;
  const bytes = new Uint8Array(size);
  const skipPrev = new Uint32Array(skips);
  const skipOff = new Uint32Array(skips);
  let at = 0;
  let e = 0;
  for (let i = 0; i < nk; i++) {
    let prev = -1;
    for (let j = offsets[i], k = 0; j < offsets[i + 1]; j++, k++) {
      if (k > 0 && k % BLOCK === 0) {
        skipPrev[e] = prev;
        skipOff[e++] = at;
      }
      const t = tf[j];
      at = putVarint(bytes, at, (ids[j] - prev - 1) * 2 + (t > 1 ? 1 : 0));
      if (t > 1) at = putVarint(bytes, at, t - 2);
      prev = ids[j];
    }
  }
  return { keys, df, offs, bytes, skipAt, skipPrev, skipOff };
}

