/** GET /api/new: the CLI's `new <doc> --json` — a report's 新提法 and its strength shifts. */
import { createRoute, z } from '@hono/zod-openapi';
import { newPhrases, NewQuery, type NewResult } from '../../compare/new.js';
import { newExport } from '../../export/index.js';
import { withinBudget } from '../budget.js';
import { FormatParam, jsonOrFile, origin, sendFile } from '../export.js';
import { router, type HttpContext } from '../router.js';
import { ERRORS_404, LevelSchema, ShiftSchema } from '../schemas.js';

const DocRefSchema = z
  .object({ id: z.string(), title: z.string(), region: z.string(), level: LevelSchema, date: z.string().nullable(), year: z.number().int() })
  .openapi('DocRef');

const NewPhraseSchema = z
  .object({
    phrase: z.string().openapi({ description: 'as the document writes it at its first occurrence', example: '新质生产力' }),
    match: z.string().openapi({ description: 'the matching form checked against the earlier documents' }),
    count: z.number().int().openapi({ description: 'occurrences in the document' }),
    inTitles: z.number().int().openapi({ description: 'headings that contain it' }),
    quoted: z.number().int().openapi({ description: 'occurrences in quotation marks' }),
    salience: z.number(),
    firstUnit: z.string(),
    quote: z.string().openapi({ description: 'the first occurrence with about 20 characters each side' }),
    takenUpBy: z.array(DocRefSchema.extend({ unitId: z.string() })).openapi({ description: 'the earliest later documents that used it, oldest first' }),
    laterDocuments: z.number().int(),
  })
  .openapi('NewPhrase');

const ShiftSummarySchema = z
  .object({
    previous: DocRefSchema,
    shifts: z.array(
      ShiftSchema.extend({
        label: z.string(),
        a: z.string().openapi({ description: 'unit of the previous report' }),
        b: z.string().openapi({ description: 'unit of this report' }),
        was: z.string(),
        now: z.string(),
      }),
    ),
    up: z.number().int(),
    down: z.number().int(),
    stances: z.array(
      z.object({
        ladder: z.string(),
        label: z.string(),
        was: z.string().nullable(),
        now: z.string().nullable(),
        direction: z.enum(['up', 'down']).nullable(),
      }),
    ),
  })
  .openapi('ShiftSummary');

const NewResultSchema = z
  .object({
    doc: DocRefSchema,
    against: z.enum(['level', 'all']),
    earlierDocuments: z.number().int(),
    total: z.number().int().openapi({ description: 'phrases found, before the limit' }),
    phrases: z.array(NewPhraseSchema),
    shifts: ShiftSummarySchema.nullable().openapi({ description: 'against the same issuer’s previous report; null without one' }),
  })
  .openapi('NewResult') satisfies z.ZodType<NewResult>;

const route = createRoute({
  method: 'get',
  path: '/new',
  tags: ['compare'],
  summary: 'What a report says for the first time (新提法), and its strength shifts against the issuer’s previous report',
  request: {
    query: z.strictObject({
      doc: z.string().min(1).max(300).openapi({ param: { name: 'doc', in: 'query' }, example: 'state-council-2024' }),
      ...NewQuery.shape,
      format: FormatParam,
    }),
  },
  responses: { ...jsonOrFile(NewResultSchema, 'the new phrases, most salient first'), ...ERRORS_404 },
});

export function newRoutes({ engine, timeBudgetMs }: HttpContext) {
  return router().openapi(route, async (c) => {
    const { doc, format, ...q } = c.req.valid('query');
    const result = withinBudget(timeBudgetMs, 'the new phrases', () => newPhrases(engine, doc, q));
    if (format) return sendFile(c, newExport(result, engine, { baseUrl: origin(c) }), format);
    return c.json(result, 200);
  });
}
