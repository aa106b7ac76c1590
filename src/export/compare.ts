/**
 * Comparisons as exports, laid out as Word's track changes (修订) shows an edit: the words deleted since the step
 * before struck through, the words inserted underlined, in one sentence.
 */
import { isEntry, type CompareOptions, type CompareResult } from '../compare/timeline.js';
import type { DocDiff, DocDiffPair } from '../compare/docdiff.js';
import type { DocMeta, Unit } from '../types.js';
import { citeDoc, citeUnit, locator } from './cite.js';
import type { Catalog } from './cited.js';
import { absolute, comparePath, linkOf } from './links.js';
import {
  CITATION_COLUMNS,
  citationCells,
  cols,
  dateInChina,
  diffNotation,
  diffRuns,
  DOC_COLUMNS,
  docCells,
  text,
  UNIT_COLUMNS,
  unitCells,
  type BuildOptions,
  type CellValue,
  type Column,
  type Exportable,
} from './model.js';

const LEGEND = '删去的文字以红色删除线标出，新增的文字以绿色下划线标出。';

const TIMELINE_COLUMNS = [
  ...cols([['step', 'number']]),
  ...UNIT_COLUMNS,
  ...DOC_COLUMNS,
  ...cols([
    ['similarity', 'number'],
    ['windowStart', 'number'],
    ['windowEnd', 'number'],
    ['compared', 'text'],
    ['diff', 'text'],
    ['text', 'text'],
  ]),
  ...CITATION_COLUMNS,
];

export interface CompareExportOptions extends BuildOptions {
  /** what compare() was given (by default, what the result says: its query or unit, its view) */
  asked?: CompareOptions;
}

const READING = { term: '按词语比较（每一条都含有该词）', statement: '按语句比较（各文件中最相近的句子）', unit: '从所跟踪的条目出发，找各文件中最相近的条目' } as const;

/** How the comparison was made, in the words of the page: what a reader of the file needs to read it as it was seen. */
function howLine(result: CompareResult, asked: CompareOptions): string {
  const parts: string[] = [READING[result.kind]];
  if (result.threshold !== null) parts.push(`相似度不低于 ${result.threshold}`);
  parts.push(result.view === 'paragraph' ? '比较整段' : '比较所匹配的句子');
  parts.push(asked.gaps === false ? '未列出未提及的文件' : '列出未提及的文件');
  return `比较方式：${parts.join('；')}。`;
}

export function compareExport(result: CompareResult, catalog: Catalog, opts: CompareExportOptions = {}): Exportable {
  const asked = opts.asked ?? (result.seed ? { unitId: result.seed, view: result.view } : { query: result.query, view: result.view });
  const steps = result.timeline.filter(isEntry).map((e) => ({ e, ...catalog.getUnit(e.unitId) }));
  const rows = steps.map(({ e, unit, doc }, k) => ({
    step: k + 1,
    ...unitCells(unit),
    ...docCells(doc),
    similarity: e.similarity,
    // offsets into `text`, the unit's display text
    windowStart: e.window[0],
    windowEnd: e.window[1],
    compared: e.text.slice(e.window[0], e.window[1]),
    diff: e.diff ? diffNotation(e.diff) : null,
    text: e.text,
    ...citationCells(doc, unit, opts.baseUrl),
  }));
  const what = result.seed ? steps.find((s) => s.e.unitId === result.seed)?.unit.title ?? result.query : result.query;
  return {
    name: `历年比较-${what}`,
    table: { name: '历年比较', columns: TIMELINE_COLUMNS, rows },
    report: {
      title: `历年比较：${what}`,
      lines: [
        `导出日期：${dateInChina(opts.now ?? new Date())}`,
        `共 ${steps.length} 份文件，按年份排列；每一条与上一条相比，${LEGEND}`,
        howLine(result, asked),
        `在线查看：${absolute(comparePath(linkOf(asked)), opts.baseUrl)}`,
      ],
      tables: [
        {
          columns: ['年份', '发布机关', '语句'],
          widths: [2, 4, 12],
          // a gap keeps its place in the years, so a disappearance shows in the report too
          rows: result.timeline.map((item) => {
            if (item.type === 'gap') {
              const doc = catalog.getDoc(item.docId).meta;
              return [
                [[{ text: `${item.year}年` }], [{ text: doc.date ?? '', mark: 'muted' }]],
                [[{ text: doc.issuer }], [{ text: doc.title, mark: 'muted' }]],
                [[{ text: '（未提及）', mark: 'muted' }]],
              ];
            }
            const { e, unit, doc } = steps.find((s) => s.e === item)!;
            return [
              [[{ text: `${e.year}年` }], [{ text: doc.date ?? '', mark: 'muted' }]],
              [[{ text: doc.issuer }], [{ text: doc.title, mark: 'muted' }]],
              [e.diff ? diffRuns(e.diff) : [{ text: e.text.slice(e.window[0], e.window[1]) }], [{ text: citeUnit(doc, unit), mark: 'muted' }]],
            ];
          }),
        },
      ],
    },
  };
}

const STATUS = { matched: '相同', changed: '修改', added: '新增', removed: '删去' } as const;
type Status = keyof typeof STATUS;

const statusOf = (p: DocDiffPair): Status =>
  p.a && p.b ? (p.diff.every((o) => o.op === 'equal') ? 'matched' : 'changed') : p.a ? 'removed' : 'added';

const capital = (s: string) => s[0].toUpperCase() + s.slice(1);
const prefixed = (side: 'a' | 'b', cells: Record<string, CellValue>) =>
  Object.fromEntries(Object.entries(cells).map(([k, v]) => [side + capital(k), v]));
const sideColumns = (side: 'a' | 'b'): Column[] =>
  [...UNIT_COLUMNS, ...cols([['text', 'text']]), ...CITATION_COLUMNS, ...DOC_COLUMNS].map((c) => ({ ...c, key: side + capital(c.key) }));

const DIFF_COLUMNS = [
  ...cols([
    ['pair', 'number'],
    ['status', 'text'],
    ['similarity', 'number'],
    ['diff', 'text'],
  ]),
  ...sideColumns('a'),
  ...sideColumns('b'),
];

type Side = { unit: Unit; doc: DocMeta } | null;

function sideCells(side: 'a' | 'b', found: Side, baseUrl?: string): Record<string, CellValue> {
  const keys = sideColumns(side).map((c) => c.key);
  if (!found) return Object.fromEntries(keys.map((k) => [k, null]));
  const { unit, doc } = found;
  return prefixed(side, { ...unitCells(unit), text: unit.text, ...citationCells(doc, unit, baseUrl), ...docCells(doc) });
}

export function diffExport(result: DocDiff, catalog: Catalog, opts: BuildOptions = {}): Exportable {
  const [A, B] = [catalog.getDoc(result.a).meta, catalog.getDoc(result.b).meta];
  const pairs = result.pairs.map((p) => ({
    p,
    status: statusOf(p),
    a: p.a ? catalog.getUnit(p.a) : null,
    b: p.b ? catalog.getUnit(p.b) : null,
  }));
  const rows = pairs.map(({ p, status, a, b }, k) => ({
    pair: k + 1,
    status,
    similarity: p.similarity,
    diff: diffNotation(p.diff),
    ...sideCells('a', a, opts.baseUrl),
    ...sideCells('b', b, opts.baseUrl),
  }));
  const s = result.summary;
  const place = (x: Side) => (x ? locator(x.unit) : '—');
  return {
    name: `文件对比-${A.title}-${B.title}`,
    table: { name: '文件对比', columns: DIFF_COLUMNS, rows },
    report: {
      title: `文件对比：${A.title} → ${B.title}`,
      lines: [
        `导出日期：${dateInChina(opts.now ?? new Date())}`,
        `原文：${citeDoc(A)}`,
        `新文：${citeDoc(B)}`,
        `相同 ${s.matched} 处，修改 ${s.changed} 处，新增 ${s.added} 处，删去 ${s.removed} 处；${LEGEND}`,
      ],
      tables: [
        {
          columns: ['原文位置', '新文位置', '变化', '语句'],
          widths: [2, 2, 1.2, 12],
          rows: pairs.map(({ p, status, a, b }) => [text(place(a)), text(place(b)), text(STATUS[status]), [diffRuns(p.diff)]]),
        },
      ],
    },
  };
}
