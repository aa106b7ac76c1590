/** What every route module receives, and the router they build on (validation errors go to onError). */
import { OpenAPIHono } from '@hono/zod-openapi';
import type { Engine } from '../index/engine.js';
import type { IndexInfo } from '../persist/save.js';
import type { ExtractLimits } from '../ingest/limits.js';
import type { CorpusWriter } from '../persist/writer.js';
import { validationHook } from './errors.js';
import type { WorkerPool } from './pool.js';

export interface HttpContext {
  engine: Engine;
  info?: IndexInfo;
  timeBudgetMs: number;
  /** where writes journal added and removed documents; writes are refused without it (or a writer) */
  indexDir?: string;
  /** where writes go when the corpus is not an index folder (a database) */
  writer?: CorpusWriter;
  /** the bearer token writes must present (YAODIAN_TOKEN); writes are refused without it */
  writeToken?: string;
  /** worker threads for the heavy requests (diff, compare, trend); without one they run in this thread */
  pool?: WorkerPool;
  /** caps on reading an uploaded report */
  limits: ExtractLimits;
  /** called after a write, e.g. to drop cached answers */
  onChange?: () => void;
}

export const router = () => new OpenAPIHono({ defaultHook: validationHook });
