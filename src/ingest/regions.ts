/**
 * Province-level regions with their short forms and slugs. Slugs are spelled by hand because pinyin alone
 * cannot tell 山西 (shanxi) from 陕西 (shaanxi). Cities and counties are recognised by their suffix and
 * slugged with pinyin-pro.
 */
import { createRequire } from 'node:module';
import type * as PinyinPro from 'pinyin-pro';

// loaded on first use: only new documents need a slug, and the library's tables cost memory in every process
let pinyinPro: typeof PinyinPro | null = null;
const lib = () => (pinyinPro ??= createRequire(import.meta.url)('pinyin-pro') as typeof PinyinPro);
import type { Level } from '../types.js';

interface Province {
  full: string;
  short: string;
  slug: string;
}

const P = (full: string, short: string, slug: string): Province => ({ full, short, slug });

export const PROVINCES: Province[] = [
  P('北京市', '北京', 'beijing'), P('天津市', '天津', 'tianjin'), P('上海市', '上海', 'shanghai'),
  P('重庆市', '重庆', 'chongqing'), P('河北省', '河北', 'hebei'), P('山西省', '山西', 'shanxi'),
  P('辽宁省', '辽宁', 'liaoning'), P('吉林省', '吉林', 'jilin'), P('黑龙江省', '黑龙江', 'heilongjiang'),
  P('江苏省', '江苏', 'jiangsu'), P('浙江省', '浙江', 'zhejiang'), P('安徽省', '安徽', 'anhui'),
  P('福建省', '福建', 'fujian'), P('江西省', '江西', 'jiangxi'), P('山东省', '山东', 'shandong'),
  P('河南省', '河南', 'henan'), P('湖北省', '湖北', 'hubei'), P('湖南省', '湖南', 'hunan'),
  P('广东省', '广东', 'guangdong'), P('海南省', '海南', 'hainan'), P('四川省', '四川', 'sichuan'),
  P('贵州省', '贵州', 'guizhou'), P('云南省', '云南', 'yunnan'), P('陕西省', '陕西', 'shaanxi'),
  P('甘肃省', '甘肃', 'gansu'), P('青海省', '青海', 'qinghai'), P('台湾省', '台湾', 'taiwan'),
  P('内蒙古自治区', '内蒙古', 'neimenggu'), P('广西壮族自治区', '广西', 'guangxi'),
  P('西藏自治区', '西藏', 'xizang'), P('宁夏回族自治区', '宁夏', 'ningxia'),
  P('新疆维吾尔自治区', '新疆', 'xinjiang'), P('香港特别行政区', '香港', 'hongkong'),
  P('澳门特别行政区', '澳门', 'macau'),
];

export const NATIONAL = '全国';
/** No place could be read from the text: the user is shown this and asked to correct it (--region). */
export const UNKNOWN_REGION = '未知';

/**
 * Provincial capitals and their one-character literary names, as reports write them: 在兰州召开, 在蓉召开.
 * A provincial conference is usually held in the capital, so the venue names the province.
 */
const CAPITALS: [string[], string][] = [
  [['石家庄'], '河北省'], [['太原', '并'], '山西省'], [['沈阳'], '辽宁省'], [['长春'], '吉林省'],
  [['哈尔滨'], '黑龙江省'], [['南京', '宁'], '江苏省'], [['杭州'], '浙江省'], [['合肥'], '安徽省'],
  [['福州', '榕'], '福建省'], [['南昌', '洪'], '江西省'], [['济南', '泉城'], '山东省'], [['郑州'], '河南省'],
  [['武汉', '汉'], '湖北省'], [['长沙'], '湖南省'], [['广州', '穗'], '广东省'], [['海口'], '海南省'],
  [['成都', '蓉'], '四川省'], [['贵阳', '筑'], '贵州省'], [['昆明'], '云南省'], [['西安'], '陕西省'],
  [['兰州'], '甘肃省'], [['西宁'], '青海省'], [['呼和浩特'], '内蒙古自治区'], [['南宁', '邕'], '广西壮族自治区'],
  [['拉萨'], '西藏自治区'], [['银川'], '宁夏回族自治区'], [['乌鲁木齐'], '新疆维吾尔自治区'],
];

/** The province whose capital hosted a 全省 meeting: 全省科技工作会议在兰州召开 → 甘肃省. */
export function provinceOfVenue(text: string): string | null {
  const m = text.match(/全省[^。\n]{0,20}?在([\p{Script=Han}]{1,4}?)(?:市)?(?:召开|举行)/u);
  if (!m) return null;
  const hit = CAPITALS.find(([names]) => names.includes(m[1]));
  return hit ? hit[1] : null;
}

/** Canonical full name for a user's or a text's region mention: 四川 → 四川省; 遂宁市 stays. */
export function canonicalRegion(name: string): string {
  const n = name.trim();
  if (n === NATIONAL || n === '国务院' || n === '中国' || n === '全国') return NATIONAL;
  const p = PROVINCES.find((x) => x.full === n || x.short === n);
  return p ? p.full : n;
}

/** The name a text uses for a region: 四川省 → 四川, 遂宁市 → 遂宁 (a city's or county's name without its suffix). */
export function shortRegion(region: string): string {
  const p = PROVINCES.find((x) => x.full === region);
  return p ? p.short : region.replace(/(自治州|自治县|地区|市|州|盟|县|区|旗)$/, '') || region;
}

export function levelOf(region: string, text = ''): Level {
  if (region === NATIONAL) return 'national';
  if (region === UNKNOWN_REGION) return /全县|全区/.test(text) ? 'county' : /全市/.test(text) ? 'city' : 'province';
  if (PROVINCES.some((p) => p.full === region)) return 'province';
  if (/(县|区|旗)$/.test(region)) return 'county';
  return 'city';
}

export function regionSlug(region: string): string {
  if (region === NATIONAL) return 'national';
  if (region === UNKNOWN_REGION) return 'unknown';
  const p = PROVINCES.find((x) => x.full === region);
  if (p) return p.slug;
  const base = region.replace(/(市|州|盟|地区|县|区|旗|自治州|自治县)$/, '');
  return lib()
    .pinyin(base, { toneType: 'none', type: 'array', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')
    // ids become parts of file names and URLs: a pasted paragraph as a region must not make either too long
    .slice(0, MAX_SLUG);
}

const MAX_SLUG = 40;

/** Does `region` (a canonical name) answer the filter text a user typed (四川 matches 四川省)? */
export function regionMatches(region: string, filter: string): boolean {
  const f = canonicalRegion(filter);
  return region === f || region.startsWith(filter.trim());
}
