/** GET /api/first: where a phrase first appears, and every unit it appears in, earliest first. */
import { createRoute, z } from '@hono/zod-openapi';
import { first } from '../../compare/first.js';
import { citeFirst, firstExport, type CitedFirst } from '../../export/index.js';
import { withinBudget } from '../budget.js';
import { FormatParam, jsonOrFile, origin, sendFile } from '../export.js';
import { router, type HttpContext } from '../router.js';
import { CitedFields, ERRORS_404, FilterParams, LevelSchema, RequiredQueryText, toFilters } from '../schemas.js';

const OccurrenceSchema = z
  .object({
    unitId: z.string(),
    docId: z.string(),
    region: z.string(),
    level: LevelSchema,
    date: z.string().nullable(),
    year: z.number().int(),
    quote: z.string().openapi({ description: 'the phrase with about 20 characters each side' }),
    ...CitedFields,
  })
  .openapi('Occurrence');

const FirstResultSchema = z
  .object({ phrase: z.string(), first: OccurrenceSchema, occurrences: z.array(OccurrenceSchema) })
  .openapi('FirstResult') satisfies z.ZodType<CitedFirst>;

const route = createRoute({
  method: 'get',
  path: '/first',
  tags: ['compare'],
  summary: 'The first appearance of a phrase (taken literally, not as a query) and all later ones',
  request: {
    query: z.strictObject({ q: RequiredQueryText.openapi({ description: 'a phrase, matched as one contiguous string', example: '揭榜挂帅' }), format: FormatParam, ...FilterParams }),
  },
  responses: { ...jsonOrFile(FirstResultSchema, 'occurrences in date order'), ...ERRORS_404 },
});

export function firstRoutes({ engine, timeBudgetMs }: HttpContext) {
  return router().openapi(route, async (c) => {
    const { q, format, ...params } = c.req.valid('query');
    const filters = toFilters(params);
    // one literal term of at most 200 characters: its cost is bounded without a term count
    const result = withinBudget(timeBudgetMs, 'the precedent search', () => first(engine, q, filters));
    if (format) return sendFile(c, firstExport(result, engine, { baseUrl: origin(c) }), format);
    return c.json(citeFirst(result, engine), 200);
  });
}
