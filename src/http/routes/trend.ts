/** GET /api/trend: how many units match a query, and how often its terms occur, by year and by region. */
import { createRoute, z } from '@hono/zod-openapi';
import { trend, type TrendResult } from '../../compare/trend.js';
import { checkQueryCost } from '../budget.js';
import { offload } from '../pool.js';
import { trendExport } from '../../export/index.js';
import { FormatParam, jsonOrFile, sendFile } from '../export.js';
import { router, type HttpContext } from '../router.js';
import { ERRORS, FilterParams, QueryText, toFilters } from '../schemas.js';

const CountSchema = z.object({ units: z.number().int(), occurrences: z.number().int() }).openapi('Count');

const TrendResultSchema = z
  .object({
    query: z.string(),
    total: CountSchema,
    byYear: z.record(z.string(), CountSchema).openapi({ description: 'keyed by the year a unit is about, ascending' }),
    byRegion: z.record(z.string(), CountSchema).openapi({ description: 'most units first' }),
  })
  .openapi('TrendResult') satisfies z.ZodType<TrendResult>;

const route = createRoute({
  method: 'get',
  path: '/trend',
  tags: ['compare'],
  summary: 'Matching units and term occurrences per year and per region',
  request: { query: z.strictObject({ q: QueryText.optional(), format: FormatParam, ...FilterParams }) },
  responses: { ...jsonOrFile(TrendResultSchema, 'counts'), ...ERRORS },
});

export function trendRoutes({ engine, timeBudgetMs, pool }: HttpContext) {
  return router().openapi(route, async (c) => {
    const { q, format, ...params } = c.req.valid('query');
    const filters = toFilters(params);
    checkQueryCost(q, filters);
    const result = await offload<TrendResult>(pool, 'trend', { q: q ?? '', filters }, timeBudgetMs, 'the trend', () => trend(engine, q ?? '', filters));
    if (format) return sendFile(c, trendExport(result), format);
    return c.json(result, 200);
  });
}
