/**
 * An engine over a PostgreSQL store: loaded from the database, written through it, and kept in step with what
 * other servers write (LISTEN/NOTIFY, then a catch-up read of the changes since the engine's own number).
 * Every write goes to the database first and reaches the engine through the same catch-up, so a server's own
 * adds and another's take one path.
 */
import { basename } from 'node:path';
import { buildDoc, type MetaOverride } from '../../ingest/corpus.js';
import { editionOf } from '../../ingest/editions.js';
import { Engine } from '../../index/engine.js';
import { PgTextIndex } from '../../index/flexsearch-pg.js';
import type { StoreUnit } from '../../index/store.js';
import type { Doc } from '../../types.js';
import { docContentHash, freeId, preparedHash, type AddOptions, type Added } from '../journal.js';
import { withId, type Prepared } from '../../ingest/prepare.js';
import { safeReportName } from '../../ingest/read.js';
import { YaodianError } from '../../errors.js';
import { PgStore, type Changes, type StoredDoc } from './store.js';

/** Documents written per transaction by a bulk add: bounds the postings FlexSearch buffers in memory. */
const BATCH_CHARS = 4_000_000;

export interface BulkResult {
  added: string[];
  /** [id, the stored document with the same content] */
  duplicates: [string, string][];
  /** ids stored already with other content: never replaced */
  conflicts: string[];
}

export class PgCorpus {
  /** the last change this engine reflects */
  private seq = 0;
  private catching: Promise<void> = Promise.resolve();
  private stopListening: (() => Promise<void>) | null = null;

  private constructor(
    readonly store: PgStore,
    readonly engine: Engine,
  ) {}

  static async open(url: string): Promise<PgCorpus> {
    const store = await PgStore.open(url);
    const corpus = new PgCorpus(store, new Engine({ index: new PgTextIndex(store.postings) }));
    const all = await store.loadAll();
    const texts: StoreUnit[] = [];
    for (const s of all.present) {
      corpus.engine.addDoc(s.doc, s.numbers, s.matches);
      s.numbers.forEach((n, k) => texts.push({ id: n, text: s.matches[k] }));
    }
    corpus.engine.index.build(texts);
    corpus.seq = all.seq;
    return corpus;
  }

  /** The change number the engine reflects. */
  get changeNumber(): number {
    return this.seq;
  }

  /** Bring the engine up to the database's latest change (one catch-up at a time, in order). */
  refresh(): Promise<void> {
    const next = this.catching.then(async () => this.apply(await this.store.changesSince(this.seq)));
    this.catching = next.catch(() => {});
    return next;
  }

  private apply(c: Changes): void {
    if (c.seq <= this.seq) return;
    const { engine } = this;
    for (const id of c.gone) if (engine.docs.has(id)) engine.removeDoc(id);
    for (const s of c.present) {
      if (engine.docs.has(s.doc.meta.id)) {
        if (sameNumbers(engine, s)) continue;
        engine.removeDoc(s.doc.meta.id);
      }
      // units come in number order, all above what the engine holds: the writers' lock gives them in commit order
      engine.addDoc(s.doc, s.numbers, s.matches);
      s.numbers.forEach((n, k) => engine.index.add(n, s.matches[k]));
    }
    this.seq = c.seq;
  }

  /**
   * Follow other servers' writes until close(): `onChange` runs after each catch-up that changed something
   * (e.g. to drop cached answers).
   */
  async follow(onChange: () => void = () => {}, log: (line: string) => void = () => {}): Promise<void> {
    this.stopListening = await this.store.listen(
      (seq) => {
        if (seq !== 0 && seq <= this.seq) return;
        const before = this.seq;
        this.refresh().then(
          () => this.seq !== before && onChange(),
          (e: Error) => log(`yaodian: catching up with ${this.store.where} failed: ${e.message}`),
        );
      },
      (e) => log(`yaodian: lost the connection to ${this.store.where} (${e.message}); reconnecting`),
    );
  }

  async close(): Promise<void> {
    await this.stopListening?.();
    this.stopListening = null;
  }

  /** Add a report the sandbox prepared, as `yaodian add` and POST /api/documents do on the embedded store. */
  async addPrepared(prepared: Pick<Prepared, 'text' | 'doc'>, override: MetaOverride = {}, opts: AddOptions = {}): Promise<Added> {
    const hash = preparedHash(prepared);
    const probe = prepared.doc;
    const outcome = await this.store.addDocs<{ duplicateOf: string; similarity?: number } | { doc: Doc }>(async (store) => {
      const dup = (await store.existing([], [hash])).idOf.get(hash);
      if (dup) return { docs: [], result: { duplicateOf: dup } };
      // under the writers' lock the engine caught up is the whole corpus: another edition of the report is
      // found whichever server added it
      await this.refresh();
      const edition = editionOf(probe, this.engine.docs.values());
      if (edition && (edition.similarity === 1 || !opts.force))
        return { docs: [], result: { duplicateOf: edition.id, ...(edition.similarity < 1 && { similarity: edition.similarity }) } };
      const taken = await store.idsLike(override.id ?? probe.meta.id);
      const doc = withId(probe, freeId((x) => taken.has(x), override.id ?? probe.meta.id));
      return { docs: [doc], result: { doc } };
    });
    await this.refresh();
    if ('duplicateOf' in outcome) return { doc: this.engine.getDoc(outcome.duplicateOf), ...outcome };
    return { doc: this.engine.getDoc(outcome.doc.meta.id) };
  }

  /** Add one report's text read in this process (tests, the benchmark): `addPrepared` after cleaning it here. */
  async addText(text: string, source: string, override: MetaOverride = {}, opts: AddOptions = {}): Promise<Added> {
    const name = safeReportName(basename(source));
    const doc = buildDoc(text, name, override);
    if (!doc.units.length) throw new YaodianError('BAD_FILE', `${name}: no text left after cleaning`);
    return this.addPrepared({ text, doc }, override, opts);
  }

  /**
   * Store many documents (`index`, `migrate`) in one transaction, written in batches of whole documents. A
   * document whose content is stored already is skipped; one whose id is stored with other content is reported,
   * never replaced. The engine is not brought up to date (a build's command ends here): `refresh()` does that.
   */
  async addDocs(docs: Doc[], log: (line: string) => void = () => {}): Promise<BulkResult> {
    const out: BulkResult = { added: [], duplicates: [], conflicts: [] };
    let read = 0;
    await this.store.bulkAdd(batches(docs), async (batch, stored) => {
      const { hashOf, idOf } = await stored(
        batch.map((d) => d.meta.id),
        batch.map(docContentHash),
      );
      const fresh: Doc[] = [];
      for (const d of batch) {
        const same = idOf.get(docContentHash(d));
        idOf.set(docContentHash(d), d.meta.id);
        if (same) out.duplicates.push([d.meta.id, same]);
        else if (hashOf.has(d.meta.id)) out.conflicts.push(d.meta.id);
        else fresh.push(d);
      }
      out.added.push(...fresh.map((d) => d.meta.id));
      read += batch.length;
      log(`writing ${out.added.length} new of ${read}/${docs.length} documents into ${this.store.where}`);
      return fresh;
    });
    return out;
  }

  async remove(id: string): Promise<Doc> {
    const doc = await this.store.removeDoc(id);
    await this.refresh();
    return doc;
  }
}

function sameNumbers(engine: Engine, s: StoredDoc): boolean {
  return s.doc.units.every((u, k) => engine.numberOfUnit(u.id) === s.numbers[k]);
}

function* batches(docs: Doc[]): Generator<Doc[]> {
  let batch: Doc[] = [];
  let chars = 0;
  for (const d of docs) {
    batch.push(d);
    chars += d.display.length;
    if (chars >= BATCH_CHARS) {
      yield batch;
      batch = [];
      chars = 0;
    }
  }
  if (batch.length) yield batch;
}
