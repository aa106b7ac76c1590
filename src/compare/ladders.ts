/**
 * Policy-intensity ladders (the data and what each field means: ladders.json): which ladder words a text
 * uses, and where. A word counts once, as the longest ladder word at its place (加快推进 is not also 推进),
 * and not inside a longer word that means something else (积极性) or outside its ladder's scope (稳健 is a
 * monetary stance only before 货币).
 */
import * as z from 'zod';
import data from './ladders.json' with { type: 'json' };

export type Direction = 'up' | 'down';

/** A replaced span whose words moved along a ladder. */
export interface Shift {
  /** the ladder's name, e.g. monetary-stance */
  ladder: string;
  /** the old wording's ladder word (matching form) */
  from: string;
  /** the new wording's ladder word */
  to: string;
  /** up: further along the ladder (stronger, looser, more active) */
  direction: Direction;
}

const Word = z.string().regex(/^[^\s]{2,8}$/, 'a ladder word is 2–8 characters without spaces');

export const LadderSchema = z
  .object({
    name: z.string().regex(/^[a-z][a-z-]*$/, 'a ladder name is lower-case words joined by -'),
    label: z.string().min(1),
    about: z.string().min(1),
    steps: z.array(z.array(Word).min(1)).min(2),
    followedBy: z.array(z.string().min(1)).min(1).optional(),
    exclude: z.array(z.string().min(3)).optional(),
  })
  .superRefine((l, ctx) => {
    const words = l.steps.flat();
    const twice = words.filter((w, k) => words.indexOf(w) !== k);
    if (twice.length) ctx.addIssue({ code: 'custom', message: `${l.name}: ${twice.join(', ')} on two steps` });
    for (const x of l.exclude ?? [])
      if (!words.some((w) => x.includes(w))) ctx.addIssue({ code: 'custom', message: `${l.name}: exclude ${x} contains no step word` });
  });

export type Ladder = z.infer<typeof LadderSchema>;

export const LaddersSchema = z.array(LadderSchema).superRefine((ls, ctx) => {
  const names = ls.map((l) => l.name);
  const twice = names.filter((n, k) => names.indexOf(n) !== k);
  if (twice.length) ctx.addIssue({ code: 'custom', message: `ladder names twice: ${twice.join(', ')}` });
});

export const LADDERS: readonly Ladder[] = LaddersSchema.parse(data.ladders);

/** How far after a ladder word one of its `followedBy` words may start (的财政政策和 is 6 characters). */
export const FOLLOW_WINDOW = 8;

/** One ladder word in a text. */
export interface LadderHit {
  /** index into the ladders */
  ladder: number;
  /** the step: 0 is the weakest */
  rank: number;
  word: string;
  /** [start, end) in the text searched (the matching form) */
  start: number;
  end: number;
}

interface Compiled {
  pattern: RegExp;
  rank: Map<string, number>;
  ladder: Ladder;
}

const compiled = new WeakMap<readonly Ladder[], Compiled[]>();

function compile(ladders: readonly Ladder[]): Compiled[] {
  let c = compiled.get(ladders);
  if (c) return c;
  c = ladders.map((ladder) => {
    const rank = new Map<string, number>();
    ladder.steps.forEach((step, k) => step.forEach((w) => rank.set(w, k)));
    // longest first: at one place the alternation takes the longest word, so 加快推进 is not read as 推进
    const alternation = [...rank.keys()].sort((a, b) => b.length - a.length).map(escape);
    return { pattern: new RegExp(alternation.join('|'), 'g'), rank, ladder };
  });
  compiled.set(ladders, c);
  return c;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every ladder word in `text` (a matching form), per ladder left to right. */
export function ladderHits(text: string, ladders: readonly Ladder[] = LADDERS): LadderHit[] {
  const out: LadderHit[] = [];
  compile(ladders).forEach(({ pattern, rank, ladder }, k) => {
    for (const m of text.matchAll(pattern)) {
      const start = m.index;
      const end = start + m[0].length;
      if (ladder.exclude?.some((x) => within(text, x, m[0], start))) continue;
      if (ladder.followedBy && !ladder.followedBy.some((w) => text.slice(end, end + FOLLOW_WINDOW + w.length - 1).includes(w))) continue;
      out.push({ ladder: k, rank: rank.get(m[0])!, word: m[0], start, end });
    }
  });
  return out;
}

/** True when `word` at `at` is part of an occurrence of the longer word `x` in `text`. */
function within(text: string, x: string, word: string, at: number): boolean {
  for (let k = x.indexOf(word); k >= 0; k = x.indexOf(word, k + 1)) if (at - k >= 0 && text.startsWith(x, at - k)) return true;
  return false;
}

/** The label shown for a ladder's name (货币政策取向 for monetary-stance). */
export const ladderLabel = (name: string): string => LADDERS.find((l) => l.name === name)?.label ?? name;

export const directionOf = (from: number, to: number): Direction => (to > from ? 'up' : 'down');
