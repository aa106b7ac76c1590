/** The corpus as stored: document listing, one document with its units, one unit with its document; each with its citation. */
import { createRoute, z } from '@hono/zod-openapi';
import { citedUnit, citeMeta, citeUnits } from '../../export/index.js';
import { router, type HttpContext } from '../router.js';
import { DocIdParam, DocListItemSchema, DocumentSchema, ERRORS_404, json, UnitIdParam, UnitRecordSchema } from '../schemas.js';

const list = createRoute({
  method: 'get',
  path: '/documents',
  tags: ['documents'],
  summary: 'All documents in date order, with unit counts',
  responses: json(z.array(DocListItemSchema), 'document metadata'),
});

const one = createRoute({
  method: 'get',
  path: '/documents/{id}',
  tags: ['documents'],
  summary: 'One document: metadata and all its units',
  request: { params: DocIdParam },
  responses: { ...json(DocumentSchema, 'the document'), ...ERRORS_404 },
});

const unit = createRoute({
  method: 'get',
  path: '/units/{id}',
  tags: ['documents'],
  summary: 'One unit (section, task, item, table row or paragraph) with its document',
  request: { params: UnitIdParam },
  responses: { ...json(UnitRecordSchema, 'the unit'), ...ERRORS_404 },
});

export function documentRoutes({ engine }: HttpContext) {
  return router()
    .openapi(list, (c) => c.json(engine.docList().map((m) => ({ ...citeMeta(m), units: engine.getDoc(m.id).units.length })), 200))
    .openapi(one, (c) => {
      const doc = engine.getDoc(c.req.valid('param').id);
      return c.json({ meta: citeMeta(doc.meta), units: citeUnits(doc) }, 200);
    })
    .openapi(unit, (c) => {
      const id = c.req.valid('param').id;
      const { unit: u, doc } = engine.getUnit(id);
      return c.json({ unit: { ...u, ...citedUnit(engine, id) }, doc: citeMeta(doc) }, 200);
    });
}
