/**
 * The pages read the engine only through the JSON API (the same responses a script would get), so the web
 * layer cannot drift from the API. The shapes below are the parts of those responses the pages use.
 */
import type { DocMeta, Level, Stance, Unit, UnitKind } from '../types.js';
import type { DiffOp } from '../diff.js';

/** Answers a same-origin API request such as `/api/search?q=…`; in production `(p) => app.request(p)`. */
export type ApiFetch = (pathAndQuery: string) => Response | Promise<Response>;

export interface SearchHit {
  unitId: string;
  docId: string;
  title: string;
  docTitle: string;
  year: number;
  region: string;
  level: Level;
  kind: UnitKind;
  stance: Stance;
  date: string | null;
  text: string;
  highlights: [number, number][];
}

export interface SearchResponse {
  query: string;
  total: number;
  hits: SearchHit[];
  facets: Record<'year' | 'region' | 'level' | 'kind', Record<string, number>>;
}

export interface TimelineStep {
  unitId: string;
  docId: string;
  docTitle: string;
  title: string;
  region: string;
  level: Level;
  year: number;
  date: string | null;
  stance: Stance;
  text: string;
  /** [start, end) of the sentences that were compared; `diff` rebuilds exactly this slice */
  window: [number, number];
  /** how well the step matches the query or the followed unit (not its likeness to the previous step) */
  similarity: number;
  /** from the previous step's window to this one's; null on the first */
  diff: DiffOp[] | null;
}

export interface CompareResponse {
  query: string;
  /** the unit followed, for ?unit= */
  seed: string | null;
  timeline: TimelineStep[];
}

export interface DiffResponse {
  a: string;
  b: string;
  /** unit ids; a null side is a unit only in the other document, whose diff is then a pure insert or delete */
  pairs: { a: string | null; b: string | null; similarity: number | null; diff: DiffOp[] }[];
  summary: { matched: number; changed: number; added: number; removed: number };
}

export interface Occurrence {
  unitId: string;
  docId: string;
  region: string;
  level: Level;
  date: string | null;
  year: number;
  quote: string;
}

export interface FirstResponse {
  phrase: string;
  first: Occurrence | null;
  occurrences: Occurrence[];
}

export interface TrendResponse {
  query: string;
  byYear: Record<string, { units: number; occurrences: number }>;
  byRegion: Record<string, { units: number; occurrences: number }>;
}

export type DocListing = DocMeta & { units: number };

export interface DocResponse {
  meta: DocMeta;
  units: Unit[];
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
