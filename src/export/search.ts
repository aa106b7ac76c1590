/** A page of search hits as an export: one row per hit, every field of the hit, its unit and its document. */
import type { SearchResult } from '../search/search.js';
import { citeUnit } from './cite.js';
import type { Catalog } from './cited.js';
import {
  CITATION_COLUMNS,
  citationCells,
  cols,
  dateInChina,
  DOC_COLUMNS,
  docCells,
  hitRuns,
  text,
  UNIT_COLUMNS,
  unitCells,
  type BuildOptions,
  type Exportable,
} from './model.js';

const COLUMNS = [
  ...cols([['rank', 'number']]),
  ...UNIT_COLUMNS,
  ...DOC_COLUMNS,
  ...cols([
    ['score', 'number'],
    ['matchCount', 'number'],
    ['matchStart', 'number'],
    ['matchEnd', 'number'],
    ['matches', 'text'],
    ['text', 'text'],
  ]),
  ...CITATION_COLUMNS,
];

export interface SearchExport {
  result: SearchResult;
  /** the offset the page was asked for, so ranks continue across pages */
  offset?: number;
}

export function searchExport({ result, offset = 0 }: SearchExport, catalog: Catalog, opts: BuildOptions = {}): Exportable {
  const found = result.hits.map((h) => ({ hit: h, ...catalog.getUnit(h.unitId) }));
  const rows = found.map(({ hit: h, unit, doc }, k) => {
    const [first] = h.highlights;
    return {
      rank: offset + k + 1,
      ...unitCells(unit),
      ...docCells(doc),
      score: h.score,
      matchCount: h.highlights.length,
      // offsets into `text`, the unit's display text (add unitStart for the document's)
      matchStart: first ? first[0] : null,
      matchEnd: first ? first[1] : null,
      matches: h.highlights.map(([a, b]) => `${a}-${b}`).join(';'),
      text: h.text,
      ...citationCells(doc, unit, opts.baseUrl),
    };
  });
  const shown = result.hits.length ? `，本文件收录第 ${offset + 1}–${offset + result.hits.length} 条` : '';
  return {
    name: `检索-${result.query}`,
    table: { name: '检索结果', columns: COLUMNS, rows },
    report: {
      title: `检索：${result.query}`,
      lines: [`导出日期：${dateInChina(opts.now ?? new Date())}`, `共 ${result.total} 条${shown}。检索词在原文中以底色标出。`],
      tables: [
        {
          columns: ['序号', '文件', '原文'],
          widths: [1, 4, 12],
          rows: found.map(({ hit: h, unit, doc }, k) => [
            text(String(offset + k + 1)),
            [[{ text: doc.issuer }], [{ text: doc.title }], [{ text: doc.date ?? `${doc.year}年`, mark: 'muted' }]],
            [hitRuns(h.text, h.highlights), [{ text: citeUnit(doc, unit), mark: 'muted' }]],
          ]),
        },
      ],
    },
  };
}
