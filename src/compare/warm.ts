/**
 * Warming compare before a server answers anyone. A process's first statement compare pays for what every later
 * one finds ready: the compiled code of the scoring path, the document frequencies of common bigrams, the sentence
 * tables of the units most reports share wording with, the segmenter the diffs run. Paid inside a request, that
 * first compare can run past the server's budget; paid at startup, it costs no client anything. Only `yaodian
 * serve` warms: a CLI command answers one question and pays only for the parts it uses.
 */
import type { Engine } from '../index/engine.js';
import { splitSentences } from './sentences.js';
import { compare } from './timeline.js';

/** A warm-up statement is a real sentence of the corpus of this many matching-form characters. */
const MIN_WARM = 20;
const MAX_WARM = 120;
/** Units looked through for a plan sentence before settling for another one. */
const LOOK = 2000;

const warmed = new WeakSet<Engine>();

/**
 * A sentence of the corpus to follow as a statement: the first long enough one from the middle of the corpus on,
 * a plan sentence when there is one (what users paste most). Null for a corpus without any.
 */
export function warmStatement(engine: Engine): string | null {
  const { records } = engine;
  const start = records.length >> 1;
  let fallback: string | null = null;
  for (let k = 0; k < records.length; k++) {
    const rec = records[(start + k) % records.length];
    if (!rec) continue;
    for (const [s, e] of splitSentences(rec.match)) {
      if (e - s < MIN_WARM || e - s > MAX_WARM) continue;
      if (rec.unit.stance === 'plan') return rec.match.slice(s, e);
      fallback ??= rec.match.slice(s, e);
    }
    if (fallback && k >= LOOK) break;
  }
  return fallback;
}

/** Run one statement compare (gaps and diffs included) so that the next one a client asks finds the caches filled. */
export function warmCompare(engine: Engine): void {
  const statement = warmStatement(engine);
  if (statement) compare(engine, { query: statement, as: 'statement' });
  warmed.add(engine);
}

/** Whether this process has warmed compare on `engine`. */
export const isWarm = (engine: Engine): boolean => warmed.has(engine);
