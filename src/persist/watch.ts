/**
 * A running server sees what other writers (a CLI `add`, another server) commit, without a restart: it watches
 * the index's generation (CURRENT) and segment state (SEGMENTS, whose version every commit increments) and
 * brings its engine to what is on disk — documents added since are loaded from their segment or the base, ones
 * removed since are dropped. The comparison is by document id and content hash, so it does not matter whether
 * a change came as a segment, a merge or a rebuild, or was this process's own.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../index/engine.js';
import { readDocs } from './docs.js';
import { docContentHash } from './journal.js';
import { readIndexInfo } from './save.js';
import { readSegmentState, SEGMENTS_FILE } from './segments.js';
import { liveCatalog } from './catalog.js';

/** Bring `engine` up to the index on disk; true when a document came or went. */
export function catchUp(engine: Engine, index: string): boolean {
  const info = readIndexInfo(index);
  if (!info) return false;
  const genDir = join(index, info.generation);
  const state = readSegmentState(index);
  const live = liveCatalog(genDir, state);
  let changed = false;
  for (const [id, doc] of [...engine.docs]) {
    const hash = live.get(id)?.hash;
    if (hash === undefined || hash !== docContentHash(doc)) {
      engine.removeDoc(id);
      changed = true;
    }
  }
  const missing = (id: string) => live.has(id) && !engine.docs.has(id);
  const skip = (id: string) => !missing(id);
  for (const seg of state.segments)
    if (seg.docs.some((d) => missing(d.id))) {
      readDocs(join(index, seg.name), engine, { numbering: 'index', skip });
      changed = true;
    }
  if ([...live.keys()].some(missing)) {
    readDocs(genDir, engine, { numbering: 'index', skip });
    changed = true;
  }
  return changed;
}

/** What a change to the index's files looks like from outside: their sizes and modification times. */
function stamp(index: string): string {
  return ['CURRENT', SEGMENTS_FILE]
    .map((f) => {
      try {
        const s = statSync(join(index, f));
        return `${s.mtimeMs}:${s.size}:${s.ino}`;
      } catch {
        return '-';
      }
    })
    .join('|');
}

/**
 * Poll the index every `everyMs` and catch the engine up when its files changed; `onChange` runs after each
 * catch-up that changed something (to drop cached answers). Returns a function that stops watching.
 */
export function watchIndex(engine: Engine, index: string, onChange: () => void, log: (l: string) => void = () => {}, everyMs = 500): () => void {
  let last = stamp(index);
  const timer = setInterval(() => {
    const now = stamp(index);
    if (now === last) return;
    last = now;
    try {
      if (catchUp(engine, index)) onChange();
    } catch (e) {
      // a commit being replaced under us, or a damaged file: the next change is tried again
      last = '';
      log(`could not load the index's latest changes: ${(e as Error).message}`);
    }
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
