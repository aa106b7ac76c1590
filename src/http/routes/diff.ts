/** GET /api/diff: two documents aligned unit by unit, each pair with its word diff. */
import { createRoute, z } from '@hono/zod-openapi';
import { diffDocs, type DocDiff } from '../../compare/docdiff.js';
import { offload } from '../pool.js';
import { diffExport } from '../../export/index.js';
import { FormatParam, jsonOrFile, origin, sendFile } from '../export.js';
import { router, type HttpContext } from '../router.js';
import { DiffOpSchema, ERRORS_404 } from '../schemas.js';

const DocDiffSchema = z
  .object({
    a: z.string(),
    b: z.string(),
    pairs: z.array(
      z.object({
        a: z.string().nullable().openapi({ description: "unit id in document a; null for a unit only in b" }),
        b: z.string().nullable(),
        similarity: z.number().nullable(),
        diff: z.array(DiffOpSchema).openapi({ description: "a's text → b's text" }),
      }),
    ),
    summary: z.object({ matched: z.number().int(), changed: z.number().int(), added: z.number().int(), removed: z.number().int() }),
  })
  .openapi('DocDiff') satisfies z.ZodType<DocDiff>;

const docId = (name: string) =>
  z.string().min(1).max(300).openapi({ param: { name, in: 'query' }, example: name === 'a' ? 'sichuan-2022-work-points' : 'suining-2023-work-points' });

const route = createRoute({
  method: 'get',
  path: '/diff',
  tags: ['compare'],
  summary: 'Align two documents unit by unit and diff each pair',
  request: { query: z.strictObject({ a: docId('a'), b: docId('b'), format: FormatParam }) },
  responses: { ...jsonOrFile(DocDiffSchema, 'the aligned pairs and a summary'), ...ERRORS_404 },
});

export function diffRoutes({ engine, timeBudgetMs, pool }: HttpContext) {
  return router().openapi(route, async (c) => {
    const { a, b, format } = c.req.valid('query');
    const result = await offload<DocDiff>(pool, 'diff', { a, b }, timeBudgetMs, 'the document diff', () => diffDocs(engine, a, b));
    if (format) return sendFile(c, diffExport(result, engine, { baseUrl: origin(c) }), format);
    return c.json(result, 200);
  });
}
