/** Markdown: the report as GitHub-flavoured Markdown tables; deletions ~~struck~~, insertions <ins>underlined</ins>. */
import type { Cell, Report, Run } from './model.js';

/** Characters Markdown would read as syntax inside a table cell. */
const escape = (s: string) => s.replace(/[\\`*_~|<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, '<br>');

function run(r: Run): string {
  const t = escape(r.text);
  if (!t.trim()) return t;
  switch (r.mark) {
    case 'del':
      return `~~${t}~~`;
    case 'ins':
      return `<ins>${t}</ins>`;
    case 'hit':
      return `**${t}**`;
    default:
      return t;
  }
}

const cell = (c: Cell) => c.map((p) => p.map(run).join('')).join('<br>');

export function toMarkdown(report: Report): Uint8Array<ArrayBuffer> {
  const out = [`# ${escape(report.title)}`, '', ...report.lines.map((l) => `${escape(l)}  `), ''];
  for (const t of report.tables) {
    if (t.heading) out.push(`## ${escape(t.heading)}`, '');
    out.push(`| ${t.columns.map(escape).join(' | ')} |`, `|${t.columns.map(() => ' --- ').join('|')}|`);
    for (const row of t.rows) out.push(`| ${row.map(cell).join(' | ')} |`);
    out.push('');
  }
  return new TextEncoder().encode(out.join('\n'));
}
