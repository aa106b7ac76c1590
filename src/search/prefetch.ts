/**
 * Before a search on a store whose lists live in a database: fetch the lists of the query's terms, so the
 * synchronous search that follows finds them in memory. A no-op for the embedded stores.
 */
import type { Engine } from '../index/engine.js';
import { parseQuery, type Filters } from './query.js';

export async function prefetchQuery(engine: Engine, q: string, filters: Filters = {}): Promise<void> {
  if (!engine.index.prefetch) return;
  let terms: string[];
  try {
    const parsed = parseQuery(q, filters);
    // an excluded term is checked in each hit's text, never looked up: it has no list to fetch
    terms = parsed.clauses.flat();
  } catch {
    return; // the search itself reports what is wrong with the query
  }
  await engine.index.prefetch(terms);
}
