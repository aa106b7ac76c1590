/**
 * Occurrences of terms, each counted once: a paragraph and the item inside it both contain the same words,
 * so every occurrence is placed (by its offset in the document) in the smallest matching unit that holds
 * it. A unit keeps only the occurrences no smaller unit took; units left with none drop out.
 */
import type { Engine, UnitRecord } from '../index/engine.js';
import { toMatchForm, toSourceRange } from '../text/normalize.js';

export interface Placed {
  n: number;
  rec: UnitRecord;
  /** [start, end) offsets into the unit's display text, in text order */
  ranges: [number, number][];
}

/**
 * Occurrences of `terms` in units `hits`, deduplicated across nested units; in no particular order. With no
 * terms (a filter-only query) every hit is kept with no occurrences, except one that contains another hit.
 */
export function placeOccurrences(engine: Engine, hits: number[], terms: string[]): Placed[] {
  if (!terms.some(Boolean)) return innermost(engine, hits).map((n) => ({ n, rec: engine.records[n]!, ranges: [] }));
  const byDoc = new Map<string, number[]>();
  for (const n of hits) {
    const doc = engine.records[n]!.doc.id;
    const list = byDoc.get(doc);
    if (list) list.push(n);
    else byDoc.set(doc, [n]);
  }
  const out: Placed[] = [];
  for (const ns of byDoc.values()) {
    // smallest units first, so they claim their occurrences before the paragraphs around them
    const recs = ns.map((n) => ({ n, rec: engine.records[n]! }));
    recs.sort((x, y) => x.rec.unit.end - x.rec.unit.start - (y.rec.unit.end - y.rec.unit.start) || x.rec.unit.start - y.rec.unit.start);
    const claimed = new Set<number>();
    for (const { n, rec } of recs) {
      const text = rec.unit.text;
      const form = toMatchForm(text);
      const ranges: [number, number][] = [];
      for (const term of terms) {
        if (!term) continue;
        for (let at = form.text.indexOf(term); at >= 0; at = form.text.indexOf(term, at + term.length)) {
          const range = toSourceRange(form, text, at, at + term.length);
          const docOffset = rec.unit.start + range[0];
          if (claimed.has(docOffset)) continue;
          claimed.add(docOffset);
          ranges.push(range);
        }
      }
      ranges.sort((x, y) => x[0] - y[0]);
      if (ranges.length) out.push({ n, rec, ranges });
    }
  }
  return out;
}

function innermost(engine: Engine, hits: number[]): number[] {
  const units = hits.map((n) => engine.records[n]!);
  const byDoc = new Map<string, { start: number; end: number }[]>();
  for (const r of units) {
    const list = byDoc.get(r.doc.id);
    if (list) list.push(r.unit);
    else byDoc.set(r.doc.id, [r.unit]);
  }
  return hits.filter((n, k) => {
    const u = units[k].unit;
    return !byDoc.get(units[k].doc.id)!.some((v) => v !== u && u.start <= v.start && v.end <= u.end && v.end - v.start < u.end - u.start);
  });
}

/** About `radius` characters of context each side of [start, end), on one line, … where cut. */
export function quote(text: string, [start, end]: [number, number], radius = 20): string {
  const from = Math.max(0, start - radius);
  const to = Math.min(text.length, end + radius);
  const body = text.slice(from, to).replace(/\s*\n\s*/g, ' ');
  return (from > 0 ? '…' : '') + body + (to < text.length ? '…' : '');
}
