/**
 * What a compare query is. A *term* (a name, a slogan, a short phrase: up to TERM_MAX characters, or
 * quoted, or written in the query language) must occur in every entry. A *statement* (a pasted sentence
 * or paragraph) is followed by similarity, through its rewordings. Filters (year: region: …) may stand
 * anywhere in either, as separate words.
 */
import { badQuery } from '../errors.js';
import { parseQuery, type Filters, type ParsedQuery } from '../search/query.js';
import { normalizeQuery } from '../text/normalize.js';

export type QueryKind = 'term' | 'statement';

/** Longest unquoted word (matching-form characters) still read as a term: 基础研究十年行动方案 is 10. */
export const TERM_MAX = 12;
/** Longest statement, in characters as typed (a long paragraph of a report). */
export const STATEMENT_MAX = 2000;

const FILTER_WORD = /^(?:year|region|level|kind|stance|doc):\S+$/i;

export type Classified =
  | { kind: 'term'; parsed: ParsedQuery }
  | { kind: 'statement'; /** the statement as typed, filters taken out */ text: string; filters: Filters };

/**
 * Tell a term from a statement; `as` forces one reading. A term is parsed by the query language (its errors
 * are the query language's); a statement is taken as text, so its punctuation and quotes mean nothing.
 */
export function classifyQuery(query: string, as?: QueryKind, filters: Filters = {}): Classified {
  const words = query.split(/\s+/).filter(Boolean);
  const rest = words.filter((w) => !FILTER_WORD.test(w));
  const kind = as ?? (looksLikeTerm(rest.join(' ')) ? 'term' : 'statement');
  if (kind === 'term') return { kind, parsed: parseQuery(query, filters) };
  const filterWords = words.filter((w) => FILTER_WORD.test(w));
  const own = filterWords.length ? parseQuery(filterWords.join(' ')).filters : {};
  const text = rest.join(' ').trim();
  if (!normalizeQuery(text)) throw badQuery('compare needs a statement or a term to follow, not only filters');
  if ([...text].length > STATEMENT_MAX)
    throw badQuery(`the statement is ${[...text].length} characters; at most ${STATEMENT_MAX} can be followed (paste one paragraph)`);
  return { kind, text, filters: { ...filters, ...own } };
}

/** Short words, quoted phrases and the query language's OR and -exclusions read as terms. */
function looksLikeTerm(text: string): boolean {
  const unquoted = text.replace(/"[^"]*"/g, ' ');
  if (unquoted.includes('"')) return normalizeQuery(unquoted).length <= TERM_MAX; // an unbalanced quote: let the parser say so
  return unquoted
    .split(/\s+/)
    .filter((w) => w && w !== 'OR')
    .every((w) => normalizeQuery(w.replace(/^-/, '')).length <= TERM_MAX);
}
