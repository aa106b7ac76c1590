/**
 * Search, composed: parse (query.ts) → match, exactly (match.ts) → rank (rank.ts) → facets (facets.ts) → a page
 * of hits with their text, highlights and snippet.
 */
import type { Engine, UnitRecord } from '../index/engine.js';
import { parseQuery, type Filters } from './query.js';
import { rank } from './rank.js';
import { matchIds } from './match.js';
import { facetsOf, type Facets } from './facets.js';
import { foldsOneToOne, highlightRanges, snippet } from '../text/highlight.js';
import { badInput } from '../errors.js';
import type { DocKind, Level, Stance, UnitKind } from '../types.js';

export interface Hit {
  unitId: string;
  docId: string;
  /** the unit's title */
  title: string;
  docTitle: string;
  year: number;
  /** an outlook's last year (2030 for 2026–2030): year: filters and the year facet cover year..yearTo */
  yearTo?: number;
  region: string;
  level: Level;
  kind: UnitKind;
  docKind: DocKind;
  stance: Stance;
  date: string | null;
  /** the unit's display text */
  text: string;
  /** keyword in context around the first match, original characters */
  snippet: string;
  /** [start, end) offsets into `text` of every match */
  highlights: [number, number][];
  score: number;
}

export interface SearchResult {
  query: string;
  total: number;
  hits: Hit[];
  facets: Facets;
}

export interface SearchOptions {
  limit?: number;
  offset?: number;
  filters?: Filters;
}

export const MAX_LIMIT = 1000;
export type { Facets };

/**
 * A hit as the API shows it. `fold` is the unit's fold map when the caller knows it (null: offsets unchanged),
 * as a loaded index does from the unit's saved edits; otherwise it is worked out here.
 */
export function toHit(rec: UnitRecord, terms: string[], score: number, fold?: Int32Array | null): Hit {
  const { unit, doc } = rec;
  // read once: on a loaded index each read of `text` rebuilds it from the matching form and its edits
  const text = unit.text;
  const highlights = highlightRanges(text, terms, rec.match, fold === undefined ? foldsOneToOne(rec, text, rec.match) : (fold ?? true));
  return {
    unitId: unit.id,
    docId: doc.id,
    title: unit.title,
    docTitle: doc.title,
    year: unit.year,
    ...(unit.yearTo === undefined ? {} : { yearTo: unit.yearTo }),
    region: doc.region,
    level: doc.level,
    kind: unit.kind,
    docKind: doc.kind,
    stance: unit.stance,
    date: doc.date,
    text,
    snippet: snippet(text, highlights),
    highlights,
    score: Math.round(score * 1000) / 1000,
  };
}

export function search(engine: Engine, query: string, opts: SearchOptions = {}): SearchResult {
  const limit = opts.limit ?? 20;
  const offset = opts.offset ?? 0;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw badInput(`limit must be 1..${MAX_LIMIT}`);
  if (!Number.isInteger(offset) || offset < 0) throw badInput('offset must be a whole number ≥ 0');
  const parsed = parseQuery(query, opts.filters);
  const { hits, terms } = matchIds(engine, parsed);
  const ranked = rank(engine, hits, terms, offset + limit);
  const positive = parsed.clauses.flat();
  return {
    query,
    total: hits.length,
    hits: ranked.slice(offset, offset + limit).map((s) => {
      const rec = engine.records[s.n]!;
      return toHit(rec, positive, s.score, engine.unitFoldMap?.(rec.unit));
    }),
    facets: facetsOf(engine, hits),
  };
}
