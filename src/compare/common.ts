/** Small pieces the comparison views share: chronological order, display windows, nesting. */
import { byDate, type UnitRecord } from '../index/engine.js';
import { toMatchForm, toSourceRange, type MatchForm } from '../text/normalize.js';
import type { DocMeta, Level } from '../types.js';

/**
 * Chronological order: the documents' date order (an undated one at the end of its year; a date that
 * contradicts its document's number was already replaced by the consistent one), then position.
 */
export const byRecordChrono = (x: UnitRecord, y: UnitRecord): number =>
  byDate(x.doc, y.doc) || x.unit.start - y.unit.start;

/** A matching-form window of a unit as [start, end) offsets into its display text (whole text for null). */
export function displayRange(rec: UnitRecord, window: [number, number] | null): [number, number] {
  const text = rec.unit.text;
  if (!window || window[1] <= window[0] || (window[0] === 0 && window[1] >= rec.match.length)) return [0, text.length];
  let form = forms.get(rec);
  if (!form) forms.set(rec, (form = toMatchForm(text)));
  return toSourceRange(form, text, window[0], window[1]);
}

const forms = new WeakMap<UnitRecord, MatchForm>();

/** True when one unit's span contains the other's in the same document (a paragraph and its item). */
export function nested(a: UnitRecord, b: UnitRecord): boolean {
  if (a.doc.id !== b.doc.id) return false;
  const [x, y] = [a.unit, b.unit];
  return (x.start <= y.start && y.end <= x.end) || (y.start <= x.start && x.end <= y.end);
}

export const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/** A document named in a result: enough to show and link it. */
export interface DocRef {
  id: string;
  title: string;
  region: string;
  level: Level;
  date: string | null;
  year: number;
}

export const docRef = (m: DocMeta): DocRef => ({ id: m.id, title: m.title, region: m.region, level: m.level, date: m.date, year: m.year });
