/**
 * The database store's schema, as numbered migrations (the database's counterpart of the index's format
 * version). A database is brought to the latest version when a store opens it; a database newer than this
 * program is refused rather than written to with an older idea of its tables.
 */
import { YaodianError } from '../../errors.js';
import { FORMAT_VERSION } from '../save.js';

/** Everything yaodian keeps in PostgreSQL lives in this schema; FlexSearch's tables live in its own (see index). */
export const SCHEMA = 'yaodian';
/** NOTIFY channel: a write tells every server which change number the corpus reached. */
export const CHANNEL = 'yaodian_changes';
/** pg_advisory_lock key that serializes writers (any 64-bit number private to yaodian: "要点" in UTF-16). */
export const WRITE_LOCK = 0x8981_70b9;

export interface Migration {
  version: number;
  /** what it changes, for the migrations table */
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'documents, units, changes',
    sql: `
      CREATE TABLE ${SCHEMA}.documents (
        id           text PRIMARY KEY,
        -- sha256 of the display text without whitespace: the same report twice is one document, across servers
        content_hash text NOT NULL UNIQUE,
        -- the document as the engine holds it (metadata, display text, units), JSON
        doc          json NOT NULL,
        -- columns a distributed deployment can shard and route on (see README, Past one machine)
        region       text NOT NULL,
        year         integer NOT NULL,
        source       text,
        added_at     timestamptz NOT NULL DEFAULT now()
      );
      -- unit numbers are the ids of the FlexSearch index; never reused, so a stale posting can only name a unit
      -- that no longer exists (verification drops it), never another unit
      CREATE SEQUENCE ${SCHEMA}.unit_numbers AS integer MINVALUE 0 START 0;
      CREATE TABLE ${SCHEMA}.units (
        n      integer PRIMARY KEY,
        doc_id text NOT NULL REFERENCES ${SCHEMA}.documents (id) ON DELETE CASCADE,
        k      integer NOT NULL,
        -- the unit's matching form (normalized text), what candidates are verified against
        match  text NOT NULL,
        UNIQUE (doc_id, k)
      );
      -- every add and remove, in commit order: a server catches up by reading the changes after its own number
      CREATE TABLE ${SCHEMA}.changes (
        seq    bigserial PRIMARY KEY,
        doc_id text NOT NULL,
        op     text NOT NULL CHECK (op IN ('add', 'remove')),
        at     timestamptz NOT NULL DEFAULT now()
      );
      -- the index format whose matching forms the units hold (src/persist/save.ts FORMAT_VERSION)
      CREATE TABLE ${SCHEMA}.settings (key text PRIMARY KEY, value text NOT NULL);`,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/** The minimal database handle migrations need (a pg-promise task or transaction fits). */
export interface Sql {
  none(query: string, values?: unknown): Promise<null>;
  oneOrNone<T>(query: string, values?: unknown): Promise<T | null>;
}

/**
 * Apply the migrations the database lacks, in one transaction under a transaction-scoped advisory lock, so two
 * servers starting at once migrate once. Returns the versions applied.
 */
export async function migrate(tx: Sql): Promise<number[]> {
  await tx.oneOrNone('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
  await tx.none(`CREATE SCHEMA IF NOT EXISTS ${SCHEMA}`);
  await tx.none(`CREATE TABLE IF NOT EXISTS ${SCHEMA}.migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
  const row = await tx.oneOrNone<{ v: number | null }>(`SELECT max(version) AS v FROM ${SCHEMA}.migrations`);
  const current = row?.v ?? 0;
  if (current > SCHEMA_VERSION)
    throw new YaodianError(
      'CONFLICT',
      `the database's yaodian schema is at version ${current}, newer than this program's ${SCHEMA_VERSION}: upgrade yaodian before using this database`,
    );
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    await tx.none(m.sql);
    await tx.none(`INSERT INTO ${SCHEMA}.migrations (version, name) VALUES ($1, $2)`, [m.version, m.name]);
    applied.push(m.version);
  }
  await checkFormat(tx);
  return applied;
}

/**
 * The units' matching forms and the postings over them are only right for the normalization that wrote them:
 * a database written by another index format is refused with the way out, never searched with the wrong forms.
 */
async function checkFormat(tx: Sql): Promise<void> {
  const row = await tx.oneOrNone<{ value: string }>(`SELECT value FROM ${SCHEMA}.settings WHERE key = 'format'`);
  if (!row) {
    await tx.none(`INSERT INTO ${SCHEMA}.settings (key, value) VALUES ('format', $1)`, [String(FORMAT_VERSION)]);
    return;
  }
  const format = Number(row.value);
  if (format === FORMAT_VERSION) return;
  const docs = await tx.oneOrNone<{ n: number }>(`SELECT count(*)::int AS n FROM ${SCHEMA}.documents`);
  if (!docs?.n) {
    await tx.none(`UPDATE ${SCHEMA}.settings SET value = $1 WHERE key = 'format'`, [String(FORMAT_VERSION)]);
    return;
  }
  throw new YaodianError(
    'CONFLICT',
    `the database's ${docs.n} documents were indexed with index format ${format}, this program matches with format ${FORMAT_VERSION}: ` +
      'store the reports in a new database (`yaodian index --seeds DIR --store URL`, `yaodian migrate --from DIR --to URL`)',
  );
}
