/**
 * Following a statement: in every document, the sentence (or run of sentences) most similar to it, when it
 * is similar enough (STATEMENT_THRESHOLD). The statement's own role counts: pasted from a plan, its
 * counterpart in another year is that year's plan sentence rather than the review of how it went, when both
 * are about as similar.
 */
import type { Engine } from '../index/engine.js';
import { passesFilters } from '../search/match.js';
import type { Filters } from '../search/query.js';
import { normalizeQuery } from '../text/normalize.js';
import type { Stance } from '../types.js';
import { candidates } from './align.js';
import type { Picked } from './picked.js';
import { describeRole, inGlossary, type Role } from './role.js';
import { sentencesOf, splitSentences } from './sentences.js';
import { modelOf } from './similarity.js';
import { MAX_RUN, prepareStatement, runsOf, scoreSpan, spanGrams, STATEMENT_THRESHOLD } from './statement-score.js';

/** Units per document scored sentence by sentence, picked by the rare bigrams they share with the statement. */
export const STATEMENT_PER_DOC = 8;
/** A sentence this similar is the statement itself (or its copy): its stance is the statement's. */
export const SELF_MATCH = 0.9;
/**
 * A sentence of the statement's stance is picked over a more similar one of another stance when it scores at
 * least this share of it: a year's target rather than the review of how last year's went.
 */
export const STANCE_SHARE = 0.4;
/** How many shared words an entry names as its anchors. */
const ANCHORS_SHOWN = 6;

interface Run {
  n: number;
  span: [number, number];
  score: number;
  shared: string[];
  role: Role;
}

export interface StatementPicks {
  picks: Picked[];
  /** the stance preferred: the statement's own when the corpus holds it, else plan */
  stance: Stance;
}

export function pickByStatement(engine: Engine, statement: string, filters: Filters, threshold = STATEMENT_THRESHOLD): StatementPicks {
  const model = modelOf(engine);
  const sentences = sentencesOf(engine);
  const keep = (n: number) => passesFilters(engine.records[n]!, filters);
  const byDoc = new Map<string, Run[]>();
  let top: Run | null = null;
  for (const part of partsOf(normalizeQuery(statement))) {
    const st = prepareStatement(engine, part);
    const scored = new Set<number>();
    for (const n of candidates(model, st.text, null, keep, STATEMENT_PER_DOC))
      for (const owner of [n, ...sentences.items(n)]) {
        // a line and its item can both be candidates: each unit's sentences are scored once per part
        if (scored.has(owner) || !keep(owner)) continue;
        scored.add(owner);
        const rec = engine.records[owner]!;
        for (const r of runsOf(sentences.of(owner), st.run)) {
          const { score, shared } = scoreSpan(st, rec.match, r.start, r.end, spanGrams(model, owner, r.start, r.end));
          if (score < threshold) continue;
          const run: Run = { n: owner, span: [r.start, r.end], score, shared, role: { stance: rec.unit.stance, mention: inGlossary(engine, rec) ? 'glossary' : 'focus' } };
          if (!top || score > top.score) top = run;
          const list = byDoc.get(rec.doc.id) ?? [];
          list.push(run);
          byDoc.set(rec.doc.id, list);
        }
      }
  }
  const stance: Stance = top && top.score >= SELF_MATCH ? top.role.stance : 'plan';
  const picks: Picked[] = [];
  for (const list of byDoc.values()) {
    const best = choose(list, stance);
    const anchors = best.shared.slice(0, ANCHORS_SHOWN);
    const others = list.length - 1;
    picks.push({
      n: best.n,
      span: best.span,
      similarity: best.score,
      why: {
        anchors,
        role: best.role,
        note:
          `similarity ${best.score.toFixed(2)}` +
          (anchors.length ? ` · shares ${anchors.join(', ')}` : '') +
          ` · ${describeRole(best.role)}` +
          (others ? `; ${others} other similar ${others === 1 ? 'sentence' : 'sentences'} in the report` : ''),
      },
    });
  }
  return { picks, stance };
}

/**
 * A statement of more sentences than a counterpart may span (a pasted paragraph) is followed part for part:
 * runs of MAX_RUN sentences, each scored on its own, so a report that restates one part is found by it.
 */
export function partsOf(matchText: string): string[] {
  const spans = splitSentences(matchText);
  if (spans.length <= MAX_RUN) return [matchText];
  const out: string[] = [];
  for (let i = 0; i < spans.length; i += MAX_RUN) out.push(matchText.slice(spans[i][0], spans[Math.min(spans.length, i + MAX_RUN) - 1][1]));
  return out;
}

/** Stances that do not contradict each other: 'other' (not known) goes with either. */
const compatible = (a: Stance, b: Stance) => a === b || a === 'other' || b === 'other';

/**
 * The most similar run, unless one of a compatible stance is similar enough (STANCE_SHARE); a glossary line
 * only when nothing else matched.
 */
function choose(list: Run[], stance: Stance): Run {
  const body = list.filter((r) => r.role.mention !== 'glossary');
  const pool = body.length ? body : list;
  pool.sort((a, b) => b.score - a.score || a.span[1] - a.span[0] - (b.span[1] - b.span[0]));
  const best = pool[0];
  const same = pool.find((r) => compatible(r.role.stance, stance));
  return same && same.score >= best.score * STANCE_SHARE ? same : best;
}
