/**
 * The PostgreSQL store: documents, units (matching forms) and changes in yaodian's schema, postings in
 * FlexSearch's (through its adapter). Writers take one advisory lock, so unit numbers and change numbers grow
 * in commit order and a server catching up never sees a later change before an earlier one.
 *
 * An add writes in this order: unit numbers from the sequence, the postings (FlexSearch commits them itself),
 * then one transaction with the document, its units and the change record. A process killed before that
 * transaction commits leaves postings that name no unit (verification drops them, numbers are never reused)
 * and no document; killed after, the whole document. A remove is the mirror image.
 */
import type { ITask } from 'pg-promise';
import { CHANNEL, migrate, SCHEMA, WRITE_LOCK } from './schema.js';
import { database, pgp, unavailable, type Db } from './db.js';
import { redact } from './url.js';
import { PgPostings } from '../../index/flexsearch-pg.js';
import { docContentHash } from '../journal.js';
import { YaodianError } from '../../errors.js';
import { toMatchForm } from '../../text/normalize.js';
import type { Doc } from '../../types.js';

type Task = ITask<unknown>;

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
      return new PgStore(url, db, await PgPostings.open(db));
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
  async existing(ids: string[], hashes: string[]): Promise<{ hashOf: Map<string, string>; idOf: Map<string, string> }> {
    const rows = await this.run(() =>
      this.db.any<{ id: string; content_hash: string }>(
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
      const units = docs.reduce((n, d) => n + d.units.length, 0);
      const numbers: number[] = (await t.any(`SELECT nextval('${SCHEMA}.unit_numbers')::int AS n FROM generate_series(1, $1)`, [units])).map((r) => r.n);
      const docRows: object[] = [];
      const unitRows: { n: number; doc_id: string; k: number; match: string }[] = [];
      for (const doc of docs) {
        docRows.push({ id: doc.meta.id, content_hash: docContentHash(doc), doc: JSON.stringify(doc), region: doc.meta.region, year: doc.meta.year, source: doc.meta.source ?? null });
        doc.units.forEach((u, k) => unitRows.push({ n: numbers[unitRows.length], doc_id: doc.meta.id, k, match: toMatchForm(u.text).text }));
      }
      this.postings.add(unitRows.map((u) => ({ id: u.n, text: u.match })));
      await this.postings.commit();
      await t.tx(async (tx) => {
        await tx.none(pgp.helpers.insert(docRows, DOC_COLUMNS));
        for (let i = 0; i < unitRows.length; i += 5000) await tx.none(pgp.helpers.insert(unitRows.slice(i, i + 5000), UNIT_COLUMNS));
        await recordChanges(tx, docs.map((d) => d.meta.id), 'add');
      });
      return result;
    });
  }

  /** Remove a document: its rows in one transaction, then its postings. */
  async removeDoc(id: string): Promise<Doc> {
    return this.locked(async (t) => {
      const row = await t.oneOrNone<{ doc: Doc }>(`SELECT doc FROM ${SCHEMA}.documents WHERE id = $1`, [id]);
      if (!row) throw new YaodianError('NOT_FOUND', `no document with id "${id}" in ${this.where}`);
      const numbers = await t.tx(async (tx) => {
        const ns = (await tx.any(`SELECT n FROM ${SCHEMA}.units WHERE doc_id = $1`, [id])).map((r) => r.n as number);
        await tx.none(`DELETE FROM ${SCHEMA}.documents WHERE id = $1`, [id]);
        await recordChanges(tx, [id], 'remove');
        return ns;
      });
      this.postings.remove(numbers);
      await this.postings.commit();
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
  private locked<T>(work: (t: Task) => Promise<T>): Promise<T> {
    const turn = this.writes.then(() =>
      this.run(() =>
        this.db.task(async (t) => {
          await t.one('SELECT pg_advisory_lock($1)', [WRITE_LOCK]);
          try {
            return await work(t);
          } finally {
            await t.one('SELECT pg_advisory_unlock($1)', [WRITE_LOCK]);
          }
        }),
      ),
    );
    this.writes = turn.catch(() => {});
    return turn;
  }
}

const SNAPSHOT = new pgp.txMode.TransactionMode({ tiLevel: pgp.txMode.isolationLevel.repeatableRead, readOnly: true });

async function lastSeq(t: Task): Promise<number> {
  return (await t.one(`SELECT coalesce(max(seq), 0)::int AS seq FROM ${SCHEMA}.changes`)).seq;
}

async function recordChanges(tx: Task, ids: string[], op: 'add' | 'remove'): Promise<void> {
  await tx.none(`INSERT INTO ${SCHEMA}.changes (doc_id, op) SELECT unnest($1::text[]), $2`, [ids, op]);
  // delivered when the transaction commits, to every listening server
  await tx.one('SELECT pg_notify($1, $2)', [CHANNEL, String(await lastSeq(tx))]);
}
