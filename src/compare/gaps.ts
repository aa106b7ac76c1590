/**
 * Gaps: the documents that could have said it and did not. A report is a gap when its series (the same
 * issuer's reports of the same kind: the State Council's work reports, Sichuan's conference reports) said it
 * in an earlier year — so a disappearance or an interruption shows — or when a peer said it: a report of the
 * same kind, level and year (the 2026 report of another province). Before a series first says something
 * there is no gap: the statement did not exist yet.
 */
import { byDate, type Engine } from '../index/engine.js';
import { regionMatches } from '../ingest/regions.js';
import type { Filters } from '../search/query.js';
import type { DocMeta } from '../types.js';

const series = (d: DocMeta) => `${d.region}|${d.kind}`;
const peers = (d: DocMeta) => `${d.kind}|${d.level}|${d.year}`;

/** The filters that apply to whole documents (unit kinds and stances do not make a document absent). */
export function docPasses(d: DocMeta, f: Filters): boolean {
  if (f.yearFrom !== undefined && d.year < f.yearFrom) return false;
  if (f.yearTo !== undefined && d.year > f.yearTo) return false;
  if (f.regions && !f.regions.some((r) => regionMatches(d.region, r))) return false;
  if (f.levels && !f.levels.includes(d.level)) return false;
  if (f.docKinds && !f.docKinds.includes(d.kind)) return false;
  if (f.docs && !f.docs.includes(d.id)) return false;
  return true;
}

/** The gap documents for a timeline whose entries are in `present`, in date order. */
export function gapDocs(engine: Engine, present: ReadonlySet<string>, filters: Filters): DocMeta[] {
  const docs = engine.docList().filter((d) => docPasses(d, filters)).sort(byDate);
  const cohorts = new Set<string>();
  for (const d of docs) if (present.has(d.id)) cohorts.add(peers(d));
  const started = new Set<string>();
  const out: DocMeta[] = [];
  for (const d of docs) {
    if (present.has(d.id)) started.add(series(d));
    else if (started.has(series(d)) || cohorts.has(peers(d))) out.push(d);
  }
  return out;
}

/** How a gap reads: not in 2020年国务院政府工作报告. */
export const gapReason = (d: DocMeta): string => `not in ${d.title}`;
