/**
 * The engine: documents, their units, each unit's matching form, and the text index over them.
 * Everything the CLI, the HTTP API and the web page do goes through one Engine.
 */
import { notFound } from '../errors.js';
import { toMatchForm } from '../text/normalize.js';
import type { StoreUnit, Tags, TextIndex } from './store.js';
import { createTextIndex } from './stores.js';
import { GramIndex } from './gram.js';
import type { Doc, DocMeta, Token, Unit } from '../types.js';
import { tokenize } from '../text/tokenize.js';
import { ensureLength } from '../util/growable.js';
import { Scratch } from '../util/scratch.js';
import { MatchForms, type EncodedMatches } from './match-forms.js';

export interface UnitRecord {
  readonly unit: Unit;
  readonly doc: DocMeta;
  /** matching form of unit.text */
  readonly match: string;
  /** matching form of unit.title */
  readonly matchTitle: string;
}

/** A unit as the engine holds it: one per paragraph or task of every report, so nothing is kept that can be derived. */
class HeldUnit implements UnitRecord {
  private title?: string;
  /** the matching form once the unit is removed (the forms no longer hold it, a caller may still) */
  private kept?: string;
  constructor(
    readonly unit: Unit,
    readonly doc: DocMeta,
    private readonly forms: MatchForms,
    private readonly n: number,
  ) {}
  get match(): string {
    return this.kept ?? this.forms.get(this.n)!;
  }
  /** on first use: only title ranking (tasks, sections) and alignment read it, and most units are paragraphs */
  get matchTitle(): string {
    return (this.title ??= toMatchForm(this.unit.title).text);
  }
  /** Keep the matching form with the record: its unit is being removed. */
  keep(): void {
    this.kept = this.match;
  }
}

export const FACETS = ['year', 'region', 'level', 'kind'] as const;
/** file-name stem of the saved title postings (title.uni.keys.bin …) */
export const TITLE_FILES = 'title.';
export type FacetName = (typeof FACETS)[number];

/** Facet value ↔ code, shared by every unit of an engine. */
class Labels {
  readonly names: string[] = [];
  private readonly codes = new Map<string, number>();
  code(name: string): number {
    let c = this.codes.get(name);
    if (c === undefined) this.codes.set(name, (c = this.names.push(name) - 1));
    return c;
  }
}

/**
 * Per-unit numbers the hot loops of ranking and facet counting read, in typed arrays indexed by unit number:
 * scoring 100,000 hits reads four arrays instead of chasing 100,000 objects.
 */
export class Columns {
  len = new Uint32Array(1024);
  /** the document's date as a number (20210305; undated: the year's last day), for tie-breaks */
  date = new Uint32Array(1024);
  /** 1 when the unit has a heading of its own (not a paragraph), so a title match can count */
  titled = new Uint8Array(1024);
  /**
   * The unit's year, region, level and kind as label codes, four in a row (FACETS order): counting facets over a
   * hundred hits then reads one cache line per hit instead of four
   */
  facets = new Uint16Array(4 * 1024);
  /** years a unit covers beyond its own (an outlook's 2026–2030: 4); 0 for nearly every unit */
  yearSpan = new Uint8Array(1024);

  ensure(n: number): void {
    if (n < this.len.length) return;
    this.len = ensureLength(this.len, n + 1);
    this.date = ensureLength(this.date, this.len.length);
    this.titled = ensureLength(this.titled, this.len.length);
    this.facets = ensureLength(this.facets, 4 * this.len.length);
    this.yearSpan = ensureLength(this.yearSpan, this.len.length);
  }
}

/** A segmenter: tokens that concatenate back to exactly the text (src/text/tokenize.ts). */
export type Segmenter = (text: string) => Token[];

export interface EngineOptions {
  index?: TextIndex;
  segment?: Segmenter;
}

export class Engine {
  readonly docs = new Map<string, Doc>();
  /** indexed by the unit's number in the text index; removed units leave a null */
  readonly records: (UnitRecord | null)[] = [];
  /**
   * Each unit's matching form by unit number (removed: undefined), the same strings as the records': verifying a
   * hundred candidates reads them straight from here instead of through each record object.
   */
  readonly forms = new MatchForms();
  readonly facetLabels: Record<FacetName, Labels> = { year: new Labels(), region: new Labels(), level: new Labels(), kind: new Labels() };
  readonly cols = new Columns();
  /** buffers that ranking and facet counting reuse from query to query */
  readonly scratch = new Scratch();
  /**
   * Postings of the titled units' titles (~1% of the text): built with the bulk build and saved with the index,
   * so the first search after loading does not fold and index every title first; built on first
   * use for an engine filled one document at a time.
   */
  private titles: GramIndex | null = null;
  /**
   * The fold map of a unit's display text (toMatchForm(text).map; null when it keeps every offset), when known
   * without folding: a loaded index gives it from the unit's saved edits; undefined for units it does not know.
   * The map is good until the next call (it is written into one reused buffer).
   */
  unitFoldMap?: (unit: Unit) => Int32Array | null | undefined;
  /**
   * Counts every document added or removed: what was computed from the engine at one generation (a cached
   * document diff) is stale at the next.
   */
  generation = 0;
  private readonly numberOf = new Map<string, number>();
  private totalChars = 0;
  private live = 0;

  /** the text index (default: the gram index) */
  readonly index: TextIndex;
  /** splits a text into words, for word diffs (default: segmentit, with our own rules for numbers and spaces) */
  readonly segment: Segmenter;

  constructor(opts: EngineOptions = {}) {
    this.index = opts.index ?? createTextIndex();
    this.segment = opts.segment ?? tokenize;
  }

  /**
   * Add many documents and index them in one bulk build (the initial build of an index); `matchesOf` gives a
   * document's units' matching forms when they are known (a merge of saved documents), so they are not folded again.
   */
  addDocs(docs: Doc[], matchesOf?: (doc: Doc) => string[] | undefined): void {
    const first = this.records.length;
    for (const doc of docs) this.addDoc(doc, doc.units.map((_, k) => this.records.length + k), matchesOf?.(doc));
    const texts: StoreUnit[] = [];
    for (let n = first; n < this.records.length; n++) texts.push({ id: n, text: this.records[n]!.match, tags: this.tagsOf(n) });
    this.index.build(texts);
    this.titles = this.buildTitles();
  }

  /**
   * Add a document; `numbers` restores the unit numbers of a persisted index instead of indexing again, and
   * `matches` its units' saved matching forms (computing them is most of the cost of loading), as strings or as
   * the saved bytes, decoded when first read.
   */
  addDoc(doc: Doc, numbers?: number[], matches?: string[] | EncodedMatches): void {
    if (this.docs.has(doc.meta.id)) throw new Error(`document ${doc.meta.id} is already in the index`);
    this.docs.set(doc.meta.id, doc);
    this.generation++;
    const dateNum = Number(dateKey(doc.meta).replace(/-/g, ''));
    const region = this.facetLabels.region.code(doc.meta.region);
    const level = this.facetLabels.level.code(doc.meta.level);
    const encoded = matches && !Array.isArray(matches) ? (matches as EncodedMatches) : undefined;
    let at = encoded?.at ?? 0;
    doc.units.forEach((unit, k) => {
      const n = numbers ? numbers[k] : this.records.length;
      let length: number;
      if (encoded) {
        length = encoded.lengths[k];
        this.forms.setEncoded(n, encoded.file, at, length);
        at += length;
      } else {
        const match = matches ? (matches as string[])[k] : toMatchForm(unit.text).text;
        this.forms.set(n, match);
        length = match.length;
      }
      const record = new HeldUnit(unit, doc.meta, this.forms, n);
      this.records[n] = record;
      const c = this.cols;
      c.ensure(n);
      c.len[n] = length;
      c.date[n] = dateNum;
      c.titled[n] = unit.kind === 'paragraph' ? 0 : 1;
      c.facets[4 * n] = this.facetLabels.year.code(String(unit.year));
      // an outlook's later years are facet values too (a year: filter matches the unit in each of them)
      c.yearSpan[n] = Math.min(255, Math.max(0, (unit.yearTo ?? unit.year) - unit.year));
      for (let y = unit.year + 1; y <= unit.year + c.yearSpan[n]; y++) this.facetLabels.year.code(String(y));
      c.facets[4 * n + 1] = region;
      c.facets[4 * n + 2] = level;
      c.facets[4 * n + 3] = this.facetLabels.kind.code(unit.kind);
      this.numberOf.set(unit.id, n);
      this.totalChars += length;
      this.live++;
      if (!numbers) this.index.add(n, record.match, this.tagsOf(n));
      if (this.titles && c.titled[n] && unit.title) this.titles.add(n, record.matchTitle);
    });
  }

  removeDoc(id: string): Doc {
    const doc = this.getDoc(id);
    for (const unit of doc.units) {
      const n = this.numberOf.get(unit.id)!;
      this.index.remove(n);
      this.titles?.remove(n);
      const record = this.records[n] as HeldUnit;
      this.totalChars -= this.cols.len[n];
      record.keep();
      this.records[n] = null;
      this.forms.delete(n);
      this.numberOf.delete(unit.id);
      this.live--;
    }
    this.docs.delete(id);
    this.generation++;
    return doc;
  }

  /** Filter values of a unit, for a store that filters by itself (only FlexSearch keeps them). */
  private tagsOf(n: number): Tags | undefined {
    const r = this.records[n];
    if (!this.index.filtersByTags || !r) return undefined;
    const { unit, doc } = r;
    const years = Array.from({ length: this.cols.yearSpan[n] + 1 }, (_, k) => String(unit.year + k));
    return { year: years.length === 1 ? years[0] : years, region: doc.region, level: doc.level, kind: unit.kind, docKind: doc.kind, stance: unit.stance, doc: doc.id };
  }

  private buildTitles(): GramIndex {
    const texts: StoreUnit[] = [];
    this.records.forEach((r, n) => r && this.cols.titled[n] && r.unit.title && texts.push({ id: n, text: r.matchTitle }));
    const titles = new GramIndex(TITLE_FILES);
    titles.build(texts);
    return titles;
  }

  /** Write the title postings beside the text index's files (rebuilt first if documents came and went since). */
  async saveTitles(dir: string): Promise<void> {
    if (!this.titles?.settled) this.titles = this.buildTitles();
    await this.titles.save(dir);
  }

  /** Read the title postings saveTitles wrote; throws when they are missing or damaged (the caller rebuilds). */
  loadTitles(dir: string): void {
    const titles = new GramIndex(TITLE_FILES);
    titles.load(dir);
    this.titles = titles;
  }

  /** Units with a title of their own (not paragraphs) whose title's matching form contains `term`, ascending. */
  titleHits(term: string): Uint32Array {
    this.titles ??= this.buildTitles();
    const c = this.titles.candidates(term);
    return term.length <= 2 ? c : c.filter((n) => this.records[n]!.matchTitle.includes(term));
  }

  getDoc(id: string): Doc {
    const doc = this.docs.get(id);
    if (!doc) throw notFound(`no document with id "${id}" (list them with \`yaodian docs\`)`);
    return doc;
  }

  getUnit(id: string): UnitRecord {
    const n = this.numberOf.get(id);
    if (n === undefined) throw notFound(`no unit with id "${id}"`);
    return this.records[n]!;
  }

  numberOfUnit(id: string): number | undefined {
    return this.numberOf.get(id);
  }

  get unitCount(): number {
    return this.live;
  }

  get avgUnitLength(): number {
    return this.live ? this.totalChars / this.live : 1;
  }

  /** Documents in date order (undated ones by year), for listings and timelines. */
  docList(): DocMeta[] {
    return [...this.docs.values()].map((d) => d.meta).sort(byDate);
  }
}

export const dateKey = (m: Pick<DocMeta, 'date' | 'year'>): string => m.date ?? `${m.year}-12-31`;
export const byDate = (a: DocMeta, b: DocMeta): number =>
  dateKey(a) < dateKey(b) ? -1 : dateKey(a) > dateKey(b) ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
