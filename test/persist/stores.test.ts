/**
 * The same store-behaviour tests (test/helpers/store-suite.ts) on each store: the embedded index folder, and
 * PostgreSQL (skipped without a database server, required in CI: test/helpers/pg.ts).
 */
import { describe } from 'vitest';
import { describeWithDatabase, freshDatabase } from '../helpers/pg.js';
import { sciTechSeeds, tmpIndexDir } from '../helpers/seeds.js';
import { storeBehaviour } from '../helpers/store-suite.js';
import { loadCorpus } from '../../src/ingest/corpus.js';
import { openEngine } from '../../src/persist/open.js';
import { folderWriter } from '../../src/persist/writer.js';
import { FORMAT_VERSION } from '../../src/persist/save.js';
import { PgCorpus } from '../../src/persist/pg/corpus.js';

const seeds = sciTechSeeds();
const docs = () => loadCorpus(seeds, FORMAT_VERSION).docs;

describe('the embedded store (an index folder)', () => {
  storeBehaviour(async () => {
    const index = tmpIndexDir();
    const { engine } = await openEngine({ seeds, index });
    return { engine, writer: folderWriter(engine, index), close: async () => {} };
  }, docs);
});

describeWithDatabase('the PostgreSQL store', () => {
  storeBehaviour(async (stored) => {
    const db = await freshDatabase('stores');
    const corpus = await PgCorpus.open(db.url);
    await corpus.addDocs(stored);
    await corpus.refresh();
    return {
      engine: corpus.engine,
      writer: corpus,
      close: async () => {
        await corpus.close();
        await db.drop();
      },
    };
  }, docs);
});
