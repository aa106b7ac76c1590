/**
 * The store seam: an index that, given a term in matching form, returns candidate unit numbers — a superset
 * of the units containing the term. Exactness is the search stage's job (it verifies every candidate), so
 * any backend works here: the compact gram index (the default), FlexSearch in memory, or later FlexSearch on PostgreSQL/Redis.
 */
import type { Postings } from './postings.js';

/** Unit numbers, ascending. */
export type Ids = number[] | Uint32Array;

/** What a unit can be filtered by, as strings (FlexSearch silently skips numeric tag values). */
export const TAG_NAMES = ['year', 'region', 'level', 'kind', 'docKind', 'stance', 'doc'] as const;
export type TagName = (typeof TAG_NAMES)[number];
export type Tags = Record<TagName, string>;
/** Values allowed per tag: any of a tag's values (OR), every tag given (AND). */
export type TagFilter = Partial<Record<TagName, string[]>>;

/** A unit handed to a store: its number, matching form and tags. */
export interface StoreUnit {
  id: number;
  text: string;
  tags?: Tags;
}

export interface TextIndex {
  /** names the implementation in the saved index */
  readonly kind: 'gram' | 'flexsearch';
  /** index many units at once (the initial build); implementations may do this much faster than add() */
  build(texts: StoreUnit[]): void;
  add(id: number, matchText: string, tags?: Tags): void;
  remove(id: number): void;
  /** candidate ids for a term (matching form), ascending; every id that contains the term is among them */
  candidates(term: string): Ids;
  /**
   * candidates(term) with, per candidate, an upper bound on the term's occurrences in it (0: no bound known), so
   * verification can stop at the first occurrence where the bound is 1
   */
  candidatesBounded?(term: string): { ids: Uint32Array; tfBound: Uint32Array };
  /** true when candidates(term) holds exactly the units containing it, so verification can be skipped */
  exact?(term: string): boolean;
  /** for a term exact() accepts: the units containing it with each one's number of occurrences */
  postings?(term: string): Postings;
  /** candidates(term) ∩ within (ascending), for a `within` much shorter than the term's lists */
  candidatesWithin?(term: string, within: Ids): Uint32Array;
  /** an upper bound on the number of units containing the term, from list lengths alone */
  dfBound?(term: string): number;
  /**
   * Units whose tags pass the filter, ascending, for stores that keep tags (a database-backed store filters
   * where the data is); stores without it leave filtering to the engine's columns.
   */
  filter?(f: TagFilter): Uint32Array;
  /** write the postings into a generation folder / read them back */
  save(dir: string): Promise<void>;
  load(dir: string): void;
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
