import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { encodePatch, PatchError, PatchReader, PatchWriter } from '../../src/persist/display-patch.js';
import { toMatchForm } from '../../src/text/normalize.js';

/** One reader, as a loaded index holds one: its reused buffers must not leak from one list into the next. */
const reader = new PatchReader();
const applyPatch = reader.apply.bind(reader);
const foldMap = reader.foldMap.bind(reader);

/** The display text back from its matching form and edit list, and how many slots the list took. */
function roundTrip(display: string): { back: string; slots: number } {
  const { text, map } = toMatchForm(display);
  const w = new PatchWriter();
  const slots = encodePatch(display, text, map, w);
  return { back: applyPatch(text, w.buf, 0, w.length), slots };
}

describe('display patches: a unit’s original text from its matching form', () => {
  it.each([
    ['no edits where nothing was folded', '基础研究十年行动', 0],
    ['one slot pair per full-width comma', '加强基础研究，实施十年行动', 2],
    ['full-width digits', '２０２２年', 8],
    ['traditional characters', '我們第一届全國人民代表大會', 6],
    ['quotation marks (dropped from the matching form)', '“互联网+”', 9],
    ['quotation marks inside a term', '培育“瞪羚”企业', 10],
    ['a line broken mid-word', '内核能\n级', 5],
    ['digits broken by spaces', '从1 9 9 3 年', 20],
    ['two spaces between Latin words (one is kept)', 'new  energy', 5],
    ['leading and trailing whitespace', '  科技 \n', 11],
    ['only whitespace', ' \n\t', 6],
    ['the empty text', '', 0],
    ['zero-width characters', '零\u200b宽', 5],
    ['an expansion (one character, four folded)', '㍿科技', 4],
    ['a character outside the BMP', '𠀀科技𝟐', 10],
    ['upper-case Latin', 'R&D经费', 4],
  ])('%s', (_, display, slots) => {
    const r = roundTrip(display);
    expect(r.back).toBe(display);
    expect(r.slots).toBe(slots);
  });

  it('returns the matching form itself (no copy) when the unit has no edits', () => {
    const m = '科技创新';
    expect(applyPatch(m, new Uint16Array(0), 0, 0)).toBe(m);
  });

  it('writes long gaps and long edits in two slots and reads them back', () => {
    const display = '科'.repeat(40_000) + '，' + ' '.repeat(33_000) + '技';
    expect(roundTrip(display).back).toBe(display);
  });

  it('restores any text, whatever it mixes (property)', () => {
    const pieces = ['科', '技', '發', '展', '，', '。', '“', '”', '「', '」', ' ', '\n', '\u3000', '\u200b', '１', '2', 'A', 'b', '㍿', '𠀀', '\ud800', '\udc00', '％', '&', '\t'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 60 }), (parts) => {
        const display = parts.join('');
        expect(roundTrip(display).back).toBe(display);
      }),
      { numRuns: 500, seed: 5 },
    );
  });

  it('give back the fold’s offset map exactly, and null exactly when every offset is kept (property)', () => {
    const pieces = ['科', '發', '，', '“', ' ', '\n', '\u3000', '\u200b', '１', 'A', '㍿', '𠀀', '\ud800', '％', '\t', 'x'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 40 }), (parts) => {
        const display = parts.join('');
        const { text, map } = toMatchForm(display);
        const w = new PatchWriter();
        encodePatch(display, text, map, w);
        const got = foldMap(text.length, w.buf, 0, w.length);
        const identity = map.every((v, i) => v === i);
        expect(got === null).toBe(identity);
        if (got) expect([...got]).toEqual([...map]);
      }),
      { numRuns: 500, seed: 9 },
    );
  });

  it('throws a PatchError, not garbage, for an edit list that does not fit its text', () => {
    const w = new PatchWriter();
    encodePatch('科技，创新', toMatchForm('科技，创新').text, toMatchForm('科技，创新').map, w);
    expect(() => applyPatch('科', w.buf, 0, w.length)).toThrow(PatchError);
    expect(() => applyPatch('科技,创新', Uint16Array.of(1), 0, 1)).toThrow(PatchError);
    expect(() => applyPatch('科技,创新', Uint16Array.of(0x8001), 0, 1)).toThrow(PatchError);
  });
});
