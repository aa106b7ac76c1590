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
 * Reads varints one after another. A cursor rather than a function returning (value, next offset): the
 * decoding loops keep it in a local, and V8 then keeps its offset in a register as it would a plain variable.
 * Values are read with 32-bit operators, so they must stay below 2^31.
 */
export class VarintReader {
  constructor(
    readonly bytes: Uint8Array,
    /** the offset of the next varint */
    public at: number,
  ) {}

  next(): number {
    const bytes = this.bytes;
    let b = bytes[this.at++];
    let v = b & 0x7f;
    for (let shift = 7; b & 0x80; shift += 7) {
      b = bytes[this.at++];
      v |= (b & 0x7f) << shift;
    }
    return v;
  }

  /** Step over one varint without decoding it. */
  skip(): void {
    while (this.bytes[this.at++] & 0x80);
  }
}
