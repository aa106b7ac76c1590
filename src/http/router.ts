/** What every route module receives, and the router they build on (validation errors go to onError). */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Engine } from '../engine.js';
import type { IndexInfo } from '../persist.js';
import { validationHook } from './errors.js';

export interface HttpContext {
  engine: Engine;
  info?: IndexInfo;
  timeBudgetMs: number;
}

export const router = () => new OpenAPIHono({ defaultHook: validationHook });
