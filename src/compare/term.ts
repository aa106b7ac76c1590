/**
 * Following a term: every sentence that contains it (in the matching form, so 人工智能＋ is 人工智能+), and in
 * each document the one that plays the strongest role — a plan sentence about the term before a list that
 * names it, a review of last year, or a glossary line. Nothing that lacks the term is ever an entry.
 */
import type { Engine } from '../index/engine.js';
import { matchQuery } from '../search/match.js';
import type { ParsedQuery } from '../search/query.js';
import type { Picked } from './picked.js';
import { describeRole, roleOf, roleRank, type Role } from './role.js';
import { sentencesOf, type Sentence } from './sentences.js';
import { KIND_RANK } from './similarity.js';

interface Candidate extends Picked {
  role: Role;
  occurrences: number;
  length: number;
  at: number;
}

const count = (text: string, term: string) => {
  let k = 0;
  for (let i = text.indexOf(term); i >= 0; i = text.indexOf(term, i + term.length)) k++;
  return k;
};

/** The best sentence of every document whose units contain the query's terms (all clauses). */
export function pickByTerms(engine: Engine, parsed: ParsedQuery): Picked[] {
  const sentences = sentencesOf(engine);
  const { hits } = matchQuery(engine, parsed);
  const isHit = new Set(hits);
  const terms = [...new Set(parsed.clauses.flat())];
  const holds = (text: string) => parsed.clauses.every((c) => c.some((t) => text.includes(t)));
  const byDoc = new Map<string, Candidate[]>();
  const add = (n: number, span: [number, number] | null, at: number) => {
    const rec = engine.records[n]!;
    const text = span ? rec.match.slice(span[0], span[1]) : rec.match;
    const found = terms.filter((t) => text.includes(t));
    const role = roleOf(engine, rec, text, found);
    const occurrences = found.reduce((k, t) => k + count(text, t), 0);
    const c: Candidate = { n, span, similarity: 1, why: { anchors: found, role, note: '' }, role, occurrences, length: text.length, at };
    const list = byDoc.get(rec.doc.id) ?? [];
    list.push(c);
    byDoc.set(rec.doc.id, list);
  };
  for (const n of hits) {
    const rec = engine.records[n]!;
    const own = sentences.of(n);
    let found = false;
    for (const s of own)
      if (holds(rec.match.slice(s.start, s.end))) {
        add(n, [s.start, s.end], s.at);
        found = true;
      }
    // the terms only together across sentences: the shortest run that holds them, else the whole unit
    if (!found && !sentences.items(n).some((k) => isHit.has(k))) {
      const run = shortestRun(rec.match, own, holds);
      add(n, run, run ? own.find((s) => s.start === run[0])!.at : rec.unit.start);
    }
  }
  const out: Picked[] = [];
  for (const list of byDoc.values()) {
    list.sort((x, y) => compareCandidates(engine, x, y));
    const best = list[0];
    best.why.note = note(best, list.slice(1));
    out.push({ n: best.n, span: best.span, similarity: 1, why: best.why });
  }
  return out;
}

/** Strongest role first; then more occurrences, a shorter sentence, a more specific unit, an earlier place. */
function compareCandidates(engine: Engine, x: Candidate, y: Candidate): number {
  return (
    roleRank(x.role) - roleRank(y.role) ||
    y.occurrences - x.occurrences ||
    x.length - y.length ||
    KIND_RANK[engine.records[x.n]!.unit.kind] - KIND_RANK[engine.records[y.n]!.unit.kind] ||
    x.at - y.at
  );
}

function note(best: Candidate, others: Candidate[]): string {
  const head = `contains ${best.why.anchors.join(', ')} · ${describeRole(best.role)}`;
  if (!others.length) return head;
  const kinds = new Map<string, number>();
  for (const o of others) {
    const k = describeRole(o.role);
    kinds.set(k, (kinds.get(k) ?? 0) + 1);
  }
  return `${head}; ${others.length} other ${others.length === 1 ? 'sentence' : 'sentences'} (${[...kinds].map(([k, v]) => `${v} ${k}`).join(', ')})`;
}

/** The shortest run of consecutive sentences whose text holds every clause; null when none does. */
function shortestRun(match: string, own: readonly Sentence[], holds: (text: string) => boolean): [number, number] | null {
  let best: [number, number] | null = null;
  for (let i = 0; i < own.length; i++)
    for (let k = i; k < own.length; k++) {
      const span: [number, number] = [own[i].start, own[k].end];
      if (best && span[1] - span[0] >= best[1] - best[0]) break;
      if (holds(match.slice(span[0], span[1]))) {
        best = span;
        break;
      }
    }
  return best;
}
