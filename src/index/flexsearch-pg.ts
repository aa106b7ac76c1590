/**
 * FlexSearch on PostgreSQL, through FlexSearch's own adapter (flexsearch/db/postgres, pg-promise): the shared
 * index of the database store. Two FlexSearch indexes, unigrams (one-character terms) and bigrams (the rest),
 * keep their postings in the database; a term's candidates are the units holding all of its bigrams, which
 * the adapter answers in one SQL query (GROUP BY id HAVING count = number of bigrams).
 *
 * The search stage is synchronous and verifies candidates against the units' matching forms, so a query's
 * terms are fetched from the database first (prefetch), then searched. Lookups nobody prefetched (compare's
 * and new's probes, title hits) are answered by a local gram index over the same units, kept in step with the
 * database by the store; both give supersets of the units containing a term, and verification makes either
 * exact.
 */
import type FlexSearchModule from 'flexsearch';
import type { StorageInterface } from 'flexsearch';
import { GramIndex } from './gram.js';
import { bigrams, TextIndex, unigrams, type Ids, type StoreUnit } from './store.js';

type FlexIndex = InstanceType<typeof FlexSearchModule.Index>;

/** What FlexSearch's adapter needs from pg-promise (the database object itself), and what our own reads use of it. */
export interface PgDatabase {
  any<T = unknown>(query: string, values?: unknown): Promise<T[]>;
}

/** FlexSearch's PostgreSQL schemas for yaodian's postings: flexsearch_yaodian_u.{map_u, reg, …} and flexsearch_yaodian_b. */
export const FLEX_NAME = 'yaodian';

const ALL = 1_000_000_000;

/** One of the two FlexSearch indexes, and the tables its adapter keeps it in (schema flexsearch_<name>, map_<field>, reg). */
export interface PostingTable {
  schema: string;
  field: 'u' | 'b';
  /** characters per term */
  gram: 1 | 2;
  /** the terms of a unit's matching form, as the index is given them (its encode) */
  terms: (s: string) => string[];
}

export const POSTING_TABLES: readonly PostingTable[] = [
  { schema: `flexsearch_${FLEX_NAME}_u`, field: 'u', gram: 1, terms: unigrams },
  { schema: `flexsearch_${FLEX_NAME}_b`, field: 'b', gram: 2, terms: bigrams },
];

/** The postings in PostgreSQL: add, remove and look up through FlexSearch's adapter. */
export class PgPostings {
  private constructor(
    private readonly db: PgDatabase,
    private readonly uni: FlexIndex,
    private readonly bi: FlexIndex,
  ) {}

  /** Mount both indexes on the database (the adapter creates its tables when they are missing). */
  static async open(db: PgDatabase): Promise<PgPostings> {
    const { default: flexsearch } = (await import('flexsearch')) as unknown as { default: typeof FlexSearchModule };
    const { default: Postgres } = (await import('flexsearch/db/postgres')) as {
      default: new (name: string, config: object) => StorageInterface & { db: PgDatabase };
    };
    // one FlexSearch storage per index: the adapter's registry table (reg) has no per-field name, so two indexes
    // in one storage would register every unit twice
    const make = async ({ field, terms }: PostingTable) => {
      // commit: false — postings reach the database only when the store commits them, inside its write protocol
      const index = new flexsearch.Index({ tokenize: 'strict', encode: terms, resolution: 1, commit: false } as object);
      const storage = new Postgres(`${FLEX_NAME}_${field}`, { field, type: 'int', db });
      // the adapter keeps the first database any storage was given, in a module variable, and hands it to every
      // later one: a process opening a second database would write that one's postings into the first
      storage.db = db;
      await index.mount(storage);
      return index;
    };
    return new PgPostings(db, await make(POSTING_TABLES[0]), await make(POSTING_TABLES[1]));
  }

  /** Buffer units' postings in memory; commit() writes them. */
  add(units: StoreUnit[]): void {
    for (const u of units) {
      this.uni.add(u.id, u.text);
      this.bi.add(u.id, u.text);
    }
  }

  /** Buffer the removal of units' postings; commit() deletes them. */
  remove(ids: number[]): void {
    for (const id of ids) {
      this.uni.remove(id);
      this.bi.remove(id);
    }
  }

  /** Write what add() and remove() buffered (one transaction per index, by the adapter). */
  async commit(): Promise<void> {
    await this.uni.commit();
    await this.bi.commit();
  }

  /**
   * Candidate units of a term in matching form, ascending — the units holding every bigram (or the character) —
   * asked of FlexSearch itself (its adapter's query). Searches use `lookupAll`; this stays to show the adapter
   * reads what the store writes.
   */
  async lookup(term: string): Promise<Uint32Array> {
    const one = Array.from(term).length === 1;
    if (!one && !bigrams(term).length) return new Uint32Array(0);
    const ids = (await (one ? this.uni : this.bi).search(term, { limit: ALL } as object)) as unknown as number[];
    return Uint32Array.from(ids).sort();
  }

  /**
   * Candidate units of several terms in one SQL statement (one round trip), read from FlexSearch's tables with our
   * own query: a term's units are those holding its character, or all of up to PROBE_GRAMS of its bigrams — the
   * rarest by `rank` (any subset gives a superset of the units with the term; verification makes it exact). The
   * lists come back packed (4 bytes a unit), not as SQL arrays the driver would parse number by number.
   */
  async lookupAll(terms: string[], rank: (gram: string) => number = () => 0): Promise<Uint32Array[]> {
    const params: unknown[] = [];
    const parts: string[] = [];
    terms.forEach((term, i) => {
      const one = Array.from(term).length === 1;
      const grams = one ? [term] : rarest(bigrams(term), rank, PROBE_GRAMS);
      if (!grams.length) return;
      const t = POSTING_TABLES[one ? 0 : 1];
      const from = `${t.schema}.map_${t.field}`;
      params.push(grams);
      const keys = `$${params.length}::text[]`;
      // one key: the (key, id) index gives the ids in order; several: the units holding each of them
      const ids =
        grams.length === 1
          ? `SELECT id FROM ${from} WHERE key = (${keys})[1]`
          : `SELECT id FROM ${from} WHERE key = ANY(${keys}) GROUP BY id HAVING count(*) = ${grams.length}`;
      parts.push(`SELECT ${i} AS i, (SELECT string_agg(int4send(x.id), ''::bytea ORDER BY x.id) FROM (${ids}) x) AS ids`);
    });
    const out: Uint32Array[] = terms.map(() => new Uint32Array(0));
    if (!parts.length) return out;
    const rows = await this.db.any<{ i: number; ids: Buffer | null }>(parts.join(' UNION ALL '), params);
    for (const r of rows) if (r.ids) out[r.i] = unpack(r.ids);
    return out;
  }
}

/** Bigrams a term's candidates are looked up by: enough to leave few candidates, few enough to read little. */
const PROBE_GRAMS = 3;

function rarest(grams: string[], rank: (gram: string) => number, max: number): string[] {
  if (grams.length <= max) return grams;
  return grams
    .map((g) => ({ g, r: rank(g) }))
    .sort((a, b) => a.r - b.r)
    .slice(0, max)
    .map((x) => x.g);
}

/** Big-endian 4-byte unit numbers (int4send) → ascending ids. */
function unpack(b: Buffer): Uint32Array {
  const out = new Uint32Array(b.length >>> 2);
  for (let k = 0, o = 0; k < out.length; k++, o += 4) out[k] = b.readUInt32BE(o);
  return out;
}

/** Prefetched lookups kept for the searches of the moment; more than this and the oldest go. */
const PREFETCH_KEEP = 256;

/**
 * The engine's store when the corpus lives in PostgreSQL: candidates of prefetched terms come from FlexSearch in
 * the database, everything else from the local gram index the store keeps in step with it.
 */
export class PgTextIndex extends TextIndex {
  readonly kind = 'postgres';
  private readonly local = new GramIndex();
  private readonly fetched = new Map<string, Ids>();
  /** bumped by every add, so a lookup that was in flight across an add is not kept */
  private generation = 0;
  /** how many candidate lists the database answered, and in how many statements, for tests and the benchmark */
  databaseLookups = 0;
  roundTrips = 0;

  constructor(private readonly store: PgPostings) {
    super();
  }

  build(texts: StoreUnit[]): void {
    this.fetched.clear();
    this.local.build(texts);
  }

  add(id: number, matchText: string): void {
    // a list fetched before this unit existed would miss it
    this.fetched.clear();
    this.generation++;
    this.local.add(id, matchText);
  }

  remove(id: number): void {
    this.local.remove(id);
  }

  async prefetch(terms: string[]): Promise<void> {
    const missing = [...new Set(terms)].filter((t) => t && !this.fetched.has(t));
    const before = this.generation;
    const lists = missing.length ? await this.store.lookupAll(missing, (g) => this.local.dfBound(g)) : [];
    if (missing.length) this.roundTrips++;
    // a unit added while the lists were fetched may be missing from them: they are not kept
    if (this.generation === before) missing.forEach((t, k) => this.fetched.set(t, lists[k]));
    this.databaseLookups += missing.length;
    while (this.fetched.size > PREFETCH_KEEP) this.fetched.delete(this.fetched.keys().next().value!);
  }

  candidates(term: string): Ids {
    return this.fetched.get(term) ?? this.local.candidates(term);
  }

  /** Drop the prefetched lists, so the next search asks the database again (the benchmark times that). */
  forget(): void {
    this.fetched.clear();
  }

  async save(): Promise<void> {
    throw new Error('a PostgreSQL store is not saved to a folder: its data is in the database');
  }

  load(): void {
    throw new Error('a PostgreSQL store is not loaded from a folder: open it with its database URL');
  }
}
