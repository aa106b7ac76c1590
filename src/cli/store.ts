/**
 * Where a command's corpus is: an index folder (the embedded store, the default) or a PostgreSQL database
 * (`--store postgres://…`, or $YAODIAN_DATABASE_URL when neither --store nor --index is given).
 */
import type { Engine } from '../index/engine.js';
import { openEngine } from '../persist/open.js';
import { DATABASE_ENV, isDatabaseUrl } from '../persist/pg/url.js';
import type { PgCorpus } from '../persist/pg/corpus.js';
import { UsageError, type Io } from './io.js';

/** The database URL the flags and the environment name, or undefined for the index folder. */
export function databaseUrl(values: { store?: string; index?: string }): string | undefined {
  if (values.store !== undefined) {
    if (!isDatabaseUrl(values.store)) throw new UsageError(`--store must be a postgres:// URL, not "${values.store}"`);
    return values.store;
  }
  if (values.index !== undefined) return undefined;
  const env = process.env[DATABASE_ENV];
  if (!env) return undefined;
  if (!isDatabaseUrl(env)) throw new UsageError(`$${DATABASE_ENV} must be a postgres:// URL, not "${env}"`);
  return env;
}

/** The engine a reading command works on, from the folder or the database. */
export async function openReading(values: { store?: string; index?: string; seeds?: string }, io: Io): Promise<Engine> {
  const url = databaseUrl(values);
  if (url) return (await openDatabase(url)).engine;
  return (await openEngine({ index: values.index, seeds: values.seeds, log: io.err, lazyMatches: true })).engine;
}

/** The corpus in a database; the database client is loaded only here, when a command asks for it. */
export async function openDatabase(url: string): Promise<PgCorpus> {
  const { PgCorpus } = await import('../persist/pg/corpus.js');
  return PgCorpus.open(url);
}
