/**
 * Datelines: the line under a speech's or report's title that says when and where it was delivered —
 * `——2026年1月27日在××省第十四届人民代表大会第四次会议上`. Printed with ——, ――, —, a bracket or no mark at all,
 * in Arabic, full-width or Chinese numerals (二〇二六年一月二十七日), sometimes glued to the next line.
 * Also the reconciliation of a printed date that contradicts the document's number.
 */

export interface Dateline {
  /** ISO date of delivery, or null when the dateline names the meeting but not the day */
  date: string | null;
  /** the meeting it was delivered at, as printed (…人民代表大会第四次会议) */
  meeting: string;
}

const DIGIT: Record<string, number> = { '〇': 0, '○': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9 };

/** 一 → 1, 十二 → 12, 二十七 → 27, 三十一 → 31 (the numbers a month or a day can be). */
function smallNumber(s: string): number {
  const ten = s.indexOf('十');
  if (ten < 0) return DIGIT[s] ?? NaN;
  const tens = ten === 0 ? 1 : DIGIT[s.slice(0, ten)] ?? NaN;
  const ones = ten === s.length - 1 ? 0 : DIGIT[s.slice(ten + 1)] ?? NaN;
  return tens * 10 + ones;
}

const CN_DATE = /([〇○零一二三四五六七八九]{4})\s*年\s*([一二三四五六七八九十]{1,3})\s*月(?:\s*([一二三四五六七八九十]{1,3})\s*日)?/g;

/** Full-width digits and Chinese-numeral dates in Arabic digits, for reading dates only (offsets change). */
export function arabicDates(text: string): string {
  return text
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(CN_DATE, (all, y: string, m: string, d: string | undefined) => {
      const year = [...y].map((c) => DIGIT[c]).join('');
      const [month, day] = [smallNumber(m), d === undefined ? NaN : smallNumber(d)];
      if (!(month >= 1 && month <= 12)) return all;
      return d === undefined ? `${year}年${month}月` : day >= 1 && day <= 31 ? `${year}年${month}月${day}日` : all;
    });
}

const pad = (n: number) => String(n).padStart(2, '0');
export const isoDate = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

export function validDate(y: number, m: number, d: number): boolean {
  if (!(y > 1900 && y < 2200 && m >= 1 && m <= 12 && d >= 1)) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Lead-in marks a dateline is printed with: dashes of every width, a bracket, or nothing. */
const LEAD = '(?:[—―─－–\\-~～]{1,4}|[（(［\\[])?\\s*';
/** Where it was delivered: a congress, a conference, a plenary — 在…会议上, 于…大会. */
const MEETING = '(?:在|于)\\s*([^\\n。；]{2,60}?(?:会议|大会|会))\\s*(?:上|开幕|$)';
const DATED = new RegExp(`${LEAD}((?:19|20)\\d{2})\\s*年\\s*(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日(?:上午|下午)?\\s*${MEETING}`);
/** A dateline whose date was lost (a page cut above it): …人民代表大会第五次会议上 as a line of its own. */
const UNDATED = new RegExp(`^${LEAD}(?:在|于)?\\s*([^\\n。；，,]{0,40}?(?:人民代表大会|代表大会)[^\\n。；，,]{0,20}?会议)\\s*上\\s*[)）］\\]]?$`);

/** How far into a document its dateline may sit (a title, a subtitle and a speaker's line come first). */
const HEAD_LINES = 8;

/** The dateline of a report or speech, from the first lines of its display text; null when it has none. */
export function findDateline(display: string): Dateline | null {
  const lines = arabicDates(display).split('\n', HEAD_LINES);
  for (const line of lines) {
    const m = line.match(DATED);
    // a dateline leads its line, or follows a title glued before it (政府工作报告——2023年…), never a sentence
    if (m && /^[^。，；：,;:!?！？]{0,40}$/.test(line.slice(0, m.index))) {
      const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
      if (validDate(y, mo, d)) return { date: isoDate(y, mo, d), meeting: m[4] };
    }
    const u = line.trim().match(UNDATED);
    if (u) return { date: null, meeting: u[1] };
  }
  return null;
}

export interface Reconciled {
  /** the date used for ordering: the printed one, or the consistent one when the printed one contradicts */
  date: string | null;
  /** the date as printed, when it differs from `date` */
  datePrinted?: string;
  /** why the date is not the printed one, or why there is none */
  dateNote?: string;
}

/**
 * A notice's printed date against its number: a number 〔2022〕 is assigned the year the notice is issued,
 * so a signature 2023年2月28日 under 川科发〔2022〕2号 for the 2022 work points is a slip of the year. When the
 * number's year and the title's year agree and the printed year does not, the same day of the number's year
 * is the consistent date.
 */
export function reconcileDate(printed: string | null, ctx: { docNo: string | null; titleYear: number | null }): Reconciled {
  if (!printed || !ctx.docNo) return { date: printed };
  const noYear = Number(ctx.docNo.match(/((?:19|20)\d{2})/)?.[1]);
  const [y, m, d] = printed.split('-').map(Number);
  if (!noYear || noYear === y || ctx.titleYear !== noYear || !validDate(noYear, m, d)) return { date: printed };
  const date = isoDate(noYear, m, d);
  return {
    date,
    datePrinted: printed,
    dateNote: `printed ${printed}, but the document number ${ctx.docNo} and the title say ${noYear}: read as ${date}`,
  };
}
