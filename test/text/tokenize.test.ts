import { describe, it, expect, beforeEach } from 'vitest';
import fc from 'fast-check';
import {
  tokenize,
  isPunct,
  segStats,
  clearSegCache,
  exportSegCache,
  importSegCache,
} from '../../src/text/tokenize.js';
import { POLICY_WORDS } from '../../src/text/dictionary.js';
import type { Token } from '../../src/types.js';

const texts = (s: string) => tokenize(s).map((t) => t.text);

/** Tokens tile the input: contiguous offsets, non-empty, joined back to the input. */
function expectLossless(input: string, tokens: Token[] = tokenize(input)) {
  expect(tokens.map((t) => t.text).join('')).toBe(input);
  let pos = 0;
  for (const t of tokens) {
    expect(t.text.length).toBeGreaterThan(0);
    expect(t.start).toBe(pos);
    expect(t.end).toBe(pos + t.text.length);
    expect(input.slice(t.start, t.end)).toBe(t.text);
    pos = t.end;
  }
  expect(pos).toBe(input.length);
}

const hanzi = fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c));
const policyish = fc.oneof(
  hanzi,
  fc.constantFrom(...POLICY_WORDS),
  fc.constantFrom('，', '。', '、', '“', '”', '（', '）', ' ', '\n', '　', '%', '1420', '7.5', '亿元', '年', 'ABC'),
);
const chineseText = fc.array(policyish, { maxLength: 40 }).map((parts) => parts.join(''));

describe('tokenize is lossless', () => {
  it.each([
    ['empty string', ''],
    ['single space', ' '],
    ['runs of spaces between words', '加快  建设   科技强省'],
    ['placeholder braces', '{C}实施{C}'],
    ['full-width letters, digits and ideographic space', 'ＡＢＣ１２３　全角，标点！'],
    ['newlines and tabs', '第一行\n\n第二行\r\n\t第三行\n'],
    ['emoji and skin-tone modifiers', '点赞👍🏽家庭👨‍👩‍👧完成😀'],
    ['combining marks', 'café e\u0301 a\u0300b'],
    ['mixed scripts', 'Москва 東京 서울 ქართული עברית'],
    ['leading and trailing whitespace', '  \n 前后空白 \t '],
    ['urls and emails', '访问 www.most.gov.cn 或 test@example.com。'],
    ['numbers with separators', '1,234,567元 -5 +3 12:30 6%－6.5%'],
    ['only punctuation', '……——！？。，'],
    ['a long clause segmentit would choke on', '中华人民共和国国务院向第一届全国人民代表大会第二次会议提出关于发展国民经济第一个五年计划的议案'],
  ])('%s', (_name, input) => {
    expectLossless(input);
  });

  it('for any string (fast-check)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (s) => expectLossless(s)));
  });

  it('for any unicode string, astral planes included', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => expectLossless(s)));
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => expectLossless(s)));
  });

  it('for Chinese policy-like text', () => {
    fc.assert(fc.property(chineseText, (s) => expectLossless(s)), { numRuns: 200 });
  });

  it('never splits a surrogate pair', () => {
    for (const t of tokenize('科技😀创新𠀀𠀁发展')) {
      expect(/^[\udc00-\udfff]/.test(t.text)).toBe(false);
      expect(/[\ud800-\udbff]$/.test(t.text)).toBe(false);
    }
  });
});

describe('policy words stay whole', () => {
  it.each(['成渝中线科创走廊', '揭榜挂帅', '技术合同成交额', '科技型中小企业', '成渝地区双城经济圈', '十四五'])(
    '%s is one token in context',
    (word) => {
      expect(texts(`深化${word}建设`)).toContain(word);
    },
  );

  it('every dictionary word is one token on its own', () => {
    for (const w of POLICY_WORDS) expect(texts(w)).toEqual([w]);
  });
});

describe('numbers with units are whole tokens', () => {
  it.each([
    ['技术合同成交额达到1420亿元', '1420亿元'],
    ['地区生产总值2.45万亿元', '2.45万亿元'],
    ['增长7.5%', '7.5%'],
    ['增长18.1%', '18.1%'],
    ['2022年全省科技创新工作要点', '2022年'],
    ['新增1.2万家企业', '1.2万家'],
    ['达到3000余家', '3000余家'],
    ['提高1.5个百分点', '1.5个百分点'],
    ['PM2.5浓度下降', 'PM2.5'],
  ])('%s → %s', (input, token) => {
    expect(texts(input)).toContain(token);
  });

  it('keeps both ends of a range: 6%－6.5%', () => {
    expect(texts('增长6%－6.5%左右')).toEqual(expect.arrayContaining(['6%', '6.5%']));
  });

  it('never cuts inside a digit run', () => {
    fc.assert(
      fc.property(chineseText, fc.integer({ min: 0, max: 1e7 }), chineseText, (pre, n, post) => {
        const s = `${pre}${n}${post}`;
        const boundaries = new Set(tokenize(s).map((t) => t.start));
        for (let i = 1; i < s.length; i++) {
          if (/\d/.test(s[i - 1]) && /\d/.test(s[i])) expect(boundaries.has(i)).toBe(false);
        }
      }),
    );
  });

  it('leaves a word that starts with the unit character alone', () => {
    // 年度计划 is a dictionary word, so 年 is not pulled onto the number
    expect(texts('2022年度计划')).toEqual(['2022', '年度计划']);
    expect(texts('近5年来')).toContain('年来');
  });
});

describe('isWord', () => {
  it('is false for whitespace and punctuation, true for words and numbers', () => {
    const flags = Object.fromEntries(tokenize('实施“十四五”规划，  增长7.5%').map((t) => [t.text, t.isWord]));
    expect(flags).toMatchObject({ 实施: true, '“': false, 十四五: true, '，': false, '  ': false, '7.5%': true });
  });

  it('isPunct recognises Chinese and ASCII punctuation only', () => {
    expect(['，', '。', '“', '！', '%', '…', '-'].every(isPunct)).toBe(true);
    expect(['中', 'a', '1', ' ', ''].some(isPunct)).toBe(false);
  });
});

describe('segmentation cache', () => {
  beforeEach(() => clearSegCache());

  it('serves the second call on the same text from the cache', () => {
    const text = '加快建设成渝中线科创走廊，技术合同成交额达到1420亿元。';
    const first = tokenize(text);
    expect(segStats()).toMatchObject({ hits: 0, misses: 1, size: 1 });
    const second = tokenize(text);
    expect(second).toEqual(first);
    expect(second).not.toBe(first);
    expect(segStats()).toMatchObject({ hits: 1, misses: 1, size: 1 });
  });

  it('round-trips through plain JSON', () => {
    const text = '实施揭榜挂帅、赛马制。';
    const tokens = tokenize(text);
    const json = JSON.parse(JSON.stringify(exportSegCache()));
    clearSegCache();
    expect(importSegCache(json)).toBe(1);
    expect(tokenize(text)).toEqual(tokens);
    expect(segStats().hits).toBe(1);
  });

  it('ignores dumps from another dictionary version and malformed input', () => {
    tokenize('科技创新');
    const dump = exportSegCache();
    clearSegCache();
    expect(importSegCache({ ...dump, version: 'stale' })).toBe(0);
    expect(importSegCache(null)).toBe(0);
    expect(importSegCache({ version: dump.version, entries: [['x', 'nope']] })).toBe(0);
  });

  it('recomputes when a cached entry does not fit the text', () => {
    const text = '科技创新';
    tokenize(text);
    const [[hash]] = exportSegCache().entries;
    importSegCache({ version: exportSegCache().version, entries: [[hash, [1, 1]]] });
    expectLossless(text);
    expect(segStats().misses).toBe(2);
  });
});
