/**
 * The reviewed table of indicator names. Reports name the same quantity in several ways (国家高新技术企业,
 * 备案入库科技型中小企业 vs 入库备案…) and similar-looking names that are different quantities
 * (技术合同成交额 is the value of contracts traded, 技术合同认定登记额 the value registered); grouping them
 * is an editorial decision, so it lives here, in one list a reviewer can read, and nowhere else.
 *
 * `unit` is the unit the indicator is kept in. A percentage found next to an amount or count indicator with
 * a word like 增长 becomes the derived indicator `${name}增长` (国内生产总值增长, 技术合同成交额增长).
 */
import { toMatchForm } from '../text/normalize.js';

export interface IndicatorName {
  name: string;
  unit: string;
  /** surface forms as written in reports (original characters; matched in the matching form, quotes ignored) */
  forms: string[];
}

const entry = (name: string, unit: string, ...forms: string[]): IndicatorName => ({ name, unit, forms: [name, ...forms] });

export const INDICATOR_NAMES: IndicatorName[] = [
  // science and technology work reports
  entry('技术合同成交额', '亿元'),
  entry('技术合同认定登记额', '亿元'),
  entry('高新技术企业', '家', '国家高新技术企业', '国家级高新技术企业'),
  entry('科技型中小企业', '家', '入库备案科技型中小企业', '备案入库科技型中小企业', '入库备案国家科技型中小企业', '国家科技型中小企业'),
  entry('瞪羚企业', '家'),
  entry('高新技术产业营业收入', '亿元', '高新技术产业实现营业收入', '高新技术产业力争实现营业收入'),
  entry('科技信息服务业营业收入', '亿元', '科技信息服务业实现营业收入'),
  entry('全社会研发经费', '亿元', '全社会研发经费支出', '全社会研发投入', '全社会研究与试验发展经费', 'R&D经费', 'R&D经费投入', '研发经费投入', '研究与试验发展经费'),
  entry('研发经费投入强度', '%', 'R&D经费投入强度', '研究与试验发展经费投入强度', '研发投入强度'),
  entry('高新区地区生产总值', '亿元'),
  entry('国家级科技创新平台', '个'),
  entry('省级以上创新平台', '个'),
  entry('国家级重点实验室', '个', '国家重点实验室'),
  entry('省级重点实验室', '个', '省重点实验室'),
  entry('省级科普基地', '家'),
  entry('省级农业科技园区', '家'),
  entry('省级国际科技合作基地', '家', '国际科技合作基地'),
  entry('引才引智基地', '家'),
  entry('孵化载体', '家', '国家和省级孵化载体'),
  entry('外国专家', '人'),
  entry('农业新品种', '个', '新品种', '农畜新品种', '农作物及畜禽新品种'),
  entry('新品种新技术', '项'),
  entry('重大工业产品', '个'),
  entry('聚源兴川项目', '个'),
  entry('科技成果转化示范项目', '项'),
  entry('农业科技项目', '项'),
  entry('新产品', '个'),
  entry('高校人才团队', '支'),
  // 遂宁's 测控站: 力争具备年管理100颗卫星的能力
  entry('卫星测控能力', '颗', '卫星'),
  entry('重大科技专项', '个'),
  entry('重大科技项目', '个'),
  // 山西 2020: 积极加强疫情防控科研攻关,分三批立项20个项目
  entry('疫情防控科研攻关项目', '个', '疫情防控科研攻关'),
  entry('投入经费', '亿元'),
  // 山西 十四五: 中试基地实现14个重点产业集群全覆盖
  entry('中试基地覆盖重点产业集群', '个', '中试基地'),
  entry('科技进步贡献率', '%'),
  // national government work reports
  entry('国内生产总值', '亿元', 'GDP'),
  entry('国内生产总值增长', '%', '国内生产总值增长率', '国内生产总值增速', '经济增长', '经济增速', '经济增长速度'),
  entry('地区生产总值', '亿元'),
  entry('城镇新增就业', '人', '新增城镇就业', '城镇新增就业人数'),
  entry('城镇调查失业率', '%', '调查失业率'),
  entry('城镇登记失业率', '%', '登记失业率'),
  entry('居民消费价格涨幅', '%', '居民消费价格上涨', '居民消费价格总水平涨幅', '居民消费价格总水平上涨'),
  entry('赤字率', '%'),
  entry('赤字规模', '亿元', '财政赤字', '中央财政赤字'),
  entry('财政收入', '亿元', '全国财政收入', '全国一般公共预算收入'),
  entry('一般公共预算支出', '亿元', '一般公共预算支出规模'),
  entry('地方政府专项债券', '亿元'),
  entry('超长期特别国债', '亿元'),
  entry('中央预算内投资', '亿元'),
  entry('粮食产量', '斤'),
  entry('单位国内生产总值能耗降低', '%', '单位国内生产总值能耗下降', '单位国内生产总值能耗降幅', '能耗强度下降'),
  entry('居民人均可支配收入', '元'),
  entry('常住人口城镇化率', '%'),
  entry('社会消费品零售总额', '亿元'),
  entry('全社会固定资产投资', '亿元', '固定资产投资'),
  entry('进出口总额', '亿元', '进出口', '货物进出口总额'),
  entry('工业总产值', '亿元'),
  entry('农业总产值', '亿元'),
  entry('工农业总产值', '亿元'),
];

/**
 * Phrases that contain a name but are not that indicator: 服务业对经济增长贡献率接近60% is not economic
 * growth, 占国内生产总值比重 is not GDP. A figure whose nearest name is one of these is dropped.
 */
export const NOT_INDICATORS = ['对经济增长', '对全球经济增长', '对世界经济增长', '占国内生产总值'];

export interface NameHit {
  start: number;
  end: number;
  /** null for NOT_INDICATORS */
  entry: IndicatorName | null;
}

const fold = (s: string) => toMatchForm(s).text;

/** Longest first, so at one position the longest form wins. */
const FORMS: { form: string; entry: IndicatorName | null }[] = [
  ...INDICATOR_NAMES.flatMap((e) => e.forms.map((f) => ({ form: fold(f), entry: e }))),
  ...NOT_INDICATORS.map((f) => ({ form: fold(f), entry: null })),
].sort((a, b) => b.form.length - a.form.length);

/** Every occurrence of every form in a matching-form text (which has no quotes: 培育“瞪羚”企业 reads 培育瞪羚企业). */
export function findNames(text: string): NameHit[] {
  const hits: NameHit[] = [];
  for (const { form, entry } of FORMS)
    for (let i = text.indexOf(form); i >= 0; i = text.indexOf(form, i + 1)) hits.push({ start: i, end: i + form.length, entry });
  return hits;
}

const BY_FORM = new Map(FORMS.map((f) => [f.form, f.entry]));

/**
 * The test for a user's --name: any table form means its indicator exactly (国家高新技术企业 → 高新技术企业,
 * also with 增长); other text matches part of a name.
 */
export function nameMatcher(input: string): (name: string) => boolean {
  const folded = fold(input);
  const growth = folded.endsWith('增长') && !BY_FORM.get(folded) ? '增长' : '';
  const e = BY_FORM.get(growth ? folded.slice(0, -2) : folded);
  if (e) return (name) => name === e.name + growth;
  const bare = input.trim();
  return (name) => name.includes(bare);
}
