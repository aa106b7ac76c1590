/**
 * Precedent: where a phrase first appears, and every unit it appears in, in chronological order. A phrase
 * in a paragraph and in the item inside it counts once, for the item (see occurrences.ts).
 */
import type { Engine } from '../index/engine.js';
import { badQuery, YaodianError } from '../errors.js';
import { normalizeQuery } from '../text/normalize.js';
import type { Filters } from '../search/query.js';
import { passesFilters, unitsContaining } from '../search/match.js';
import type { Level } from '../types.js';
import { byRecordChrono } from './common.js';
import { placeOccurrences, quote } from './occurrences.js';

export interface Occurrence {
  unitId: string;
  docId: string;
  region: string;
  level: Level;
  date: string | null;
  /** the year the unit is about */
  year: number;
  /** the phrase with ~20 characters each side, in the document's own characters */
  quote: string;
}

export interface FirstResult {
  phrase: string;
  first: Occurrence;
  /** one per unit, earliest first */
  occurrences: Occurrence[];
}

export function first(engine: Engine, phrase: string, filters: Filters = {}): FirstResult {
  if (typeof phrase !== 'string' || !phrase.trim()) throw badQuery('the phrase is empty');
  const term = normalizeQuery(phrase.trim());
  if (!term) throw badQuery(`"${phrase}" has nothing to search for`);
  const hits = unitsContaining(engine, term).filter((n) => passesFilters(engine.records[n]!, filters));
  const placed = placeOccurrences(engine, hits, [term]);
  if (!placed.length) throw new YaodianError('NOT_FOUND', `"${phrase.trim()}" does not occur in any document`);
  placed.sort((x, y) => byRecordChrono(x.rec, y.rec));
  const occurrences = placed.map(({ rec, ranges }) => ({
    unitId: rec.unit.id,
    docId: rec.doc.id,
    region: rec.doc.region,
    level: rec.doc.level,
    date: rec.doc.date,
    year: rec.unit.year,
    quote: quote(rec.unit.text, ranges[0]),
  }));
  return { phrase: phrase.trim(), first: occurrences[0], occurrences };
}
