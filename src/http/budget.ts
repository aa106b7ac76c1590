/**
 * The per-request time budget. Search, compare and trend run synchronously on the event loop, so a timer
 * cannot interrupt them; a budget that only fired afterwards would still let one request stall every other.
 * The budget is therefore enforced by bounding the work before it starts, then checked after it ends:
 *
 * 1. Before matching, the query is parsed (cheap) and refused with 400 when it has more than MAX_TERMS
 *    terms. The query string is already capped at 200 characters and `limit` at 1000 by the schemas.
 *    Matching and ranking cost grows with the number of terms (every term is verified against every
 *    candidate unit and re-checked for word boundaries in the top 200), so these caps bound the worst case.
 * 2. After the work, if it took longer than the budget the answer is 503 TIMEOUT with the reason, so a
 *    client learns the query is too expensive instead of getting a slow success. The worst case the caps
 *    allow (8 one-character OR terms with limit=1000) stays well inside the default budget, so only a
 *    pathological query (or an overloaded machine) meets it;
 *    `yaodian serve --budget MS` tightens it.
 *
 * Under `yaodian serve`, diff, compare and trend run in worker threads instead (pool.ts), where the budget is
 * preemptive: a worker past it is terminated and the client gets its 503 at once. Search stays on the main thread,
 * bounded by the caps above: it is fast, and a round trip to a worker would cost more than most searches.
 */
import { YaodianError, badQuery } from '../errors.js';
import { parseQuery, type Filters } from '../search/query.js';
import { isDictWord, tokenize } from '../text/tokenize.js';

export const MAX_TERMS = 8;
export const DEFAULT_TIME_BUDGET_MS = 3_000;

/** Refuse, before any matching, a query whose terms would scan too much. */
export function checkQueryCost(q: string | undefined, filters?: Filters): void {
  const parsed = parseQuery(q ?? '', filters);
  const terms = parsed.clauses.flat().length + parsed.excludes.length;
  if (terms > MAX_TERMS)
    throw badQuery(`the query has ${terms} terms; at most ${MAX_TERMS} are allowed (narrow it with a filter such as year:2020..2024)`);
}

/** Run synchronous engine work; refuse its result with TIMEOUT when it ran over the budget. */
export function withinBudget<T>(budgetMs: number, what: string, work: () => T): T {
  const t0 = performance.now();
  const result = work();
  const ms = performance.now() - t0;
  if (ms > budgetMs)
    throw new YaodianError('TIMEOUT', `${what} took ${Math.round(ms)} ms, over the ${budgetMs} ms budget; retry, or narrow the query (fewer or longer terms, filters)`);
  return result;
}

/**
 * Two things load on first use: the word set ranking's whole-word checks read, and the segmenter diffs run (its
 * dictionary, the larger). Paying both before serving keeps the first client from being refused for them.
 */
export function warmUp(): void {
  isDictWord('预热');
  tokenize('预热');
}
