import { describe, it, expect } from 'vitest';
import { createRequire } from 'node:module';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Segment, SegmentitModule } from 'segmentit';
import { WordLengths, type DictTokenizerLike } from '../../src/text/word-lengths.js';

const segmentit = createRequire(import.meta.url)('segmentit') as SegmentitModule;
const segmenter = (): Segment => segmentit.useDefault(new segmentit.Segment());
const dictTokenizer = (s: Segment) => s.modules.tokenizer.find((m) => m instanceof segmentit.DictTokenizer) as DictTokenizerLike;

// one segmenter as segmentit ships it, one with the matchWord that asks only the lengths a character starts
const plain = segmenter();
const fast = segmenter();
const lengths = new WordLengths(fast);
lengths.speedUp(dictTokenizer(fast));
const words = (s: Segment, text: string) => s.doSegment(text).map((t) => `${t.w}/${JSON.stringify(t.p)}`);

const seeds = join(import.meta.dirname, '..', '..', 'seeds');
const reports = readdirSync(seeds, { recursive: true, encoding: 'utf8' })
  .filter((f) => f.endsWith('.txt'))
  .sort()
  .filter((_, k) => k % 15 === 0)
  .map((f) => readFileSync(join(seeds, f), 'utf8'));

describe('WordLengths: only the lengths some dictionary word starting with a character has', () => {
  it('lists, for a character, exactly the lengths of the dictionary words that start with it', () => {
    const byLength = fast.getDict('TABLE2')!;
    for (const ch of ['科', '技', '创', '新', '国', 'A', '1', '𠀀', '\u0000']) {
      const expected = Object.keys(byLength)
        .map(Number)
        .filter((n) => Object.keys(byLength[n]).some((w) => w.charCodeAt(0) === ch.charCodeAt(0)));
      expect([...lengths.from(ch.charCodeAt(0))]).toEqual(expected);
    }
  });

  it('segments the bundled reports word for word as segmentit does, parts of speech included', { timeout: 120_000 }, () => {
    // runs of at most 16 characters, as tokenize.ts hands segmentit (longer ones take segmentit exponential time)
    for (const report of reports) {
      const runs = report.split(/\n/).flatMap((line) => line.match(/.{1,16}/gu) ?? []);
      for (let k = 0; k < runs.length; k += 120) {
        const batch = runs.slice(k, k + 120).join('\n');
        expect(words(fast, batch)).toEqual(words(plain, batch));
      }
    }
  });

  it('segments mixed text the same: ASCII words, Object.prototype names, digits, astral characters, truncated runs', () => {
    const pieces = fc.constantFrom('科技', '创新', 'toString', 'constructor', '__proto__', 'hasOwnProperty', '5G', '2025年', '𠀀', '、', '揭榜挂帅', '中华人民共和国', 'AI', ' ', '新');
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        expect(words(fast, text)).toEqual(words(plain, text));
      }),
      { numRuns: 150 },
    );
  });

  it('follows the dictionary: a word loaded later is found at its length', () => {
    const before = words(fast, '瞪羚独角兽企业');
    fast.loadDict('瞪羚独角兽|1048576|1000000');
    plain.loadDict('瞪羚独角兽|1048576|1000000');
    expect(lengths.from('瞪'.charCodeAt(0))).toContain(5);
    expect(words(fast, '瞪羚独角兽企业')).toEqual(words(plain, '瞪羚独角兽企业'));
    expect(words(fast, '瞪羚独角兽企业')).not.toEqual(before);
  });
});
