/**
 * Word-level diff of two texts, tuned for reading: whole tokens change, and
 * changes separated by a lone character or punctuation mark are shown as one.
 */
import { diffArrays } from 'diff';
import type { Token } from '../types.js';
import { tokenize, isPunct } from '../text/tokenize.js';
import type { Shift } from './ladders.js';
import { markShifts } from './shifts.js';

export interface DiffOp {
  op: 'equal' | 'insert' | 'delete';
  text: string;
  /** on the insert op of a replacement whose words move along a policy-intensity ladder (see shifts.ts) */
  shift?: Shift;
  /** every shift of that replacement, when it holds more than one (shift is the first) */
  shifts?: Shift[];
}

export interface DiffStats {
  equalChars: number;
  insertedChars: number;
  deletedChars: number;
}

export interface DiffOptions {
  /**
   * Myers is O(ND), and two unrelated long reports make D as large as N at token level. After this
   * many ms (default 2000; Infinity to wait) fall back to a line-level diff.
   */
  timeoutMs?: number;
  /** mark strength shifts on replacements (default true) */
  shifts?: boolean;
}

const DEFAULT_TIMEOUT_MS = 2000;

type Region = { kind: 'equal'; tokens: string[] } | { kind: 'change'; del: string; ins: string };

/** An equal run this small between two changes reads as noise, so it is folded into them. */
function isShortEqual(tokens: string[]): boolean {
  if (tokens.length !== 1) return false;
  const t = tokens[0];
  return [...t].length <= 1 || isPunct(t);
}

interface Change {
  added?: boolean;
  removed?: boolean;
  value: string[];
}

/**
 * Myers over token numbers (=== on small integers instead of strings), after trimming the common head and
 * tail, which is most of two versions of one task. Returns undefined when it gives up (timeout).
 */
function tokenChanges(ta: string[], tb: string[], timeoutMs: number): Change[] | undefined {
  const ids = new Map<string, number>();
  const num = (t: string) => {
    let n = ids.get(t);
    if (n === undefined) ids.set(t, (n = ids.size));
    return n;
  };
  const na = ta.map(num);
  const nb = tb.map(num);
  let head = 0;
  while (head < na.length && head < nb.length && na[head] === nb[head]) head++;
  let tail = 0;
  while (tail < na.length - head && tail < nb.length - head && na[na.length - 1 - tail] === nb[nb.length - 1 - tail]) tail++;
  const ca = na.slice(head, na.length - tail);
  const cb = nb.slice(head, nb.length - tail);
  const core = (ca.length + 1) * (cb.length + 1) <= LCS_CELLS ? lcsChanges(ca, cb) : diffArrays(ca, cb, { timeout: timeoutMs });
  if (!core) return undefined;
  const out: Change[] = [];
  if (head) out.push({ value: ta.slice(0, head) });
  let i = head;
  let j = head;
  for (const c of core) {
    const n = c.count ?? 0;
    if (c.removed) out.push({ removed: true, value: ta.slice(i, (i += n)) });
    else if (c.added) out.push({ added: true, value: tb.slice(j, (j += n)) });
    else {
      out.push({ value: ta.slice(i, i + n) });
      i += n;
      j += n;
    }
  }
  if (tail) out.push({ value: ta.slice(ta.length - tail) });
  return out;
}

/** Up to this many cells (2 bytes each) the LCS table beats the diff package's Myers on short units. */
const LCS_CELLS = 1_000_000;

/**
 * A minimal edit script from the LCS table: the same length as Myers', and faster than the diff package
 * on units of a few hundred tokens (it allocates an object per step; this is one typed array).
 * Ties prefer the deletion first, as Myers does, so a replacement reads delete-then-insert.
 */
function lcsChanges(a: number[], b: number[]): { count: number; added?: boolean; removed?: boolean }[] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const L = new Uint16Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--)
    for (let j = m - 1; j >= 0; j--)
      L[i * w + j] = a[i] === b[j] ? L[(i + 1) * w + j + 1] + 1 : Math.max(L[(i + 1) * w + j], L[i * w + j + 1]);
  const out: { count: number; added?: boolean; removed?: boolean }[] = [];
  const push = (kind: 'eq' | 'del' | 'ins') => {
    const last = out[out.length - 1];
    const same = last && (kind === 'del' ? last.removed : kind === 'ins' ? last.added : !last.added && !last.removed);
    if (same) last.count++;
    else out.push(kind === 'del' ? { count: 1, removed: true } : kind === 'ins' ? { count: 1, added: true } : { count: 1 });
  };
  let i = 0;
  let j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && a[i] === b[j]) push('eq'), i++, j++;
    else if (j >= m || (i < n && L[(i + 1) * w + j] >= L[i * w + j + 1])) push('del'), i++;
    else push('ins'), j++;
  }
  return out;
}

function lineChanges(a: string, b: string): Change[] {
  const lines = (s: string) => s.split(/(?<=\n)/);
  return diffArrays(lines(a), lines(b));
}

/** Compare `a` and `b` token by token. Equal+delete rebuild `a`; equal+insert rebuild `b`. */
export function diffTexts(
  a: string,
  b: string,
  tokenizer: (text: string) => Token[] = tokenize,
  options: DiffOptions = {},
): DiffOp[] {
  if (a === b) return a ? [{ op: 'equal', text: a }] : [];
  const ta = tokenizer(a).map((t) => t.text);
  const tb = tokenizer(b).map((t) => t.text);
  const changes = tokenChanges(ta, tb, options.timeoutMs ?? DEFAULT_TIMEOUT_MS) ?? lineChanges(a, b);

  // Collapse each stretch of removals/additions into one change region.
  const regions: Region[] = [];
  for (const c of changes) {
    const prev = regions[regions.length - 1];
    if (!c.added && !c.removed) {
      regions.push({ kind: 'equal', tokens: c.value });
      continue;
    }
    const text = c.value.join('');
    const region = prev?.kind === 'change' ? prev : { kind: 'change' as const, del: '', ins: '' };
    if (region !== prev) regions.push(region);
    if (c.removed) region.del += text;
    else region.ins += text;
  }
  const ops = toOps(foldShortEquals(regions));
  return options.shifts === false ? ops : markShifts(ops);
}

function foldShortEquals(regions: Region[]): Region[] {
  const out: Region[] = [];
  for (let i = 0; i < regions.length; i++) {
    const r = regions[i];
    const prev = out[out.length - 1];
    const next = regions[i + 1];
    if (r.kind === 'equal' && prev?.kind === 'change' && next?.kind === 'change' && isShortEqual(r.tokens)) {
      // Only fold into a replacement; a pure insertion or deletion should stay pure.
      const hasDel = prev.del !== '' || next.del !== '';
      const hasIns = prev.ins !== '' || next.ins !== '';
      if (hasDel && hasIns) {
        const eq = r.tokens.join('');
        prev.del += eq + next.del;
        prev.ins += eq + next.ins;
        i++; // next is consumed
        continue;
      }
    }
    out.push(r.kind === 'equal' ? r : { ...r });
  }
  return out;
}

function toOps(regions: Region[]): DiffOp[] {
  const ops: DiffOp[] = [];
  const push = (op: DiffOp['op'], text: string) => {
    if (!text) return;
    const prev = ops[ops.length - 1];
    if (prev?.op === op) prev.text += text;
    else ops.push({ op, text });
  };
  for (const r of regions) {
    if (r.kind === 'equal') push('equal', r.tokens.join(''));
    else {
      push('delete', r.del);
      push('insert', r.ins);
    }
  }
  return ops;
}

/** `<del>…</del><ins>…</ins>` markup, unescaped: for tests and terminal output. */
export function render(ops: DiffOp[]): string {
  return ops
    .map((o) => (o.op === 'equal' ? o.text : o.op === 'delete' ? `<del>${o.text}</del>` : `<ins>${o.text}</ins>`))
    .join('');
}

/** Character counts (code points) per kind. */
export function diffStats(ops: DiffOp[]): DiffStats {
  const stats: DiffStats = { equalChars: 0, insertedChars: 0, deletedChars: 0 };
  for (const o of ops) {
    const n = [...o.text].length;
    if (o.op === 'equal') stats.equalChars += n;
    else if (o.op === 'insert') stats.insertedChars += n;
    else stats.deletedChars += n;
  }
  return stats;
}

/**
 * Dice similarity of the two texts, 2·equal / (|a| + |b|), in [0, 1]; 1 for two empty texts.
 * Folded punctuation counts as changed, so this is slightly below a raw token overlap.
 */
export function similarityFromDiff(ops: DiffOp[]): number {
  const { equalChars: e, insertedChars: i, deletedChars: d } = diffStats(ops);
  const total = 2 * e + i + d;
  return total === 0 ? 1 : (2 * e) / total;
}
