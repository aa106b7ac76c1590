/**
 * Trend: how many units match a query, and how many times its terms occur, by the year a unit is about
 * and by the document's region. Units are deduplicated as in `first` (an item, not also its paragraph).
 */
import type { Engine } from '../index/engine.js';
import { parseQuery, type Filters } from '../search/query.js';
import { matchQuery } from '../search/match.js';
import { placeOccurrences } from './occurrences.js';

export interface Count {
  units: number;
  occurrences: number;
}

export interface TrendResult {
  query: string;
  total: Count;
  byYear: Record<string, Count>;
  byRegion: Record<string, Count>;
}

export function trend(engine: Engine, query: string, filters: Filters = {}): TrendResult {
  const parsed = parseQuery(query, filters);
  const { hits } = matchQuery(engine, parsed);
  const placed = placeOccurrences(engine, hits, parsed.clauses.flat());
  const total: Count = { units: 0, occurrences: 0 };
  const byYear: Record<string, Count> = {};
  const byRegion: Record<string, Count> = {};
  const add = (m: Record<string, Count>, key: string, occ: number) => {
    const c = (m[key] ??= { units: 0, occurrences: 0 });
    c.units++;
    c.occurrences += occ;
  };
  for (const { rec, ranges } of placed) {
    total.units++;
    total.occurrences += ranges.length;
    add(byYear, String(rec.unit.year), ranges.length);
    add(byRegion, rec.doc.region, ranges.length);
  }
  return { query, total, byYear: sorted(byYear), byRegion: sorted(byRegion) };
}

/** Keys in order (years ascending; regions by count, then name), so JSON reads in a stable order. */
function sorted(m: Record<string, Count>): Record<string, Count> {
  const keys = Object.keys(m);
  if (keys.every((k) => /^\d+$/.test(k))) keys.sort((a, b) => Number(a) - Number(b));
  else keys.sort((a, b) => m[b].units - m[a].units || (a < b ? -1 : 1));
  return Object.fromEntries(keys.map((k) => [k, m[k]]));
}
