/** Ascending lists of unit numbers: the one intersection and filter every stage uses. */

/** Ascending unit numbers. */
export type SortedIds = ArrayLike<number>;

/**
 * The members of ascending `a` that are also in ascending `b`, by one merge. `out` may be `a` itself when it is
 * a Uint32Array (the result only shrinks, so a write never passes a read): a fresh typed array per intersection
 * is an off-heap allocation that costs more than merging a hundred ids. `carry`, one value per member of `a`,
 * is compacted alongside.
 */
export function intersectSorted(a: SortedIds, b: SortedIds, out: Uint32Array = new Uint32Array(a.length), carry?: Uint32Array): Uint32Array {
  let n = 0;
  let j = 0;
  for (let i = 0; i < a.length && j < b.length; i++) {
    const x = a[i];
    while (j < b.length && b[j] < x) j++;
    if (j < b.length && b[j] === x) {
      if (carry) carry[n] = carry[i];
      out[n++] = x;
    }
  }
  return out.subarray(0, n);
}

/** The intersection of several ascending lists, shortest first (each merge is then bounded by the survivors). */
export function intersectAll<T extends SortedIds>(lists: T[]): T | Uint32Array {
  if (!lists.length) return new Uint32Array(0);
  const [first, ...rest] = [...lists].sort((x, y) => x.length - y.length);
  if (!rest.length) return first;
  // the first merge writes a fresh array, which the later ones narrow in place
  let acc: Uint32Array = intersectSorted(first, rest[0]);
  for (let k = 1; k < rest.length && acc.length; k++) acc = intersectSorted(acc, rest[k], acc);
  return acc;
}

/** The members of `ids` that `keep` accepts, in order. */
export function filterIds(ids: SortedIds, keep: (n: number) => boolean): Uint32Array {
  const out = new Uint32Array(ids.length);
  let k = 0;
  for (let i = 0; i < ids.length; i++) if (keep(ids[i])) out[k++] = ids[i];
  return out.subarray(0, k);
}

/** The ascending union of several lists (each in any order). */
export function unionAll(lists: Iterable<SortedIds>): Uint32Array {
  const all = new Set<number>();
  for (const list of lists) for (let i = 0; i < list.length; i++) all.add(list[i]);
  return Uint32Array.from(all).sort();
}
