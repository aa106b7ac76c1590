/** GET /api/compare: one policy's timeline across documents, by query or by a unit's counterparts. */
import { createRoute, z } from '@hono/zod-openapi';
import { compare, type CompareResult } from '../../compare/timeline.js';
import { checkQueryCost, withinBudget } from '../budget.js';
import { router, type HttpContext } from '../router.js';
import { DiffOpSchema, ERRORS_404, FilterParams, json, LevelSchema, QueryText, StanceSchema, toFilters, UnitKindSchema } from '../schemas.js';

const TimelineEntrySchema = z
  .object({
    unitId: z.string(),
    docId: z.string(),
    docTitle: z.string(),
    title: z.string(),
    kind: UnitKindSchema,
    region: z.string(),
    level: LevelSchema,
    year: z.number().int(),
    date: z.string().nullable(),
    stance: StanceSchema,
    text: z.string(),
    window: z.tuple([z.number().int(), z.number().int()]).openapi({ description: '[start, end) of the compared sentences in text' }),
    similarity: z.number(),
    diff: z.array(DiffOpSchema).nullable().openapi({ description: 'from the previous entry; null on the first' }),
  })
  .openapi('TimelineEntry');

const CompareResultSchema = z
  .object({ query: z.string(), seed: z.string().nullable(), timeline: z.array(TimelineEntrySchema) })
  .openapi('CompareResult') satisfies z.ZodType<CompareResult>;

const query = z
  .strictObject({
    q: QueryText.optional(),
    unit: z.string().min(1).max(300).optional().openapi({ description: 'follow this unit instead of a query', example: 'sichuan-2022-work-points:t3' }),
    ...FilterParams,
  })
  .refine((p) => (p.q === undefined) !== (p.unit === undefined), { message: 'give either q or unit', path: ['q'] });

const route = createRoute({
  method: 'get',
  path: '/compare',
  tags: ['compare'],
  summary: 'How one policy is worded across documents, in date order, each entry diffed against the previous',
  request: { query },
  responses: { ...json(CompareResultSchema, 'the timeline'), ...ERRORS_404 },
});

export function compareRoutes({ engine, timeBudgetMs }: HttpContext) {
  return router().openapi(route, (c) => {
    const { q, unit, ...params } = c.req.valid('query');
    const filters = toFilters(params);
    if (q !== undefined) checkQueryCost(q, filters);
    const result = withinBudget(timeBudgetMs, 'the comparison', () => compare(engine, { query: q, unitId: unit, filters }));
    return c.json(result, 200);
  });
}
