/** Facet counts: how many of a query's hits fall in each year, region, level and unit kind. */
import { FACETS, type Engine } from '../index/engine.js';
import type { Ids } from '../index/store.js';

export interface Facets {
  year: Record<string, number>;
  region: Record<string, number>;
  level: Record<string, number>;
  kind: Record<string, number>;
}

/** Counts of the hits by year (every year a unit covers), region, level and unit kind. */
export function facetsOf(engine: Engine, hits: Ids): Facets {
  const labels = FACETS.map((name) => engine.facetLabels[name].names);
  // one counter array: facet f's counters start at base[f]
  const base = [0, labels[0].length, labels[0].length + labels[1].length, labels[0].length + labels[1].length + labels[2].length];
  // the engine's reused counters (a fresh array of a few hundred is an off-heap allocation that costs more than
  // counting a page of hits); every counter is set back to zero below once read
  const counts = engine.scratch.i32('facets.counts', base[3] + labels[3].length);
  const codes = engine.cols.facets;
  const b1 = base[1], b2 = base[2], b3 = base[3];
  for (let i = 0; i < hits.length; i++) {
    const at = 4 * hits[i];
    counts[codes[at]]++;
    counts[b1 + codes[at + 1]]++;
    counts[b2 + codes[at + 2]]++;
    counts[b3 + codes[at + 3]]++;
  }
  // a unit about several years (an outlook, 2026–2030) counts in each, as a year: filter on any of them finds it
  const span = engine.cols.yearSpan;
  for (let i = 0; i < hits.length; i++) {
    const extra = span[hits[i]];
    if (!extra) continue;
    const first = Number(labels[0][codes[4 * hits[i]]]);
    for (let y = first + 1; y <= first + extra; y++) counts[engine.facetLabels.year.code(String(y))]++;
  }
  const out: Facets = { year: {}, region: {}, level: {}, kind: {} };
  for (let f = 0; f < FACETS.length; f++) {
    // labels in the order first seen; years are integer-like keys, which objects list in ascending order
    const o = out[FACETS[f]];
    const names = labels[f];
    for (let code = 0, c = base[f]; code < names.length; code++, c++)
      if (counts[c]) (o[names[code]] = counts[c]), (counts[c] = 0);
  }
  return out;
}
