/** A report's 新提法 as an export: one row per phrase; the report adds its strength shifts against the issuer's previous report. */
import type { NewResult } from '../compare/new.js';
import type { ShiftSummary } from '../compare/report-shifts.js';
import { citeDoc, citeUnit } from './cite.js';
import type { Catalog } from './cited.js';
import {
  CITATION_COLUMNS,
  citationCells,
  cols,
  dateInChina,
  DOC_COLUMNS,
  docCells,
  text,
  UNIT_COLUMNS,
  unitCells,
  type BuildOptions,
  type Exportable,
  type ReportTable,
} from './model.js';

const COLUMNS = [
  ...cols([
    ['rank', 'number'],
    ['phrase', 'text'],
    ['match', 'text'],
    ['count', 'number'],
    ['inTitles', 'number'],
    ['quoted', 'number'],
    ['salience', 'number'],
    ['laterDocuments', 'number'],
    ['takenUpBy', 'text'],
    ['quote', 'text'],
  ]),
  // the unit of the first occurrence, and the report's own metadata
  ...UNIT_COLUMNS,
  ...DOC_COLUMNS,
  ...CITATION_COLUMNS,
];

const ARROW = { up: '↑ 加强', down: '↓ 减弱' } as const;

function shiftsTable(s: ShiftSummary): ReportTable {
  const stances = s.stances.map((st) => [
    text(st.direction ? ARROW[st.direction] : '未变'),
    text(st.label),
    [[{ text: st.was ?? '—', mark: 'del' as const }], [{ text: st.now ?? '—', mark: 'ins' as const }]],
  ]);
  const shifts = s.shifts.map((x) => [text(ARROW[x.direction]), text(`${x.label}：${x.from} → ${x.to}`), [[{ text: x.was, mark: 'del' as const }], [{ text: x.now, mark: 'ins' as const }]]]);
  return { heading: `与上一份报告（${s.previous.title}）相比的力度变化`, columns: ['方向', '提法', '原句 / 新句'], widths: [1.5, 4, 12], rows: [...stances, ...shifts] };
}

export function newExport(result: NewResult, catalog: Catalog, opts: BuildOptions = {}): Exportable {
  const { meta } = catalog.getDoc(result.doc.id);
  const found = result.phrases.map((p) => ({ p, ...catalog.getUnit(p.firstUnit) }));
  const rows = found.map(({ p, unit, doc }, k) => ({
    rank: k + 1,
    phrase: p.phrase,
    match: p.match,
    count: p.count,
    inTitles: p.inTitles,
    quoted: p.quoted,
    salience: p.salience,
    laterDocuments: p.laterDocuments,
    takenUpBy: p.takenUpBy.map((u) => `${u.region} ${u.date ?? u.year} ${u.id}`).join('; '),
    quote: p.quote,
    ...unitCells(unit),
    ...docCells(doc),
    ...citationCells(doc, unit, opts.baseUrl),
  }));
  const against = result.against === 'all' ? '此前全部' : '此前同级及以上';
  const phrases: ReportTable = {
    columns: ['序号', '新提法', '次数', '首见原文', '此后采用'],
    widths: [1, 3, 1, 9, 4],
    rows: found.map(({ p, unit, doc }, k) => [
      text(String(k + 1)),
      text(p.phrase),
      text(String(p.count)),
      [[{ text: p.quote }], [{ text: citeUnit(doc, unit), mark: 'muted' }]],
      p.takenUpBy.length ? p.takenUpBy.map((u) => [{ text: `${u.region} ${u.date ?? u.year}` }]) : text('—'),
    ]),
  };
  return {
    name: `新提法-${meta.title}`,
    table: { name: '新提法', columns: COLUMNS, rows },
    report: {
      title: `新提法：${meta.title}`,
      lines: [
        `导出日期：${dateInChina(opts.now ?? new Date())}`,
        `文件：${citeDoc(meta)}`,
        `与${against}的 ${result.earlierDocuments} 份文件相比，首次出现的提法共 ${result.total} 个，此处列出 ${result.phrases.length} 个。`,
      ],
      tables: result.shifts ? [phrases, shiftsTable(result.shifts)] : [phrases],
    },
  };
}
