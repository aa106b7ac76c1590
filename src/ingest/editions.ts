/**
 * Editions: the same report twice in a corpus (another download, one sentence per line, ％ for %) doubles every
 * count that comes from it. A report is the same as one already held when their matching forms are equal, and
 * another edition of it when it has the same issuer, year and kind and its text is nearly the same.
 */
import { toMatchForm } from '../text/normalize.js';
import type { Doc } from '../types.js';

/** Bigram similarity from which a report of the same issuer, year and kind is another edition. */
export const EDITION_SIMILARITY = 0.9;

export interface Edition {
  /** the document already held */
  id: string;
  /** 1 when the matching forms are equal; else the bigram similarity, at least EDITION_SIMILARITY */
  similarity: number;
}

const forms = new WeakMap<Doc, string>();
/** A document's whole matching form, computed once per document. */
export function matchFormOf(doc: Doc): string {
  let f = forms.get(doc);
  if (f === undefined) forms.set(doc, (f = toMatchForm(doc.display).text));
  return f;
}

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i + 1 < text.length; i++) {
    const g = text.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Dice coefficient over the character bigram multisets of two matching forms: 1 for the same text. */
export function textSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const [x, y] = [bigrams(a), bigrams(b)];
  let shared = 0;
  for (const [g, n] of x) shared += Math.min(n, y.get(g) ?? 0);
  const total = Math.max(0, a.length - 1) + Math.max(0, b.length - 1);
  return total ? (2 * shared) / total : 0;
}

/**
 * The document `doc` repeats among `held`: one with the same matching form, else the most similar one with the
 * same issuer, year and kind at EDITION_SIMILARITY or more; null when it is a new report.
 */
export function editionOf(doc: Doc, held: Iterable<Doc>): Edition | null {
  const found = closestEdition(doc, held);
  return found && { id: found.doc.meta.id, similarity: found.similarity };
}

function closestEdition(doc: Doc, held: Iterable<Doc>): { doc: Doc; similarity: number } | null {
  const form = matchFormOf(doc);
  let best: { doc: Doc; similarity: number } | null = null;
  for (const other of held) {
    const { meta } = other;
    // the same text is the same report whatever metadata it was given
    if (matchFormOf(other) === form) return { doc: other, similarity: 1 };
    if (meta.issuer !== doc.meta.issuer || meta.year !== doc.meta.year || meta.kind !== doc.meta.kind) continue;
    const [a, b] = [matchFormOf(other).length, form.length];
    // Dice cannot reach the threshold when one text is much longer than the other
    if (2 * Math.min(a, b) < EDITION_SIMILARITY * (a + b)) continue;
    const similarity = Math.round(textSimilarity(form, matchFormOf(other)) * 1000) / 1000;
    if (similarity >= EDITION_SIMILARITY && (!best || similarity > best.similarity)) best = { doc: other, similarity };
  }
  return best;
}

/** Min-hashes kept per document: enough to tell an edition (Dice ≥ 0.9) from another report at a glance. */
const SKETCH_SIZE = 32;
const SEEDS = Array.from({ length: SKETCH_SIZE }, (_, i) => Math.imul(i + 1, 0x9e3779b1) >>> 0);

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A min-hash sketch of a matching form's set of character bigrams: two sketches agree in about the share of
 * their bigrams two texts have in common (Jaccard), so a writer can pass over reports that cannot be an
 * edition without reading their texts.
 */
export function bigramSketch(form: string): number[] {
  const out = new Array<number>(SKETCH_SIZE).fill(0xffffffff);
  for (let i = 0; i + 1 < form.length; i++) {
    const g = ((form.charCodeAt(i) << 16) | form.charCodeAt(i + 1)) >>> 0;
    for (let k = 0; k < SKETCH_SIZE; k++) {
      const h = mix(g ^ SEEDS[k]);
      if (h < out[k]) out[k] = h;
    }
  }
  return out;
}

/** The Dice coefficient two sketches estimate (over bigram sets), 0 when they are not comparable. */
export function sketchSimilarity(a: number[], b: number[]): number {
  if (a.length !== b.length || !a.length) return 0;
  let same = 0;
  for (let k = 0; k < a.length; k++) if (a[k] === b[k]) same++;
  const j = same / a.length;
  return (2 * j) / (1 + j);
}

/** Below this estimate a report is not read as a possible edition: well under EDITION_SIMILARITY, for the estimate's spread. */
export const SKETCH_FLOOR = 0.7;

/** A file of a folder not indexed because another file of the folder is an edition of the same report. */
export interface SetAside {
  source: string;
  /** the file kept in its place, and the id it was given */
  keptSource: string;
  keptId: string;
  /** 1 for the same matching form, else the bigram similarity (at least EDITION_SIMILARITY) */
  similarity: number;
  /** why the other one was kept */
  why: 'already indexed' | 'the fuller text' | 'described in the manifest' | 'first by file name';
}

/** What is known of a folder's files beyond their text. */
export interface FileFacts {
  /** the index being rebuilt holds this file's document already (its ids are in use: permalinks name them) */
  indexed?: (source: string) => boolean;
  /** the folder's manifest describes this file */
  described?: (source: string) => boolean;
}

/**
 * One edition of each report of a folder. Which one is kept: the one the index already holds (a new edition dropped
 * into the folder never replaces a document whose ids are in use, as `add` never does), else the fuller text (the
 * longer matching form: the whole report rather than its abridgement, the edition with its glossary), then one the
 * manifest describes (its metadata were checked by hand), then the first by file name — so the choice does not
 * depend on the order the files were read in.
 */
export function oneEditionEach(docs: Doc[], { indexed = () => false, described = () => false }: FileFacts = {}): { kept: Doc[]; setAside: SetAside[] } {
  const held = (d: Doc) => Number(indexed(d.meta.source));
  const listed = (d: Doc) => Number(described(d.meta.source));
  const order = [...docs].sort(
    (a, b) =>
      held(b) - held(a) ||
      matchFormOf(b).length - matchFormOf(a).length ||
      listed(b) - listed(a) ||
      (a.meta.source < b.meta.source ? -1 : a.meta.source > b.meta.source ? 1 : 0),
  );
  const why = (kept: Doc, other: Doc): SetAside['why'] =>
    held(kept) > held(other)
      ? 'already indexed'
      : matchFormOf(kept).length > matchFormOf(other).length
        ? 'the fuller text'
        : listed(kept) > listed(other)
          ? 'described in the manifest'
          : 'first by file name';
  const chosen: Doc[] = [];
  const setAside: { doc: Doc; kept: Doc; similarity: number }[] = [];
  for (const doc of order) {
    const found = closestEdition(doc, chosen);
    if (found) setAside.push({ doc, kept: found.doc, similarity: found.similarity });
    else chosen.push(doc);
  }
  const keep = new Set(chosen);
  return {
    kept: docs.filter((d) => keep.has(d)),
    // the kept document's id is final only once the folder's ids are made unique: read it from there
    setAside: setAside
      .map(({ doc, kept, similarity }) => ({ source: doc.meta.source, keptSource: kept.meta.source, keptId: kept.meta.id, similarity, why: why(kept, doc) }))
      .sort((a, b) => (a.source < b.source ? -1 : 1)),
  };
}

/** The line `index` prints for a file set aside. */
export const describeSetAside = (s: SetAside): string =>
  `set aside ${s.source}: ${s.similarity === 1 ? 'the same text as' : `another edition (similarity ${s.similarity}) of`} ${s.keptSource} (${s.keptId}), ` +
  `kept as ${s.why} (\`yaodian index --keep-editions\` indexes both)`;
