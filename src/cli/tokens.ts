/** Commands that diff texts keep the word tokens they computed beside the index, for the next process. */
import { DEFAULT_INDEX, openEngine } from '../persist/open.js';
import { attachTokenCache, flushTokenCache } from '../persist/token-cache.js';
import type { Engine } from '../index/engine.js';
import type { Io } from './io.js';
import { databaseUrl, openReading } from './store.js';

/** The index, with the tokens earlier commands saved beside it (read only if something is tokenized). */
export async function openWithTokens(values: { store?: string; index?: string; seeds?: string }, io: Io): Promise<Engine> {
  // a corpus in a database has no folder to keep tokens beside: each process tokenizes again
  if (databaseUrl(values)) return openReading(values, io);
  const { engine } = await openEngine({ index: values.index, seeds: values.seeds, log: io.err, lazyMatches: true });
  attachTokenCache(values.index ?? DEFAULT_INDEX);
  return engine;
}

/** A command's run, then whatever it tokenized saved (also when it failed halfway: the work is done). */
export const savingTokens =
  <A extends unknown[]>(run: (...args: A) => Promise<number>) =>
  async (...args: A): Promise<number> => {
    try {
      return await run(...args);
    } finally {
      flushTokenCache();
    }
  };
