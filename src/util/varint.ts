/**
 * Unsigned LEB128 varints: seven bits a byte, low bits first, the high bit set on every byte but the last.
 * The posting lists are gaps of a few units, so most numbers take one byte.
 */

/** Bytes that `v` (below 2^35) takes. */
export const varintLength = (v: number): number => (v < 0x80 ? 1 : v < 0x4000 ? 2 : v < 0x200000 ? 3 : v < 0x10000000 ? 4 : 5);

/** Write `v` (below 2^32) at bytes[at]; returns the offset after it. */
export function writeVarint(bytes: Uint8Array, at: number, v: number): number {
  while (v >= 0x80) {
    bytes[at++] = (v & 0x7f) | 0x80;
    v >>>= 7;
  }
  bytes[at++] = v;
  return at;
}

/**
 * The varint at bytes[at] (below 2^31: it is read with 32-bit operators); the next one starts varintLength(value)
 * bytes on, as every varint is written in as few bytes as it needs. The posting lists' decoding loops read the
 * same way inline (postings.ts says why).
 */
export function readVarint(bytes: Uint8Array, at: number): number {
  let b = bytes[at++];
  let v = b & 0x7f;
  for (let shift = 7; b & 0x80; shift += 7) {
    b = bytes[at++];
    v |= (b & 0x7f) << shift;
  }
  return v;
}
