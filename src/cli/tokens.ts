/** Commands that diff texts keep the word tokens they computed beside the index, for the next process. */
import { DEFAULT_INDEX, openEngine } from '../persist/open.js';
import { attachTokenCache, flushTokenCache } from '../persist/token-cache.js';
import type { Engine } from '../index/engine.js';
import type { Io } from './io.js';

/** The index, with the tokens earlier commands saved beside it (read only if something is tokenized). */
export async function openWithTokens(values: { index?: string; seeds?: string }, io: Io): Promise<Engine> {
  const { engine } = await openEngine({ index: values.index, seeds: values.seeds, log: io.err });
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
