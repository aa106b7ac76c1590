/**
 * The PostgreSQL server the database-store tests run against: $YAODIAN_TEST_DATABASE_URL, else the cluster
 * test/pg-setup.ts starts from the installed PostgreSQL. Without either the tests are skipped with that reason;
 * with $YAODIAN_REQUIRE_DATABASE set (CI) a missing server fails the run instead of skipping silently.
 */
import { describe, inject } from 'vitest';
import pgPromise from 'pg-promise';

export const TEST_DATABASE_URL = inject('databaseUrl') || undefined;

if (!TEST_DATABASE_URL && process.env.YAODIAN_REQUIRE_DATABASE)
  throw new Error('YAODIAN_REQUIRE_DATABASE is set but there is no PostgreSQL (install postgresql, or set YAODIAN_TEST_DATABASE_URL): the database-store tests cannot run');

const SKIPPED = '(skipped: no PostgreSQL — install postgresql, or set YAODIAN_TEST_DATABASE_URL=postgres://user@host:port/db)';

/** `describe` for tests that need the database; named with the reason when they are skipped. */
export const describeWithDatabase = (name: string, body: () => void) =>
  TEST_DATABASE_URL ? describe(name, body) : describe.skip(`${name} ${SKIPPED}`, body);

const admin = pgPromise({ noWarnings: true });

/**
 * A database of its own for a test file, created on the test server and dropped by `drop`: the store's schemas
 * (and FlexSearch's) start empty.
 */
export async function freshDatabase(tag: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const base = new URL(TEST_DATABASE_URL!);
  const name = `yaodian_t_${tag}_${process.pid}_${Date.now().toString(36)}`;
  const db = admin({ connectionString: base.toString(), allowExitOnIdle: true });
  await db.none('CREATE DATABASE $1:name', [name]);
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await db.none('DROP DATABASE IF EXISTS $1:name WITH (FORCE)', [name]);
    },
  };
}
