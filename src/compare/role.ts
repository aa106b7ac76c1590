/**
 * The role of a sentence in its report, which decides the entry when a report mentions a term several times:
 * a plan sentence about the term (发展低空经济，抓好…) is what a policy writer follows; a review of last
 * year, one item of an enumeration (新材料、低空经济、生物医药等) and a glossary line (名词解释) are weaker.
 */
import type { Engine, UnitRecord } from '../index/engine.js';
import type { Stance } from '../types.js';

/** How a sentence mentions what was asked: as its subject, as one item of a list, or in a glossary. */
export type Mention = 'focus' | 'list' | 'glossary';

export interface Role {
  stance: Stance;
  mention: Mention;
}

/** Lower is preferred: a plan sentence, even a list mention in one, comes before a review. */
// an outlook (the five-year plan being set out) looks ahead like a plan, but a year's plan says what is done now
const STANCE_RANK: Record<Stance, number> = { plan: 0, outlook: 1, other: 1, review: 2 };
const MENTION_RANK: Record<Mention, number> = { focus: 0, list: 1, glossary: 9 };

export const roleRank = (r: Role): number => (r.mention === 'glossary' ? 100 : STANCE_RANK[r.stance] * 2 + MENTION_RANK[r.mention]);

export function describeRole(r: Role): string {
  if (r.mention === 'glossary') return 'glossary line';
  const what = r.stance === 'plan' ? 'plan sentence' : r.stance === 'review' ? 'review sentence' : r.stance === 'outlook' ? 'outlook sentence' : 'sentence';
  return r.mention === 'list' ? `${what}, one item of a list` : what;
}

/** Clause ends in the matching form: ，：；。 and the like. */
const CLAUSE_END = /[,:;。!?]/;
/** An enumeration has at least this many 、 in the clause around the term. */
const LIST_SEPARATORS = 2;

/**
 * 'list' when every occurrence of every term stands in an enumeration (a 、 next to it, or a clause of
 * several 、); 'focus' when one occurrence is the clause's own subject or object.
 */
export function mentionIn(sentence: string, terms: readonly string[]): Exclude<Mention, 'glossary'> {
  let seen = false;
  for (const term of terms) {
    if (!term) continue;
    for (let at = sentence.indexOf(term); at >= 0; at = sentence.indexOf(term, at + 1)) {
      seen = true;
      if (!inList(sentence, at, at + term.length)) return 'focus';
    }
  }
  return seen ? 'list' : 'focus';
}

function inList(s: string, start: number, end: number): boolean {
  if (s[start - 1] === '、' || s[end] === '、') return true;
  let a = start;
  while (a > 0 && !CLAUSE_END.test(s[a - 1])) a--;
  let b = end;
  while (b < s.length && !CLAUSE_END.test(s[b])) b++;
  let n = 0;
  for (let i = a; i < b; i++) if (s[i] === '、') n++;
  // 新材料、新能源和低空经济等: the term closes a list with 和/及/与 and 等 follows
  return n >= LIST_SEPARATORS || (n >= 1 && /^[等和及与]/.test(s.slice(end)) ) || (n >= 1 && /[和及与]$/.test(s.slice(a, start)));
}

/** A line that opens a glossary: 名词解释, 注释, 词语解释 (alone on its line, or as an appendix's title). */
const GLOSSARY_HEAD = /^(?:附\s*件\s*\d*\s*)?(?:名词解释|名词注释|词语解释|术语解释|注释|释义)\s*[:：]?\s*$/;

const glossaries = new WeakMap<Engine, Map<string, { start: number; head: string } | null>>();

/**
 * True when the unit stands in a glossary: after a 名词解释 line, in the appendix part of the report (what
 * follows a glossary is definitions until the report ends or another appendix starts).
 */
export function inGlossary(engine: Engine, rec: UnitRecord): boolean {
  let byDoc = glossaries.get(engine);
  if (!byDoc) glossaries.set(engine, (byDoc = new Map()));
  let g = byDoc.get(rec.doc.id);
  if (g === undefined) {
    const u = engine.getDoc(rec.doc.id).units.find((x) => GLOSSARY_HEAD.test(x.text.trim()));
    byDoc.set(rec.doc.id, (g = u ? { start: u.end, head: u.path[0] ?? '' } : null));
  }
  return g !== null && rec.unit.start >= g.start && (rec.unit.path[0] ?? '') === g.head;
}

/** The role of a sentence of `rec` for the given terms. */
export function roleOf(engine: Engine, rec: UnitRecord, sentence: string, terms: readonly string[]): Role {
  if (inGlossary(engine, rec)) return { stance: rec.unit.stance, mention: 'glossary' };
  return { stance: rec.unit.stance, mention: mentionIn(sentence, terms) };
}
