/**
 * /api/compare: one policy's timeline across documents, by term, by statement or by a unit's counterparts.
 * GET takes the query in the URL; POST takes the same parameters as a JSON body, for a pasted paragraph too
 * long to travel comfortably in a URL. Statements may be 2,000 characters long on this route (other routes
 * keep the 200 of the query language: a statement is scored in one linear pass, a query's terms are not).
 */
import { createRoute, z } from '@hono/zod-openapi';
import { compare, type CompareOptions, type CompareResult } from '../../compare/timeline.js';
import { classifyQuery, STATEMENT_MAX } from '../../compare/query-kind.js';
import { checkQueryCost } from '../budget.js';
import { offload } from '../pool.js';
import { citeCompare, compareExport, type CitedCompare } from '../../export/index.js';
import { FormatParam, jsonOrFile, origin, sendFile } from '../export.js';
import { router, type HttpContext } from '../router.js';
import { CitedFields, DiffOpSchema, ERRORS_404, FilterParams, json, LevelSchema, StanceSchema, toFilters, UnitKindSchema } from '../schemas.js';

const RoleSchema = z.object({ stance: StanceSchema, mention: z.enum(['focus', 'list', 'glossary']) }).openapi('Role');

const WhySchema = z
  .object({
    anchors: z.array(z.string()).openapi({ description: 'the terms found, or the rarest words of the statement found in the sentence' }),
    role: RoleSchema,
    note: z.string().openapi({ description: 'why this sentence and not another of the same document' }),
  })
  .openapi('Why');

const span = (description: string) => z.tuple([z.number().int(), z.number().int()]).openapi({ description });

const TimelineEntrySchema = z
  .object({
    type: z.literal('entry'),
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
    sentence: span('[start, end) of the matched sentence in text'),
    window: span('[start, end) of what is diffed in text: the sentence, or the whole unit in the paragraph view'),
    similarity: z.number(),
    why: WhySchema,
    diff: z.array(DiffOpSchema).nullable().openapi({ description: 'from the previous entry; null on the first' }),
    ...CitedFields,
  })
  .openapi('TimelineEntry');

const TimelineGapSchema = z
  .object({
    type: z.literal('gap'),
    docId: z.string(),
    docTitle: z.string(),
    region: z.string(),
    level: LevelSchema,
    year: z.number().int(),
    date: z.string().nullable(),
    reason: z.string().openapi({ example: 'not in 2020年国务院政府工作报告' }),
    citation: z.string().openapi({ description: 'GB/T 7714 entry of the document where it was looked for' }),
  })
  .openapi('TimelineGap');

const CompareResultSchema = z
  .object({
    query: z.string(),
    kind: z.enum(['term', 'statement', 'unit']),
    seed: z.string().nullable(),
    view: z.enum(['sentence', 'paragraph']),
    threshold: z.number().nullable(),
    timeline: z.array(z.discriminatedUnion('type', [TimelineEntrySchema, TimelineGapSchema])),
    permalink: z.string().openapi({
      description: 'the page of this comparison, with everything it was asked with (as, view, hideGaps, filters)',
      example: '/compare?q=基础研究十年行动&view=paragraph&hideGaps=true',
    }),
  })
  .openapi('CompareResult') satisfies z.ZodType<CitedCompare>;

const fields = {
  q: z
    .string()
    .min(1, 'the query is empty')
    .max(STATEMENT_MAX, `the query is longer than ${STATEMENT_MAX} characters`)
    .optional()
    .openapi({ description: 'a term (query language) or a pasted statement', example: '粮食产量保持在1.3万亿斤以上' }),
  unit: z.string().min(1).max(300).optional().openapi({ description: 'follow this unit instead of a query', example: 'sichuan-2022-work-points:t3' }),
  as: z.enum(['term', 'statement']).optional().openapi({ description: 'how to read q; by default words of up to 12 characters are a term' }),
  view: z.enum(['sentence', 'paragraph']).optional().openapi({ description: 'diff the matched sentences (default) or the whole units' }),
};
const oneOf = (p: { q?: string; unit?: string }) => (p.q === undefined) !== (p.unit === undefined);

const query = z
  .strictObject({
    ...fields,
    hideGaps: z.enum(['true', 'false']).optional().openapi({ description: 'leave out the documents that do not say it' }),
    format: FormatParam,
    ...FilterParams,
  })
  .refine(oneOf, { message: 'give either q or unit', path: ['q'] });

const body = z
  .strictObject({ ...fields, hideGaps: z.boolean().optional(), ...FilterParams })
  .refine(oneOf, { message: 'give either q or unit', path: ['q'] })
  .openapi('CompareRequest');

const responses = { ...json(CompareResultSchema, 'the timeline: entries and gaps in date order'), ...ERRORS_404 };
const getResponses = { ...jsonOrFile(CompareResultSchema, 'the timeline: entries and gaps in date order'), ...ERRORS_404 };
const summary = 'How one term or statement is worded across documents, in date order, each entry diffed against the previous';

const getRoute = createRoute({ method: 'get', path: '/compare', tags: ['compare'], summary, request: { query }, responses: getResponses });
const postRoute = createRoute({
  method: 'post',
  path: '/compare',
  tags: ['compare'],
  summary: `${summary} (parameters as a JSON body)`,
  request: { body: { content: { 'application/json': { schema: body } }, required: true } },
  responses,
});

type Params = z.infer<typeof body>;

export function compareRoutes({ engine, timeBudgetMs, pool }: HttpContext) {
  /** the timeline, and what it was asked with (its permalink and files carry it) */
  const run = async ({ q, unit, as, view, hideGaps, ...params }: Params): Promise<{ result: CompareResult; asked: CompareOptions }> => {
    const filters = toFilters(params);
    // a term's cost grows with its number of terms; a statement is one linear pass, bounded by its length
    if (q !== undefined && classifyQuery(q, as, filters).kind === 'term') checkQueryCost(q, filters);
    const asked: CompareOptions = { query: q, unitId: unit, as, view, filters, gaps: !hideGaps };
    const result = await offload<CompareResult>(pool, 'compare', asked, timeBudgetMs, 'the comparison', () => compare(engine, asked));
    return { result, asked };
  };
  return router()
    .openapi(getRoute, async (c) => {
      const { hideGaps, format, ...rest } = c.req.valid('query');
      const { result, asked } = await run({ ...rest, hideGaps: hideGaps === 'true' });
      if (format) return sendFile(c, compareExport(result, engine, { baseUrl: origin(c), asked }), format);
      return c.json(citeCompare(result, engine, asked), 200);
    })
    .openapi(postRoute, async (c) => {
      const { result, asked } = await run(c.req.valid('json'));
      return c.json(citeCompare(result, engine, asked), 200);
    });
}
