import { describe, it, expect } from 'vitest';
import { arabicDates, findDateline, reconcileDate } from '../../src/ingest/dateline.js';
import { buildDoc } from '../../src/ingest/corpus.js';

const BODY = '\n各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n一、2025年工作回顾\n过去一年，全省经济稳中有进。\n二、2026年工作安排\n今年要着力扩大内需。';

describe('datelines', () => {
  it.each([
    ['two em dashes', '——2026年1月27日在某某省第十四届人民代表大会第四次会议上', '2026-01-27'],
    ['two horizontal bars', '――2026年1月27日在某某省第十四届人民代表大会第四次会议上', '2026-01-27'],
    ['one dash', '—2026年2月3日在某某省第十四届人民代表大会第五次会议上', '2026-02-03'],
    ['no dash', '2026年1月14日在某某省第十四届人民代表大会第四次会议上', '2026-01-14'],
    ['brackets', '（2026年1月27日在某某省第十四届人民代表大会第四次会议上）', '2026-01-27'],
    ['a speaker after it', '2026年1月27日在某某省第十四届人民代表大会第四次会议上 某某省省长 张三', '2026-01-27'],
    ['Chinese numerals', '——二〇二六年一月二十七日在某某省第十四届人民代表大会第四次会议上', '2026-01-27'],
    ['Chinese numerals, day ten', '二○二五年十二月十日在某某市第十七届人民代表大会第五次会议上', '2025-12-10'],
    ['full-width digits', '——２０２６年２月５日在某某省第十四届人民代表大会第四次会议上', '2026-02-05'],
    ['spaces', '—— 2026 年 1 月 8 日 在某某县第十九届人民代表大会第六次会议上', '2026-01-08'],
    ['after the title', '政府工作报告——2023年1月10日在某某市第十八届人民代表大会第三次会议上', '2023-01-10'],
  ])('%s: %s', (_, line, date) => {
    expect(findDateline(`${line}\n各位代表：\n现在，我代表市人民政府报告工作。`)?.date).toBe(date);
  });

  it('reads a dateline under a title and a speaker line', () => {
    expect(findDateline('政府工作报告\n——2023年1月10日在某某市第十八届人民代表大会第三次会议上\n某某市市长 张三\n各位代表：')).toEqual({
      date: '2023-01-10',
      meeting: '某某市第十八届人民代表大会第三次会议',
    });
  });

  it('knows a dateline that lost its date (the page was cut above it)', () => {
    expect(findDateline('人民代表大会第五次会议上\n各位代表：')).toEqual({ date: null, meeting: '人民代表大会第五次会议' });
  });

  it.each([
    ['a sentence that mentions a meeting', '2025年9月1日，习近平总书记在自治区成立70周年大会上发表重要讲话。'],
    ['an impossible day', '——2026年2月30日在某某省第十四届人民代表大会第四次会议上'],
    ['a signature line', '四川省科学技术厅\n2023年2月28日'],
  ])('is not fooled by %s', (_, text) => {
    expect(findDateline(text)?.date ?? null).toBeNull();
  });

  it.each([
    ['二〇二六年一月二十七日', '2026年1月27日'],
    ['二〇二五年十二月三十一日', '2025年12月31日'],
    ['一九五四年九月', '1954年9月'],
    ['二〇二六年十三月一日', '二〇二六年十三月一日'],
  ])('reads %s as %s', (cn, arabic) => {
    expect(arabicDates(cn)).toBe(arabic);
  });
});

describe('a report dated by its dateline', () => {
  it.each([
    ['——', '——2026年1月27日在某某省第十四届人民代表大会第四次会议上'],
    ['no dash, glued onto the salutation', '2026年1月27日在某某省第十四届人民代表大会第四次会议上各位代表：'],
    ['Chinese numerals', '——二〇二六年一月二十七日在某某省第十四届人民代表大会第四次会议上'],
  ])('%s: the meeting day and year, never the reviewed year', (_, dateline) => {
    const { meta } = buildDoc(dateline + BODY.replace('\n各位代表：', ''), 'report.txt');
    expect(meta).toMatchObject({ date: '2026-01-27', year: 2026, kind: 'government-work-report' });
  });

  it('a dateline glued onto 各位代表： stays a line of its own', () => {
    const { display, meta } = buildDoc('2026年1月14日在浙江省第十四届人民代表大会第四次会议上\n各位代表：\n现在，我代表省人民政府向大会作政府工作报告，请予审议。\n一、2025年主要工作\n过去一年成绩显著。', 'x.txt');
    expect(display.split('\n').slice(0, 2)).toEqual(['2026年1月14日在浙江省第十四届人民代表大会第四次会议上', '各位代表：']);
    expect(meta).toMatchObject({ year: 2026, date: '2026-01-14', region: '浙江省', title: '2026年浙江省政府工作报告' });
  });

  it('without a date in the dateline, says so and takes the year from the plan section', () => {
    const { meta } = buildDoc('人民代表大会第五次会议上' + BODY, 'report.txt');
    expect(meta).toMatchObject({ date: null, year: 2026, dateNote: 'the dateline names the meeting (人民代表大会第五次会议) but not the day' });
  });
});

describe('a printed date that contradicts the document number', () => {
  it('keeps the printed date and orders by the consistent one, saying why', () => {
    expect(reconcileDate('2023-02-28', { docNo: '川科发〔2022〕2号', titleYear: 2022 })).toEqual({
      date: '2022-02-28',
      datePrinted: '2023-02-28',
      dateNote: 'printed 2023-02-28, but the document number 川科发〔2022〕2号 and the title say 2022: read as 2022-02-28',
    });
  });

  it.each([
    ['the number and the date agree', '2022-02-28', '川科发〔2022〕2号', 2022],
    ['the title plans for the next year (issued in December)', '2022-12-20', '川科发〔2022〕90号', 2023],
    ['there is no number', '2023-02-28', null, 2022],
    ['the day does not exist in the number\'s year', '2024-02-29', '某发〔2023〕1号', 2023],
  ])('keeps the printed date when %s', (_, printed, docNo, titleYear) => {
    expect(reconcileDate(printed, { docNo, titleYear })).toEqual({ date: printed });
  });
});
