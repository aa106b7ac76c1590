/** Connections to PostgreSQL (pg-promise), one pool per database URL for the life of the process. */
import pgPromise from 'pg-promise';
import { YaodianError } from '../../errors.js';
import { redact } from './url.js';

export const pgp = pgPromise({ noWarnings: true });
export type Db = ReturnType<typeof pgp>;

const pools = new Map<string, Db>();

/**
 * The pool for a URL, one for the life of the process. Idle connections do not keep the process alive (a CLI
 * command ends when its work does).
 */
export function database(url: string): Db {
  let db = pools.get(url);
  if (!db) {
    let cn;
    try {
      cn = { connectionString: new URL(url).toString(), allowExitOnIdle: true, max: 8 };
    } catch {
      throw new YaodianError('BAD_INPUT', `"${url}" is not a database URL (postgres://user@host:port/database)`);
    }
    pools.set(url, (db = pgp(cn)));
  }
  return db;
}

/** A database error turned into a typed one: the reason, and which database. */
export function unavailable(url: string, e: unknown): YaodianError {
  if (e instanceof YaodianError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new YaodianError('UNAVAILABLE', `the database ${redact(url)} cannot be used: ${msg}`);
}
