/** GET /api/indicators: the CLI's `indicators --json`; /plan-vs-actual: its `--plan-vs-actual --json`; ?format= for a file. */
import { createRoute, z } from '@hono/zod-openapi';
import { IndicatorQuery, indicators, planVsActual, QUALIFIERS, type Indicator, type PlanVsActual } from '../../indicators/index.js';
import { indicatorsExport, planVsActualExport } from '../../export/index.js';
import { withinBudget } from '../budget.js';
import { FormatParam, jsonOrFile, origin, sendFile } from '../export.js';
import { router, type HttpContext } from '../router.js';
import { ERRORS, LevelSchema } from '../schemas.js';

const IndicatorSchema = z
  .object({
    name: z.string(),
    value: z.number(),
    valueMax: z.number().optional().openapi({ description: 'upper end of a range such as 6%－6.5%' }),
    unit: z.string(),
    display: z.string().openapi({ description: 'the figure as written, e.g. 2.45万亿元' }),
    qualifier: z.array(z.enum(QUALIFIERS)),
    growth: z.number().nullable(),
    stance: z.enum(['target', 'actual']),
    year: z.number().int(),
    region: z.string(),
    level: LevelSchema,
    docId: z.string(),
    unitId: z.string(),
    quote: z.string(),
    start: z.number().int(),
    end: z.number().int(),
  })
  .openapi('Indicator') satisfies z.ZodType<Indicator>;

const PlanVsActualSchema = z
  .object({
    region: z.string(),
    name: z.string(),
    year: z.number().int(),
    unit: z.string(),
    increment: z.boolean(),
    target: IndicatorSchema.nullable(),
    actual: IndicatorSchema.nullable(),
    attainment: z.number().nullable().openapi({ description: 'actual / target × 100' }),
  })
  .openapi('PlanVsActual') satisfies z.ZodType<PlanVsActual>;

// the indicators module's own schema, made strict so a misspelt parameter is an error, not ignored
const query = z.strictObject({ ...IndicatorQuery.shape, format: FormatParam });

const list = createRoute({
  method: 'get',
  path: '/indicators',
  tags: ['indicators'],
  summary: 'Quantitative targets and outcomes stated in the reports',
  request: { query },
  responses: { ...jsonOrFile(z.array(IndicatorSchema), 'every matching figure, in document order'), ...ERRORS },
});

const pva = createRoute({
  method: 'get',
  path: '/indicators/plan-vs-actual',
  tags: ['indicators'],
  summary: 'Per region, indicator and year: the target, the actual and attainment',
  request: { query },
  responses: { ...jsonOrFile(z.array(PlanVsActualSchema), 'one row per region, indicator and year'), ...ERRORS },
});

export function indicatorRoutes({ engine, timeBudgetMs }: HttpContext) {
  return router()
    .openapi(list, async (c) => {
      const { format, ...filters } = c.req.valid('query');
      const figures = withinBudget(timeBudgetMs, 'indicators', () => indicators(engine, filters));
      if (format) return sendFile(c, indicatorsExport(figures, filters, engine, { baseUrl: origin(c) }), format);
      return c.json(figures, 200);
    })
    .openapi(pva, async (c) => {
      const { format, ...filters } = c.req.valid('query');
      const rows = withinBudget(timeBudgetMs, 'plan vs actual', () => planVsActual(engine, filters));
      if (format) return sendFile(c, planVsActualExport(rows, filters, engine, { baseUrl: origin(c) }), format);
      return c.json(rows, 200);
    });
}
