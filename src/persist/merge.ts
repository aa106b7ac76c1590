/**
 * Merges of segments (writer lock held; segments.ts describes the policy): FANOUT segments of one level into
 * one of the next, and the segments into the base once they pass MERGE_SHARE of it. A merge into the base
 * appends: the base's files are copied as they are and only the added documents are encoded after them (their
 * postings appended to the base's lists: index/postings-build.ts), so it costs a copy of the base and the work
 * of what it adds, not a rebuild of everything. It rebuilds the base only when it must drop documents of the
 * base itself (removed ones), for another store than the gram index, or for a base saved before appends.
 */
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { Engine, TITLE_FILES } from '../index/engine.js';
import { GramIndex } from '../index/gram.js';
import { createTextIndex } from '../index/stores.js';
import type { StoreUnit } from '../index/store.js';
import { readDocs, savedHeader, writeDocs } from './docs.js';
import { docContentHash } from './journal.js';
import { makeCurrent, newGeneration, saveIndex, WORDS_FILE, type IndexInfo } from './save.js';
import { baseCatalog, liveCatalog, writeBaseCatalog, type CatalogEntry } from './catalog.js';
import { commitSegmentState, fullLevel, MERGE_MIN_UNITS, MERGE_SHARE, removeSegmentDirs, segmentName, writeSegment, type SegmentEntry, type SegmentState } from './segments.js';
import type { Doc } from '../types.js';

/** Merge what is due: full levels of segments, then everything into the base past the share. */
export async function compact(index: string, info: IndexInfo, state: SegmentState, log: (l: string) => void = () => {}): Promise<void> {
  for (;;) {
    const segUnits = state.segments.reduce((n, s) => n + s.units, 0);
    if (state.segments.length && segUnits > Math.max(MERGE_MIN_UNITS, MERGE_SHARE * info.units)) {
      await mergeIntoBase(index, info, state, log);
      return;
    }
    const group = fullLevel(state);
    if (!group) return;
    state = mergeGroup(index, state, group);
  }
}

/** Documents of some folders (segments, or the base's), less the removed, as one engine without postings. */
function gather(index: string, dirs: string[], skip: (id: string) => boolean, holder = new Engine()): Engine {
  for (const dir of dirs) readDocs(join(index, dir), holder, { numbering: 'append', skip: (id) => skip(id) || holder.docs.has(id) });
  return holder;
}

const matchesIn = (engine: Engine) => (doc: Doc) => doc.units.map((u) => engine.getUnit(u.id).match);

function mergeGroup(index: string, state: SegmentState, group: SegmentEntry[]): SegmentState {
  const removed = new Set(state.removed);
  const holder = gather(index, group.map((s) => s.name), (id) => removed.has(id));
  const level = group[0].level + 1;
  const merged = writeSegment(index, segmentName(state.seq, level), level, [...holder.docs.values()], matchesIn(holder), docContentHash);
  const names = new Set(group.map((s) => s.name));
  const purged = new Set(group.flatMap((s) => s.docs.map((d) => d.id)).filter((id) => removed.has(id)));
  const segments = state.segments.flatMap((s) => (s === group[0] ? [merged] : names.has(s.name) ? [] : [s]));
  const next = commitSegmentState(index, { ...state, seq: state.seq + 1, segments, removed: state.removed.filter((id) => !purged.has(id)) });
  removeSegmentDirs(index, [...names]);
  return next;
}

/** `rebuild`: every document indexed again even where appending would do (what an append must equal) */
export async function mergeIntoBase(index: string, info: IndexInfo, state: SegmentState, log: (l: string) => void = () => {}, { rebuild = false } = {}): Promise<void> {
  const t0 = performance.now();
  const genDir = join(index, info.generation);
  // read before a new generation replaces the one it comes from
  const known = liveCatalog(genDir, state);
  const inBase = baseCatalog(genDir);
  const removed = new Set(state.removed);
  const appendable =
    !rebuild &&
    info.store === 'gram' && info.wordsKey !== undefined && existsSync(join(genDir, WORDS_FILE)) && savedHeader(genDir).next !== undefined && !state.removed.some((id) => inBase.has(id));
  let documents: number;
  if (appendable) documents = await appendToBase(index, info, state, (id) => removed.has(id) || inBase.has(id), known);
  else {
    const holder = gather(index, [info.generation, ...state.segments.map((s) => s.name)], (id) => removed.has(id));
    const engine = new Engine({ index: createTextIndex(info.store) });
    const docs = [...holder.docs.values()];
    engine.addDocs(docs, matchesIn(holder));
    const saved = await saveIndex(engine, index, info.corpusHash, info.seeds, { keepEditions: info.keepEditions, seedsStamp: info.seedsStamp });
    writeBaseCatalog(join(index, saved.generation), docs, known);
    documents = docs.length;
  }
  const added = new Set([...(state.addedToBase ?? []), ...state.segments.flatMap((s) => s.docs.map((d) => d.id))]);
  commitSegmentState(index, { ...state, seq: state.seq + 1, segments: [], removed: [], addedToBase: [...added].filter((id) => !removed.has(id)) });
  removeSegmentDirs(index, state.segments.map((s) => s.name));
  log(`merged ${state.segments.length} segments into the base (${appendable ? 'appended' : 'rebuilt'}): ${documents} documents in ${Math.round(performance.now() - t0)} ms`);
}

/**
 * The segments' documents (those `skip` passes over aside) appended to the base as a new generation: unit numbers
 * from the base's next on, postings appended to its lists, the rest of its files copied. What it writes is what
 * saving the base and these documents in one build writes. Returns the documents of the new base.
 */
async function appendToBase(index: string, info: IndexInfo, state: SegmentState, skip: (id: string) => boolean, known: Map<string, CatalogEntry>): Promise<number> {
  const from = join(index, info.generation);
  const first = savedHeader(from).next!;
  const read = gather(index, state.segments.map((s) => s.name), skip);
  // the same documents, numbered after the base's units
  const added = new Engine();
  let n = first;
  for (const doc of read.docs.values()) added.addDoc(doc, doc.units.map(() => n++), matchesIn(read)(doc));
  const texts: StoreUnit[] = [];
  const titles: StoreUnit[] = [];
  for (let k = first; k < n; k++) {
    const r = added.records[k]!;
    texts.push({ id: k, text: r.match });
    // the units Engine's title postings hold: those with a heading of their own
    if (added.cols.titled[k] && r.unit.title) titles.push({ id: k, text: r.matchTitle });
  }
  const { generation, genDir } = newGeneration(index);
  writeDocs(added, genDir, from);
  for (const [stem, units] of [['', texts], [TITLE_FILES, titles]] as const) {
    const lists = new GramIndex(stem);
    lists.load(from);
    lists.append(units);
    await lists.save(genDir);
  }
  copyFileSync(join(from, WORDS_FILE), join(genDir, WORDS_FILE));
  const docs = [...added.docs.values()];
  writeBaseCatalog(genDir, docs, known, baseCatalog(from));
  const documents = info.documents + docs.length;
  makeCurrent(index, { ...info, builtAt: new Date().toISOString(), generation, documents, units: info.units + added.unitCount });
  return documents;
}
