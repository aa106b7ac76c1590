/**
 * Stance: is a passage a plan (to be done) or a review (was done), and which year is it about?
 * Reports mix both: a conference report reviews last year with 一是…十是 and then plans this year with
 * 一是…九是, so the year named in the passage's lead decides first, then the enclosing section, then cue words.
 */
import type { DocKind, Stance } from '../types.js';

export interface StanceYear {
  stance: Stance;
  year: number;
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

const PAST = /过去|回顾|一年来|以来|总结|取得了|完成了|获悉|去年|成就/;
const PLAN = /(?<![主重需纲摘概必])要(?!求|点)|将|力争|重点抓好|部署|今年|新的一年|着力|目标|任务/;

export function headingStance(heading: string, docYear: number): StanceYear | null {
  const years = yearsNamed(heading);
  const review = /回顾|成就|过去|总结/.test(heading);
  const plan = /任务|重点工作|安排|部署|建议|目标|计划/.test(heading);
  if (review && !plan) return { stance: 'review', year: years.find((y) => y < docYear) ?? docYear - 1 };
  if (plan && !review) return { stance: 'plan', year: years.find((y) => y >= docYear) ?? docYear };
  return null;
}

export function inferStance(
  lead: string,
  ctx: { docYear: number; docKind: DocKind; section: StanceYear | null },
): StanceYear {
  const { docYear } = ctx;
  const first = yearsNamed(lead.slice(0, 120))[0];
  if (first !== undefined && first < docYear && first >= docYear - 5) return { stance: 'review', year: first };
  if (first === docYear) return { stance: 'plan', year: docYear };
  if (ctx.section) return ctx.section;
  if (PAST.test(lead)) return { stance: 'review', year: docYear - 1 };
  if (PLAN.test(lead)) return { stance: 'plan', year: docYear };
  if (ctx.docKind === 'work-points') return { stance: 'plan', year: docYear };
  return { stance: 'other', year: docYear };
}
