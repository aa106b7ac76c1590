/**
 * The zod schemas shared by the routes. Request schemas validate at the edge; response schemas type the
 * handlers (a handler that returns another shape does not compile) and feed /api/openapi.json, so the
 * published document cannot drift from what the code returns.
 */
import { z } from '@hono/zod-openapi';
import { parseQuery, type Filters } from '../search/query.js';
import { MAX_LIMIT } from '../search/search.js';
import { YaodianError } from '../errors.js';
import type { DocKind, DocMeta, Level, Stance, Unit, UnitKind } from '../types.js';
import type { DiffOp } from '../compare/diff.js';
import type { Shift } from '../compare/ladders.js';
import type { CitedSearch } from '../export/index.js';

export const MAX_QUERY_LENGTH = 200;

// --- enums, checked against the engine's TS types in both directions so neither side can grow alone ---
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const LEVELS = ['national', 'province', 'city', 'county'] as const;
const UNIT_KINDS = ['section', 'task', 'item', 'table-row', 'paragraph', 'glossary'] as const;
const DOC_KINDS = ['work-points', 'conference-report', 'government-work-report', 'other'] as const;
const STANCES = ['plan', 'review', 'outlook', 'other'] as const;
export const enumsMatchEngine: [
  Same<(typeof LEVELS)[number], Level>,
  Same<(typeof UNIT_KINDS)[number], UnitKind>,
  Same<(typeof DOC_KINDS)[number], DocKind>,
  Same<(typeof STANCES)[number], Stance>,
] = [true, true, true, true];

export const LevelSchema = z.enum(LEVELS).openapi('Level');
export const UnitKindSchema = z.enum(UNIT_KINDS).openapi('UnitKind');
export const DocKindSchema = z.enum(DOC_KINDS).openapi('DocKind');
export const StanceSchema = z.enum(STANCES).openapi('Stance');

// --- request pieces ---

const queryText = (min: number) =>
  z
    .string()
    .min(min, 'the query is empty')
    .max(MAX_QUERY_LENGTH, `the query is longer than ${MAX_QUERY_LENGTH} characters`)
    .openapi({ description: 'query language: 基础研究 "十年行动" 揭榜挂帅 OR 揭榜制 -疫情 year:2021..2023 region:四川', example: '揭榜挂帅' });
/** May be empty when filters say what to list. */
export const QueryText = queryText(0);
export const RequiredQueryText = queryText(1);

/** Digits only, like the CLI's --limit: `1e3`, `0x10` and ` 5` are typos, not numbers. */
const wholeNumber = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d{1,10}$/, `${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `${name} must be at least ${min}`).max(max, `${name} must be at most ${max}`));

export const Limit = wholeNumber('limit', 1, MAX_LIMIT).optional().openapi({ type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: 20 });
export const Offset = wholeNumber('offset', 0, 1_000_000_000).optional().openapi({ type: 'integer', minimum: 0, default: 0 });

const FILTER_DOCS = {
  year: 'a year (2022) or a range (2021..2023)',
  region: 'region names, comma-separated; 四川 matches 四川省',
  level: `comma-separated: ${LEVELS.join(', ')}`,
  kind: `comma-separated unit kinds (${UNIT_KINDS.join(', ')}) or document kinds (${DOC_KINDS.join(', ')})`,
  stance: `comma-separated: ${STANCES.join(', ')}`,
  doc: 'document ids, comma-separated',
} as const;
type FilterKey = keyof typeof FILTER_DOCS;
const FILTER_KEYS = Object.keys(FILTER_DOCS) as FilterKey[];

/**
 * A filter parameter is the query language's `key:value` filter written as `?key=value`, and is parsed by
 * parseQuery itself, so both spellings accept and reject exactly the same values.
 */
function filterOf(key: FilterKey, value: string): Filters {
  if (/[\s"]/.test(value)) throw new YaodianError('BAD_QUERY', `${key}=${value} must not contain spaces or quotes`);
  return parseQuery(`${key}:${value}`).filters;
}

const filterParam = (key: FilterKey) =>
  z
    .string()
    .max(MAX_QUERY_LENGTH)
    .superRefine((value, ctx) => {
      try {
        filterOf(key, value);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message });
      }
    })
    .optional()
    .openapi({ description: FILTER_DOCS[key] });

export const FilterParams = Object.fromEntries(FILTER_KEYS.map((k) => [k, filterParam(k)])) as Record<
  FilterKey,
  ReturnType<typeof filterParam>
>;

/** The Filters object for validated filter parameters; undefined when there are none. */
export function toFilters(params: Partial<Record<FilterKey, string | undefined>>): Filters | undefined {
  const given = FILTER_KEYS.filter((k) => params[k] !== undefined);
  if (!given.length) return undefined;
  return Object.assign({}, ...given.map((k) => filterOf(k, params[k]!))) as Filters;
}

export const DocIdParam = z.object({
  id: z.string().min(1).max(300).openapi({ param: { name: 'id', in: 'path' }, example: 'sichuan-2022-work-points' }),
});

// --- responses ---

export const IssueSchema = z.object({ path: z.string(), code: z.string(), message: z.string() }).openapi('Issue');
export const ErrorSchema = z
  .object({
    error: z.object({
      code: z.string().openapi({ example: 'BAD_QUERY' }),
      message: z.string(),
      issues: z.array(IssueSchema),
    }),
  })
  .openapi('Error');

const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: ErrorSchema } } });
export const ERRORS = {
  400: errorResponse('invalid parameters or query'),
  503: errorResponse('the request exceeded its time budget'),
};
export const ERRORS_404 = { ...ERRORS, 404: errorResponse('unknown id') };

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  200: { description, content: { 'application/json': { schema } } },
});

export const DocMetaSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    issuer: z.string(),
    region: z.string(),
    level: LevelSchema,
    year: z.number().int(),
    date: z.string().nullable().openapi({ description: 'date of delivery or issue used for ordering (the consistent one when the printed date contradicts the document)' }),
    datePrinted: z.string().optional().openapi({ description: 'the date as printed, only when `date` differs from it' }),
    dateNote: z.string().optional().openapi({ description: 'why `date` is not the printed date, or why there is none' }),
    kind: DocKindSchema,
    docNo: z.string().nullable(),
    source: z.string(),
  })
  .openapi('DocMeta') satisfies z.ZodType<DocMeta>;

export const UnitSchema = z
  .object({
    id: z.string(),
    docId: z.string(),
    kind: UnitKindSchema,
    ordinal: z.number().int(),
    path: z.array(z.string()),
    title: z.string(),
    text: z.string(),
    start: z.number().int(),
    end: z.number().int(),
    stance: StanceSchema,
    year: z.number().int(),
    yearTo: z.number().int().optional().openapi({ description: "an outlook's last year: 2030 for the 15th five-year plan (2026–2030)" }),
  })
  .openapi('Unit') satisfies z.ZodType<Unit>;

/** What every unit in a response carries besides its own fields. */
export const CitedFields = {
  citation: z.string().openapi({ description: 'GB/T 7714 entry of the document plus the unit\'s place in it', example: '国务院. 2021年中华人民共和国国务院政府工作报告[R]. 2021-03-05: 第26段.' }),
  permalink: z.string().openapi({ description: 'path of the unit\'s page, stable across adds and rebuilds', example: '/u/state-council-2021:p26' }),
};

export const HitSchema = z
  .object({
    unitId: z.string(),
    docId: z.string(),
    title: z.string(),
    docTitle: z.string(),
    year: z.number().int(),
    yearTo: z.number().int().optional().openapi({ description: "an outlook's last year: year: filters and the year facet cover year..yearTo" }),
    region: z.string(),
    level: LevelSchema,
    kind: UnitKindSchema,
    docKind: DocKindSchema,
    stance: StanceSchema,
    date: z.string().nullable(),
    text: z.string(),
    snippet: z.string(),
    highlights: z.array(z.tuple([z.number().int(), z.number().int()])).openapi({ description: '[start, end) offsets into text' }),
    score: z.number(),
    ...CitedFields,
  })
  .openapi('Hit');

const Counts = z.record(z.string(), z.number().int());
export const SearchResultSchema = z
  .object({
    query: z.string(),
    total: z.number().int(),
    hits: z.array(HitSchema),
    facets: z.object({ year: Counts, region: Counts, level: Counts, kind: Counts }),
  })
  .openapi('SearchResult') satisfies z.ZodType<CitedSearch>;

const CitedMetaSchema = DocMetaSchema.extend({ citation: z.string().openapi({ description: 'GB/T 7714 entry of the document' }) }).openapi('CitedDocMeta');
const CitedUnitSchema = UnitSchema.extend(CitedFields).openapi('CitedUnit');
export const DocListItemSchema = CitedMetaSchema.extend({ units: z.number().int() }).openapi('DocListItem');
export const DocumentSchema = z.object({ meta: CitedMetaSchema, units: z.array(CitedUnitSchema) }).openapi('Document');
export const UnitRecordSchema = z.object({ unit: CitedUnitSchema, doc: CitedMetaSchema }).openapi('UnitRecord');

export const HealthSchema = z
  .object({
    status: z.literal('ok'),
    formatVersion: z.number().int(),
    documents: z.number().int(),
    units: z.number().int(),
    builtAt: z.string().nullable(),
    generation: z.string().nullable(),
    warm: z.boolean().openapi({
      description: 'compare is warmed up where it runs (every worker of the pool, or this process): until then a first statement compare may be slow',
    }),
  })
  .openapi('Health');

export const ShiftSchema = z
  .object({
    ladder: z.string().openapi({ description: 'the ladder’s name (ladders.json), e.g. monetary-stance', example: 'monetary-stance' }),
    from: z.string().openapi({ description: 'the old wording’s ladder word', example: '稳健' }),
    to: z.string().openapi({ description: 'the new wording’s ladder word', example: '适度宽松' }),
    direction: z.enum(['up', 'down']).openapi({ description: 'up: further along the ladder (stronger, looser, more active)' }),
  })
  .openapi('Shift') satisfies z.ZodType<Shift>;

export const DiffOpSchema = z
  .object({
    op: z.enum(['equal', 'insert', 'delete']),
    text: z.string(),
    shift: ShiftSchema.optional().openapi({ description: 'on the insert op of a replacement whose words move along a policy-intensity ladder' }),
    shifts: z.array(ShiftSchema).optional().openapi({ description: 'every shift of that replacement, when it holds more than one' }),
  })
  .openapi('DiffOp', { description: 'equal+delete rebuild the older text; equal+insert the newer' }) satisfies z.ZodType<DiffOp>;

export const UnitIdParam = z.object({
  id: z.string().min(1).max(300).openapi({ param: { name: 'id', in: 'path' }, example: 'sichuan-2022-work-points:t3' }),
});
