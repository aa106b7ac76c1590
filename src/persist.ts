/**
 * The on-disk index: plain, versioned data. Each save writes a new generation folder, then swaps the
 * CURRENT pointer with an atomic rename, so a crash mid-write leaves the previous index loadable.
 * A saved index carries the format version and the corpus hash; a mismatch means rebuild, never wrong answers.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Engine } from './engine.js';
import type { Doc, Unit } from './types.js';
import { createTextIndex, type StoreKind } from './stores.js';
import { fsyncDir, writeFileAtomic } from './persist-io.js';

export { writeFileAtomic } from './persist-io.js';

export const FORMAT_VERSION = 2;

export interface IndexInfo {
  formatVersion: number;
  corpusHash: string;
  builtAt: string;
  generation: string;
  /** which TextIndex implementation wrote the postings */
  store: StoreKind;
  documents: number;
  units: number;
}

/** Unit text is a slice of the document's display text; store offsets only. */
type StoredUnit = Omit<Unit, 'text'> & { n: number };
interface StoredDoc {
  meta: Doc['meta'];
  display: string;
  units: StoredUnit[];
}

export async function saveIndex(engine: Engine, dir: string, corpusHash: string): Promise<IndexInfo> {
  mkdirSync(dir, { recursive: true });
  const generation = `gen-${Date.now().toString(36)}-${process.pid}`;
  const genDir = join(dir, generation);
  mkdirSync(genDir);
  const docs: StoredDoc[] = [...engine.docs.values()].map((d) => ({
    meta: d.meta,
    display: d.display,
    units: d.units.map(({ text: _text, ...u }) => ({ ...u, n: engine.numberOfUnit(u.id)! })),
  }));
  writeFileAtomic(join(genDir, 'docs.json'), JSON.stringify(docs));
  await engine.index.save(genDir);
  const info: IndexInfo = {
    formatVersion: FORMAT_VERSION,
    corpusHash,
    builtAt: new Date().toISOString(),
    generation,
    store: engine.index.kind,
    documents: engine.docs.size,
    units: engine.unitCount,
  };
  writeFileAtomic(join(genDir, 'info.json'), JSON.stringify(info, null, 2));
  fsyncDir(genDir);
  writeFileAtomic(join(dir, 'CURRENT'), JSON.stringify(info, null, 2));
  fsyncDir(dir);
  for (const name of readdirSync(dir))
    if (name.startsWith('gen-') && name !== generation) rmSync(join(dir, name), { recursive: true, force: true });
  return info;
}

export function readIndexInfo(dir: string): IndexInfo | null {
  const p = join(dir, 'CURRENT');
  if (!existsSync(p)) return null;
  try {
    const info = JSON.parse(readFileSync(p, 'utf8')) as IndexInfo;
    return existsSync(join(dir, info.generation, 'docs.json')) ? info : null;
  } catch {
    return null;
  }
}

export function loadIndex(dir: string, info: IndexInfo): Engine {
  const genDir = join(dir, info.generation);
  const docs = JSON.parse(readFileSync(join(genDir, 'docs.json'), 'utf8')) as StoredDoc[];
  const index = createTextIndex(info.store);
  index.load(genDir);
  const engine = new Engine(index);
  // every unit under one section carries the same path: share one array instead of one per unit
  const paths = new Map<string, string[]>();
  const shared = (p: string[]) => {
    const key = p.join('\u0000');
    let hit = paths.get(key);
    if (!hit) paths.set(key, (hit = p));
    return hit;
  };
  for (const d of docs) {
    const units: Unit[] = d.units.map(({ n: _n, ...u }) => ({ ...u, path: shared(u.path), text: d.display.slice(u.start, u.end) }));
    engine.addDoc({ meta: d.meta, display: d.display, units }, d.units.map((u) => u.n));
  }
  return engine;
}
