/**
 * Metadata detection from the text and the file name alone — what a user's new file gets. The seeds'
 * manifest may override any field, but detection must stand without it.
 */
import { basename } from 'node:path';
import type { DocKind, DocMeta } from '../types.js';
import { NATIONAL, PROVINCES, UNKNOWN_REGION, canonicalRegion, levelOf, provinceOfVenue, regionSlug, shortRegion } from './regions.js';
import { arabicDates, findDateline, isoDate, reconcileDate, validDate, type Dateline } from './dateline.js';
import { headingStance, yearsNamed } from './stance.js';


/** The opening every government work report has, named or not: 我代表省人民政府，向大会报告工作. */
const GOVERNMENT_SPEAKS = /我代表[\p{Script=Han}]{0,12}?(?:人民政府|国务院)[，,\s]*向[\p{Script=Han}]{0,4}大会(?:作|报告)/u;

export function detectKind(title: string, head: string): DocKind {
  const t = title + '\n' + head;
  if (/政府工作报告/.test(t) || GOVERNMENT_SPEAKS.test(head)) return 'government-work-report';
  if (/工作要点/.test(title) || (/工作要点/.test(head) && /印发/.test(head))) return 'work-points';
  if (/工作会议|会议召开|在[\p{Script=Han}]{1,3}召开/u.test(t)) return 'conference-report';
  return 'other';
}

const fileStem = (fileName: string) => basename(fileName).replace(/\.[a-z]+$/i, '');
const SALUTATION = /^(?:各位代表|同志们|各位委员)[：:！!，,]/;
const NUMBERED = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d{1,3}\s*[.．、])/;

/** The heading line: the quoted 《…》 title of a notice, a line naming a report, or the first short line. */
export function detectTitle(display: string, fileName: string): string {
  const head = display.split('\n').slice(0, 12);
  // a speech's title and dateline come before its salutation; what follows is the body
  const salutation = head.findIndex((l) => SALUTATION.test(l));
  const lines = salutation >= 0 ? head.slice(0, salutation) : head;
  const quoted = display.slice(0, 600).match(/印发《([^》]{4,60})》/);
  if (quoted) return quoted[1];
  const named = lines.find((l) => l.length <= 40 && /(工作要点|工作会议|政府工作报告|工作报告)/.test(l) && !/[。；]$/.test(l));
  if (named) return named;
  const fromFile = fileStem(fileName);
  // a numbered heading (一、2025年工作回顾) or a dateline is part of the report, not its name
  const short = lines.find((l) => l.length >= 4 && l.length <= 40 && !/[。；，,：:]$/.test(l) && !NUMBERED.test(l) && !findDateline(l));
  return short ?? fromFile;
}

const ISSUER = /([\p{Script=Han}]{2,12}?(?:科学技术厅|科学技术局|科技厅|科技局|科学技术委员会|科委|人民政府|办公厅|发展和改革委员会))/u;

export function detectIssuer(display: string, raw: string, region: string, kind: DocKind): string {
  const head = display.slice(0, 400);
  if (region === NATIONAL) return '国务院';
  if (kind === 'government-work-report' && region !== UNKNOWN_REGION) return `${region}人民政府`;
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
const TOP_HEADING = /^[一二三四五六七八九十]+、(.{0,40})/gm;

/**
 * The year a report's own headings say it plans for: the plan section names it (三、2026年重点工作), a review
 * section names the year before (一、2025年工作回顾). Only top-level headings count: a body sentence quoting
 * last year's report (2025年政府工作报告确定的目标) says nothing about this one.
 */
function yearOfHeadings(display: string): number | null {
  let reviewed: number | null = null;
  for (const m of display.matchAll(TOP_HEADING)) {
    const heading = m[1];
    const years = yearsNamed(heading);
    if (!years.length) continue;
    const s = headingStance(heading, years[0]);
    if (s?.stance === 'plan') return years[0];
    // 1993年国内工作的回顾和1994年工作的基本方针: the year after the reviewed one, named or not
    if (s?.stance === 'review') reviewed ??= years.length > 1 ? Math.max(...years) : years[0] + 1;
  }
  return reviewed;
}

/**
 * The year a report is for: the year of the meeting it was delivered at (its dateline), else its title's, the
 * file name's, its headings', a year naming the report in its head, the document number's — never a year it
 * only reviews.
 */
export function detectYear(title: string, display: string, docNo: string | null, fileName: string, dateline: Dateline | null): number | null {
  if (dateline?.date) return Number(dateline.date.slice(0, 4));
  const t = arabicDates(title).match(/((?:19|20)\d{2})年/);
  if (t) return Number(t[1]);
  // a year in the file name is the collector's label for the whole document: it beats a year quoted in the text
  const f = basename(fileName).match(/(?:^|[_\-\s.（(])((?:19|20)\d{2})(?=[_\-\s.年）)]|$)/);
  if (f) return Number(f[1]);
  const h = yearOfHeadings(arabicDates(display));
  if (h) return h;
  const r = arabicDates(display.slice(0, 3000)).match(YEAR_OF_REPORT);
  if (r) return Number(r[1]);
  if (docNo) return Number(docNo.match(/(\d{4})/)![1]);
  return null;
}

/**
 * The date of issue or meeting: the dateline of a report or speech (——2021年3月5日在…), the day a
 * conference opened (3月30日，…召开), or the date a notice was signed (a line that is only a date).
 */
export function detectDate(display: string, raw: string, year: number | null, dateline: Dateline | null): string | null {
  if (dateline) return dateline.date;
  const head = arabicDates(display.slice(0, 1500));
  const published = arabicDates(raw.slice(0, 1500)).match(/((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})/);
  const meeting = head.match(/(?:^|\n|[:：]\s*)(?:((?:19|20)\d{2})年)?(\d{1,2})月(\d{1,2})日(?:上午|下午|晚上)?[，,][^。\n]{0,60}?(?:召开|举行)/);
  if (meeting) {
    const y = meeting[1] ? +meeting[1] : published ? +published[1] : year;
    if (y && validDate(y, +meeting[2], +meeting[3])) return isoDate(y, +meeting[2], +meeting[3]);
  }
  const signed = head.match(/(?:^|\n)((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})日(?:\n|$)/);
  if (signed && validDate(+signed[1], +signed[2], +signed[3])) return isoDate(+signed[1], +signed[2], +signed[3]);
  if (published && validDate(+published[1], +published[2], +published[3]))
    return isoDate(+published[1], +published[2], +published[3]);
  return null;
}

/** A government work report is named by its year and issuer: 2026年四川省政府工作报告, 2024年国务院政府工作报告. */
function governmentReportTitle(title: string, year: number, region: string): string {
  const name = region === NATIONAL ? '国务院' : region === UNKNOWN_REGION ? '' : region;
  const short = region === NATIONAL ? '国务院' : shortRegion(region);
  const t = arabicDates(title);
  if (/政府工作报告/.test(t) && t.includes(String(year)) && (!short || t.includes(short))) return title;
  return `${year}年${name}政府工作报告`;
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
  const dateline = findDateline(display);
  const yearFound = detectYear(title, display, docNo, source, dateline);
  const titleYear = Number(arabicDates(title).match(/((?:19|20)\d{2})年/)?.[1]) || null;
  const dated = reconcileDate(detectDate(display, raw, yearFound, dateline), { docNo, titleYear });
  if (dateline && !dateline.date) dated.dateNote = `the dateline names the meeting (${dateline.meeting}) but not the day`;
  const year = yearFound ?? (dated.date ? Number(dated.date.slice(0, 4)) : new Date().getFullYear());
  const issuer = detectIssuer(display, raw, region, kind);
  if (kind === 'government-work-report') title = governmentReportTitle(title === fileStem(source) ? '' : title, year, region);
  const meta = { title, issuer, region, level: levelOf(region, display.slice(0, 1500)), year, ...dated, kind, docNo, source };
  return { id: makeDocId(meta), ...meta };
}
