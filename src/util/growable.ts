/** Typed arrays that grow by doubling: the one way reused buffers and per-key tables get bigger. */

export type TypedArray = Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | Float64Array;

/** Capacity for n elements: the power of two at or above n, and at least `min`. */
export const capacityFor = (n: number, min = 256): number => Math.max(min, 2 ** Math.ceil(Math.log2(Math.max(1, n))));

/**
 * `a` when it holds n elements; otherwise an array of the same type with room for n (`capacityFor`) that starts
 * with a's values and has `fill` after them.
 */
export function ensureLength<T extends TypedArray>(a: T, n: number, fill = 0): T {
  if (n <= a.length) return a;
  const b = new (a.constructor as new (length: number) => T)(capacityFor(n, a.length * 2));
  b.set(a);
  if (fill) b.fill(fill, a.length);
  return b;
}
