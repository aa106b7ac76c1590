import { describe, it, expect, beforeAll } from 'vitest';
import fc from 'fast-check';
import { foldsOneToOne, highlightRanges, snippet } from '../../src/text/highlight.js';
import { toMatchForm } from '../../src/text/normalize.js';
import { loadCorpus } from '../../src/ingest/corpus.js';
import type { Doc } from '../../src/types.js';

describe('highlight: offsets when folding keeps every character in place', () => {
  it.each([
    ['加强科技创新，推进发展。', true],
    ['２０２２年，互联网+發展', true],
    ['２０２２年“互联网+”發展', false], // quotation marks are dropped
    ['加强 科技创新', false], // the space is dropped
    ['R&D\n投入', false], // so is the line break
    ['𠀀科技', false], // a surrogate pair
    ['㍿科技', false], // one character folds to four
  ])('%s → %s', (text, expected) => {
    expect(foldsOneToOne({}, text, toMatchForm(text).text)).toBe(expected);
  });

  let docs: Doc[];
  beforeAll(() => {
    docs = loadCorpus('seeds', 0).docs;
  });

  it('gives the same highlights on the fast path as through the full map, on every kind of seed unit', () => {
    const units = docs.flatMap((d) => d.units);
    fc.assert(
      fc.property(fc.nat(units.length - 1), fc.nat(1000), fc.integer({ min: 1, max: 6 }), (i, at, len) => {
        const text = units[i].text;
        const match = toMatchForm(text).text;
        fc.pre(match.length > len);
        const from = at % (match.length - len);
        const term = match.slice(from, from + len);
        const fast = highlightRanges(text, [term], match, foldsOneToOne({}, text, match));
        expect(fast).toEqual(highlightRanges(text, [term]));
        for (const [s, e] of fast) expect(toMatchForm(text.slice(s, e)).text).toContain(term);
      }),
      { numRuns: 400, seed: 23 },
    );
  });

  it('cuts a snippet around the first match with newlines shown as spaces', () => {
    const text = '一'.repeat(40) + '\n揭榜挂帅\n' + '二'.repeat(80);
    const s = snippet(text, [[41, 45]]);
    expect(s.startsWith('…')).toBe(true);
    expect(s).toContain(' 揭榜挂帅 ');
    expect(s.endsWith('…')).toBe(true);
  });
});
