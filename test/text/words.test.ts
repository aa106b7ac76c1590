import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { openEngine } from '../../src/persist/open.js';
import { SEED, tmpIndexDir } from '../helpers/seeds.js';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import type { DictEntry, SegmentitModule } from 'segmentit';
import { getDictWords, isDictWord } from '../../src/text/tokenize.js';
import { POLICY_WORDS } from '../../src/text/dictionary.js';
import { WordSet, forEachDictWord, segmentitDictTexts } from '../../src/text/words.js';
import { loadCorpus } from '../../src/ingest/corpus.js';

const require = createRequire(import.meta.url);

/** segmentit's TABLE exactly as tokenize.ts sets it up: the default dictionaries plus the policy words. */
function segmentitTable(): Record<string, DictEntry> {
  const { Segment, useDefault } = require('segmentit') as SegmentitModule;
  const seg = useDefault(new Segment());
  seg.loadDict(POLICY_WORDS.map((w) => `${w}|${0x100000}|${1_000_000}`).join('\n'));
  return seg.getDict('TABLE');
}

const table = segmentitTable();

/** Deterministic PRNG (mulberry32), so a failure can be replayed. */
function rng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('dictionary words for ranking equal segmentit TABLE', () => {
  it('reads the dictionaries from the bundle, identical to what segmentit exports', () => {
    const texts = segmentitDictTexts();
    expect(texts).not.toBeNull(); // null would mean the fallback through the segmenter is in use
    const mod = require('segmentit') as Record<string, unknown>;
    expect(texts).toEqual(['pangu', 'panguExtend1', 'panguExtend2', 'names', 'wildcard'].map((n) => mod[n]));
  });

  it('holds exactly the TABLE keys of 2–4 units', () => {
    const keys = Object.keys(table).filter((k) => k.length >= 2 && k.length <= 4);
    expect(keys.length).toBeGreaterThan(140_000);
    for (const k of keys) if (!isDictWord(k)) expect.fail(`missing ${k}`);
    const words = [...getDictWords().words()];
    expect(getDictWords().size).toBe(keys.length);
    expect(words.sort()).toEqual(keys.sort());
    expect(getDictWords().bytes).toBeLessThanOrEqual(3 * 1024 * 1024);
  });

  it('answers like Object.hasOwn(TABLE) for random 2–4-unit substrings of the seeds', () => {
    const texts = loadCorpus('seeds', 0).docs.flatMap((d) => d.units.map((u) => u.text)).filter((t) => t.length >= 4);
    const next = rng(20240601);
    let hits = 0;
    for (let i = 0; i < 5000; i++) {
      const t = texts[Math.floor(next() * texts.length)];
      const len = 2 + Math.floor(next() * 3);
      const at = Math.floor(next() * (t.length - len + 1));
      const w = t.slice(at, at + len);
      if (isDictWord(w) !== Object.hasOwn(table, w)) expect.fail(`${w}: ${isDictWord(w)}`);
      if (isDictWord(w)) hits++;
    }
    expect(hits).toBeGreaterThan(500); // both answers occur often
  });

  it('keeps own-key semantics and the other lengths', () => {
    for (const w of ['to', 'toString', 'valueOf', '__proto__', 'hasOwnProperty', '', 'ab']) expect(isDictWord(w)).toBe(false);
    expect(isDictWord('科创')).toBe(true); // a policy word pangu lacks
    expect(isDictWord('双城经济圈')).toBe(true); // 5 units: the segmenter's table
    expect(isDictWord('爱')).toBe(Object.hasOwn(table, '爱'));
  });
});

describe('WordSet', () => {
  it('is exact for lengths, surrogates and extreme code units', () => {
    // all-zero keys are the tables' empty-slot marker, so they are flags
    const words = ['ab', 'ba', 'abc', 'ab\0', 'abcd', 'abc\0', '\uffff\uffff', '\0\0', '\0\0\0', '\0\0\0\0', '𠀀', '𠀀文', '\ud800x'];
    const set = WordSet.build((add) => [...words, 'a', 'abcde', 'ab'].forEach(add));
    expect(set.size).toBe(words.length);
    for (const w of words) expect(set.has(w)).toBe(true);
    for (const w of ['a', 'abcde', 'ac', 'abd', 'ab\0\0', 'abce', '\uffff\ufffe', '𠀁', 'b']) expect(set.has(w)).toBe(false);
    expect([...set.words()].sort()).toEqual([...words].sort());
    const none = WordSet.build((add) => ['xy', 'xyz', 'wxyz'].forEach(add));
    for (const w of ['\0\0', '\0\0\0', '\0\0\0\0', 'xy\0', 'x\0']) expect(none.has(w)).toBe(false);
  });

  it('answers hasAt(text, from, n) like has(text.slice(from, from + n)), and false past either end', () => {
    const set = getDictWords();
    const text = '加快建设成渝中线科创走廊，实施基础研究十年行动';
    for (let from = -2; from <= text.length + 1; from++)
      for (let n = 0; n <= 5; n++) {
        const inside = from >= 0 && from + n <= text.length;
        expect(set.hasAt(text, from, n), `${from}+${n}`).toBe(inside && set.has(text.slice(from, from + n)));
      }
    expect(set.hasAt(text, 2, 2)).toBe(true); // 建设
  });

  it('keeps every word of a dense, near-sequential key range', () => {
    const words = Array.from({ length: 20_000 }, (_, i) => String.fromCharCode(0x4e00 + (i % 100), 0x4e00 + Math.floor(i / 100), 0x30 + (i % 7)));
    const set = WordSet.build((add) => words.forEach(add));
    expect(set.size).toBe(new Set(words).size);
    for (const w of words) expect(set.has(w)).toBe(true);
    expect(set.has('\u4e00\u4e00\u0038')).toBe(false);
  });

  it('round-trips through bytes, and refuses bytes that are cut, padded or inconsistent', () => {
    const words = ['ab', 'abc', 'abcd', '\0\0', '科技', '成渝中线', '揭榜挂帅'];
    const set = WordSet.build((add) => words.forEach(add));
    const back = WordSet.fromBytes(set.toBytes());
    expect([...back.words()].sort()).toEqual([...set.words()].sort());
    for (const w of [...words, 'ac', '科学', 'abce']) expect(back.has(w)).toBe(set.has(w));
    const bytes = set.toBytes();
    expect(() => WordSet.fromBytes(bytes.subarray(0, bytes.length - 4))).toThrow(/cut short|checksum/);
    expect(() => WordSet.fromBytes(Uint8Array.from([...bytes, 0, 0, 0, 0]))).toThrow(/checksum|trailing/);
    expect(() => WordSet.fromBytes(bytes.subarray(0, 6))).toThrow(/32-bit/);
    const lying = Uint32Array.from(new Uint32Array(bytes.slice().buffer));
    lying[0] += 1; // the two-unit table claims one word more than it holds
    expect(() => WordSet.fromBytes(new Uint8Array(lying.buffer))).toThrow(/checksum|header says/);
    const flipped = Uint32Array.from(new Uint32Array(bytes.slice().buffer));
    flipped[flipped.length - 2] ^= 1; // a bit of the saved filter, which no count would notice
    expect(() => WordSet.fromBytes(new Uint8Array(flipped.buffer))).toThrow(/checksum/);
  });

  it('writes the same bytes again after being read back (an index saved by a process that loaded another)', () => {
    const words = Array.from({ length: 5_000 }, (_, i) => String.fromCharCode(0x4e00 + (i % 97), 0x4e00 + Math.floor(i / 97)));
    const bytes = WordSet.build((add) => words.forEach(add)).toBytes();
    const again = WordSet.fromBytes(bytes).toBytes();
    expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
    expect(WordSet.fromBytes(again).size).toBe(new Set(words).size);
  });

  it('parses lines the way segmentit loadDict does', () => {
    const got: string[] = [];
    forEachDictWord('\ufeff爱|0x1000|323\r\n两个|1\n 空 格 |0x1|2\n|0x1|2\n  |0x1|2\nA|B|C|D\n最后|0|0', (w) => got.push(w));
    expect(got).toEqual(['爱', '空 格', 'A', '最后']);
  });
});

describe('the word tables saved with an index', () => {
  const index = tmpIndexDir();
  const run = (script: string) =>
    JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' })) as unknown;
  const probe = (key: string) => `
    const { createRequire } = await import('node:module');
    const { loadIndex, readIndexInfo } = await import('./src/persist/save.ts');
    const { isDictWord, dictWordsSource } = await import('./src/text/tokenize.ts');
    const info = readIndexInfo(${JSON.stringify(index)});
    loadIndex(${JSON.stringify(index)}, { ...info, wordsKey: ${key} });
    const ok = isDictWord('科技') && isDictWord('揭榜挂帅') && !isDictWord('技科');
    console.log(JSON.stringify({ ok, source: dictWordsSource(), key: info.wordsKey.length }));`;

  beforeAll(async () => {
    const seeds = tmpIndexDir();
    mkdirSync(join(seeds, 'sci-tech'));
    cpSync(join('seeds', SEED.sichuan2022), join(seeds, SEED.sichuan2022));
    await openEngine({ seeds, index });
  }, 60_000);

  it('a process that loads the index answers dictionary lookups from them, without reading segmentit', () => {
    expect(run(probe('info.wordsKey'))).toEqual({ ok: true, source: 'saved', key: 16 });
  });

  it('tables saved under another segmentit version or policy word list are passed over', () => {
    expect(run(probe(JSON.stringify('0000000000000000')))).toEqual({ ok: true, source: 'segmentit', key: 16 });
  });
});

describe('lazy loading', () => {
  it('ranking lookups and importing ingest load neither segmentit nor the docx reader', () => {
    const script = `
      const { createRequire } = await import('node:module');
      const { wholeWordAt } = await import('./src/search/rank.ts');
      await import('./src/ingest/read.ts');
      const ok = wholeWordAt('推进城市场景建设', 3, 5) === false && wholeWordAt('发展市场主体', 2, 4) === true;
      const loaded = Object.keys(createRequire(import.meta.url).cache).filter((p) => /node_modules\\/(segmentit|mammoth)\\//.test(p));
      console.log(JSON.stringify({ ok, loaded }));`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).toEqual({ ok: true, loaded: [] });
  });
});
