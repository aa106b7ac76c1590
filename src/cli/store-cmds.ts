/** The database store's commands: `index --store postgres://…` (a folder into a database) and `migrate`. */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Io } from './io.js';
import { UsageError } from './io.js';
import { defineCommand, type FlagValues } from './command.js';
import { loadCorpus } from '../ingest/corpus.js';
import { describeSetAside } from '../ingest/editions.js';
import { openEngine } from '../persist/open.js';
import { FORMAT_VERSION, readIndexInfo } from '../persist/save.js';
import { isDatabaseUrl } from '../persist/pg/url.js';
import { PgCorpus, type BulkResult } from '../persist/pg/corpus.js';
import type { Doc } from '../types.js';

/** Store documents in the database and say what happened to each that was not added. */
async function storeAll(url: string, docs: Doc[], io: Io): Promise<BulkResult> {
  const t0 = performance.now();
  const corpus = await PgCorpus.open(url);
  const r = await corpus.addDocs(docs, io.err);
  const ms = Math.round(performance.now() - t0);
  for (const [id, same] of r.duplicates) io.err(`= ${id}: already stored${same === id ? '' : ` as ${same}`}`);
  for (const id of r.conflicts)
    io.err(`! ${id}: the database holds another document with this id; it was kept (remove it first with \`yaodian remove ${id} --store …\` to replace it)`);
  const stats = await corpus.store.stats();
  io.err(`stored ${r.added.length} new documents in ${ms} ms → ${corpus.store.where} (${stats.documents} documents, ${stats.units} units, schema v${stats.schemaVersion})`);
  return r;
}

/** `yaodian index --seeds DIR --store postgres://…`: the folder's documents the database does not hold yet. */
export async function indexIntoDatabase(seeds: string, url: string, io: Io, { keepEditions = false } = {}): Promise<number> {
  const corpus = loadCorpus(resolve(seeds), FORMAT_VERSION, { keepEditions });
  for (const e of corpus.errors) io.err(`skipped ${e.message}`);
  for (const s of corpus.setAside) io.err(describeSetAside(s));
  const r = await storeAll(url, corpus.docs, io);
  return r.conflicts.length ? 1 : 0;
}

const migrateFlags = {
  from: { value: 'DIR', help: 'the index folder to copy (default index/)' },
  to: { value: 'URL', help: 'the PostgreSQL database to copy it into (postgres://user@host:port/db)' },
} as const;

export const migrateCommand = defineCommand({
  name: 'migrate',
  summary: 'copy an index folder into a PostgreSQL database (documents added with `add` included)',
  usage: '--from DIR --to postgres://user@host:port/db',
  flags: migrateFlags,
  help: 'Documents the database holds already (same content) are skipped; an id it holds with other content is kept and reported.',
  run: runMigrate,
});

async function runMigrate(_: string[], values: FlagValues<typeof migrateFlags>, io: Io): Promise<number> {
  const from = resolve(values.from ?? 'index');
  if (!values.to) throw new UsageError('migrate needs --to postgres://…');
  if (!isDatabaseUrl(values.to)) throw new UsageError(`--to must be a postgres:// URL, not "${values.to}"`);
  // an index that is not there is an error, never a fresh build from the bundled seeds
  if (!existsSync(from) || !readIndexInfo(from)) throw new UsageError(`there is no index in ${from} (build one with \`yaodian index --out ${from}\`)`);
  const { engine } = await openEngine({ index: from, log: io.err });
  const docs = engine.docList().map((m) => engine.getDoc(m.id));
  io.err(`copying ${docs.length} documents from ${from}`);
  const r = await storeAll(values.to, docs, io);
  return r.conflicts.length ? 1 : 0;
}
