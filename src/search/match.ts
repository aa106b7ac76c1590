/**
 * Matching: which units a parsed query matches, exactly. Each term is looked up in the store (candidates,
 * verified against the units' matching forms, so there are no misses and no false hits), AND terms rarest first,
 * each among the survivors of the ones before; then OR, NOT and the filters.
 */
import type { Engine, UnitRecord } from '../index/engine.js';
import type { Postings } from '../index/postings.js';
import type { Ids, TagFilter, TermMatch } from '../index/store.js';
import { regionMatches } from '../ingest/regions.js';
import { badQuery } from '../errors.js';
import { filterIds, intersectAll, unionAll } from '../util/sorted.js';
import type { Filters, ParsedQuery } from './query.js';
import type { TermStat } from './rank.js';

/** Units whose matching form contains `term`, exactly: looked up as a query's term is (a short term's list is read as it is). */
export function unitsContaining(engine: Engine, term: string): number[] {
  return Array.from(engine.index.match(term, verifier(engine)).ids);
}

/** The last year a unit is about: an outlook's yearTo (2030 for 2026–2030), the unit's year otherwise. */
export const lastYear = (unit: { year: number; yearTo?: number }): number => unit.yearTo ?? unit.year;

/** Whether the unit passes the filters; a year range matches a unit whose years (year..yearTo) it overlaps. */
export function passesFilters(rec: UnitRecord, f: Filters): boolean {
  const { unit, doc } = rec;
  if (f.yearFrom !== undefined && lastYear(unit) < f.yearFrom) return false;
  if (f.yearTo !== undefined && unit.year > f.yearTo) return false;
  if (f.regions && !f.regions.some((r) => regionMatches(doc.region, r))) return false;
  if (f.levels && !f.levels.includes(doc.level)) return false;
  if (f.unitKinds && !f.unitKinds.includes(unit.kind)) return false;
  if (f.docKinds && !f.docKinds.includes(doc.kind)) return false;
  if (f.stances && !f.stances.includes(unit.stance)) return false;
  if (f.docs && !f.docs.includes(doc.id)) return false;
  return true;
}

/** The query's filters as tag values, for a store that filters by itself: ranges and prefixes become value lists. */
export function tagFilter(engine: Engine, f: Filters): TagFilter {
  const out: TagFilter = {};
  if (f.yearFrom !== undefined || f.yearTo !== undefined)
    out.year = engine.facetLabels.year.names.filter((y) => Number(y) >= (f.yearFrom ?? -Infinity) && Number(y) <= (f.yearTo ?? Infinity));
  if (f.regions) out.region = engine.facetLabels.region.names.filter((r) => f.regions!.some((x) => regionMatches(r, x)));
  if (f.levels) out.level = f.levels;
  if (f.unitKinds) out.kind = f.unitKinds;
  if (f.docKinds) out.docKind = f.docKinds;
  if (f.stances) out.stance = f.stances;
  if (f.docs) out.doc = f.docs;
  return out;
}

const hasFilters = (f: Filters) => Object.values(f).some((v) => v !== undefined);

/**
 * The members of `list` whose matching form contains `t`, with how often each does (what BM25 needs) and where
 * it first does (what the whole-word check needs). Where `bound` (per member: an upper bound on the count, 0
 * for none) is 1, the first occurrence is the only one, and the rest of the text is not read.
 */
function verifier(engine: Engine) {
  const { forms } = engine;
  return (list: Ids, t: string, bound?: Uint32Array): Postings => {
    const n = list.length;
    // one buffer for the three lists: each typed array of its own is an off-heap allocation
    const buf = new Uint32Array(3 * n);
    const ids = buf.subarray(0, n);
    const tf = buf.subarray(n, 2 * n);
    const first = buf.subarray(2 * n);
    const step = t.length;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const m = forms.get(list[i]);
      if (m === undefined) continue;
      let at = m.indexOf(t);
      if (at < 0) continue;
      ids[k] = list[i];
      first[k] = at;
      let f = 1;
      if (bound === undefined || bound[i] !== 1)
        for (at = m.indexOf(t, at + step); at >= 0; at = m.indexOf(t, at + step)) f++;
      tf[k++] = f;
    }
    return { ids: ids.subarray(0, k), tf: tf.subarray(0, k), first: first.subarray(0, k) };
  };
}

/** The set of unit numbers matching a parsed query (ascending), plus the per-term statistics ranking needs. */
export function matchIds(engine: Engine, q: ParsedQuery): { hits: Ids; terms: TermStat[] } {
  const { records, index } = engine;
  // an id is copied from a listing: a typo should say so, not look like a search without hits
  const unknownDoc = q.filters.docs?.find((id) => !engine.docs.has(id));
  if (unknownDoc !== undefined) throw badQuery(`doc:${unknownDoc} — no document has that id (list them with \`yaodian docs\`)`);
  const verify = verifier(engine);
  const terms: TermStat[] = [];
  /** looks a term up; its statistics are those of its first lookup */
  const lookup = (term: string, within?: Ids): Ids => {
    const m: TermMatch = index.match(term, verify, within);
    if (!terms.some((s) => s.term === term)) terms.push({ term, df: m.df, post: m.post });
    return m.ids;
  };

  let hits: Ids;
  if (!q.clauses.length) {
    const all: number[] = [];
    records.forEach((r, n) => r && all.push(n));
    hits = all;
  } else {
    const ands = [...new Set(q.clauses.filter((c) => c.length === 1).map((c) => c[0]))];
    const bound = new Map(ands.map((t) => [t, index.dfBound(t)]));
    ands.sort((a, b) => bound.get(a)! - bound.get(b)!);
    let acc: Ids | undefined;
    for (const t of ands) {
      acc = lookup(t, acc);
      if (!acc.length) break;
    }
    const parts: Ids[] = acc ? [acc] : [];
    for (const clause of q.clauses.filter((c) => c.length > 1)) parts.push(unionAll(clause.map((t) => lookup(t))));
    hits = intersectAll(parts);
  }
  if (q.excludes.length) hits = filterIds(hits, (n) => !q.excludes.some((t) => records[n]!.match.includes(t)));
  if (hasFilters(q.filters))
    hits = index.filter(hits, () => tagFilter(engine, q.filters), (n) => passesFilters(records[n]!, q.filters));
  else if (engine.unitCount !== records.length) hits = filterIds(hits, (n) => records[n] !== null);
  return { hits, terms };
}

/** matchIds with the hits as a plain array, for callers that map over them. */
export function matchQuery(engine: Engine, q: ParsedQuery): { hits: number[]; terms: TermStat[] } {
  const { hits, terms } = matchIds(engine, q);
  return { hits: Array.isArray(hits) ? hits : Array.from(hits), terms };
}
