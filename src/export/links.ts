/**
 * Permalinks. A unit's id is made of its document's id and its place in it (`state-council-2021:p26`), both
 * derived from the document alone, so `/u/<unitId>` names the same text after an `add` or a rebuild as long as
 * the document is unchanged; a comparison is what it was asked with (`/compare?q=…&view=paragraph&hideGaps=true`),
 * answered afresh from the corpus, so a shared link shows what its sender saw.
 */
import type { QueryKind } from '../compare/query-kind.js';
import type { CompareOptions, View } from '../compare/timeline.js';
import { filterValues, type Filters } from '../search/query.js';

// ':' stays readable: it is allowed in a path segment and a fragment, and the ids are meant to be read
const enc = (s: string) => encodeURIComponent(s).replace(/%3A/gi, ':');

export const unitPath = (unitId: string): string => `/u/${enc(unitId)}`;

/** The page's layout of a timeline: step by step, or the first entry against the last. */
export type CompareMode = 'steps' | 'first-last';

/** Everything a comparison was asked with, as the page and the API take it: a link holds no less. */
export interface CompareLink {
  q?: string;
  unit?: string;
  as?: QueryKind;
  view?: View;
  hideGaps?: boolean;
  /** filters given beside the query (a query's own year: region: … travel inside q) */
  filters?: Filters;
  mode?: CompareMode;
}

/** The link of what compare() was asked. */
export const linkOf = (o: CompareOptions): CompareLink => ({
  q: o.unitId ? undefined : o.query,
  unit: o.unitId,
  as: o.as,
  view: o.view,
  hideGaps: o.gaps === false,
  filters: o.filters,
});

/** The link's parameters, defaults left out (sentence view, gaps shown, the query's own reading, steps). */
export function compareParams(l: CompareLink): [string, string][] {
  const out: [string, string][] = [];
  if (l.unit) out.push(['unit', l.unit]);
  else if (l.q !== undefined) out.push(['q', l.q]);
  if (l.as) out.push(['as', l.as]);
  if (l.view && l.view !== 'sentence') out.push(['view', l.view]);
  if (l.hideGaps) out.push(['hideGaps', 'true']);
  out.push(...Object.entries(filterValues(l.filters ?? {})));
  if (l.mode && l.mode !== 'steps') out.push(['mode', l.mode]);
  return out;
}

/** `path?` with the link's parameters, form-encoded. */
export function linkPath(path: string, l: CompareLink, extra: [string, string][] = []): string {
  const qs = new URLSearchParams([...compareParams(l), ...extra]).toString();
  return qs ? `${path}?${qs}` : path;
}

/** The comparison's page; ':' stays readable in it (a unit id, a doc filter), as in a unit's permalink. */
export const comparePath = (l: CompareLink): string => linkPath('/compare', l).replace(/%3A/gi, ':');

/** `path` made absolute against `base` (an origin such as http://127.0.0.1:8787), or left as it is without one. */
export const absolute = (path: string, base?: string): string => (base ? new URL(path, base).href : path);
