/** Small pieces the comparison views share: chronological order, display windows, nesting. */
import { dateKey, type UnitRecord } from '../index/engine.js';
import { toMatchForm, toSourceRange, type MatchForm } from '../text/normalize.js';
import type { DocMeta } from '../types.js';

/**
 * Chronological order: the year a document plans for, then its date, then its id. The year comes first
 * because a date can be wrong in the source — the Sichuan 2022 work points (川科发〔2022〕2号) are signed
 * 2023年2月28日 — and a plan for 2022 still belongs before the 2023 meeting that reviewed 2022.
 */
export function byChrono(a: DocMeta, b: DocMeta): number {
  if (a.year !== b.year) return a.year - b.year;
  const [da, db] = [dateKey(a), dateKey(b)];
  if (da !== db) return da < db ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

export const byRecordChrono = (x: UnitRecord, y: UnitRecord): number =>
  byChrono(x.doc, y.doc) || x.unit.start - y.unit.start;

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
