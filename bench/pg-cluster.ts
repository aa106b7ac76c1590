/**
 * A throwaway PostgreSQL cluster of the installed (Debian) server, for the database-store tests and benchmark:
 * initdb into a temporary folder, a free port on 127.0.0.1, stopped and deleted by `stop`. PostgreSQL refuses to
 * run as root, so as root the cluster runs as the postgres user.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const PG_ROOT = '/usr/lib/postgresql';

/** The bin folder of the newest PostgreSQL installed, if any. */
export function postgresBin(): string | undefined {
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

export interface Cluster {
  /** postgres:// URL of its postgres database, as the superuser */
  url: string;
  stop: () => void;
}

/** Start a cluster; `settings` are extra server settings (name → value). */
export async function startCluster(bin: string, settings: Record<string, string> = {}): Promise<Cluster> {
  const dir = mkdtempSync(join(tmpdir(), 'yaodian-pg-'));
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  const data = join(dir, 'data');
  const port = await freePort();
  const options = [`-p ${port}`, `-k ${dir}`, '-c listen_addresses=127.0.0.1', ...Object.entries(settings).map(([k, v]) => `-c ${k}=${v}`)];
  asPostgres([join(bin, 'initdb'), '-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  asPostgres([join(bin, 'pg_ctl'), '-D', data, '-l', join(dir, 'log'), '-w', '-o', options.join(' '), 'start']);
  const stop = () => {
    try {
      asPostgres([join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}
