/**
 * FlexSearch on PostgreSQL, through FlexSearch's own adapter (flexsearch/db/postgres, pg-promise): the shared
 * index of the database store. Two FlexSearch indexes, unigrams (one-character terms) and bigrams (the rest),
 * keep their postings in the database; a term's candidates are the units holding all of its bigrams, which
 * the adapter answers in one SQL query (GROUP BY id HAVING count = number of bigrams).
 *
 * The adapter's map table (one row per key and unit) is a view here, over two tables: the lists a build writes,
 * one row per key with its units packed in an array, and the rows an add writes through the adapter (the view's
 * INSERT rule puts them there). The adapter reads the view as its own table; our reads go to both tables.
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
import { bigrams, TextIndex, unigrams, type Ids, type StoreUnit, type TermMatch, type Verify } from './store.js';
import { intersectSorted } from '../util/sorted.js';

type FlexIndex = InstanceType<typeof FlexSearchModule.Index>;

/** What FlexSearch's adapter needs from pg-promise (the database object itself), and what our own reads use of it. */
export interface PgDatabase {
  any<T = unknown>(query: string | { name: string; text: string; values: unknown[] }, values?: unknown): Promise<T[]>;
  none(query: string, values?: unknown): Promise<null>;
}

/** FlexSearch's PostgreSQL schemas for yaodian's postings: flexsearch_yaodian_u.{map_u, reg, …} and flexsearch_yaodian_b. */
export const FLEX_NAME = 'yaodian';

const ALL = 1_000_000_000;

/** One of the two FlexSearch indexes, and the tables its adapter keeps it in (schema flexsearch_<name>, map_<field>, reg). */
export interface PostingTable {
  schema: string;
  field: 'u' | 'b';
  /** the adapter's map table (a view: see the header) */
  map: string;
  /** the postings added through the adapter, one row per key and unit */
  rows: string;
  /** the postings a build wrote, one row per key: (key, ids integer[]), ids ascending */
  lists: string;
  /** characters per term */
  gram: 1 | 2;
  /** the terms of a unit's matching form, as the index is given them (its encode) */
  terms: (s: string) => string[];
}

const postingTable = (field: 'u' | 'b', gram: 1 | 2, terms: (s: string) => string[]): PostingTable => {
  const schema = `flexsearch_${FLEX_NAME}_${field}`;
  return { schema, field, map: `${schema}.map_${field}`, rows: `${schema}.map_${field}_rows`, lists: `${schema}.map_${field}_lists`, gram, terms };
};

export const POSTING_TABLES: readonly PostingTable[] = [postingTable('u', 1, unigrams), postingTable('b', 2, bigrams)];

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
      const storage = new Postgres(`${FLEX_NAME}_${field}`, { field, type: 'int', db }) as StorageInterface & { db: PgDatabase; open: () => Promise<unknown> };
      // the adapter keeps the first database any storage was given, in a module variable, and hands it to every
      // later one: a process opening a second database would write that one's postings into the first
      storage.db = db;
      // it creates its tables in a fresh database; once they exist it is not asked again, since it would try to
      // index its map table, which the store has made a view (postingsLayout)
      const [{ fresh }] = await db.any<{ fresh: boolean }>('SELECT to_regclass($1) IS NULL AS fresh', [`flexsearch_${FLEX_NAME}_${field}.map_${field}`]);
      if (!fresh) storage.open = async () => {};
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

  /** Write what add() buffered (one transaction per index, by the adapter). */
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
   * The posting lists of keys — characters of the unigram index, bigrams of the bigram index — in one SQL
   * statement (one round trip), read with our own query: a key's packed list (one row) and the rows adds wrote
   * for it. Both come back as bytes (4 bytes a unit after array_send's header; int4send of each added row), not as
   * SQL arrays the driver would parse number by number. Keyed by listKey(); a key no unit holds is absent.
   */
  async lists(unis: string[], bis: string[]): Promise<Map<string, Uint32Array>> {
    const out = new Map<string, Uint32Array>();
    const asked = POSTING_TABLES.map((t, k) => ({ t, keys: k ? bis : unis })).filter((a) => a.keys.length);
    if (!asked.length) return out;
    const parts = asked.flatMap(({ t }, k) => [
      `SELECT '${t.field}' AS f, key, array_send(ids) AS ids, true AS packed FROM ${t.lists} WHERE key = ANY($${k + 1}::text[])`,
      `SELECT '${t.field}', key, string_agg(int4send(id), ''::bytea), false FROM ${t.rows} WHERE key = ANY($${k + 1}::text[]) GROUP BY key`,
    ]);
    // a named statement: each connection plans each of the three shapes once, not every query
    const rows = await this.db.any<{ f: 'u' | 'b'; key: string; ids: Buffer; packed: boolean }>({
      name: `yaodian_lists_${asked.map((a) => a.t.field).join('')}`,
      text: parts.join(' UNION ALL '),
      values: asked.map((a) => a.keys),
    });
    for (const r of rows) {
      const k = listKey(r.f, r.key);
      const ids = r.packed ? unpackArray(r.ids) : unpack(r.ids);
      const had = out.get(k);
      out.set(k, had ? concatSorted(had, ids) : ids);
    }
    return out;
  }

  /**
   * Remove units' postings, in the caller's transaction: the rows adds wrote, and the units from the lists of
   * the keys of their matching forms (`units` as they were stored), so no other list is read.
   */
  static async remove(tx: PgDatabase, units: StoreUnit[]): Promise<void> {
    if (!units.length) return;
    const ids = units.map((u) => u.id);
    const lo = Math.min(...ids);
    const hi = Math.max(...ids);
    for (const t of POSTING_TABLES) {
      const keys = [...new Set(units.flatMap((u) => t.terms(u.text)))];
      await tx.none(`DELETE FROM ${t.rows} WHERE id = ANY($1::int[])`, [ids]);
      // a document's units are numbered together: the range test spares most of a long list the exact one
      await tx.none(
        `UPDATE ${t.lists} SET ids = ARRAY(SELECT x FROM unnest(ids) AS x WHERE x < $2 OR x > $3 OR x <> ALL($1::int[])) WHERE key = ANY($4::text[]) AND ids && $1::int[]`,
        [ids, lo, hi, keys],
      );
      await tx.none(`DELETE FROM ${t.lists} WHERE key = ANY($1::text[]) AND cardinality(ids) = 0`, [keys]);
      await tx.none(`DELETE FROM ${t.schema}.reg WHERE id = ANY($1::int[])`, [ids]);
    }
  }
}

export const listKey = (field: 'u' | 'b', key: string) => `${field}${key}`;

/** Big-endian 4-byte unit numbers (int4send) → ascending ids. */
function unpack(b: Buffer): Uint32Array {
  const out = new Uint32Array(b.length >>> 2);
  for (let k = 0, o = 0; k < out.length; k++, o += 4) out[k] = b.readUInt32BE(o);
  // the index gives a key's units in order; sorting a sorted array costs little and keeps that an assumption
  return out.sort();
}

/** A one-dimensional integer[] as array_send writes it (a 20-byte header, then a 4-byte length and the value per element) → ids. */
function unpackArray(b: Buffer): Uint32Array {
  if (b.length < 20 || b.readInt32BE(0) === 0) return new Uint32Array(0);
  const out = new Uint32Array(b.readInt32BE(12));
  for (let k = 0, o = 24; k < out.length; k++, o += 8) out[k] = b.readUInt32BE(o);
  return out;
}

/** Two ascending lists of distinct ids → one. */
function concatSorted(a: Uint32Array, b: Uint32Array): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out.sort();
}

/** Bigrams a term's candidates are looked up by: enough to leave few candidates, few enough to read little. */
const PROBE_GRAMS = 3;

/**
 * The posting lists a server holds between searches: the frequent keys (科技, 创新, 的 …) come in most queries and
 * are the long lists, so keeping them saves most of what the database would send again. Least recently used
 * go past the budget; every change to the corpus empties it.
 */
const LIST_CACHE_IDS = 16 * 1024 * 1024;

function rarest(grams: string[], rank: (gram: string) => number): string[] {
  if (grams.length <= PROBE_GRAMS) return grams;
  return grams
    .map((g) => ({ g, r: rank(g) }))
    .sort((a, b) => a.r - b.r)
    .slice(0, PROBE_GRAMS)
    .map((x) => x.g);
}

/** Cache keys → the characters and the bigrams to fetch. */
function split(keys: string[]): [string[], string[]] {
  const unis: string[] = [];
  const bis: string[] = [];
  for (const k of keys) (k[0] === 'u' ? unis : bis).push(k.slice(1));
  return [unis, bis];
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
  private readonly cached = new Map<string, Uint32Array>();
  private cachedIds = 0;
  /** bumped by every add, so a lookup that was in flight across an add is not kept */
  private generation = 0;
  /** how many candidate lists the database answered, and in how many statements, for tests and the benchmark */
  databaseLookups = 0;
  roundTrips = 0;

  constructor(private readonly store: PgPostings) {
    super();
  }

  build(texts: StoreUnit[]): void {
    this.forget();
    this.local.build(texts);
  }

  add(id: number, matchText: string): void {
    // a list fetched before this unit existed would miss it
    this.forget();
    this.generation++;
    this.local.add(id, matchText);
  }

  remove(id: number): void {
    this.local.remove(id);
  }

  /**
   * Fetch the candidate lists of a query's terms: a term's units are those holding its character, or all of
   * up to PROBE_GRAMS of its bigrams, the rarest by the local index (any subset gives a superset of the units
   * with the term; verification makes it exact). The keys not held in the list cache come in one statement.
   */
  async prefetch(terms: string[]): Promise<void> {
    const missing = [...new Set(terms)].filter((t) => t && !this.fetched.has(t));
    if (!missing.length) return;
    const keysOf = missing.map((t) =>
      Array.from(t).length === 1 ? [listKey('u', t)] : rarest(bigrams(t), (g) => this.local.dfBound(g)).map((g) => listKey('b', g)),
    );
    const want: string[] = [];
    for (const k of new Set(keysOf.flat())) {
      const hit = this.cached.get(k);
      if (!hit) want.push(k);
      // used again: the most recent now
      else this.cached.delete(k), this.cached.set(k, hit);
    }
    const before = this.generation;
    const got = want.length ? await this.store.lists(...split(want)) : new Map<string, Uint32Array>();
    if (want.length) this.roundTrips++;
    this.databaseLookups += missing.length;
    // a unit added while the lists were fetched may be missing from them: they are not kept
    if (this.generation !== before) return;
    for (const k of want) this.keep(k, got.get(k) ?? new Uint32Array(0));
    missing.forEach((t, i) => {
      const lists = keysOf[i].map((k) => this.cached.get(k) ?? got.get(k) ?? new Uint32Array(0));
      this.fetched.set(t, lists.length ? lists.reduce((a, b) => intersectSorted(a, b)) : new Uint32Array(0));
    });
    while (this.fetched.size > PREFETCH_KEEP) this.fetched.delete(this.fetched.keys().next().value!);
  }

  /**
   * Prefetch as the store did before it read FlexSearch's tables itself: FlexSearch's own query through its
   * adapter, one per term, all of a term's bigrams. The benchmark times it beside prefetch().
   */
  async prefetchByAdapter(terms: string[]): Promise<void> {
    const missing = [...new Set(terms)].filter((t) => t && !this.fetched.has(t));
    const lists = await Promise.all(missing.map((t) => this.store.lookup(t)));
    missing.forEach((t, k) => this.fetched.set(t, lists[k]));
  }

  /** Hold a list in the cache, the least recently used going past the budget. */
  private keep(key: string, ids: Uint32Array): void {
    this.cached.set(key, ids);
    this.cachedIds += ids.length;
    for (const [k, v] of this.cached) {
      if (this.cachedIds <= LIST_CACHE_IDS) break;
      this.cached.delete(k);
      this.cachedIds -= v.length;
    }
  }

  candidates(term: string): Ids {
    return this.fetched.get(term) ?? this.local.candidates(term);
  }

  /** The local gram index's counts: a query's AND terms are looked up rarest first, as on the embedded store. */
  override dfBound(term: string): number {
    return this.local.dfBound(term);
  }

  /**
   * A term's units from its fetched candidates, looked up as the gram store looks up its own lists: among
   * `within` (the survivors of a query's rarer terms) only the candidates among them are verified, and the
   * term's weight then takes the local bound for its document frequency, as on the embedded store. A term
   * nobody fetched is the local index's.
   */
  override match(term: string, verify: Verify, within?: Ids): TermMatch {
    const got = this.fetched.get(term);
    if (!got) return this.local.match(term, verify, within);
    if (!within) {
      const post = verify(got, term);
      return { ids: post.ids, df: post.ids.length, post };
    }
    const post = verify(intersectSorted(within, got), term);
    return { ids: post.ids, df: this.local.dfBound(term), post };
  }

  /**
   * Drop the prefetched lists, so the next search asks again: the list cache too (the next search asks the
   * database for every list: the benchmark times both), unless `lists` is false.
   */
  forget(lists = true): void {
    this.fetched.clear();
    if (!lists) return;
    this.cached.clear();
    this.cachedIds = 0;
  }

  async save(): Promise<void> {
    throw new Error('a PostgreSQL store is not saved to a folder: its data is in the database');
  }

  load(): void {
    throw new Error('a PostgreSQL store is not loaded from a folder: open it with its database URL');
  }
}
