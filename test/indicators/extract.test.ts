import { describe, it, expect } from 'vitest';
import { extractIndicators } from '../../src/indicators/extract.js';
import { INDICATOR_NAMES, nameMatcher } from '../../src/indicators/names.js';
import { parseQuantity } from '../../src/indicators/quantity.js';
import { rec, type RecOptions } from './helpers.js';

const one = (text: string, o?: RecOptions) => {
  const found = extractIndicators(rec(text, o));
  expect(found, text).toHaveLength(1);
  return found[0];
};
const names = (text: string, o?: RecOptions) => extractIndicators(rec(text, o)).map((i) => i.name);

describe('figures: numbers with units, in one scale per kind', () => {
  it.each([
    ['高新技术产业实现营业收入2.45 万亿元', 24500, undefined, '亿元', '2.45万亿元', []],
    ['技术合同成交额达到1649亿元', 1649, undefined, '亿元', '1649亿元', ['达到']],
    ['高新技术企业达到1.45万家', 14500, undefined, '家', '1.45万家', ['达到']],
    ['国内生产总值增长6%－6.5%', 6, 6.5, '%', '6%-6.5%', []],
    ['国内生产总值增长6.5%－7%', 6.5, 7, '%', '6.5%-7%', []],
    ['居民消费价格涨幅１８．１％', 18.1, undefined, '%', '18.1%', []],
    ['培育“瞪羚”企业50家左右', 50, undefined, '家', '50家', ['新增', '左右']],
    ['新增高新技术企业1500家以上', 1500, undefined, '家', '1500家', ['新增', '以上']],
    ['新增高新技术企业巧00家以上', 1500, undefined, '家', '1500家', ['新增', '以上']],
    ['城镇新增就业1200万人左右', 12000000, undefined, '人', '1200万人', ['左右']],
    ['高新区地区生产总值突破1万亿元', 10000, undefined, '亿元', '1万亿元', ['突破']],
    ['国内生产总值超过126万亿元', 1260000, undefined, '亿元', '126万亿元', ['超过']],
    ['全社会研发投入达到15.3亿元', 15.3, undefined, '亿元', '15.3亿元', ['达到']],
    ['粮食产量1.3万亿斤以上', 1.3e12, undefined, '斤', '1.3万亿斤', ['以上']],
    ['城镇登记失业率低于4.6%', 4.6, undefined, '%', '4.6%', ['以内']],
    ['居民人均可支配收入达到3.2万元', 32000, undefined, '元', '3.2万元', ['达到']],
  ])('%s → %d…%s %s', (text, value, valueMax, unit, display, qualifier) => {
    const i = one(text, { stance: 'plan', year: 2023 });
    expect(i).toMatchObject({ value, unit, display, qualifier });
    expect(i.valueMax).toBe(valueMax);
  });

  it('reads thousands separators and 多 before 万', () => {
    expect(one('粮食产量将要达到３，９８９亿斤', { stance: 'plan', docYear: 1956, year: 1956 })).toMatchObject({ value: 398900000000, display: '3989亿斤' });
    expect(one('平均每年城镇新增就业1000多万人')).toMatchObject({ value: 10000000, qualifier: ['累计', '以上'] });
  });

  it('parseQuantity reads the first figure of original text', () => {
    expect(parseQuantity('增长１８．１％')).toMatchObject({ value: 18.1, unit: '%' });
    expect(parseQuantity('2.45万亿元')).toMatchObject({ value: 24500, unit: '亿元' });
    expect(parseQuantity('赤字率2%-3%')).toMatchObject({ value: 2, valueMax: 3, unit: '%' });
    expect(parseQuantity('220余家企业')).toMatchObject({ value: 220, unit: '家', over: true });
    expect(parseQuantity('2022年3月')).toBeNull();
  });

  it('digits that are part of a name are not figures', () => {
    expect(names('育成天府黑猪、川油101等农畜新品种269个')).toEqual(['农业新品种']);
    expect(names('启动科研经费“包干制2.0”试点,国产大飞机C919投入商业运营')).toEqual([]);
  });
});

describe('names: the reviewed table decides, not the regex', () => {
  it('groups the variants of one indicator', () => {
    expect(names('国家高新技术企业达到185家')).toEqual(['高新技术企业']);
    expect(names('入库备案科技型中小企业1.4万家以上')).toEqual(['科技型中小企业']);
    expect(names('备案入库科技型中小企业1.87万家')).toEqual(['科技型中小企业']);
    expect(names('入库备案国家科技型中小企业达到520家')).toEqual(['科技型中小企业']);
    expect(nameMatcher('国家高新技术企业')('高新技术企业')).toBe(true);
    expect(nameMatcher('R&D经费投入增长')('全社会研发经费增长')).toBe(true);
    expect(nameMatcher('技术合同成交额')('技术合同成交额增长')).toBe(false);
    expect(nameMatcher('营业收入')('科技信息服务业营业收入')).toBe(true);
  });

  it('keeps apart what only looks alike: 技术合同成交额 ≠ 技术合同认定登记额', () => {
    expect(names('技术合同认定登记额突破12亿元')).toEqual(['技术合同认定登记额']);
    expect(names('技术合同成交额达到1420亿元')).toEqual(['技术合同成交额']);
  });

  it('every form belongs to one indicator only', () => {
    const forms = INDICATOR_NAMES.flatMap((e) => e.forms);
    expect(new Set(forms).size).toBe(forms.length);
  });

  it('drops figures without a table name, and does not look past 。 or ；', () => {
    expect(names('集聚各类人才团队300个')).toEqual([]);
    expect(names('技术合同成交额大幅增长。新建各类平台300个')).toEqual([]);
    expect(names('国内生产总值增长5%左右；粮食产量1.3万亿斤以上')).toEqual(['国内生产总值增长', '粮食产量']);
  });

  it('looks no further left than about 25 characters', () => {
    expect(names('技术合同成交额的统计口径和登记办法在全省范围内进一步完善统一,全年达到1649亿元')).toEqual([]);
  });

  it('a name serves the first figure after it, or that figure and its total', () => {
    expect(names('新增瞪羚企业62家、增长40.8%,另有各类基地80家')).toEqual(['瞪羚企业']);
    const [added, total] = extractIndicators(rec('新增…等国家级科技创新平台10个,总数达到195个'));
    expect([added.value, added.qualifier, total.value, total.qualifier]).toEqual([10, ['新增'], 195, ['达到']]);
  });

  it('a counted thing may follow its number: 100项科技成果转化示范项目', () => {
    expect(one('组织实施100 项科技成果转化示范项目', { kind: 'work-points' })).toMatchObject({ name: '科技成果转化示范项目', value: 100, unit: '项' });
    expect(one('常年柔性引进50支左右高校人才团队', { kind: 'work-points' })).toMatchObject({ name: '高校人才团队', qualifier: ['左右'] });
  });

  it('从A增加到B reports B, the baseline A is not a figure of the year', () => {
    expect(one('国内生产总值从26.6万亿元增加到51.9万亿元')).toMatchObject({ name: '国内生产总值', value: 519000 });
  });

  it('a difference is not the indicator: 比去年多100万人', () => {
    expect(names('城镇新增就业预期目标比去年多100万人', { stance: 'plan', docYear: 2017 })).toEqual([]);
  });

  it('从不到70万亿元增加到超过100万亿元 reports the 100万亿元', () => {
    expect(one('国内生产总值从不到70万亿元增加到超过100万亿元')).toMatchObject({ value: 1000000, qualifier: ['超过'] });
  });

  it('phrases that only contain a name are not that indicator', () => {
    expect(names('服务业对经济增长贡献率接近60%')).toEqual([]);
    expect(names('数字经济核心产业增加值占国内生产总值比重达到10%左右')).toEqual([]);
  });
});

describe('growth', () => {
  it('a rate right after a figure is that figure’s growth, not a figure of its own', () => {
    const list = extractIndicators(rec('技术合同成交额达到1649亿元、同比增长18.1%,高新区地区生产总值突破1万亿元、增长6.1%'));
    expect(list.map((i) => [i.name, i.value, i.growth])).toEqual([
      ['技术合同成交额', 1649, 18.1],
      ['高新区地区生产总值', 10000, 6.1],
    ]);
    expect(list[0].quote).toBe('技术合同成交额达到1649亿元、同比增长18.1%');
  });

  it('a rate after an amount indicator with 增长 is the derived growth indicator', () => {
    expect(one('技术合同成交额增长28.6%')).toMatchObject({ name: '技术合同成交额增长', value: 28.6, unit: '%' });
    expect(one('国内生产总值增长7.5%左右', { stance: 'plan', year: 2013, docYear: 2013 })).toMatchObject({
      name: '国内生产总值增长', value: 7.5, qualifier: ['左右'], stance: 'target', year: 2013,
    });
    expect(one('经济增长预期目标为5%左右', { stance: 'plan', docYear: 2024 }).name).toBe('国内生产总值增长');
    expect(names('单位国内生产总值用水量、能耗、二氧化碳排放量分别下降23%、15%、18%')).toEqual([]);
  });
});

describe('stance and year', () => {
  it('a review is actual for the reviewed year, a plan target for the plan year', () => {
    expect(one('技术合同成交额达到1649亿元')).toMatchObject({ stance: 'actual', year: 2022 });
    expect(one('技术合同成交额达到2200亿元', { stance: 'plan', year: 2024, docYear: 2024 })).toMatchObject({ stance: 'target', year: 2024 });
  });

  it('a work-points document is all targets for its year, whatever a paragraph looks like', () => {
    const i = one('全省科技创新工作的总体要求是…力争全省全社会研发经费支出总量达到1200亿元', { kind: 'work-points', stance: 'review', year: 2021, docYear: 2022 });
    expect(i).toMatchObject({ stance: 'target', year: 2022, qualifier: ['力争', '达到'] });
  });

  it('the sentence can override the unit: a year named, 力争, 要, a 十四五 goal', () => {
    expect(one('2012年,国内生产总值增长7.8%', { stance: 'plan', year: 2013, docYear: 2013 })).toMatchObject({ stance: 'actual', year: 2012 });
    expect(one('全面实现年初确定的主要目标,国内生产总值增长7.8%', { docYear: 2013, year: 2012 })).toMatchObject({ stance: 'actual', year: 2012 });
    const goal = extractIndicators(rec('会议指出,“十四五”科技工作的总体目标是:实现倍增。即:技术合同成交额倍增,达到530亿元以上', { stance: 'plan', year: 2021, docYear: 2021 }));
    expect(goal[0]).toMatchObject({ stance: 'target', year: 2025 });
    const building = '省级重大科技专项要实现全覆盖——在去年启动实施钒钛稀土等重大科技专项的基础上,启动实施核能与核技术应用、先进装备2个重大科技专项';
    expect(one(building, { stance: 'review', year: 2023, docYear: 2024 })).toMatchObject({ stance: 'target', year: 2024, value: 2 });
  });

  it('a past year named earlier in the unit still counts: 过去一年…。国内生产总值增长10.3%', () => {
    const text = '2011年,是“十二五”开局之年。过去一年,我们的各项工作取得了很大成绩。国内生产总值增长10.3%,城镇新增就业1168万人。';
    const list = extractIndicators(rec(text, { stance: 'plan', year: 2011, docYear: 2011 }));
    expect(list.map((i) => [i.name, i.stance, i.year])).toEqual([
      ['国内生产总值增长', 'actual', 2010],
      ['城镇新增就业', 'actual', 2010],
    ]);
    // but a plan period named in another sentence is not the figure's
    const wp = '2023年是实施“十四五”规划承上启下的关键之年。全年国家高新技术企业达到185家';
    expect(one(wp, { kind: 'work-points', stance: 'plan', year: 2023 })).toMatchObject({ year: 2023 });
  });

  it('several years: sums and averages are marked 累计, and a 年均 rate is not the year’s growth', () => {
    expect(one('五年来,城镇新增就业6600万人以上', { year: 2017, docYear: 2018 }).qualifier).toEqual(['累计', '以上']);
    const gdp = one('国内生产总值达到39.8万亿元,年均增长11.2%', { year: 2010, docYear: 2011 });
    expect([gdp.value, gdp.growth]).toEqual([398000, null]);
    expect(one('常住人口城镇化率提高到67%,出台实施新型城镇化战略五年行动计划').qualifier).toEqual([]);
  });

  it('a section about a five-year plan sets the year of its goals', () => {
    const r = rec('实现城镇新增就业5000万人以上。', { stance: 'plan', year: 2016, docYear: 2016 });
    r.unit.path = ['二、“十三五”时期主要目标任务和重大举措'];
    expect(extractIndicators(r)[0]).toMatchObject({ stance: 'target', year: 2020, qualifier: ['累计', '以上'] });
  });

  it('years in a 《title》 are not what a figure is about', () => {
    expect(one('印发《四川省“十四五”科学技术普及发展规划》,新增省级科普基地20家')).toMatchObject({ year: 2022, stance: 'actual' });
  });

  it('quotes the clause in original characters and gives the figure’s place in the document', () => {
    const text = '一是高新技术企业数量倍增，达到５０００家以上。';
    const i = one(text, { start: 1000, stance: 'plan', year: 2021, docYear: 2021 });
    expect(i.quote).toBe('高新技术企业数量倍增，达到５０００家以上');
    expect(text.slice(i.start - 1000, i.end - 1000)).toBe('５０００家');
    expect(i).toMatchObject({ display: '5000家', region: '四川省', level: 'province', docId: 'test-doc', unitId: 'test-doc:p1' });
  });
});
