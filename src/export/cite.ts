/**
 * Citations as Chinese readers expect them: the document in GB/T 7714-2015 form (责任者. 题名: 其他题名信息[类型].
 * 日期), then where in it the unit is, in the slot GB/T 7714 gives the cited page (日期: 引文页码).
 *
 *   国务院. 2021年中华人民共和国国务院政府工作报告[R]. 2021-03-05: 第26段.
 *   四川省科学技术厅. 2022年全省科技创新工作要点: 川科发〔2022〕2号[Z]. 2022-02-28(落款日期2023-02-28): 第8项任务.
 *
 * A government work report is a report ([R]); work points and conference reports are official papers and
 * news releases without a publisher, which GB/T 7714 files under [Z]. The document number is the 公文's other
 * title information, as citations of 公文 give it. When the printed date contradicts the document (a signature
 * dated a year late), the citation gives the consistent date and names the printed one, so a reader can both
 * order the document and find it as printed.
 */
import type { DocKind, DocMeta, Unit } from '../types.js';

/** What a citation reads of a document. */
export type CitableDoc = Pick<DocMeta, 'title' | 'issuer' | 'year' | 'date' | 'datePrinted' | 'kind' | 'docNo'>;
export type CitableUnit = Pick<Unit, 'kind' | 'ordinal' | 'title' | 'path'>;

/** GB/T 7714-2015 document type codes (4.1 / appendix B) */
const TYPE: Record<DocKind, string> = {
  'government-work-report': 'R',
  'work-points': 'Z',
  'conference-report': 'Z',
  other: 'Z',
};

function dateOf(doc: CitableDoc): string {
  const date = doc.date ?? String(doc.year);
  return doc.datePrinted && doc.datePrinted !== doc.date ? `${date}(落款日期${doc.datePrinted})` : date;
}

/** The entry without its closing period, so a locator can follow the date. */
function entry(doc: CitableDoc): string {
  const other = doc.docNo ? `: ${doc.docNo}` : '';
  return `${doc.issuer}. ${doc.title}${other}[${TYPE[doc.kind]}]. ${dateOf(doc)}`;
}

export const citeDoc = (doc: CitableDoc): string => `${entry(doc)}.`;

/** The numbers printed on headings: 三、 (a part), （一） (a subsection), 1. (a point) */
const CHAPTER = /^([一二三四五六七八九十百零〇]+)[、.．]/;
const SUBSECTION = /^([（(][一二三四五六七八九十百零〇\d]+[）)])/;
const NUMBERED = /^(\d+)[.．、]/;

/** Where a section is, by the numbers printed on its heading and its parents' (第三部分（一）第2条); null when unnumbered. */
function sectionPlace(u: CitableUnit): string | null {
  let place = '';
  // a section's path may end with its own heading
  const headings = u.path[u.path.length - 1] === u.title ? u.path : [...u.path, u.title];
  for (const heading of headings) {
    const chapter = CHAPTER.exec(heading);
    const sub = SUBSECTION.exec(heading);
    const numbered = NUMBERED.exec(heading);
    if (chapter) place = `第${chapter[1]}部分`;
    else if (sub) place += sub[1].replace(/[(]/g, '（').replace(/[)]/g, '）');
    else if (numbered) place += `第${numbered[1]}条`;
  }
  return place && (CHAPTER.test(u.title) || SUBSECTION.test(u.title) || NUMBERED.test(u.title)) ? place : null;
}

/** The locator after the date: 第8项任务, 第26段, 第三部分（一）, 第3项, 表格第2行, 名词解释第4条. */
export function locator(u: CitableUnit): string {
  switch (u.kind) {
    case 'task':
      return `第${u.ordinal}项任务`;
    case 'paragraph':
      return `第${u.ordinal}段`;
    case 'item':
      return `第${u.ordinal}项`;
    case 'table-row':
      return `表格第${u.ordinal}行`;
    case 'section':
      return sectionPlace(u) ?? `第${u.ordinal}节`;
    case 'glossary':
      return `名词解释第${u.ordinal}条`;
  }
}

export const citeUnit = (doc: CitableDoc, unit: CitableUnit): string => `${entry(doc)}: ${locator(unit)}.`;
