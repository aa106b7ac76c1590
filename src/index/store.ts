/** The store seam (TextIndex) and the grams that stores index. */
import type { Postings } from './postings.js';
import { filterIds, intersectSorted } from '../util/sorted.js';

/** Unit numbers, ascending. */
export type Ids = number[] | Uint32Array;

/** What a unit can be filtered by, as strings (FlexSearch silently skips numeric tag values). */
export const TAG_NAMES = ['year', 'region', 'level', 'kind', 'docKind', 'stance', 'doc'] as const;
export type TagName = (typeof TAG_NAMES)[number];
/** A unit's tag values; a unit about several years (an outlook) has each of them. */
export type Tags = Record<TagName, string | string[]>;
/** Values allowed per tag: any of a tag's values (OR), every tag given (AND). */
export type TagFilter = Partial<Record<TagName, string[]>>;

/** A unit handed to a store: its number, matching form and tags. */
export interface StoreUnit {
  id: number;
  text: string;
  tags?: Tags;
}

/** Where a term occurs, as verification against the units' matching forms finds it. */
export type Verify = (ids: Ids, term: string, tfBound?: Uint32Array) => Postings;

/** One term of a query, looked up. */
export interface TermMatch {
  /** the units containing the term (within the `within` asked for), ascending */
  ids: Ids;
  /**
   * how many units contain the term, for its BM25 weight: exact when it was looked up in the whole index; when
   * looked up among a few units only, the store's upper bound (dfBound), since counting it exactly would mean
   * looking it up in full
   */
  df: number;
  /** per unit of `ids`, its occurrences (and first position when verification saw it), when known */
  post?: Postings;
}

/**
 * The store seam. A store gives candidates for a term — a superset of the units containing it — and the search
 * stage verifies them against the text, so any backend works: the compact gram index (the default), FlexSearch
 * in memory, or FlexSearch on a database. The methods with a body are what matching calls; their defaults work
 * from `candidates` alone, and a store that knows more (exact short terms, occurrence counts, list lengths, its
 * own tag filter) overrides them, the way jsdiff's diff classes override the base Diff's hooks.
 */
export abstract class TextIndex {
  /** names the implementation in the saved index (src/index/stores.ts makes one from it) */
  abstract readonly kind: string;
  /** index many units at once (the initial build); implementations may do this much faster than add() */
  abstract build(texts: StoreUnit[]): void;
  abstract add(id: number, matchText: string, tags?: Tags): void;
  abstract remove(id: number): void;
  /** candidate ids for a term (matching form), ascending; every id that contains the term is among them */
  abstract candidates(term: string): Ids;
  /**
   * For a store whose lists are in a database: fetch the lists of a query's terms before the (synchronous) search
   * asks for them. Embedded stores have nothing to fetch.
   */
  prefetch?(terms: string[]): Promise<void>;
  /** write the postings into a generation folder / read them back */
  abstract save(dir: string): Promise<void>;
  abstract load(dir: string): void;

  /**
   * The units containing `term` — among `within` (ascending) when given: the survivors of a query's earlier
   * terms — with their occurrence counts. By default: the candidates, verified.
   */
  match(term: string, verify: Verify, within?: Ids): TermMatch {
    const post = verify(this.candidates(term), term);
    return { ids: within ? intersectSorted(within, post.ids) : post.ids, df: post.ids.length, post };
  }

  /**
   * An upper bound on the number of units containing the term, from what the store knows cheaply, so that a
   * query's AND terms are looked up rarest first. By default none is known: the terms go in query order.
   */
  dfBound(_term: string): number {
    return Infinity;
  }

  /** true when the store keeps each unit's tags (add() is given them) and filters by them itself */
  readonly filtersByTags: boolean = false;

  /**
   * The members of `hits` that pass a query's filters. By default the engine's own check (`keep`) decides; a
   * store that keeps tags filters where its data is (`tags()` gives the filter as tag values).
   */
  filter(hits: Ids, _tags: () => TagFilter, keep: (n: number) => boolean): Ids {
    return filterIds(hits, keep);
  }
}

/** Every character once. */
export function unigrams(s: string): string[] {
  return [...new Set(Array.from(s))];
}

/** Every adjacent pair once. */
export function bigrams(s: string): string[] {
  const a = Array.from(s);
  const out = new Set<string>();
  for (let i = 0; i + 1 < a.length; i++) out.add(a[i] + a[i + 1]);
  return [...out];
}

/**
 * A few bigrams spread over a term are enough to find candidates; verification removes the rest.
 * Intersecting all of a long phrase's bigrams costs more than it saves.
 */
export function probeGrams(term: string, max = 4): string[] {
  const all = bigrams(term);
  if (all.length <= max) return all;
  const picked = new Set<string>();
  for (let k = 0; k < max; k++) picked.add(all[Math.round((k * (all.length - 1)) / (max - 1))]);
  return [...picked];
}
