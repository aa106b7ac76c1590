/**
 * Strength shifts: a replaced span of a word diff whose old and new words sit on different steps of one
 * ladder (稳健 → 适度宽松 的货币政策) is marked on its insert op. Two rules keep the marks honest:
 * - only a replacement shifts: a ladder word that is only inserted or only deleted is new or dropped wording,
 *   not a stronger or weaker stance;
 * - the two words fill the same place in the sentence (the two characters before them, or after them, are the
 *   same), so a long rewrite that happens to drop 研究 here and add 推进 elsewhere is not a shift.
 * A word diff cuts at word tokens, so 积极 → 更加积极 arrives as a bare insertion of 更加 before an unchanged
 * 积极; the change is then widened to the whole ladder word ([-积极-]{+更加积极+}), but only when that
 * reveals a shift.
 */
import type { DiffOp } from './diff.js';
import { toMatchForm, toSourceRange } from '../text/normalize.js';
import { directionOf, LADDERS, ladderHits, type Ladder, type LadderHit, type Shift } from './ladders.js';

/** A change between two equal runs: [a0, a1) of the old text replaced by [b0, b1) of the new. */
interface Region {
  a0: number;
  a1: number;
  b0: number;
  b1: number;
}

/** A ladder word placed in display offsets, with the matching form around it for the same-place test. */
interface Placed extends LadderHit {
  /** [start, end) in the display text */
  from: number;
  to: number;
  before: string;
  after: string;
}

/** Characters compared on each side of two ladder words to tell that they fill the same place. */
const SLOT = 2;

/** The same ops with every replacement that moves along a ladder carrying `shift` on its insert op. */
export function markShifts(ops: DiffOp[], ladders: readonly Ladder[] = LADDERS): DiffOp[] {
  const { a, b, regions } = layout(ops);
  if (!regions.length) return ops;
  const hitsA = place(a, ladders);
  const hitsB = place(b, ladders);
  if (!hitsA.length && !hitsB.length) return ops;
  const out: Region[] = [];
  const shifts: Shift[][] = [];
  for (let k = 0; k < regions.length; k++) {
    let r = regions[k];
    let found = shiftsIn(r, hitsA, hitsB, ladders);
    if (!found.length) {
      const wide = widen(regions, k, hitsA, hitsB, out.length ? out[out.length - 1] : undefined);
      const more = wide ? shiftsIn(wide.region, hitsA, hitsB, ladders) : [];
      if (wide && more.length) {
        r = wide.region;
        found = more;
        if (wide.tookPrev) out.pop(), shifts.pop();
        k = wide.last;
      }
    }
    out.push(r);
    shifts.push(found);
  }
  return shifts.some((s) => s.length) ? rebuild(a, b, out, shifts) : ops;
}

/** The old and new texts and the change regions between their equal runs. */
function layout(ops: DiffOp[]): { a: string; b: string; regions: Region[] } {
  let a = '';
  let b = '';
  const regions: Region[] = [];
  let open: Region | null = null;
  for (const o of ops) {
    if (o.op === 'equal') {
      open = null;
      a += o.text;
      b += o.text;
      continue;
    }
    if (!open) regions.push((open = { a0: a.length, a1: a.length, b0: b.length, b1: b.length }));
    if (o.op === 'delete') open.a1 = (a += o.text).length;
    else open.b1 = (b += o.text).length;
  }
  return { a, b, regions };
}

function place(text: string, ladders: readonly Ladder[]): Placed[] {
  const form = toMatchForm(text);
  return ladderHits(form.text, ladders).map((h) => {
    const [from, to] = toSourceRange(form, text, h.start, h.end);
    return { ...h, from, to, before: form.text.slice(Math.max(0, h.start - SLOT), h.start), after: form.text.slice(h.end, h.end + SLOT) };
  });
}

/** Shifts inside one region: pairs of ladder words of one ladder, old in [a0, a1), new in [b0, b1). */
function shiftsIn(r: Region, hitsA: Placed[], hitsB: Placed[], ladders: readonly Ladder[]): (Shift & { span: [Placed, Placed] })[] {
  if (r.a0 === r.a1 || r.b0 === r.b1) return [];
  const olds = hitsA.filter((h) => r.a0 <= h.from && h.to <= r.a1);
  const news = hitsB.filter((h) => r.b0 <= h.from && h.to <= r.b1);
  const used = new Set<Placed>();
  const out: (Shift & { span: [Placed, Placed] })[] = [];
  // ladders in file order: where two ladders read the same pair of words (积极 → 更加积极 before 财政) the
  // more specific one, listed first, marks it
  for (const x of [...olds].sort((p, q) => p.ladder - q.ladder || p.from - q.from)) {
    if (out.some((s) => covers(s.span[0], x))) continue;
    const y = news.find((h) => h.ladder === x.ladder && h.rank !== x.rank && !used.has(h) && samePlace(x, h) && !out.some((s) => covers(s.span[1], h)));
    if (!y) continue;
    used.add(y);
    out.push({ ladder: ladders[x.ladder].name, from: x.word, to: y.word, direction: directionOf(x.rank, y.rank), span: [x, y] });
  }
  return out.sort((p, q) => p.span[0].from - q.span[0].from);
}

const covers = (outer: Placed, inner: Placed) => outer.from <= inner.from && inner.to <= outer.to;

/** Two ladder words fill the same place when what precedes them, or what follows them, is the same. */
const samePlace = (x: Placed, y: Placed) => (x.before === y.before && x.before.length === SLOT) || (x.after === y.after && x.after.length === SLOT) || (x.before === '' && y.before === '') || (x.after === '' && y.after === '');

/**
 * Region k grown to whole ladder words that straddle its ends (更加 inserted before 积极 grows to cover 积极
 * on both sides), taking in a neighbouring change the growth reaches (稳健的货币政策要灵活 → 实施, then an
 * unchanged 适度, then the inserted 宽松: 适度宽松 spans all three). Null when nothing straddles.
 */
function widen(regions: Region[], k: number, hitsA: Placed[], hitsB: Placed[], prevOut: Region | undefined): { region: Region; last: number; tookPrev: boolean } | null {
  let r = { ...regions[k] };
  let first = k;
  let last = k;
  let tookPrev = false;
  for (let round = 0; round < 4; round++) {
    let left = 0;
    let right = 0;
    const grow = (h: Placed, s: number, e: number) => {
      if (h.to <= s || h.from >= e) return;
      left = Math.max(left, s - h.from);
      right = Math.max(right, h.to - e);
    };
    for (const h of hitsA) grow(h, r.a0, r.a1);
    for (const h of hitsB) grow(h, r.b0, r.b1);
    if (!left && !right) break;
    r = { a0: r.a0 - left, a1: r.a1 + right, b0: r.b0 - left, b1: r.b1 + right };
    // a neighbour reached is taken in whole; the previous one only while it is still the last one kept
    const prev = first === k ? prevOut : regions[first - 1];
    if (prev && (r.a0 <= prev.a1 || r.b0 <= prev.b1)) {
      if (first !== k || prev !== regions[k - 1]) return null;
      r = { ...r, a0: Math.min(r.a0, prev.a0), b0: Math.min(r.b0, prev.b0) };
      first--;
      tookPrev = true;
    }
    const next = regions[last + 1];
    if (next && (r.a1 >= next.a0 || r.b1 >= next.b0)) {
      r = { ...r, a1: Math.max(r.a1, next.a1), b1: Math.max(r.b1, next.b1) };
      last++;
    }
  }
  if (r.a0 === regions[k].a0 && r.a1 === regions[k].a1 && r.b0 === regions[k].b0 && r.b1 === regions[k].b1) return null;
  if (r.a0 < 0 || r.b0 < 0) return null;
  return { region: r, last, tookPrev };
}

function rebuild(a: string, b: string, regions: Region[], shifts: Shift[][]): DiffOp[] {
  const ops: DiffOp[] = [];
  let at = 0;
  regions.forEach((r, k) => {
    if (r.a0 > at) ops.push({ op: 'equal', text: a.slice(at, r.a0) });
    if (r.a1 > r.a0) ops.push({ op: 'delete', text: a.slice(r.a0, r.a1) });
    if (r.b1 > r.b0) {
      const found = shifts[k].map(({ ladder, from, to, direction }) => ({ ladder, from, to, direction }));
      ops.push(found.length ? { op: 'insert', text: b.slice(r.b0, r.b1), shift: found[0], ...(found.length > 1 ? { shifts: found } : {}) } : { op: 'insert', text: b.slice(r.b0, r.b1) });
    }
    at = r.a1;
  });
  if (at < a.length) ops.push({ op: 'equal', text: a.slice(at) });
  return ops;
}
