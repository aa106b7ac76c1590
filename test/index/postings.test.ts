import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { BLOCK, decodeList, findKey, intersectKeys } from '../../src/index/postings.js';
import { encodeLists } from '../helpers/postings-csr.js';
import { appendPostingLists, buildPostingLists } from '../../src/index/postings-build.js';

/** Lists as CSR arrays, the way the gram index hands them to the encoder. */
function csr(lists: { key: number; ids: number[]; tf: number[] }[]) {
  const sorted = [...lists].sort((a, b) => a.key - b.key);
  const offsets = new Uint32Array(sorted.length + 1);
  sorted.forEach((l, i) => (offsets[i + 1] = offsets[i] + l.ids.length));
  return encodeLists(
    Uint32Array.from(sorted, (l) => l.key),
    offsets,
    Uint32Array.from(sorted.flatMap((l) => l.ids)),
    Uint32Array.from(sorted.flatMap((l) => l.tf)),
  );
}

const idList = fc.uniqueArray(fc.integer({ min: 0, max: 50_000 }), { maxLength: 600 }).map((xs) => xs.sort((a, b) => a - b));

describe('compressed posting lists', () => {
  it('decode to exactly the ids and frequencies encoded, across block boundaries and large gaps', () => {
    fc.assert(
      fc.property(fc.array(idList, { minLength: 1, maxLength: 5 }), fc.integer({ min: 1, max: 70_000 }), (lists, big) => {
        const input = lists.map((ids, key) => ({ key: key * 7 + 1, ids, tf: ids.map((n) => (n % 5 === 0 ? big : 1 + (n % 3))) }));
        const enc = csr(input);
        for (const l of input) {
          const i = findKey(enc, l.key);
          const dec = decodeList(enc, i, true);
          expect([...dec.ids]).toEqual(l.ids);
          expect([...dec.tf]).toEqual(l.tf);
        }
        expect(findKey(enc, 0)).toBe(-1);
      }),
      { numRuns: 200, seed: 3 },
    );
  });

  it('intersect like a set intersection, whether lists are merged or probed through their skip entries, each id with its count on the shortest list', () => {
    fc.assert(
      fc.property(fc.array(idList, { minLength: 1, maxLength: 4 }), (lists) => {
        const tfOf = (key: number, id: number) => 1 + ((id * (key + 3)) % 4);
        const enc = csr(lists.map((ids, key) => ({ key, ids, tf: ids.map((id) => tfOf(key, id)) })));
        const expected = lists.reduce((acc, l) => acc.filter((x) => l.includes(x)));
        const got = intersectKeys(enc, lists.map((_, k) => findKey(enc, k)));
        expect([...got.ids]).toEqual(expected);
        // ties in length go to the earlier key, as the stable sort of intersectKeys does
        const shortest = lists.reduce((best, l, k) => (l.length < lists[best].length ? k : best), 0);
        expect([...got.tf]).toEqual(expected.map((id) => tfOf(shortest, id)));
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('probe a long list for a few ids, including its first, its last and ids between blocks', () => {
    const long = Array.from({ length: BLOCK * 40 }, (_, k) => k * 3);
    const short = [0, 3 * (BLOCK - 1), 3 * BLOCK, 3 * BLOCK + 1, 3 * (BLOCK * 40 - 1), 3 * BLOCK * 40];
    const enc = csr([{ key: 1, ids: long, tf: long.map(() => 1) }, { key: 2, ids: short, tf: short.map(() => 2) }]);
    expect([...intersectKeys(enc, [findKey(enc, 1), findKey(enc, 2)]).ids]).toEqual([0, 3 * (BLOCK - 1), 3 * BLOCK, 3 * (BLOCK * 40 - 1)]);
  });

  it('spend about one byte on a posting of a dense list', () => {
    const ids = Array.from({ length: 10_000 }, (_, k) => k * 2);
    const enc = csr([{ key: 9, ids, tf: ids.map(() => 1) }]);
    expect(enc.bytes.length).toBe(10_000);
  });
});

describe('building posting lists straight from texts', () => {
  const chars = (s: string, emit: (k: number) => void) => {
    for (let i = 0; i < s.length; i++) emit(s.charCodeAt(i));
  };

  it('writes byte for byte what encoding the counted lists gives, skips included', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: fc.constantFrom('科', '技', '创', '新', 'a', '锂'), maxLength: 30 }), { maxLength: 300 }), fc.nat(5), (texts, gap) => {
        const units = texts.map((text, k) => ({ id: k * (gap + 1), text }));
        const lists = new Map<number, { ids: number[]; tf: number[] }>();
        for (const u of units)
          chars(u.text, (key) => {
            const l = lists.get(key) ?? lists.set(key, { ids: [], tf: [] }).get(key)!;
            if (l.ids[l.ids.length - 1] === u.id) l.tf[l.tf.length - 1]++;
            else l.ids.push(u.id), l.tf.push(1);
          });
        const expected = csr([...lists].map(([key, l]) => ({ key, ...l })));
        expect(buildPostingLists(units, chars)).toEqual(expected);
      }),
      { numRuns: 150, seed: 17 },
    );
  });

  it('refuses unit numbers that do not ascend', () => {
    expect(() => buildPostingLists([{ id: 2, text: '科' }, { id: 1, text: '技' }], chars)).toThrow(/ascend/);
  });

  it('appends the lists of later units to built ones byte for byte as one build of all the texts, across block boundaries', () => {
    // few characters and long runs: lists of hundreds of postings, split anywhere across the 32-posting blocks
    const text = fc.string({ unit: fc.constantFrom('科', '技', '创', '新', 'a'), maxLength: 12 });
    fc.assert(
      fc.property(fc.array(text, { maxLength: 400 }), fc.nat(400), fc.nat(3), (texts, cut, gap) => {
        const units = texts.map((t, k) => ({ id: k * (gap + 1), text: t }));
        const at = Math.min(cut, units.length);
        const appended = appendPostingLists(buildPostingLists(units.slice(0, at), chars), buildPostingLists(units.slice(at), chars));
        expect(appended).toEqual(buildPostingLists(units, chars));
      }),
      { numRuns: 150, seed: 29 },
    );
  });

  it('refuses to append units that are not above every unit already on the lists', () => {
    const built = buildPostingLists([{ id: 5, text: '科技' }], chars);
    expect(() => appendPostingLists(built, buildPostingLists([{ id: 5, text: '科' }], chars))).toThrow(/not above/);
  });
});
