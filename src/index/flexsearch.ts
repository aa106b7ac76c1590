/** FlexSearch Document as a store: unigram and bigram fields, filters as string tags (AND-ed here). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type FlexSearchModule from 'flexsearch';
import * as z from 'zod';
import { IndexFileError, writeFileAtomic } from '../util/files.js';
import { bigrams, probeGrams, TAG_NAMES, TextIndex, unigrams, type Ids, type StoreUnit, type TagFilter, type Tags } from './store.js';
import { intersectAll, intersectSorted } from '../util/sorted.js';

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

export class FlexTextIndex extends TextIndex {
  readonly kind = 'flexsearch';
  override readonly filtersByTags = true;
  private flex: Flex = makeFlex();
  private size = 0;

  build(texts: StoreUnit[]): void {
    for (const t of texts) this.add(t.id, t.text, t.tags);
  }

  add(id: number, matchText: string, tags?: Tags): void {
    this.flex.add({ id, u: matchText, b: matchText, ...tags });
    this.size++;
  }

  /** The hits with the tags asked for, from FlexSearch's tag lists. */
  override filter(hits: Ids, tags: () => TagFilter, _keep: (n: number) => boolean): Ids {
    return intersectSorted(hits, this.tagged(tags()));
  }

  /**
   * One tag-only search per tag name: FlexSearch answers each value's list, and would OR several tag names
   * in one query, so the union per name and the intersection across names are done here.
   */
  private tagged(f: TagFilter): Uint32Array {
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

  candidates(term: string): Ids {
    // FlexSearch returns ids in its own order; the search stage intersects ascending lists
    const sorted = (ids: number[]) => Uint32Array.from(ids).sort();
    if (Array.from(term).length === 1) return sorted(this.lookup('u', term));
    // FlexSearch ANDs the tokens of one query string; query each probe separately to control the cost
    return intersectAll(probeGrams(term).map((g) => sorted(this.lookup('b', g))));
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
    const path = join(dir, 'flexsearch.json');
    const chunks = z.record(z.string(), z.string()).safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!chunks.success) throw new IndexFileError(path, 'not a FlexSearch export (an object of strings)');
    for (const [k, v] of Object.entries(chunks.data)) this.flex.import(k, v);
  }
}
