/**
 * Metadata detection from the text and the file name alone — what a user's new file gets. The seeds'
 * manifest may override any field, but detection must stand without it.
 */
import { basename } from 'node:path';
import type { DocKind, DocMeta } from '../types.js';
import { NATIONAL, PROVINCES, UNKNOWN_REGION, canonicalRegion, levelOf, provinceOfVenue, regionSlug } from './regions.js';

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;
const validDate = (y: number, m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= 31 && y > 1900 && y < 2200;

/** Full-width digits appear in the 1980s–2000s reports; detection reads half-width. */
const halfWidth = (s: string) => s.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export function detectKind(title: string, head: string): DocKind {
  const t = title + '\n' + head;
  if (/政府工作报告/.test(t)) return 'government-work-report';
  if (/工作要点/.test(title) || (/工作要点/.test(head) && /印发/.test(head))) return 'work-points';
  if (/工作会议|会议召开|在[\p{Script=Han}]{1,3}召开/u.test(t)) return 'conference-report';
  return 'other';
}

/** The heading line: the quoted 《…》 title of a notice, a line naming a report, or the first short line. */
export function detectTitle(display: string, fileName: string): string {
  const lines = display.split('\n').slice(0, 12);
  const quoted = display.slice(0, 600).match(/印发《([^》]{4,60})》/);
  if (quoted) return quoted[1];
  const named = lines.find((l) => l.length <= 40 && /(工作要点|工作会议|政府工作报告|工作报告)/.test(l) && !/[。；]$/.test(l));
  if (named) return named;
  const fromFile = basename(fileName).replace(/\.[a-z]+$/i, '');
  const short = lines.find((l) => l.length >= 4 && l.length <= 40 && !/[。；，,：:]$/.test(l));
  return short ?? fromFile;
}

const ISSUER = /([\p{Script=Han}]{2,12}?(?:科学技术厅|科学技术局|科技厅|科技局|科学技术委员会|科委|人民政府|办公厅|发展和改革委员会))/u;

export function detectIssuer(display: string, raw: string, region: string): string {
  const head = display.slice(0, 400);
  if (region === NATIONAL) return '国务院';
  const m = head.match(ISSUER);
  if (m && !/^(关于|召开|组织)|代表/.test(m[1])) return m[1].replace(/^.*?(印发|关于)/, '');
  if (/政府工作报告/.test(head)) return `${region}人民政府`;
  const src = raw.match(/来源\s*[:：]\s*([\p{Script=Han}]{2,16})/u);
  if (src && /(厅|局|委|政府)$/.test(src[1])) return src[1];
  if (region === UNKNOWN_REGION) return UNKNOWN_REGION;
  if (/省科技厅|科技厅/.test(display) && region !== NATIONAL) return `${region}科学技术厅`;
  if (/市科技局|科技局/.test(display) && region !== NATIONAL) return `${region}科学技术局`;
  return region;
}

/** A place name followed by what only an issuer or a host is followed by: 遂宁市科学技术局, 平遥县召开, 襄阳市市长. */
const LOCAL = new RegExp(
  // a name starts a line or a clause, or follows 在/由 (——2023年1月10日在襄阳市…); never mid-phrase (…及省委省政府)
  '(?<=^|[\\s,，、:：。；;(（"“”>]|在|由)([\\p{Script=Han}]{2,7}?(?:自治区|自治州|自治县|特别行政区|省|市|县|区|州|盟|旗))' +
    '(?=科学技术|科技|人民政府|政府|召开|举行|市长|县长|区长|州长|主席|第[一二三四五六七八九十]+届|委员会|发展和改革)',
  'gmu',
);
const NOT_A_NAME = /^(全|本|我|各|该|省|市|县|区|代表)|全[省市县区国]|代表|召开|关于|印发|会议|工作|地区$/u;

function localCandidates(hay: string): string[] {
  const out: string[] = [];
  for (const m of hay.matchAll(LOCAL)) {
    const name = m[1];
    if (name.length >= 2 && !NOT_A_NAME.test(name)) out.push(name);
  }
  return out;
}

/**
 * The issuer's region: the State Council for national reports; else the place named as issuer or host in the
 * head of the page (the most specific wins: a county's report mentions its province); else the province
 * named most often.
 */
export function detectRegion(display: string, raw: string, fileName: string): string {
  const head = display.slice(0, 3000);
  if (/国务院/.test(fileName) || /我代表国务院|我代表中央人民政府|国务院总理/.test(head)) return NATIONAL;
  const local = localCandidates(display.slice(0, 400) + '\n' + raw.slice(0, 600) + '\n' + raw.slice(-300));
  if (local.length) {
    const counts = new Map<string, number>();
    for (const c of local) counts.set(c, (counts.get(c) ?? 0) + 1);
    const best = [...counts.entries()].sort((a, b) => b[1] - a[1] || local.indexOf(a[0]) - local.indexOf(b[0]))[0][0];
    return canonicalRegion(best);
  }
  const hay = head + '\n' + raw.slice(0, 400) + '\n' + raw.slice(-400);
  let best = '';
  let bestCount = 0;
  for (const p of PROVINCES) {
    const count = hay.split(p.short).length - 1;
    if (count > bestCount) [best, bestCount] = [p.full, count];
  }
  // a province named in passing (视察山西) loses to the venue of a 全省 meeting only when nothing else is named
  return best || provinceOfVenue(head) || UNKNOWN_REGION;
}

export function detectDocNo(display: string): string | null {
  const m = display.slice(0, 600).match(/([\p{Script=Han}]{1,8}[〔［\[【(（]\s*(?:19|20)\d{2}\s*[〕］\]】)）]\s*\d{1,4}\s*号)/u);
  return m ? m[1].replace(/\s+/g, '') : null;
}

const YEAR_OF_REPORT = /((?:19|20)\d{2})年[^。\n，,]{0,16}?(工作要点|工作会议|政府工作报告|工作报告)/;

export function detectYear(title: string, display: string, docNo: string | null, fileName: string): number | null {
  const t = halfWidth(title).match(/((?:19|20)\d{2})年/);
  if (t) return Number(t[1]);
  // a year in the file name is the collector's label for the whole document: it beats a year quoted in the text
  const f = basename(fileName).match(/(?:^|[_\-\s.（(])((?:19|20)\d{2})(?=[_\-\s.年）)]|$)/);
  if (f) return Number(f[1]);
  const r = halfWidth(display.slice(0, 3000)).match(YEAR_OF_REPORT);
  if (r) return Number(r[1]);
  if (docNo) return Number(docNo.match(/(\d{4})/)![1]);
  return null;
}

/**
 * The date of issue or meeting: the subtitle of a government work report (——2021年3月5日在…), the day a
 * conference opened (3月30日，…召开), or the date a notice was signed (a line that is only a date).
 */
export function detectDate(display: string, raw: string, year: number | null): string | null {
  const head = halfWidth(display.slice(0, 1500));
  const sub = head.match(/——\s*((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日/);
  if (sub) return iso(+sub[1], +sub[2], +sub[3]);
  const published = halfWidth(raw.slice(0, 1500)).match(/((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})/);
  const meeting = head.match(/(?:^|\n|[:：]\s*)(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日(?:上午|下午|晚上)?[，,][^。\n]{0,60}?(?:召开|举行)/);
  if (meeting) {
    const y = meeting[1] ? +meeting[1] : published ? +published[1] : year;
    if (y && validDate(y, +meeting[2], +meeting[3])) return iso(y, +meeting[2], +meeting[3]);
  }
  const signed = head.match(/(?:^|\n)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?:\n|$)/);
  if (signed && validDate(+signed[1], +signed[2], +signed[3])) return iso(+signed[1], +signed[2], +signed[3]);
  if (published && validDate(+published[1], +published[2], +published[3]))
    return iso(+published[1], +published[2], +published[3]);
  return null;
}

const KIND_SLUG: Record<DocKind, string> = {
  'work-points': 'work-points',
  'conference-report': 'conference',
  'government-work-report': 'gov-report',
  other: 'doc',
};

export function makeDocId(meta: Pick<DocMeta, 'region' | 'year' | 'kind' | 'issuer'>): string {
  if (meta.issuer === '国务院' && meta.kind === 'government-work-report') return `state-council-${meta.year}`;
  return `${regionSlug(meta.region) || 'doc'}-${meta.year}-${KIND_SLUG[meta.kind]}`;
}

export function detectMeta(raw: string, display: string, source: string): DocMeta {
  let title = detectTitle(display, source);
  const region = detectRegion(display, raw, source);
  const docNo = detectDocNo(display);
  const kind = detectKind(title, display.slice(0, 1500) + '\n' + basename(source));
  const yearFound = detectYear(title, display, docNo, source);
  const date = detectDate(display, raw, yearFound);
  const year = yearFound ?? (date ? Number(date.slice(0, 4)) : new Date().getFullYear());
  const issuer = detectIssuer(display, raw, region);
  // a bare 政府工作报告 heading says nothing about which one
  if (kind === 'government-work-report' && !/\d{4}年.*政府工作报告/.test(halfWidth(title))) title = `${year}年政府工作报告`;
  const meta = { title, issuer, region, level: levelOf(region, display.slice(0, 1500)), year, date, kind, docNo, source };
  return { id: makeDocId(meta), ...meta };
}
