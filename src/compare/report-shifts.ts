/**
 * A report's strength shifts against the same issuer's previous report, two ways:
 * - in the document diff of the two, every replacement that moves along a ladder (see shifts.ts), with the
 *   wording on both sides;
 * - for the ladders of a named stance (those with `followedBy`: the monetary and the fiscal stance), the step
 *   each report plans with, from its plan units. A stance is often restated in a new paragraph rather than
 *   edited in place (2010 继续实施适度宽松的货币政策, 2011 实施稳健的货币政策), which no unit diff pairs.
 */
import { byDate, type Engine } from '../index/engine.js';
import type { DocMeta } from '../types.js';
import { docRef, type DocRef } from './common.js';
import { diffDocs } from './docdiff.js';
import { directionOf, LADDERS, ladderHits, ladderLabel, type Direction, type Shift } from './ladders.js';
import { quote } from './occurrences.js';

export interface ReportShift extends Shift {
  /** the ladder's label, e.g. 货币政策取向 */
  label: string;
  /** the units of the previous report and of this one whose diff holds the shift */
  a: string;
  b: string;
  /** the old and the new wording around the two words */
  was: string;
  now: string;
}

/** A named stance in the two reports: the step each plans with (the most frequent in its plan units). */
export interface StanceChange {
  ladder: string;
  label: string;
  /** null when the report does not state this stance */
  was: string | null;
  now: string | null;
  /** null when the stance did not move (or one report does not state it) */
  direction: Direction | null;
}

export interface ShiftSummary {
  previous: DocRef;
  /** replacements in the diff that move along a ladder */
  shifts: ReportShift[];
  up: number;
  down: number;
  /** the named stances either report states */
  stances: StanceChange[];
}

/** The issuer's report before this one: the same kind of report where there is one, else any. */
export function previousReport(engine: Engine, meta: DocMeta): DocMeta | null {
  const before = engine
    .docList()
    .filter((m) => m.issuer === meta.issuer && m.id !== meta.id && byDate(m, meta) < 0)
    .sort(byDate);
  const sameKind = before.filter((m) => m.kind === meta.kind);
  return (sameKind.length ? sameKind : before).at(-1) ?? null;
}

export function issuerShifts(engine: Engine, docId: string): ShiftSummary | null {
  const meta = engine.getDoc(docId).meta;
  const prev = previousReport(engine, meta);
  if (!prev) return null;
  const shifts: ReportShift[] = [];
  for (const pair of diffDocs(engine, prev.id, docId).pairs) {
    if (!pair.a || !pair.b) continue;
    pair.diff.forEach((op, k) => {
      if (!op.shift) return;
      const old = pair.diff[k - 1]?.op === 'delete' ? pair.diff[k - 1].text : '';
      for (const s of op.shifts ?? [op.shift]) shifts.push({ ...s, label: ladderLabel(s.ladder), a: pair.a!, b: pair.b!, was: around(old, s.from), now: around(op.text, s.to) });
    });
  }
  const up = shifts.filter((s) => s.direction === 'up').length;
  return { previous: docRef(prev), shifts, up, down: shifts.length - up, stances: stanceChanges(engine, prev.id, docId) };
}

/** The stance ladders' steps in each report's plan units, compared. */
export function stanceChanges(engine: Engine, prevId: string, docId: string): StanceChange[] {
  const [was, now] = [plannedSteps(engine, prevId), plannedSteps(engine, docId)];
  const out: StanceChange[] = [];
  LADDERS.forEach((l, k) => {
    if (!l.followedBy) return;
    const [a, b] = [was.get(k) ?? null, now.get(k) ?? null];
    if (!a && !b) return;
    const direction = a && b && a.rank !== b.rank ? directionOf(a.rank, b.rank) : null;
    out.push({ ladder: l.name, label: l.label, was: a?.word ?? null, now: b?.word ?? null, direction });
  });
  return out;
}

/** Per stance ladder, the step a report's plan units name most often (the later one on a tie). */
function plannedSteps(engine: Engine, docId: string): Map<number, { word: string; rank: number }> {
  const counts = new Map<number, Map<string, { n: number; rank: number }>>();
  // every unit, containers too: a paragraph's lead sentence (实施适度宽松的货币政策。) is in no item below it
  for (const unit of engine.getDoc(docId).units) {
    const rec = engine.getUnit(unit.id);
    if (rec.unit.stance !== 'plan') continue;
    for (const h of ladderHits(rec.match)) {
      if (!LADDERS[h.ladder].followedBy) continue;
      const words = counts.get(h.ladder) ?? new Map<string, { n: number; rank: number }>();
      counts.set(h.ladder, words);
      const c = words.get(h.word) ?? { n: 0, rank: h.rank };
      c.n++;
      words.set(h.word, c);
    }
  }
  const out = new Map<number, { word: string; rank: number }>();
  for (const [k, words] of counts) {
    let best: [string, { n: number; rank: number }] | null = null;
    for (const e of words) if (!best || e[1].n >= best[1].n) best = e;
    out.set(k, { word: best![0], rank: best![1].rank });
  }
  return out;
}

/** The word with a few characters each side, from a replaced text (the whole text when the word is not found as written). */
function around(text: string, word: string): string {
  const at = text.indexOf(word);
  return at < 0 ? quote(text, [0, Math.min(text.length, 40)], 0) : quote(text, [at, at + word.length], 12);
}

