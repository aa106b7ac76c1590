/**
 * GET /healthz: liveness plus what is being served, for load balancers and deploy checks, and whether the
 * threads that run compare are warm (a server is ready for its first statement compare once `warm` is true).
 */
import { createRoute } from '@hono/zod-openapi';
import { isWarm } from '../../compare/warm.js';
import { FORMAT_VERSION } from '../../persist/save.js';
import { router, type HttpContext } from '../router.js';
import { HealthSchema, json } from '../schemas.js';

const route = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['health'],
  summary: 'Index format version and document and unit counts',
  responses: json(HealthSchema, 'the server is up and serving this index'),
});

export function healthRoutes({ engine, info, pool }: HttpContext) {
  return router().openapi(route, (c) =>
    c.json(
      {
        status: 'ok' as const,
        formatVersion: info?.formatVersion ?? FORMAT_VERSION,
        documents: engine.docs.size,
        units: engine.unitCount,
        builtAt: info?.builtAt ?? null,
        generation: info?.generation ?? null,
        warm: pool ? pool.warm : isWarm(engine),
      },
      200,
    ),
  );
}
