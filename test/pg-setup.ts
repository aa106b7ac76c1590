/**
 * The PostgreSQL server the database-store tests run against: $YAODIAN_TEST_DATABASE_URL when it is set, else a
 * throwaway cluster of the installed (Debian) PostgreSQL, started once for the run and removed after it
 * (bench/pg-cluster.ts). Without PostgreSQL installed the tests are skipped, or fail under
 * $YAODIAN_REQUIRE_DATABASE (CI), see test/helpers/pg.ts.
 */
import type { TestProject } from 'vitest/node';
import { postgresBin, startCluster, type Cluster } from '../bench/pg-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres:// URL of a server the tests may create databases on; '' when there is none */
    databaseUrl: string;
  }
}

/** One cluster for the whole run, however many projects ask. */
let started: Promise<Cluster> | undefined;

export default async function setup(project: TestProject) {
  const given = process.env.YAODIAN_TEST_DATABASE_URL;
  const bin = given ? undefined : postgresBin();
  if (!bin) return project.provide('databaseUrl', given ?? '');
  const first = !started;
  // the tests' data is thrown away: not syncing it to disk spares the shared machine's disk
  started ??= startCluster(bin, { fsync: 'off' });
  project.provide('databaseUrl', (await started).url);
  if (first) return async () => (await started)?.stop();
}
