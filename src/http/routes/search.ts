/** GET /api/search: the CLI's `search --json`, with filters in the query or as parameters. */
import { createRoute, z } from '@hono/zod-openapi';
import { search } from '../../search/search.js';
import { checkQueryCost, withinBudget } from '../budget.js';
import { router, type HttpContext } from '../router.js';
import { ERRORS, FilterParams, json, Limit, Offset, QueryText, SearchResultSchema, toFilters } from '../schemas.js';

const route = createRoute({
  method: 'get',
  path: '/search',
  tags: ['search'],
  summary: 'Full-text search over units',
  description: 'Exact substring matching in the normalised form; q may be omitted when a filter parameter is given.',
  request: { query: z.strictObject({ q: QueryText.optional(), limit: Limit, offset: Offset, ...FilterParams }) },
  responses: { ...json(SearchResultSchema, 'ranked hits with facets over all matches'), ...ERRORS },
});

export function searchRoutes(ctx: HttpContext) {
  return router().openapi(route, (c) => {
    const { q, limit, offset, ...params } = c.req.valid('query');
    const filters = toFilters(params);
    checkQueryCost(q, filters);
    const result = withinBudget(ctx.timeBudgetMs, 'the search', () => search(ctx.engine, q ?? '', { limit, offset, filters }));
    return c.json(result, 200);
  });
}
