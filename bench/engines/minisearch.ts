/**
 * MiniSearch over character grams of the matching form: the index holds every unigram and bigram of a unit;
 * a query term becomes its bigrams (or its one character), all ANDed. That finds every unit containing
 * the term, plus units that contain its bigrams apart — MiniSearch has no positions to verify with.
 */
import MiniSearch, { type SearchResult } from 'minisearch';
import type { Doc } from '../../src/types.js';
import { countFacets, passes, unitRows, type BenchEngine, type Query, type UnitRow } from '../types.js';

/** Unigrams and bigrams, for indexing. */
function grams(text: string): string[] {
  const a = Array.from(text);
  const out: string[] = [...a];
  for (let i = 0; i + 1 < a.length; i++) out.push(a[i] + a[i + 1]);
  return out;
}

/** A query term's bigrams, or its one character. */
function queryGrams(term: string): string[] {
  const a = Array.from(term);
  if (a.length === 1) return a;
  const out = new Set<string>();
  for (let i = 0; i + 1 < a.length; i++) out.add(a[i] + a[i + 1]);
  return [...out];
}

type Stored = Pick<UnitRow, 'year' | 'yearTo' | 'region' | 'level' | 'kind'>;

export class MiniSearchEngine implements BenchEngine {
  private ms = new MiniSearch<UnitRow>({
    idField: 'id',
    fields: ['match'],
    storeFields: ['year', 'yearTo', 'region', 'level', 'kind'],
    tokenize: grams,
    processTerm: (t) => t,
    searchOptions: { combineWith: 'AND', tokenize: queryGrams, processTerm: (t) => t },
  });

  build(docs: Doc[]): void {
    this.ms.addAll(unitRows(docs));
  }

  private results(q: Query) {
    const filtered = q.year !== undefined || q.region !== undefined;
    const filter = (r: SearchResult) => passes(r as unknown as Stored, q);
    return this.ms.search({ combineWith: 'AND', queries: q.terms }, filtered ? { filter } : {});
  }

  run(q: Query): unknown {
    const res = this.results(q);
    const ids = res.map((r) => r.id as number);
    return q.facets ? { ids, facets: countFacets(res as unknown as Stored[]) } : ids;
  }

  hits(q: Query): number[] {
    return this.results(q).map((r) => r.id as number);
  }

  async indexBytes(): Promise<number> {
    return jsonBytes(this.ms.toJSON());
  }
}

/** UTF-8 size of JSON.stringify(value), piecewise when the whole would exceed V8's string limit. */
export function jsonBytes(value: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch (e) {
    if (!(e instanceof RangeError)) throw e;
    if (Array.isArray(value)) return 2 + Math.max(0, value.length - 1) + value.reduce((s: number, v) => s + jsonBytes(v), 0);
    if (value instanceof Map) return jsonBytes([...value.entries()]);
    const entries = Object.entries(value as object);
    return 2 + Math.max(0, entries.length - 1) + entries.reduce((s, [k, v]) => s + jsonBytes(k) + 1 + jsonBytes(v), 0);
  }
}
