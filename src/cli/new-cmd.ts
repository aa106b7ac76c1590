/**
 * yaodian new <docId>: the phrases a report uses for the first time (新提法), most salient first, each with where
 * it first occurs and the later documents that took it up; then the strength shifts against the issuer's
 * previous report. --json prints only the result object; --format writes it as a file.
 */
import { newPhrases, NewQuery, type NewResult } from '../compare/new.js';
import type { ShiftSummary } from '../compare/report-shifts.js';
import { openWithTokens, savingTokens } from './tokens.js';
import { check, defineCommand, INDEX_FLAGS, JSON_FLAG, type FlagValues } from './command.js';
import { printJson, UsageError, type Io } from './io.js';
import { EXPORT_FLAGS, exportFormat, writeExport } from './export.js';

const flags = {
  against: { value: 'level|all', help: 'earlier documents of the same or a higher level (default), or all of them' },
  limit: { value: 'N', help: 'how many phrases to show (default 30, at most 1000)' },
  ...INDEX_FLAGS,
  ...JSON_FLAG,
  ...EXPORT_FLAGS,
} as const;

export const newCommand = defineCommand({
  name: 'new',
  summary: 'what a report says for the first time (新提法), and its strength shifts',
  usage: '<docId> [--against level|all] [--limit N] [--index DIR] [--json | --format csv|xlsx|docx|md --out FILE]',
  flags,
  help: `A phrase is new when no earlier document (by date) of the same or a higher level contains it:
  yaodian new state-council-2024
  yaodian new sichuan-2024-conference --against all
The shifts compare the report with its issuer's previous one (稳健 → 适度宽松 的货币政策 is up).`,
  run: savingTokens(runNew),
});

async function runNew(positionals: string[], values: FlagValues<typeof flags>, io: Io): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('new takes one document id, e.g. yaodian new state-council-2024 (list them with yaodian docs)');
  const format = exportFormat(values);
  const q = check(NewQuery, { against: values.against, limit: values.limit ?? '30' });
  const engine = await openWithTokens(values, io);
  const r = newPhrases(engine, positionals[0], q);
  if (format) return writeExport(io, (x) => x.newExport(r, engine), format, values.out);
  if (values.json) return printJson(io, r), 0;
  printPhrases(io, r);
  if (r.shifts) printShifts(io, r.shifts);
  return 0;
}

function printPhrases(io: Io, r: NewResult): void {
  const against = r.against === 'all' ? 'earlier documents' : 'earlier documents of its level or above';
  io.out(`${r.doc.title} (${r.doc.id}, ${r.doc.date ?? r.doc.year}): ${r.total} phrases absent from all ${r.earlierDocuments} ${against}`);
  r.phrases.forEach((p, k) => {
    const marks = [`×${p.count}`, p.inTitles ? `${p.inTitles} in headings` : '', p.quoted ? 'quoted' : ''].filter(Boolean).join(', ');
    io.out(`\n${String(k + 1).padStart(3)}. ${p.phrase}  (${marks})  ${p.firstUnit}`);
    io.out(`     ${p.quote}`);
    if (p.takenUpBy.length) {
      const more = p.laterDocuments > p.takenUpBy.length ? ` … ${p.laterDocuments} in all` : '';
      io.out(`     → ${p.takenUpBy.map((u) => `${u.region} ${u.date ?? u.year}`).join(' → ')}${more}`);
    }
  });
  if (r.total > r.phrases.length) io.out(`\n… ${r.total - r.phrases.length} more (--limit)`);
}

function printShifts(io: Io, s: ShiftSummary): void {
  io.out(`\nStrength shifts against ${s.previous.title} (${s.previous.id}): ${s.up} up, ${s.down} down`);
  for (const st of s.stances) {
    const move = st.direction ? (st.direction === 'up' ? '↑' : '↓') : '=';
    io.out(`  ${st.label}: ${st.was ?? '—'} → ${st.now ?? '—'}  ${move}`);
  }
  for (const x of s.shifts) io.out(`  ${x.direction === 'up' ? '↑' : '↓'} ${x.label} ${x.from} → ${x.to}  ${x.b}\n      ${x.was}\n    → ${x.now}`);
}
