/**
 * Units: a report cut into the pieces people cite — sections (一、 / （一）), numbered tasks (1.), items
 * (一是…二是… inside a paragraph), table rows and plain paragraphs — each with offsets into the display text.
 */
import type { DocMeta, Unit, UnitKind } from '../types.js';
import { findDateline } from './dateline.js';
import { headingStance, inferStance, isDescriptiveHeading, type StanceYear } from './stance.js';

interface Line {
  text: string;
  start: number;
  end: number;
}

// 一、 or a numeral alone on its line (an old report's 一 / 二 / 三)
const SECTION1 = /^[一二三四五六七八九十百]+(?:、|$)/;
const SECTION2 = /^[（(][一二三四五六七八九十百]+[)）]/;
const TASK = /^(\d{1,3})\s*[.．、](?!\d)\s*/;
const APPENDIX = /^附\s*件/;
/** The heading of a glossary at the end of a report; its entries are numbered terms with their definitions. */
const GLOSSARY = /^(?:名词解释|名词注释|名词说明|注释|注解)\s*[:：]?$/;
const ENTRY = /^(?:\d{1,3}\s*[.．、]|[［\[【]\d{1,3}[］\]】]|[①-⑳])\s*/;
/** A heading without a number: a short line with no punctuation inside (结束语, 2026年工作安排, 主要目标). */
const UNNUMBERED = /^[^，。；：！？、,;:!?|｜]{2,24}$/;
const CN_NUM = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五'];
const LETTER: Record<UnitKind, string> = { section: 's', task: 't', item: 'i', 'table-row': 'r', paragraph: 'p', glossary: 'g' };

export function splitLines(display: string): Line[] {
  const lines: Line[] = [];
  let start = 0;
  for (const text of display.split('\n')) {
    lines.push({ text, start, end: start + text.length });
    start += text.length + 1;
  }
  return lines.filter((l) => l.text.trim().length > 0);
}

/** The heading sentence: up to the first full stop, or the whole line when it is short. */
export function headingOf(text: string, max = 60): string {
  const m = text.match(/^[^。！？!?]*?[。！？!?]/);
  const sentence = (m ? m[0].slice(0, -1) : text).trim();
  return sentence.length > max ? sentence.slice(0, max) + '…' : sentence;
}

interface Span {
  start: number;
  end: number;
  lead: string;
}

/** 一是…二是…: consecutive ordinals at clause boundaries; at least two make a list. */
export function findItems(text: string): Span[] {
  const marks: number[] = [];
  let from = 0;
  for (let k = 0; k < CN_NUM.length; k++) {
    const re = new RegExp(`(^|[。；;，,：:\\s])${CN_NUM[k]}是`, 'g');
    re.lastIndex = from;
    const m = re.exec(text);
    if (!m) break;
    // 一是 must not be the tail of 十一是 etc.: the boundary char guarantees it
    const at = m.index + m[1].length;
    marks.push(at);
    from = at + CN_NUM[k].length + 1;
  }
  if (marks.length < 2) return [];
  return marks.map((start, k) => {
    let end = k + 1 < marks.length ? marks[k + 1] : text.length;
    while (end > start && /[\s，,；;]/.test(text[end - 1])) end--;
    return { start, end, lead: text.slice(0, marks[0]) };
  });
}

interface TableRow {
  cells: string[];
  start: number;
  end: number;
}

const isPipe = (l: Line | undefined) => l !== undefined && /^[|｜]/.test(l.text);
const cellText = (s: string) => s.replace(/^[|｜]\s*/, '').replace(/\s*[|｜]+\s*$/, '').trim();

/** Parse a pipe-drawn table from line i; returns the rows and the index after the table. */
function parseTable(lines: Line[], i: number): { rows: TableRow[]; next: number } {
  const rows: TableRow[] = [];
  let row: TableRow | null = null;
  const close = (end: number) => {
    if (row && row.cells.length) rows.push({ ...row, end });
    row = null;
  };
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (isPipe(l)) {
      const inner = l.text.trim();
      if (/^[|｜]+$/.test(inner) || /^[|｜][\s|｜:：\-—]*$/.test(inner)) {
        close(l.end);
        continue;
      }
      const parts = inner.split(/[|｜]/).slice(1);
      if (parts.length >= 3 && /[|｜]\s*$/.test(inner)) {
        // one-line row: | 1 | 事项 | 举措 |
        close(l.start);
        rows.push({ cells: parts.slice(0, -1).map((p) => p.trim()), start: l.start, end: l.end });
        continue;
      }
      if (!row) row = { cells: [], start: l.start, end: l.end };
      row.cells.push(cellText(l.text));
      row.end = l.end;
      continue;
    }
    if (!isPipe(lines[i + 1])) break;
    close(l.start);
    row = { cells: [l.text.trim()], start: l.start, end: l.end };
  }
  close(lines[Math.min(i, lines.length) - 1]?.end ?? 0);
  return { rows, next: i };
}

/** The stance of the first passage under the heading at line i that is not itself a heading, or null. */
function openingStance(lines: Line[], i: number, meta: Pick<DocMeta, 'year' | 'kind'>): StanceYear | null {
  const body = lines.slice(i + 1, i + 4).find((l) => !SECTION1.test(l.text) && !SECTION2.test(l.text));
  if (!body) return null;
  const sy = inferStance(body.text, { docYear: meta.year, docKind: meta.kind, section: null });
  return sy.stance === 'other' ? null : sy;
}

/**
 * A line that is a heading without a number: short, unpunctuated, between a finished passage and a longer one
 * that is not itself such a line (so a title block or a list of short lines is not taken for headings).
 */
function isUnnumberedHeading(lines: Line[], i: number): boolean {
  const [prev, line, next] = [lines[i - 1], lines[i], lines[i + 1]];
  if (!prev || !next || !UNNUMBERED.test(line.text) || /^[\d.%]+$/.test(line.text) || findDateline(line.text)) return false;
  if (/^(?:各位代表|同志们|各位委员)/.test(line.text) || !/[。！？!?；;：:”"）)]$/.test(prev.text)) return false;
  // the passage under it may open with an address (结束语 / 各位代表！/ …)
  const body = /^(?:各位代表|同志们|各位委员)[！!：:，,]?$/.test(next.text) ? lines[i + 2] : next;
  return body !== undefined && body.text.length >= Math.max(30, 2 * line.text.length) && !UNNUMBERED.test(body.text);
}

/** Cut a cleaned document into units. */
export function segmentUnits(display: string, meta: Pick<DocMeta, 'id' | 'year' | 'kind'>): Unit[] {
  const lines = splitLines(display);
  const units: Unit[] = [];
  const count: Record<UnitKind, number> = { section: 0, task: 0, item: 0, 'table-row': 0, paragraph: 0, glossary: 0 };
  let path: string[] = [];
  let sectionStance: StanceYear | null = null;
  /** a sub-section's own stance, where it differs from its section's (（十）着力加强政府自身建设) */
  let subStance: StanceYear | null = null;
  let appendix = false;
  let glossary = false;
  let lastTask = 0;
  // where the top level is numbered (一、), a heading without a number sits under it; where it is not, such
  // headings are the top level, and （一）… under each are its sub-sections, not nested into one another
  const numberedTop = lines.some((l) => SECTION1.test(l.text));
  let top: string | null = null;

  const push = (kind: UnitKind, start: number, end: number, title: string, sy: StanceYear, ordinal?: number) => {
    const n = ++count[kind];
    units.push({
      id: `${meta.id}:${LETTER[kind]}${n}`,
      docId: meta.id,
      kind,
      ordinal: ordinal ?? n,
      path: [...path],
      title,
      text: display.slice(start, end),
      start,
      end,
      stance: sy.stance,
      year: sy.year,
      ...(sy.yearTo === undefined ? {} : { yearTo: sy.yearTo }),
    });
  };
  const ctx = () => ({ docYear: meta.year, docKind: meta.kind, section: subStance ?? sectionStance });

  const addItems = (line: Line, parent: StanceYear) => {
    const items = findItems(line.text);
    if (!items.length) return;
    const sy = items[0].lead.trim() ? inferStance(items[0].lead, ctx()) : parent;
    for (const it of items) {
      const body = line.text.slice(it.start, it.end);
      push('item', line.start + it.start, line.start + it.end, headingOf(body.replace(/^[一二三四五六七八九十]+是/, ''), 40).split(/[，,；;]/)[0], sy);
    }
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.text;
    if (isPipe(line) || (isPipe(lines[i + 1]) && !SECTION1.test(t) && !TASK.test(t))) {
      const { rows, next } = parseTable(lines, i);
      for (const row of rows) {
        const num = row.cells[0].match(/^\d+$/);
        if (!num) continue; // the header row names the columns
        push('table-row', row.start, row.end, row.cells[1] ?? row.cells[0], { stance: meta.kind === 'work-points' ? 'plan' : 'other', year: meta.year }, Number(num[0]));
      }
      i = next - 1;
      continue;
    }
    if (GLOSSARY.test(t)) {
      glossary = true;
      path = [t];
      push('section', line.start, line.end, t, { stance: 'other', year: meta.year });
      continue;
    }
    if (glossary && ENTRY.test(t)) {
      // one entry: the numbered term and the lines that define it, up to the next term
      let j = i + 1;
      while (j < lines.length && !ENTRY.test(lines[j].text) && !APPENDIX.test(lines[j].text)) j++;
      const term = t.replace(ENTRY, '').split(/[:：]/)[0].trim();
      push('glossary', line.start, lines[j - 1].end, term, { stance: 'other', year: meta.year });
      i = j - 1;
      continue;
    }
    if (APPENDIX.test(t)) {
      // what follows an attachment line (附件) is lists and tables, not the report's tasks
      appendix = true;
      glossary = false;
      path = [headingOf(t, 30)];
      // 附件1 on a line of its own is titled by the next line (2026年省十件民生实事), which tells its stance
      const title = /^附\s*件\s*\d*\s*[:：]?\s*$/.test(t) ? lines[i + 1]?.text ?? '' : t.replace(/^附\s*件\s*\d*\s*[:：]?/, '');
      sectionStance = headingStance(headingOf(title), meta.year);
      subStance = null;
    }
    if (SECTION1.test(t) && !appendix) {
      const title = headingOf(t);
      path = [title];
      top = title;
      // a descriptive heading (一张蓝图绘到底…) is read by the passage that opens its section
      sectionStance = headingStance(title, meta.year) ?? (isDescriptiveHeading(title, meta.year) ? openingStance(lines, i, meta) : null);
      subStance = null;
      push('section', line.start, line.end, title, sectionStance ?? inferStance(t, ctx()));
      addItems(line, sectionStance ?? inferStance(t, ctx()));
      continue;
    }
    if (SECTION2.test(t) && !appendix) {
      const title = headingOf(t);
      path = top === null ? [title] : [top, title];
      const own = headingStance(title, meta.year);
      // a section that says which way it looks holds for its sub-sections, whose headings are often phrased
      // as results (取得决定性进展 under an outlook) or tasks (聚力落实…任务 under a review); only the government's
      // own conduct stands apart, unless it is reviewed
      subStance = sectionStance ? (own?.stance === 'other' && sectionStance.stance !== 'review' ? own : null) : own;
      const sy = subStance ?? sectionStance ?? inferStance(t, { docYear: meta.year, docKind: meta.kind, section: null });
      push('section', line.start, line.end, title, sy);
      addItems(line, sy);
      continue;
    }
    if (!appendix && !glossary && isUnnumberedHeading(lines, i)) {
      const title = headingOf(t);
      const own = headingStance(title, meta.year);
      if (numberedTop) {
        path = top === null ? [title] : [top, title];
        subStance = sectionStance ? (own?.stance === 'other' && sectionStance.stance !== 'review' ? own : null) : own;
      } else {
        path = [title];
        top = title;
        sectionStance = own ?? (isDescriptiveHeading(title, meta.year) ? openingStance(lines, i, meta) : null);
        subStance = null;
      }
      push('section', line.start, line.end, title, subStance ?? sectionStance ?? { stance: 'other', year: meta.year });
      continue;
    }
    const task = t.match(TASK);
    if (task && !appendix && (Number(task[1]) === lastTask + 1 || Number(task[1]) === 1)) {
      lastTask = Number(task[1]);
      const sy = meta.kind === 'work-points' ? { stance: 'plan' as const, year: meta.year } : inferStance(t, ctx());
      push('task', line.start, line.end, headingOf(t.slice(task[0].length)), sy, lastTask);
      addItems(line, sy);
      continue;
    }
    // the dateline under the title says when the report was delivered, not what it is about
    const sy = i < 8 && findDateline(t) ? { stance: 'other' as const, year: meta.year } : inferStance(t, ctx());
    push('paragraph', line.start, line.end, headingOf(t, 40), sy);
    addItems(line, sy);
  }
  return units;
}
