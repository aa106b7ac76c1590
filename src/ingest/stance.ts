/**
 * Stance: is a passage a plan (to be done this year), a review (was done), an outlook (a five-year plan being
 * set out) or other, and which year is it about? Reports mix them: a government work report of 2026 reviews
 * 2025 and the 14th five-year plan, sets out the 15th (2026–2030), plans 2026 and ends with the government's
 * own conduct. The year named in a passage's lead decides first, then the enclosing section, then cue words.
 */
import type { DocKind, Stance } from '../types.js';

export interface StanceYear {
  stance: Stance;
  year: number;
  /** an outlook's last year (2030 for the 15th five-year plan, 2026–2030) */
  yearTo?: number;
}

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** Years named in a passage, in order: 2022年, ２０２２年, 一九八四年. Ranges (2021—2035年) and titles in 《》 are skipped. */
export function yearsNamed(text: string): number[] {
  const t = text
    .replace(/《[^》]*》/g, '')
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/([〇零一二三四五六七八九]{4})年/g, (_, y: string) => [...y].map((c) => CN_DIGIT[c]).join('') + '年');
  const out: number[] = [];
  for (const m of t.matchAll(/(?<![\d—－\-~～至到])((?:19|20)\d{2})\s*年(?!代)/g)) {
    const after = t.slice(m.index! + m[0].length - 1, m.index! + m[0].length + 2);
    if (/^年[—－\-~～]/.test(after)) continue;
    out.push(Number(m[1]));
  }
  return out;
}

/** The years of the n-th five-year plan, from the 4th (1971–1975) on: the 15th is 2026–2030. */
const planYears = (n: number): [number, number] => [2001 + 5 * (n - 10), 2005 + 5 * (n - 10)];
const PLAN_NUMBER: Record<string, number> = { 一: 11, 二: 12, 三: 13, 四: 14, 五: 15 };

/**
 * Five-year plan periods a passage names as periods: “十五五”时期, 十四五规划, 第十五个五年规划 (also inside
 * 《》, where a plan's title is), 今后五年 / 未来五年 (the plan that starts with the document's year). 全力推动
 * “十五五”开好局 names the plan's first year, not its period.
 */
export function periodsNamed(text: string, docYear: number): [number, number][] {
  const out: [number, number][] = [];
  const t = text.replace(/[“”"‘’'「」]/g, '');
  for (const m of t.matchAll(/十([一二三四五])五(?=时期|期间|规划|计划|发展|目标|经济社会|成就|以来|的)/g)) out.push(planYears(PLAN_NUMBER[m[1]]));
  for (const m of t.matchAll(/第十([一二三四五])个五年规划/g)) out.push(planYears(PLAN_NUMBER[m[1]]));
  if (/今后五年|未来五年|纲要\s*[（(]?草案/.test(t)) out.push([docYear, docYear + 4]);
  return out;
}

const REVIEW_HEADING = /回顾|成就|过去|总结|取得.{0,12}(?:进展|成效|成绩|成果)/;
const PLAN_HEADING = /任务|重点工作|安排|部署|建议|目标|计划|今年|举措/;
/** the government's own conduct (政府自身建设, 政府治理, 人民满意的服务型政府): a report's closing section, neither review nor plan */
const OWN_CONDUCT = /政府自身建设|政府治理|人民满意的(?:服务型)?政府|人民更加满意的政府/;

/** The stance a heading gives its section, or null when it does not tell (a descriptive heading, or a mixed one). */
export function headingStance(heading: string, docYear: number): StanceYear | null {
  if (OWN_CONDUCT.test(heading)) return { stance: 'other', year: docYear };
  const years = yearsNamed(heading);
  const ahead = periodsNamed(heading, docYear).find(([from]) => from >= docYear);
  const review = REVIEW_HEADING.test(heading);
  const plan = PLAN_HEADING.test(heading);
  // “十四五”时期发展成就和“十五五”时期主要目标任务 reviews one plan and sets out the next: its passages decide
  if (ahead && review) return null;
  if (ahead && !years.includes(docYear)) return { stance: 'outlook', year: ahead[0], yearTo: ahead[1] };
  const past = years.length > 0 && years.every((y) => y < docYear);
  const coming = years.length > 0 && years.every((y) => y >= docYear);
  // the words decide; when they do not (both, or none: 关于2026年工作), the years named do
  if ((review && !plan) || (review === plan && past)) return { stance: 'review', year: years.find((y) => y < docYear) ?? docYear - 1 };
  if ((plan && !review) || (review === plan && coming)) return { stance: 'plan', year: years.find((y) => y >= docYear) ?? docYear };
  return null;
}

/** A heading that names no year, no plan period and no review or plan word (一张蓝图绘到底，奋力谱写…篇章). */
export const isDescriptiveHeading = (heading: string, docYear: number): boolean =>
  !yearsNamed(heading).length && !periodsNamed(heading, docYear).length && !REVIEW_HEADING.test(heading) && !PLAN_HEADING.test(heading) && !OWN_CONDUCT.test(heading);

const PAST = /过去|回顾|一年来|五年来|这五年|以来|总结|取得了|完成了|获悉|去年|成就/;
const PLAN = /(?<![主重需纲摘概必])要(?!求|点)|将|力争|重点抓好|部署|今年|新的一年|着力|目标|任务/;
/** an address on a line of its own (各位代表！) or the closing call (让我们…团结…奋斗) */
const ADDRESS = /^\s*各位代表\s*[！!：:，,]?\s*$/;
const CLOSING = /让我们.{0,80}(?:团结|奋斗|奋进|努力|携手)/;

export function inferStance(
  lead: string,
  ctx: { docYear: number; docKind: DocKind; section: StanceYear | null },
): StanceYear {
  const { docYear } = ctx;
  if (ADDRESS.test(lead) || (ctx.docKind === 'government-work-report' && CLOSING.test(lead))) return { stance: 'other', year: docYear };
  const head = lead.slice(0, 120);
  const first = yearsNamed(head)[0];
  if (first !== undefined && first < docYear && first >= docYear - 5) return { stance: 'review', year: first };
  if (first === docYear) return { stance: 'plan', year: docYear };
  if (ctx.section) return ctx.section;
  // no section tells: a passage that opens on a plan period sets it out, or reviews it when it is past
  const period = periodsNamed(lead.slice(0, 60), docYear)[0];
  if (period && period[0] >= docYear) return { stance: 'outlook', year: period[0], yearTo: period[1] };
  if (period) return { stance: 'review', year: period[1] };
  if (PAST.test(lead)) return { stance: 'review', year: docYear - 1 };
  if (PLAN.test(lead)) return { stance: 'plan', year: docYear };
  if (ctx.docKind === 'work-points') return { stance: 'plan', year: docYear };
  return { stance: 'other', year: docYear };
}
