import { describe, it, expect } from 'vitest';
import { buildDoc } from '../../src/ingest/corpus.js';
import { bigramSketch, editionOf, oneEditionEach, sketchSimilarity, SKETCH_FLOOR, textSimilarity, EDITION_SIMILARITY } from '../../src/ingest/editions.js';
import { toMatchForm } from '../../src/text/normalize.js';
import { readSeed } from '../helpers/seeds.js';

const SEED = 'provinces-2026/2026_河北省_政府工作报告.txt';
const original = readSeed(SEED);
const held = [buildDoc(original, 'a/report.txt'), buildDoc(readSeed('provinces-2026/2026_河南省_政府工作报告.txt'), 'a/other.txt')];
const ORIGINAL_ID = held[0].meta.id;

/** One sentence per line and full-width percent signs: another layout of the same text. */
const relaid = original.replace(/。/g, '。\n').replace(/%/g, '％');
/** A few sentences reworded: another edition. */
const edited = original.replace(/。[^。\n]{10,60}。/, '。这一句在另一个版本里改写了。').replace('各位代表', '各位代表们');
/** The same report cut to its first third: not the same report's edition. */
const cut = original.slice(0, Math.floor(original.length / 3));

describe('editions: the same report twice', () => {
  it.each([
    ['one sentence per line, ％ for %: the same text', relaid, { id: ORIGINAL_ID, similarity: 1 }],
    ['a few sentences reworded: another edition', edited, { id: ORIGINAL_ID }],
    ['a third of it: not an edition', cut, null],
  ])('%s', (_label, text, expected) => {
    const found = editionOf(buildDoc(text, 'b/upload.txt'), held);
    if (expected === null) expect(found).toBeNull();
    else expect(found).toMatchObject(expected);
    if (found && found.similarity < 1) expect(found.similarity).toBeGreaterThanOrEqual(EDITION_SIMILARITY);
  });

  it('does not take another province’s report of the same year and kind for an edition', () => {
    expect(editionOf(buildDoc(readSeed('provinces-2026/2026_山东省_政府工作报告.txt'), 'b/upload.txt'), held)).toBeNull();
  });

  it('finds the same text although the user gave it other metadata', () => {
    const doc = buildDoc(relaid, 'b/upload.txt', { region: '四川省', year: 2020 });
    expect(editionOf(doc, held)).toEqual({ id: ORIGINAL_ID, similarity: 1 });
  });

  it.each([
    ['科技创新', '科技创新', 1],
    ['科技创新', '', 0],
    ['甲乙丙丁', '戊己庚辛', 0],
  ])('similarity of %j and %j is %d', (a, b, s) => {
    expect(textSimilarity(a, b)).toBe(s);
  });
});

describe('bigram sketches: editions told from other reports without their texts', () => {
  const sketch = (text: string) => bigramSketch(toMatchForm(buildDoc(text, 'x.txt').display).text);
  const mine = sketch(original);
  it.each([
    ['another edition', edited, true],
    ['the same text relaid', relaid, true],
    ['another province’s report of the same year and kind', readSeed('provinces-2026/2026_河南省_政府工作报告.txt'), false],
    ['a third of the report', cut, false],
  ])('%s: read as a possible edition = %s', (_, text, possible) => {
    expect(sketchSimilarity(mine, sketch(text)) >= SKETCH_FLOOR).toBe(possible);
  });
});

describe('one edition of each report in a folder', () => {
  /** The report with a glossary it lacks elsewhere: the fuller edition. */
  const fuller = `${original}\n名词解释\n1.新质生产力：由技术革命性突破、生产要素创新性配置、产业深度转型升级而催生的当代先进生产力。`;
  const sources = (docs: { meta: { source: string } }[]) => docs.map((d) => d.meta.source);

  it.each([
    // [label, files (source → text), the manifest's sources, kept, set aside as [source, kept source, why]]
    ['keeps the fuller text whatever its name', [['a.txt', original], ['b.txt', fuller]], [], ['b.txt'], [['a.txt', 'b.txt', 'the fuller text']]],
    ['the same text in two layouts: the first by name', [['b.txt', relaid], ['a.txt', original]], [], ['a.txt'], [['b.txt', 'a.txt', 'first by file name']]],
    ['the same text: the one the manifest describes', [['a.txt', original], ['b.txt', relaid]], ['b.txt'], ['b.txt'], [['a.txt', 'b.txt', 'described in the manifest']]],
    ['a reworded edition is set aside too (the original, longer, is kept)', [['a.txt', original], ['b.txt', edited]], [], ['a.txt'], [['b.txt', 'a.txt', 'the fuller text']]],
    ['a third of the report is not an edition of it', [['a.txt', original], ['b.txt', cut]], [], ['a.txt', 'b.txt'], []],
  ] as const)('%s', (_label, files, manifest, kept, setAside) => {
    const docs = files.map(([source, text]) => buildDoc(text, source));
    const r = oneEditionEach(docs, { described: (s) => (manifest as readonly string[]).includes(s) });
    expect(sources(r.kept)).toEqual([...kept].sort((a, b) => files.findIndex((f) => f[0] === a) - files.findIndex((f) => f[0] === b)));
    expect(r.setAside.map((s) => [s.source, s.keptSource, s.why])).toEqual(setAside);
    for (const s of r.setAside) expect(s.similarity).toBeGreaterThanOrEqual(EDITION_SIMILARITY);
  });

  it('keeps the edition the index already holds, even against a fuller one', () => {
    const docs = [buildDoc(original, 'a.txt'), buildDoc(fuller, 'b.txt')];
    const r = oneEditionEach(docs, { indexed: (s) => s === 'a.txt' });
    expect(sources(r.kept)).toEqual(['a.txt']);
    expect(r.setAside.map((s) => [s.source, s.keptSource, s.why])).toEqual([['b.txt', 'a.txt', 'already indexed']]);
  });

  it('never takes two provinces\' reports for editions of each other', () => {
    const docs = ['河北省', '河南省', '山东省'].map((p) => buildDoc(readSeed(`provinces-2026/2026_${p}_政府工作报告.txt`), `${p}.txt`));
    expect(oneEditionEach(docs).setAside).toEqual([]);
  });
});
