/** Where the write endpoints add and remove documents: an index folder's journal, or a database. */
import type { Engine } from '../index/engine.js';
import type { MetaOverride } from '../ingest/corpus.js';
import type { Prepared } from '../ingest/prepare.js';
import type { Doc } from '../types.js';
import { addPrepared, removeDocument, type AddOptions, type Added } from './journal.js';

export interface CorpusWriter {
  /** add a report the sandbox prepared (read, cleaned, cut into units) */
  addPrepared(prepared: Pick<Prepared, 'text' | 'doc'>, override?: MetaOverride, opts?: AddOptions): Promise<Added>;
  remove(id: string): Promise<Doc>;
}

/** Writes to an index folder: the journal beside its saved generation. */
export const journalWriter = (engine: Engine, index: string): CorpusWriter => ({
  addPrepared: async (prepared, override, opts) => addPrepared(engine, index, prepared, override, opts),
  remove: async (id) => removeDocument(engine, index, id),
});
