/**
 * The PostgreSQL store: documents, units (matching forms) and changes in yaodian's schema, postings in
 * FlexSearch's (through its adapter). Writers take one advisory lock, so unit numbers and change numbers grow
 * in commit order and a server catching up never sees a later change before an earlier one.
 *
 * An add writes in this order: unit numbers from the sequence, the postings (FlexSearch commits them itself),
 * then one transaction with the document, its units and the change record. A process killed before that
 * transaction commits leaves postings that name no unit (verification drops them, numbers are never reused)
 * and no document; killed after, the whole document. A remove deletes the document, its units and its postings in
 * one transaction. A build (bulkAdd) writes everything, postings included, by COPY in one transaction: all of it
 * or none.
 */
import type { ClientBase } from 'pg';
import { CHANNEL, migrate, SCHEMA, WRITE_LOCK } from './schema.js';
import { database, pgp, unavailable, type Db } from './db.js';
import { redact } from './url.js';
import { PgPostings, POSTING_TABLES } from '../../index/flexsearch-pg.js';
import { copyLines, copyPostings, copyRegistry, copyText, postingsLayout } from './bulk.js';
import { codePoints, ListBuilder } from './lists.js';
import { docContentHash } from '../journal.js';
import { YaodianError } from '../../errors.js';
import { toMatchForm } from '../../text/normalize.js';
import type { Doc } from '../../types.js';

type Connection = Awaited<ReturnType<Db['connect']>>;
/** Where a query runs: the pool, or one connection (a task or a transaction). */
type Sql = Pick<Db, 'any' | 'one' | 'none' | 'oneOrNone'>;

/** A document as stored, with what the engine needs to hold it without normalizing again. */
export interface StoredDoc {
  doc: Doc;
  /** unit numbers, in the order of doc.units */
  numbers: number[];
  /** matching forms, in the order of doc.units */
  matches: string[];
}

/** What a catch-up read: the change number reached, the documents now present that changed, those now gone. */
export interface Changes {
  seq: number;
  present: StoredDoc[];
  gone: string[];
}

const DOC_COLUMNS = new pgp.helpers.ColumnSet(['id', 'content_hash', { name: 'doc', cast: 'json' }, 'region', 'year', 'source'], {
  table: { table: 'documents', schema: SCHEMA },
});
const UNIT_COLUMNS = new pgp.helpers.ColumnSet(['n', 'doc_id', 'k', 'match'], { table: { table: 'units', schema: SCHEMA } });

const SELECT_DOCS = `
  SELECT d.doc, coalesce(array_agg(u.n ORDER BY u.k) FILTER (WHERE u.n IS NOT NULL), '{}') AS numbers,
         coalesce(array_agg(u.match ORDER BY u.k) FILTER (WHERE u.n IS NOT NULL), '{}') AS matches
  FROM ${SCHEMA}.documents d LEFT JOIN ${SCHEMA}.units u ON u.doc_id = d.id`;

const toStored = (r: { doc: Doc; numbers: number[]; matches: string[] }): StoredDoc => ({ doc: r.doc, numbers: r.numbers, matches: r.matches });

export class PgStore {
  /**
   * This process's writes, one after another: a write waits here, not on a pooled connection blocked in
   * pg_advisory_lock — with as many writes waiting as the pool has connections, the one holding the lock could
   * get none for its own queries.
   */
  private writes: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly url: string,
    private readonly db: Db,
    readonly postings: PgPostings,
  ) {}

  /** Connect, bring the schema up to date and mount the FlexSearch index. */
  static async open(url: string): Promise<PgStore> {
    const db = database(url);
    try {
      await db.tx((tx) => migrate(tx));
      // under the writers' lock: a server starting beside this one must not let the adapter create its tables
      // in a fresh database while this one turns them into the layout
      const postings = await db.tx(async (tx) => {
        await tx.one('SELECT pg_advisory_xact_lock($1)', [WRITE_LOCK]);
        const mounted = await PgPostings.open(db);
        await postingsLayout(tx);
        return mounted;
      });
      return new PgStore(url, db, postings);
    } catch (e) {
      throw unavailable(url, e);
    }
  }

  get where(): string {
    return redact(this.url);
  }

  private async run<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw unavailable(this.url, e);
    }
  }

  /** Every document, and the change number they reflect, from one snapshot. */
  loadAll(): Promise<Changes> {
    return this.run(() =>
      this.db.tx({ mode: SNAPSHOT }, async (tx) => {
        const seq = await lastSeq(tx);
        const rows = await tx.any(`${SELECT_DOCS} GROUP BY d.id ORDER BY min(u.n)`);
        return { seq, present: rows.map(toStored), gone: [] };
      }),
    );
  }

  /**
   * The documents that changed after change `since`, from one snapshot: those present now (added, or removed
   * and added again), in unit-number order, and the ids of those gone.
   */
  changesSince(since: number): Promise<Changes> {
    return this.run(() =>
      this.db.tx({ mode: SNAPSHOT }, async (tx) => {
        const seq = await lastSeq(tx);
        if (seq <= since) return { seq, present: [], gone: [] };
        const ids = (await tx.any(`SELECT DISTINCT doc_id FROM ${SCHEMA}.changes WHERE seq > $1`, [since])).map((r) => r.doc_id as string);
        const rows = await tx.any(`${SELECT_DOCS} WHERE d.id IN ($1:csv) GROUP BY d.id ORDER BY min(u.n)`, [ids]);
        const present = rows.map(toStored);
        const here = new Set(present.map((s) => s.doc.meta.id));
        return { seq, present, gone: ids.filter((id) => !here.has(id)) };
      }),
    );
  }

  /** Of the documents given, by id and by content hash, those already stored: id → its content hash. */
  async existing(ids: string[], hashes: string[], on: Sql = this.db): Promise<{ hashOf: Map<string, string>; idOf: Map<string, string> }> {
    const rows = await this.run(() =>
      on.any<{ id: string; content_hash: string }>(
        `SELECT id, content_hash FROM ${SCHEMA}.documents WHERE id = ANY($1::text[]) OR content_hash = ANY($2::text[])`,
        [ids, hashes],
      ),
    );
    return { hashOf: new Map(rows.map((r) => [r.id, r.content_hash])), idOf: new Map(rows.map((r) => [r.content_hash, r.id])) };
  }

  /** Stored ids that are `base` or `base-N`, for choosing a free one. */
  async idsLike(base: string): Promise<Set<string>> {
    const rows = await this.run(() => this.db.any<{ id: string }>(`SELECT id FROM ${SCHEMA}.documents WHERE id = $1 OR starts_with(id, $1 || '-')`, [base]));
    return new Set(rows.map((r) => r.id));
  }

  /**
   * Store documents, all or none, under the writers' lock. `prepare` runs under the lock with what is stored:
   * it returns the documents to write (after dropping duplicates and choosing free ids), so the check and the
   * write cannot be split by another server's add.
   */
  async addDocs<T>(prepare: (stored: PgStore) => Promise<{ docs: Doc[]; result: T }>): Promise<T> {
    return this.locked(async (t) => {
      const { docs, result } = await prepare(this);
      if (!docs.length) return result;
      const { docRows, unitRows } = await numbered(t, docs);
      this.postings.add(unitRows.map((u) => ({ id: u.n, text: u.match })));
      await this.postings.commit();
      await t.tx(async (tx) => {
        await tx.none(pgp.helpers.insert(docRows.map((d) => ({ ...d, doc: JSON.stringify(d.doc) })), DOC_COLUMNS));
        for (let i = 0; i < unitRows.length; i += 5000) await tx.none(pgp.helpers.insert(unitRows.slice(i, i + 5000), UNIT_COLUMNS));
        await recordChanges(tx, docs.map((d) => d.meta.id), 'add');
      });
      return result;
    });
  }

  /**
   * Store many documents (a build), batch after batch, in one transaction: all of them or none. `prepare` picks
   * each batch's documents to write, seeing what is stored (this build's earlier batches included). Into an empty
   * store the postings are gathered as lists and written at the end, one row per key (see lists.ts); into one
   * that has documents, one row per key and unit, as adds write them.
   */
  async bulkAdd(batches: Iterable<Doc[]>, prepare: (batch: Doc[], stored: (ids: string[], hashes: string[]) => ReturnType<PgStore['existing']>) => Promise<Doc[]>): Promise<void> {
    await this.locked((c) =>
      c.tx(async (tx) => {
        const [u] = POSTING_TABLES;
        const empty = !(await tx.oneOrNone(`SELECT 1 FROM ${u.lists} UNION ALL SELECT 1 FROM ${u.rows} LIMIT 1`));
        // emptied in this transaction, so COPY may write the lists frozen (see copyLines)
        if (empty) for (const t of POSTING_TABLES) await tx.none(`TRUNCATE ${t.lists}`);
        const lists = empty ? POSTING_TABLES.map((t) => new ListBuilder(t)) : [];
        let buffer: Uint32Array<ArrayBufferLike> = new Uint32Array(0);
        // pg-promise types its connection's client with a subset of pg's Client; it is pg's Client
        const client = c.client as unknown as ClientBase;
        const ids: string[] = [];
        for (const batch of batches) {
          const docs = await prepare(batch, (i, h) => this.existing(i, h, tx));
          if (!docs.length) continue;
          const { docRows, unitRows } = await numbered(tx, docs);
          await copyLines(client, `${SCHEMA}.documents`, ['id', 'content_hash', 'doc', 'region', 'year', 'source'], docRows.map(docLine));
          await copyLines(client, `${SCHEMA}.units`, ['n', 'doc_id', 'k', 'match'], unitRows.map((u) => `${u.n}\t${copyText(u.doc_id)}\t${u.k}\t${copyText(u.match)}\n`));
          const units = unitRows.map((u) => ({ id: u.n, text: u.match }));
          if (!empty) await copyPostings(client, units);
          else {
            for (const unit of units) {
              const [cps, n] = codePoints(unit.text, buffer);
              buffer = cps;
              for (const l of lists) l.add(unit.id, cps, n);
            }
            for (const l of lists) await copyRegistry(client, units, l.table);
          }
          ids.push(...docs.map((d) => d.meta.id));
        }
        for (const l of lists) await l.copy(client, true);
        // the planner's statistics of tables that grew many times over in one go, for the searches that follow
        // (of the keys only: sampling the lists would read them)
        for (const t of POSTING_TABLES) await tx.none(empty ? `ANALYZE ${t.lists} (key)` : `ANALYZE ${t.rows}`);
        if (ids.length) await recordChanges(tx, ids, 'add');
      }),
    );
  }

  /** Remove a document: its rows and its postings in one transaction. */
  async removeDoc(id: string): Promise<Doc> {
    return this.locked(async (t) => {
      const row = await t.oneOrNone<{ doc: Doc }>(`SELECT doc FROM ${SCHEMA}.documents WHERE id = $1`, [id]);
      if (!row) throw new YaodianError('NOT_FOUND', `no document with id "${id}" in ${this.where}`);
      await t.tx(async (tx) => {
        const units = await tx.any<{ id: number; text: string }>(`SELECT n AS id, match AS text FROM ${SCHEMA}.units WHERE doc_id = $1`, [id]);
        await tx.none(`DELETE FROM ${SCHEMA}.documents WHERE id = $1`, [id]);
        await recordChanges(tx, [id], 'remove');
        await PgPostings.remove(tx, units);
      });
      return row.doc;
    });
  }

  /** Documents and units stored, and the schema version. */
  async stats(): Promise<{ documents: number; units: number; schemaVersion: number; seq: number }> {
    return this.run(async () => {
      const r = await this.db.one(
        `SELECT (SELECT count(*) FROM ${SCHEMA}.documents)::int AS documents, (SELECT count(*) FROM ${SCHEMA}.units)::int AS units,
                (SELECT max(version) FROM ${SCHEMA}.migrations)::int AS "schemaVersion", (SELECT coalesce(max(seq), 0) FROM ${SCHEMA}.changes)::int AS seq`,
      );
      return r;
    });
  }

  /**
   * Call `onChange` with the change number whenever another process (or this one) writes, until the returned
   * function is called. A lost connection is re-established; `onChange(0)` then asks for a full catch-up check.
   */
  async listen(onChange: (seq: number) => void, onError: (e: Error) => void = () => {}): Promise<() => Promise<void>> {
    let stopped = false;
    let conn: Awaited<ReturnType<Db['connect']>> | null = null;
    const connect = async (): Promise<void> => {
      try {
        conn = await this.db.connect({
          direct: true,
          onLost: (err) => {
            conn = null;
            if (stopped) return;
            onError(err);
            setTimeout(() => void connect(), 500);
          },
        });
        conn.client.on('notification', (m) => onChange(Number(m.payload) || 0));
        await conn.none('LISTEN $1:name', [CHANNEL]);
        onChange(0);
      } catch (e) {
        if (stopped) return;
        onError(e as Error);
        setTimeout(() => void connect(), 1000);
      }
    };
    await connect();
    return async () => {
      stopped = true;
      await conn?.done();
    };
  }

  /** Run `work` holding the writers' lock (released when the connection ends, so a killed writer frees it). */
  private locked<T>(work: (c: Connection) => Promise<T>): Promise<T> {
    const turn = this.writes.then(() =>
      this.run(async () => {
        const c = await this.db.connect();
        try {
          await c.one('SELECT pg_advisory_lock($1)', [WRITE_LOCK]);
          try {
            return await work(c);
          } finally {
            await c.one('SELECT pg_advisory_unlock($1)', [WRITE_LOCK]);
          }
        } finally {
          c.done();
        }
      }),
    );
    this.writes = turn.catch(() => {});
    return turn;
  }
}

const SNAPSHOT = new pgp.txMode.TransactionMode({ tiLevel: pgp.txMode.isolationLevel.repeatableRead, readOnly: true });

interface DocRow {
  id: string;
  content_hash: string;
  doc: Doc;
  region: string;
  year: number;
  source: string | null;
}

/** The rows of documents about to be stored, their units numbered from the sequence. */
async function numbered(t: Sql, docs: Doc[]): Promise<{ docRows: DocRow[]; unitRows: { n: number; doc_id: string; k: number; match: string }[] }> {
  const units = docs.reduce((n, d) => n + d.units.length, 0);
  const numbers: number[] = (await t.any(`SELECT nextval('${SCHEMA}.unit_numbers')::int AS n FROM generate_series(1, $1)`, [units])).map((r) => r.n);
  const docRows: DocRow[] = [];
  const unitRows: { n: number; doc_id: string; k: number; match: string }[] = [];
  for (const doc of docs) {
    docRows.push({ id: doc.meta.id, content_hash: docContentHash(doc), doc, region: doc.meta.region, year: doc.meta.year, source: doc.meta.source ?? null });
    doc.units.forEach((u, k) => unitRows.push({ n: numbers[unitRows.length], doc_id: doc.meta.id, k, match: toMatchForm(u.text).text }));
  }
  return { docRows, unitRows };
}

const docLine = (d: DocRow) =>
  `${copyText(d.id)}\t${d.content_hash}\t${copyText(JSON.stringify(d.doc))}\t${copyText(d.region)}\t${d.year}\t${d.source === null ? '\\N' : copyText(d.source)}\n`;

async function lastSeq(t: Sql): Promise<number> {
  return (await t.one(`SELECT coalesce(max(seq), 0)::int AS seq FROM ${SCHEMA}.changes`)).seq;
}

async function recordChanges(tx: Sql, ids: string[], op: 'add' | 'remove'): Promise<void> {
  await tx.none(`INSERT INTO ${SCHEMA}.changes (doc_id, op) SELECT unnest($1::text[]), $2`, [ids, op]);
  // delivered when the transaction commits, to every listening server
  await tx.one('SELECT pg_notify($1, $2)', [CHANNEL, String(await lastSeq(tx))]);
}
