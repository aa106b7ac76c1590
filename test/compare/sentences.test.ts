/** Sentences: where compare cuts a unit, and how a sentence maps back to its unit's text. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/index/engine.js';
import { sentencesOf, splitSentences, widenOverMarks } from '../../src/compare/sentences.js';
import { displayRange } from '../../src/compare/common.js';
import { toMatchForm } from '../../src/text/normalize.js';
import { seedEngine } from '../helpers/seeds.js';

let engine: Engine;
beforeAll(async () => {
  engine = (await seedEngine()).engine;
});

/** The pieces of a text as its matching form is cut. */
const pieces = (text: string) => {
  const match = toMatchForm(text).text;
  return splitSentences(match).map(([s, e]) => match.slice(s, e));
};

describe('splitSentences', () => {
  it.each([
    ['sentence ends 。；！？', '稳增长。保就业；防风险！怎么办？', ['稳增长。', '保就业;', '防风险!', '怎么办?']],
    ['quotation marks take no part (they are not in the matching form)', '他说：“要加强。”随后“十四五”开局。', ['他说:要加强。', '随后十四五开局。']],
    ['a closing bracket stays with its sentence', '（加强基础研究。）推进转化。', ['(加强基础研究。)', '推进转化。']],
    ['一是 二是 inside a sentence are list items', '重点有：一是加强研发，二是推进转化。', ['重点有:', '一是加强研发,', '二是推进转化。']],
    ['(1) and 第一， markers after a clause boundary', '包括：（1）财政，（2）金融；第一，人才', ['包括:', '(1)财政,', '(2)金融;', '第一,人才']],
    ['a stray ； or a lone mark is not a sentence', '；；加强基础研究。', ['加强基础研究。']],
    ['a 是 that is not a list marker does not cut', '这是一个重要任务。', ['这是一个重要任务。']],
  ])('%s', (_name, text, expected) => {
    expect(pieces(text)).toEqual(expected);
  });

  it('covers the text without overlaps, in order', () => {
    const text = toMatchForm('坚持稳中求进。加快建设；一是改革，二是开放！').text;
    const spans = splitSentences(text);
    spans.forEach(([s, e], k) => {
      expect(e).toBeGreaterThan(s);
      if (k) expect(s).toBe(spans[k - 1][1]);
    });
    expect(spans[0][0]).toBe(0);
    expect(spans[spans.length - 1][1]).toBe(text.length);
  });

  it.each([
    ['a closing quote stays with the sentence it closes', '他说：“要加强。”随后部署。', '他说：“要加强。', '他说：“要加强。”'],
    ['an opening quote joins the sentence it opens', '要加强。“十四五”开局。', '十四五”开局。', '“十四五”开局。'],
    ['a straight quote after a full stop closes, never opens', '要加强。"随后部署。', '随后部署。', '随后部署。'],
    ['a quote inside the sentence is already in it', '开展“人工智能+”行动。', '开展“人工智能+”行动。', '开展“人工智能+”行动。'],
  ])('on display, %s', (_name, text, sentence, widened) => {
    const at = text.indexOf(sentence);
    const [s, e] = widenOverMarks(text, [at, at + sentence.length]);
    expect(text.slice(s, e)).toBe(widened);
  });

  it('cuts at extra offsets given (where an item starts)', () => {
    expect(splitSentences('甲乙丙丁', [2])).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });
});

describe('the sentences of a unit', () => {
  it('map back to the original text of the unit, full-width punctuation and all', () => {
    const n = engine.numberOfUnit('state-council-2021:p25')!;
    const rec = engine.records[n]!;
    const shown = sentencesOf(engine)
      .of(n)
      .map((s) => {
        const [a, b] = displayRange(rec, [s.start, s.end]);
        return rec.unit.text.slice(a, b);
      });
    expect(shown).toContain(
      '完善国家创新体系，加快构建以国家实验室为引领的战略科技力量，打好关键核心技术攻坚战，制定实施基础研究十年行动方案，提升企业技术创新能力，激发人才创新活力，完善科技创新体制机制，全社会研发经费投入年均增长7%以上、力争投入强度高于“十三五”时期实际。',
    );
    // every sentence is a piece of the unit's text, in order, and together they cover its words
    expect(shown.join('').replace(/\s/g, '')).toBe(rec.unit.text.replace(/\s/g, ''));
  });

  it('are held once: a sentence inside an item belongs to the item, not to the line around it', () => {
    const doc = engine.getDoc('sichuan-2023-conference');
    const item = doc.units.find((u) => u.kind === 'item')!;
    const line = doc.units.find((u) => u.kind !== 'item' && u.start <= item.start && u.end >= item.end)!;
    const sentences = sentencesOf(engine);
    const lineN = engine.numberOfUnit(line.id)!;
    const itemN = engine.numberOfUnit(item.id)!;
    expect(sentences.items(lineN)).toContain(itemN);
    const starts = (n: number) => sentences.of(n).map((s) => s.at);
    for (const at of starts(itemN)) expect(starts(lineN)).not.toContain(at);
    const all = [...starts(lineN), ...sentences.items(lineN).flatMap(starts)].sort((a, b) => a - b);
    expect(sentences.within(lineN).map((s) => s.at)).toEqual(all);
  });
});
