/**
 * The PostgreSQL server the database-store tests run against: $YAODIAN_TEST_DATABASE_URL when it is set, else a
 * throwaway cluster of the installed (Debian) PostgreSQL — initdb into a temporary folder, a free port on
 * 127.0.0.1, stopped and deleted after the run. PostgreSQL refuses to run as root, so as root the cluster runs as
 * the postgres user. Without PostgreSQL installed the tests are skipped, or fail under $YAODIAN_REQUIRE_DATABASE
 * (CI), see test/helpers/pg.ts.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** postgres:// URL of a server the tests may create databases on; '' when there is none */
    databaseUrl: string;
  }
}

const PG_ROOT = '/usr/lib/postgresql';

/** The bin folder of the newest PostgreSQL installed, if any. */
function postgresBin(): string | undefined {
  if (!existsSync(PG_ROOT)) return undefined;
  const versions = readdirSync(PG_ROOT).filter((v) => existsSync(join(PG_ROOT, v, 'bin', 'initdb')));
  const newest = versions.sort((a, b) => Number(a) - Number(b)).pop();
  return newest && join(PG_ROOT, newest, 'bin');
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function asPostgres(argv: string[]): void {
  if (process.getuid?.() === 0) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', argv.map(quote).join(' ')], { stdio: 'pipe' });
  else execFileSync(argv[0], argv.slice(1), { stdio: 'pipe' });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
    s.on('error', reject);
  });
}

/** One cluster for the whole run, however many projects ask. */
let started: Promise<{ url: string; stop: () => void }> | undefined;

async function startCluster(bin: string): Promise<{ url: string; stop: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'yaodian-test-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  asPostgres([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  asPostgres([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
  const stop = () => {
    try {
      asPostgres([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

export default async function setup(project: TestProject) {
  const given = process.env.YAODIAN_TEST_DATABASE_URL;
  const bin = given ? undefined : postgresBin();
  if (!bin) return project.provide('databaseUrl', given ?? '');
  const first = !started;
  started ??= startCluster(bin);
  project.provide('databaseUrl', (await started).url);
  if (first) return async () => (await started)?.stop();
}
