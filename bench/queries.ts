/**
 * Queries sampled deterministically from the corpus itself — random units, random positions, substrings of
 * letters and digits only — so every sampled query has at least one hit; plus a few known hard ones.
 */
import { toMatchForm } from '../src/text/normalize.js';
import type { Doc, Unit } from '../src/types.js';
import { between, pick, prng } from './corpus.js';
import type { Query, QueryType } from './types.js';

export const HARD = ['脱贫攻坚', '7.5%', '基础研究十年行动', '揭榜挂帅'];

const WORDY = /^[\p{L}\p{N}]+$/u;

export function sampleQueries(docs: Doc[], perType: number, seed: number): Query[] {
  const rnd = prng(seed);
  const units: { unit: Unit; region: string }[] = docs.flatMap((d) => d.units.map((unit) => ({ unit, region: d.meta.region })));
  /** a substring of `len` letters/digits at a random position of a random unit (with that unit) */
  const substring = (len: number, from?: { unit: Unit; region: string }) => {
    for (let tries = 0; ; tries++) {
      const u = from && tries < 50 ? from : pick(rnd, units);
      const chars = Array.from(toMatchForm(u.unit.text).text);
      if (chars.length < len) continue;
      const at = between(rnd, 0, chars.length - len);
      const s = chars.slice(at, at + len).join('');
      if (WORDY.test(s)) return { term: s, u };
    }
  };
  const make: Record<Exclude<QueryType, 'hard'>, () => Query> = {
    '1-char': () => ({ type: '1-char', terms: [substring(1).term] }),
    '2-char': () => ({ type: '2-char', terms: [substring(2).term] }),
    '4-char': () => ({ type: '4-char', terms: [substring(4).term] }),
    phrase: () => ({ type: 'phrase', terms: [substring(between(rnd, 6, 12)).term] }),
    and: () => {
      const first = substring(between(rnd, 2, 4));
      const terms = [first.term];
      const want = between(rnd, 2, 3);
      for (let k = 0; terms.length < want && k < 20; k++) {
        const t = substring(between(rnd, 2, 4), first.u).term;
        if (!terms.some((x) => x.includes(t) || t.includes(x))) terms.push(t);
      }
      return { type: 'and', terms };
    },
    filtered: () => {
      const { term, u } = substring(between(rnd, 2, 4));
      return rnd() < 0.5 ? { type: 'filtered', terms: [term], year: u.unit.year } : { type: 'filtered', terms: [term], region: u.region };
    },
    facets: () => ({ type: 'facets', terms: [substring(2).term], facets: true }),
  };
  const out: Query[] = [];
  const seen = new Set<string>();
  for (const next of Object.values(make)) {
    for (let n = 0, tries = 0; n < perType && tries < perType * 20; tries++) {
      const q = next();
      const key = JSON.stringify(q);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(q);
      n++;
    }
  }
  for (const h of HARD) out.push({ type: 'hard', terms: [toMatchForm(h).text] });
  return out;
}
