/**
 * The store seam: an index that, given a term in matching form, returns candidate unit numbers — a superset
 * of the units containing the term. Exactness is the search stage's job (it verifies every candidate), so
 * any backend works here: the compact gram index (the default), FlexSearch in memory, or later FlexSearch on PostgreSQL/Redis.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type FlexSearchModule from 'flexsearch';
import { writeFileAtomic } from './persist-io.js';
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

type Flex = InstanceType<typeof FlexSearchModule.Document>;

/** Loaded when a FlexSearch store is made: processes on the default store do not pay for the library. */
let flexsearch: typeof FlexSearchModule | null = null;

function makeFlex(): Flex {
  flexsearch ??= createRequire(import.meta.url)('flexsearch') as typeof FlexSearchModule;
  return new flexsearch.Document({
    document: {
      id: 'id',
      index: [
        // unigrams serve one-character queries (锂); bigrams serve the rest
        { field: 'u', tokenize: 'strict', encode: unigrams, resolution: 1 },
        { field: 'b', tokenize: 'strict', encode: bigrams, resolution: 1 },
      ],
      tag: TAG_NAMES.map((field) => ({ field })),
      store: false,
    },
    // fastupdate (a reverse map for fast removal) breaks import() in FlexSearch 0.8.212: "c.add is not a function"
    fastupdate: false,
  });
}

export class FlexTextIndex implements TextIndex {
  readonly kind = 'flexsearch';
  private flex: Flex = makeFlex();
  private size = 0;

  build(texts: StoreUnit[]): void {
    for (const t of texts) this.add(t.id, t.text, t.tags);
  }

  add(id: number, matchText: string, tags?: Tags): void {
    this.flex.add({ id, u: matchText, b: matchText, ...tags });
    this.size++;
  }

  /**
   * One tag-only search per tag name: FlexSearch answers each value's list, and would OR several tag names
   * in one query, so the union per name and the intersection across names are done here.
   */
  filter(f: TagFilter): Uint32Array {
    let acc: Set<number> | null = null;
    for (const name of TAG_NAMES) {
      const values = f[name];
      if (!values) continue;
      const union = new Set<number>();
      for (const value of values) {
        const res = this.flex.search({ tag: { [name]: value }, limit: Number.MAX_SAFE_INTEGER }) as unknown as { result: number[] }[];
        for (const r of res) for (const id of r.result) if (!acc || acc.has(id)) union.add(id);
      }
      acc = union;
    }
    return Uint32Array.from(acc ?? []).sort();
  }

  remove(id: number): void {
    this.flex.remove(id);
    this.size--;
  }

  private lookup(field: 'u' | 'b', token: string): number[] {
    // synchronous for an in-memory index; the type also covers the async (worker/db) variants
    const res = this.flex.search({ query: token, field, limit: Number.MAX_SAFE_INTEGER, suggest: false }) as unknown as {
      result: number[];
    }[];
    return res.length ? res[0].result : [];
  }

  candidates(term: string): number[] {
    const chars = Array.from(term);
    // FlexSearch returns ids in its own order; the search stage intersects ascending lists
    if (chars.length === 1) return this.lookup('u', term).slice().sort((a, b) => a - b);
    // FlexSearch ANDs the tokens of one query string; query each probe separately to control the cost
    let acc: number[] | null = null;
    const lists = probeGrams(term).map((g) => this.lookup('b', g));
    lists.sort((a, b) => a.length - b.length);
    for (const list of lists) {
      if (acc === null) acc = list;
      else {
        const set = new Set(list);
        acc = acc.filter((x) => set.has(x));
      }
      if (acc.length === 0) break;
    }
    return (acc ?? []).slice().sort((a, b) => a - b);
  }

  async save(dir: string): Promise<void> {
    const chunks: Record<string, string> = {};
    await this.flex.export((key: string, data: string) => {
      chunks[key] = data;
    });
    writeFileAtomic(join(dir, 'flexsearch.json'), JSON.stringify(chunks));
  }

  load(dir: string): void {
    this.flex = makeFlex();
    const chunks = JSON.parse(readFileSync(join(dir, 'flexsearch.json'), 'utf8')) as Record<string, string>;
    for (const [k, v] of Object.entries(chunks)) this.flex.import(k, v);
  }
}
