/**
 * Policy vocabulary that segmentit's general-purpose (pangu) dictionary splits badly,
 * e.g. 成渝中线科创走廊 → 成/渝中/线科创/走廊 and 揭榜挂帅 → 揭榜/挂帅.
 * Every entry is loaded as a noun with a very high frequency so it wins over the
 * shorter pangu words it overlaps. Append freely; changing this list invalidates
 * persisted segmentation caches automatically (see SEG_CACHE_VERSION in tokenize.ts).
 */
export const POLICY_WORDS: readonly string[] = [
  // regional strategy
  '成渝中线科创走廊',
  '成渝中线科创大走廊',
  '成渝地区双城经济圈',
  '双城经济圈',
  '一带一路',
  '西部科学城',
  '科创走廊',
  '科创',
  // planning periods and campaigns
  '十四五',
  '十三五',
  '十五五',
  '十年行动',
  '碳达峰',
  '碳中和',
  '铺天盖地',
  '扩容倍增',
  // innovation policy instruments
  '揭榜挂帅',
  '揭榜制',
  '赛马制',
  '包干制',
  '天府科创贷',
  '自立自强',
  '科技自立自强',
  '基础研究',
  '科技成果转化',
  '技术合同成交额',
  '营业收入',
  '创新联合体',
  '新型研发机构',
  '星创天地',
  '众创空间',
  '孵化器',
  // enterprises and labs
  '科技型中小企业',
  '高新技术企业',
  '高新技术产业',
  '瞪羚企业',
  '独角兽企业',
  '国家实验室',
  '天府实验室',
  '重点实验室',
];
