/**
 * Results as the API and `--json` give them: every unit with its citation and permalink, every document with
 * its citation. The engine's results stay plain; the edges pass them through here, so the CLI's JSON and the
 * API's are one shape.
 */
import type { Doc, DocMeta, Unit } from '../types.js';
import type { Hit, SearchResult } from '../search/search.js';
import type { CompareOptions, CompareResult, TimelineEntry, TimelineGap } from '../compare/timeline.js';
import type { FirstResult, Occurrence } from '../compare/first.js';
import { citeDoc, citeUnit } from './cite.js';
import { comparePath, linkOf, unitPath } from './links.js';

/** Where exports and citations look units and documents up: the engine, or anything shaped like it. */
export interface Catalog {
  getUnit(id: string): { readonly unit: Unit; readonly doc: DocMeta };
  getDoc(id: string): Pick<Doc, 'meta'>;
}

export interface Cited {
  /** GB/T 7714 entry of the document plus the unit's place in it (第8项任务, 第26段) */
  citation: string;
  /** stable path of the unit's page: /u/<unitId> */
  permalink: string;
}

export const citedUnit = (catalog: Catalog, unitId: string): Cited => {
  const { unit, doc } = catalog.getUnit(unitId);
  return { citation: citeUnit(doc, unit), permalink: unitPath(unitId) };
};

const withCitation = <T extends { unitId: string }>(catalog: Catalog, x: T): T & Cited => ({ ...x, ...citedUnit(catalog, x.unitId) });

export type CitedSearch = Omit<SearchResult, 'hits'> & { hits: (Hit & Cited)[] };
export const citeSearch = (r: SearchResult, catalog: Catalog): CitedSearch => ({ ...r, hits: r.hits.map((h) => withCitation(catalog, h)) });

/** Entries carry their unit's citation; a gap names its document, whose citation says where it was looked for. */
export type CitedGap = TimelineGap & { citation: string };
export type CitedCompare = Omit<CompareResult, 'timeline'> & { timeline: ((TimelineEntry & Cited) | CitedGap)[]; permalink: string };
/** `asked` is what compare() was given: the permalink carries it all (reading, view, gaps, filters). */
export const citeCompare = (r: CompareResult, catalog: Catalog, asked: CompareOptions): CitedCompare => ({
  ...r,
  timeline: r.timeline.map((e) => (e.type === 'gap' ? { ...e, citation: citeDoc(catalog.getDoc(e.docId).meta) } : withCitation(catalog, e))),
  permalink: comparePath(linkOf(asked)),
});

export type CitedFirst = Omit<FirstResult, 'first' | 'occurrences'> & { first: Occurrence & Cited; occurrences: (Occurrence & Cited)[] };
export const citeFirst = (r: FirstResult, catalog: Catalog): CitedFirst => ({
  ...r,
  first: withCitation(catalog, r.first),
  occurrences: r.occurrences.map((o) => withCitation(catalog, o)),
});

export type CitedMeta<M extends DocMeta = DocMeta> = M & { citation: string };
export const citeMeta = <M extends DocMeta>(meta: M): CitedMeta<M> => ({ ...meta, citation: citeDoc(meta) });

export const citeUnits = (doc: Pick<Doc, 'meta' | 'units'>): (Unit & Cited)[] =>
  doc.units.map((u) => ({ ...u, citation: citeUnit(doc.meta, u), permalink: unitPath(u.id) }));
