/**
 * Permalinks. A unit's id is made of its document's id and its place in it (`state-council-2021:p26`), both
 * derived from the document alone, so `/u/<unitId>` names the same text after an `add` or a rebuild as long as
 * the document is unchanged; a comparison is its query (`/compare?q=…`), answered afresh from the corpus.
 */

// ':' stays readable: it is allowed in a path segment and a fragment, and the ids are meant to be read
const enc = (s: string) => encodeURIComponent(s).replace(/%3A/gi, ':');

export const unitPath = (unitId: string): string => `/u/${enc(unitId)}`;

export function comparePath(by: { q: string } | { unit: string }): string {
  return 'q' in by ? `/compare?q=${encodeURIComponent(by.q)}` : `/compare?unit=${enc(by.unit)}`;
}

/** `path` made absolute against `base` (an origin such as http://127.0.0.1:8787), or left as it is without one. */
export const absolute = (path: string, base?: string): string => (base ? new URL(path, base).href : path);
