/**
 * The pages read the engine only through the JSON API (the same responses a script would get), so the web
 * layer cannot drift from the API. The shapes below are the parts of those responses the pages use.
 */
import type { Unit } from '../types.js';
import type { DocDiff } from '../compare/docdiff.js';
import type { TrendResult } from '../compare/trend.js';
import type { NewResult } from '../compare/new.js';
import type { Cited, CitedCompare, CitedFirst, CitedMeta, CitedSearch } from '../export/index.js';
import type { Indicator, PlanVsActual } from '../indicators/index.js';

/** Answers a same-origin API request such as `/api/search?q=…`; in production `(p) => app.request(p)`. */
export type ApiFetch = (pathAndQuery: string) => Response | Promise<Response>;

// The responses are the engine's own result types, units cited (type-only imports: the pages still read them over HTTP).
export type SearchResponse = CitedSearch;
export type SearchHit = SearchResponse['hits'][number];
export type CompareResponse = CitedCompare;
export type TimelineStep = Extract<CompareResponse['timeline'][number], { type: 'entry' }>;
export type TimelineGap = Extract<CompareResponse['timeline'][number], { type: 'gap' }>;
export type DiffResponse = DocDiff;
export type FirstResponse = CitedFirst;
export type Occurrence = FirstResponse['occurrences'][number];
export type TrendResponse = TrendResult;
export type NewResponse = NewResult;
export type DocListing = CitedMeta & { units: number };
/** One figure from `/api/indicators`, and one row of `/api/indicators/plan-vs-actual`. */
export type IndicatorFigure = Indicator;
export type PlanVsActualRow = PlanVsActual;

export interface DocResponse {
  meta: CitedMeta;
  units: (Unit & Cited)[];
}

/** `/api/units/{id}`: one unit with its document. */
export interface UnitResponse {
  unit: Unit & Cited;
  doc: CitedMeta;
}

/** An API refusal (bad query, unknown id), shown on the page with the API's status and message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function getJson<T>(api: ApiFetch, path: string): Promise<T> {
  const res = await api(path);
  const body = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null;
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? 'ERROR', body?.error?.message ?? `the API answered ${res.status}`);
  if (body === null) throw new ApiError(502, 'BAD_GATEWAY', `the API's answer to ${path.split('?')[0]} was not JSON`);
  return body as T;
}

/** `/path?k=v…` with empty values left out, so URLs stay short and shareable. */
export function href(path: string, params: Record<string, string | number | undefined | null> = {}): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}
