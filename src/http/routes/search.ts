/** GET /api/search: the CLI's `search --json`, with filters in the query or as parameters; ?format= for a file. */
import { createRoute, z } from '@hono/zod-openapi';
import { search, MAX_LIMIT } from '../../search/search.js';
import { prefetchQuery } from '../../search/prefetch.js';
import { citeSearch, searchExport } from '../../export/index.js';
import { checkQueryCost, withinBudget } from '../budget.js';
import { FormatParam, jsonOrFile, origin, sendFile } from '../export.js';
import { router, type HttpContext } from '../router.js';
import { ERRORS, FilterParams, Limit, Offset, QueryText, SearchResultSchema, toFilters } from '../schemas.js';

const route = createRoute({
  method: 'get',
  path: '/search',
  tags: ['search'],
  summary: 'Full-text search over units',
  description: `Exact substring matching in the normalised form; q may be omitted when a filter parameter is given. A file (?format=) holds up to ${MAX_LIMIT} hits unless limit says otherwise.`,
  request: { query: z.strictObject({ q: QueryText.optional(), limit: Limit, offset: Offset, format: FormatParam, ...FilterParams }) },
  responses: { ...jsonOrFile(SearchResultSchema, 'ranked hits with facets over all matches'), ...ERRORS },
});

export function searchRoutes(ctx: HttpContext) {
  return router().openapi(route, async (c) => {
    const { q, limit, offset, format, ...params } = c.req.valid('query');
    const filters = toFilters(params);
    checkQueryCost(q, filters);
    await prefetchQuery(ctx.engine, q ?? '', filters);
    const options = { limit: limit ?? (format ? MAX_LIMIT : undefined), offset, filters };
    const result = withinBudget(ctx.timeBudgetMs, 'the search', () => search(ctx.engine, q ?? '', options));
    if (format) return sendFile(c, searchExport({ result, offset }, ctx.engine, { baseUrl: origin(c) }), format);
    return c.json(citeSearch(result, ctx.engine), 200);
  });
}
