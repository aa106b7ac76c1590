/**
 * Writes: POST /api/documents (multipart upload of a report file) and DELETE /api/documents/{id}.
 * Allowed only with `Authorization: Bearer $YAODIAN_TOKEN`, checked by writeAuth (auth.ts) before the body is read.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { router, type HttpContext } from '../router.js';
import { DocIdParam, ERRORS, ERRORS_404, json } from '../schemas.js';
import { issuesOf } from '../errors.js';
import { checkWriteToken } from '../auth.js';
import { YaodianError, badInput } from '../../errors.js';
import { safeReportName } from '../../ingest/read.js';
import { sandbox } from '../../ingest/sandbox.js';
import { folderWriter } from '../../persist/writer.js';
import { UploadFields } from '../../ingest/corpus.js';

const AddedSchema = z.object({
  id: z.string(),
  duplicateOf: z.string().optional(),
  similarity: z.number().optional().openapi({ description: 'with duplicateOf: the upload is another edition of that document (same issuer, year and kind), this similar; send force=true to add it' }),
  meta: z.record(z.string(), z.unknown()),
  units: z.number().int(),
});

const BEARER = { security: [{ bearer: [] }] };

/**
 * The form, documented as a plain schema: zod-openapi validates a zod body schema itself, which would parse the
 * whole multipart body before the handler runs; the handler parses it once, after the token check.
 */
const { $schema: _s, ...fieldsSchema } = z.toJSONSchema(UploadFields, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown> & { properties: object };
const UPLOAD_FORM = {
  ...fieldsSchema,
  type: 'object' as const,
  required: ['file'],
  properties: { file: { type: 'string' as const, format: 'binary' }, force: { type: 'string' as const, enum: ['true', 'false'], description: 'add another edition of a report already held' }, ...fieldsSchema.properties },
};

const upload = createRoute({
  method: 'post',
  path: '/documents',
  tags: ['documents'],
  summary: 'Add a report (.txt .md .html .docx .pdf; UTF-8 or GBK) with optional metadata corrections',
  ...BEARER,
  request: {
    body: {
      content: {
        'multipart/form-data': {
          schema: UPLOAD_FORM,
        },
      },
    },
  },
  responses: { ...json(AddedSchema, 'added, or already present (200 with duplicateOf)'), 201: json(AddedSchema, 'added')[200], ...ERRORS },
});

const remove = createRoute({
  method: 'delete',
  path: '/documents/{id}',
  tags: ['documents'],
  summary: 'Remove a document',
  ...BEARER,
  request: { params: DocIdParam },
  responses: { ...json(z.object({ removed: z.string() }), 'removed'), ...ERRORS_404 },
});

export function writeRoutes({ engine, indexDir, writer: given, writeToken, limits, onChange }: HttpContext) {
  const writer = given ?? (indexDir ? folderWriter(engine, indexDir) : undefined);
  return router()
    .openapi(upload, async (c) => {
      // writeAuth already checked it before the body; again here so no mounting of these routes skips it
      checkWriteToken(c.req.header('authorization'), writeToken);
      if (!writer) throw new YaodianError('FORBIDDEN', 'this server has no index folder to write to');
      const body = await c.req.parseBody().catch(() => {
        throw badInput('the body must be multipart/form-data with a "file" field');
      });
      const { file, force, ...rest } = body;
      if (!(file instanceof File)) throw badInput('the form needs a "file" field holding the report');
      if (force !== undefined && force !== 'true' && force !== 'false') throw badInput('force must be true or false');
      const fields = UploadFields.safeParse(rest);
      if (!fields.success) {
        const issues = issuesOf(fields.error);
        throw badInput(issues.map((i) => `${i.path}: ${i.message}`).join('; '), issues);
      }
      const name = safeReportName(file.name || 'upload.txt');
      const prepared = await sandbox().prepare({ bytes: new Uint8Array(await file.arrayBuffer()), name, override: fields.data, limits });
      const added = await writer.addPrepared(prepared, fields.data, { force: force === 'true' });
      if (!added.duplicateOf) onChange?.();
      const out = { id: added.doc.meta.id, duplicateOf: added.duplicateOf, similarity: added.similarity, meta: { ...added.doc.meta }, units: added.doc.units.length };
      return c.json(out, added.duplicateOf ? 200 : 201);
    })
    .openapi(remove, async (c) => {
      checkWriteToken(c.req.header('authorization'), writeToken);
      if (!writer) throw new YaodianError('FORBIDDEN', 'this server has no index folder to write to');
      const id = c.req.valid('param').id;
      await writer.remove(id);
      onChange?.();
      return c.json({ removed: id }, 200);
    });
}
