/**
 * Writes: POST /api/documents (multipart upload of a report file) and DELETE /api/documents/{id}.
 * Allowed only with `Authorization: Bearer $YAODIAN_TOKEN`; without a token configured, writes answer 403.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { timingSafeEqual } from 'node:crypto';
import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { router, type HttpContext } from '../router.js';
import { DocIdParam, ERRORS, ERRORS_404, json } from '../schemas.js';
import { YaodianError, badInput } from '../../errors.js';
import { addText, removeDocument } from '../../persist/journal.js';
import { readReportFile } from '../../ingest/read.js';
import { UploadFields } from '../../ingest/corpus.js';

const AddedSchema = z.object({
  id: z.string(),
  duplicateOf: z.string().optional(),
  similarity: z.number().optional().openapi({ description: 'with duplicateOf: the upload is another edition of that document (same issuer, year and kind), this similar; send force=true to add it' }),
  meta: z.record(z.string(), z.unknown()),
  units: z.number().int(),
});

const BEARER = { security: [{ bearer: [] }] };

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
          schema: UploadFields.extend({ file: z.any().openapi({ type: 'string', format: 'binary' }), force: z.enum(['true', 'false']).optional() }),
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

function authorize(c: Context, token: string | undefined): void {
  if (!token) throw new YaodianError('FORBIDDEN', 'writes are disabled on this server (start it with YAODIAN_TOKEN set)');
  const given = (c.req.header('authorization') ?? '').replace(/^Bearer\s+/i, '');
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  if (a.length !== b.length || !timingSafeEqual(a, b)) throw new YaodianError('FORBIDDEN', 'a valid bearer token is required for writes');
}

export function writeRoutes({ engine, indexDir, writeToken, onChange }: HttpContext) {
  return router()
    .openapi(upload, async (c) => {
      authorize(c, writeToken);
      if (!indexDir) throw new YaodianError('FORBIDDEN', 'this server has no index folder to write to');
      const body = await c.req.parseBody().catch(() => {
        throw badInput('the body must be multipart/form-data with a "file" field');
      });
      const file = body.file;
      if (!(file instanceof File)) throw badInput('the form needs a "file" field holding the report');
      const { file: _f, force, ...rest } = body;
      if (force !== undefined && force !== 'true' && force !== 'false') throw badInput('force must be true or false');
      const fields = UploadFields.safeParse(Object.fromEntries(Object.entries(rest).map(([k, v]) => [k, k === 'year' && typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v])));
      if (!fields.success) throw badInput(fields.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '), fields.error.issues);
      const name = basename(file.name || 'upload.txt');
      const dir = await mkdtemp(join(tmpdir(), 'yaodian-upload-'));
      try {
        const path = join(dir, extname(name) ? name : `${name}.txt`);
        await writeFile(path, Buffer.from(await file.arrayBuffer()));
        const { text } = await readReportFile(path);
        const added = addText(engine, indexDir, text, name, fields.data, { force: force === 'true' });
        if (!added.duplicateOf) onChange?.();
        const out = { id: added.doc.meta.id, duplicateOf: added.duplicateOf, similarity: added.similarity, meta: { ...added.doc.meta }, units: added.doc.units.length };
        return c.json(out, added.duplicateOf ? 200 : 201);
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    })
    .openapi(remove, (c) => {
      authorize(c, writeToken);
      if (!indexDir) throw new YaodianError('FORBIDDEN', 'this server has no index folder to write to');
      const id = c.req.valid('param').id;
      removeDocument(engine, indexDir, id);
      onChange?.();
      return c.json({ removed: id }, 200);
    });
}
