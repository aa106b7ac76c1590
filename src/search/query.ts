/**
 * The query language: space = AND, "quoted phrase", OR between atoms, -term excludes, and filters
 * year:2022 year:2021..2023 region:四川 level:city kind:task stance:plan doc:<id>.
 * Every term is matched as a contiguous string in the matching form, so 基础研究十年行动 finds the phrase
 * however a segmenter would cut it.
 */
import { badQuery } from '../errors.js';
import { normalizeQuery } from '../text/normalize.js';
import type { DocKind, Level, Stance, UnitKind } from '../types.js';

export interface Filters {
  yearFrom?: number;
  yearTo?: number;
  /** region names as typed; 四川 matches 四川省 */
  regions?: string[];
  levels?: Level[];
  unitKinds?: UnitKind[];
  docKinds?: DocKind[];
  stances?: Stance[];
  docs?: string[];
}

export interface ParsedQuery {
  /** AND of clauses; each clause is an OR of terms in matching form */
  clauses: string[][];
  /** terms that must not occur */
  excludes: string[];
  filters: Filters;
  /** the terms as the user typed them, for display */
  raw: string;
}

const LEVELS: Level[] = ['national', 'province', 'city', 'county'];
const UNIT_KINDS: UnitKind[] = ['section', 'task', 'item', 'table-row', 'paragraph', 'glossary'];
const DOC_KINDS: DocKind[] = ['work-points', 'conference-report', 'government-work-report', 'other'];
const STANCES: Stance[] = ['plan', 'review', 'outlook', 'other'];
export const FILTER_KEYS = ['year', 'region', 'level', 'kind', 'stance', 'doc'] as const;

interface Lexeme {
  text: string;
  quoted: boolean;
  /** -term or -"phrase"; a quoted phrase that itself starts with - ("-3%") is not */
  negated: boolean;
}

function lex(q: string): Lexeme[] {
  const out: Lexeme[] = [];
  let i = 0;
  while (i < q.length) {
    const ch = q[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const prefix = ch === '-' && q[i + 1] === '"' ? '-' : '';
    if (ch === '"' || prefix) {
      const open = i + prefix.length;
      const close = q.indexOf('"', open + 1);
      if (close < 0) throw badQuery(`unbalanced quote: the phrase starting at position ${open + 1} has no closing "`);
      out.push({ text: q.slice(open + 1, close), quoted: true, negated: prefix !== '' });
      i = close + 1;
      continue;
    }
    let j = i;
    while (j < q.length && !/\s/.test(q[j])) j++;
    const word = q.slice(i, j);
    if (word.includes('"')) throw badQuery(`unbalanced quote in "${word}"`);
    const negated = word.startsWith('-') && word.length > 1;
    out.push({ text: negated ? word.slice(1) : word, quoted: false, negated });
    i = j;
  }
  return out;
}

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T[] {
  const values = value.split(',').map((v) => v.trim()).filter(Boolean);
  for (const v of values)
    if (!allowed.includes(v as T)) throw badQuery(`${key}:${v} is not one of ${allowed.join(', ')}`);
  return values as T[];
}

function applyFilter(f: Filters, key: string, value: string): void {
  if (!value) throw badQuery(`filter ${key}: needs a value`);
  switch (key) {
    case 'year': {
      const m = value.match(/^(\d{4})(?:\.\.(\d{4}))?$/);
      if (!m) throw badQuery(`year:${value} is not a year (2022) or a range (2021..2023)`);
      const from = Number(m[1]);
      const to = Number(m[2] ?? m[1]);
      if (to < from) throw badQuery(`year:${value} runs backwards`);
      f.yearFrom = Math.max(f.yearFrom ?? from, from);
      f.yearTo = Math.min(f.yearTo ?? to, to);
      return;
    }
    case 'region':
      (f.regions ??= []).push(...value.split(',').filter(Boolean));
      return;
    case 'level':
      (f.levels ??= []).push(...oneOf(key, value, LEVELS));
      return;
    case 'kind': {
      const all = [...UNIT_KINDS, ...DOC_KINDS];
      for (const v of oneOf(key, value, all)) {
        if ((UNIT_KINDS as string[]).includes(v)) (f.unitKinds ??= []).push(v as UnitKind);
        else (f.docKinds ??= []).push(v as DocKind);
      }
      return;
    }
    case 'stance':
      (f.stances ??= []).push(...oneOf(key, value, STANCES));
      return;
    case 'doc':
      (f.docs ??= []).push(...value.split(',').filter(Boolean));
      return;
  }
}

const HAS_CONTENT = /[\p{L}\p{N}]/u;

/** A copy the query's own filters can be added to without touching the caller's (lists copied, values shared). */
function cloneFilters(f: Filters): Filters {
  const out: Filters = { ...f };
  for (const k of Object.keys(out) as (keyof Filters)[]) {
    const v = out[k];
    if (Array.isArray(v)) (out as Record<string, unknown>)[k] = [...v];
  }
  return out;
}

/** A term in matching form, or an error when nothing searchable is left. */
function term(text: string): string {
  const t = normalizeQuery(text);
  if (!t) throw badQuery(`"${text}" has nothing to search for`);
  return t;
}

export type FilterKey = (typeof FILTER_KEYS)[number];

/**
 * Filters written back as the query language's values, key by key (`year` → `2021..2023`): what a link carries
 * as `?year=2021..2023`, and what parseQuery(`year:2021..2023`) reads back to the same filters.
 */
export function filterValues(f: Filters): Partial<Record<FilterKey, string>> {
  const out: Partial<Record<FilterKey, string>> = {};
  if (f.yearFrom !== undefined || f.yearTo !== undefined) {
    const from = f.yearFrom ?? f.yearTo!;
    const to = f.yearTo ?? f.yearFrom!;
    out.year = from === to ? String(from) : `${from}..${to}`;
  }
  const list = (v: readonly string[] | undefined) => (v?.length ? v.join(',') : undefined);
  const kinds = [...(f.unitKinds ?? []), ...(f.docKinds ?? [])];
  const values: Partial<Record<FilterKey, string | undefined>> = {
    region: list(f.regions),
    level: list(f.levels),
    kind: list(kinds),
    stance: list(f.stances),
    doc: list(f.docs),
  };
  for (const k of FILTER_KEYS) if (values[k] !== undefined) out[k] = values[k];
  return out;
}

export function parseQuery(q: string, extra: Filters = {}): ParsedQuery {
  if (typeof q !== 'string' || !q.trim()) {
    if (Object.keys(extra).length) return { clauses: [], excludes: [], filters: cloneFilters(extra), raw: '' };
    throw badQuery('the query is empty');
  }
  const filters = cloneFilters(extra);
  const clauses: string[][] = [];
  const excludes: string[] = [];
  let pendingOr = false;
  // curly quotes are text (matching drops them, as it drops every quotation mark); only a straight " delimits phrases
  const lexemes = lex(q);
  for (const { text: body, quoted, negated } of lexemes) {
    if (!quoted && !negated && body === 'OR') {
      if (!clauses.length || pendingOr) throw badQuery('OR needs a term on each side');
      pendingOr = true;
      continue;
    }
    const filter = !quoted && !negated && body.match(/^([a-zA-Z]+):(.*)$/);
    if (filter) {
      const key = filter[1].toLowerCase();
      if (!(FILTER_KEYS as readonly string[]).includes(key))
        throw badQuery(`unknown filter "${filter[1]}:"; filters are ${FILTER_KEYS.map((k) => k + ':').join(' ')}`);
      applyFilter(filters, key, filter[2]);
      continue;
    }
    if (!HAS_CONTENT.test(body)) {
      if (quoted) throw badQuery(`the phrase "${body}" has no letters or digits`);
      continue; // stray punctuation between terms
    }
    if (negated) {
      if (pendingOr) throw badQuery('OR cannot join an excluded term');
      excludes.push(term(body));
      continue;
    }
    if (pendingOr) {
      clauses[clauses.length - 1].push(term(body));
      pendingOr = false;
    } else clauses.push([term(body)]);
  }
  if (pendingOr) throw badQuery('OR needs a term on each side');
  if (!clauses.length && !excludes.length && !Object.keys(filters).length)
    throw badQuery('the query has no words to search for (only punctuation?)');
  if (!clauses.length && excludes.length && !Object.keys(filters).length)
    throw badQuery('a query cannot consist only of excluded terms');
  return { clauses, excludes, filters, raw: q };
}
