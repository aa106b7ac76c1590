/** yaodian add | remove: bring your own reports, incrementally. */
import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Io } from './io.js';
import { printJson, UsageError } from './io.js';
import { check, defineCommand, INDEX_FLAGS, JSON_FLAG, type FlagValues } from './command.js';
import { openEngine, DEFAULT_INDEX } from '../persist/open.js';
import { addReport, removeDocuments, type Added } from '../persist/writer.js';
import { readIndexInfo } from '../persist/save.js';
import { safeReportName } from '../ingest/read.js';
import { closeSandbox, sandbox } from '../ingest/sandbox.js';
import { UploadFields } from '../ingest/corpus.js';
import { whyNotAReport } from '../ingest/not-report.js';
import { LIMIT_FLAGS, limitsFromFlags } from './limit-flags.js';
import { isYaodianError } from '../errors.js';
import { progress } from './progress.js';
import { databaseUrl, openDatabase } from './store.js';
import type { DocMeta } from '../types.js';

const SUPPORTED = /\.(txt|text|md|markdown|html?|xhtml|shtml|docx|pdf)$/i;

/** The files to add: each path named, and the supported files inside each folder named (`inFolder`). */
function expand(paths: string[], inFolder = false): { file: string; inFolder: boolean }[] {
  return paths.flatMap((p) => {
    let st;
    try {
      st = statSync(p);
    } catch {
      return [{ file: p, inFolder }]; // readReportFile names the missing file
    }
    if (!st.isDirectory()) return [{ file: p, inFolder }];
    return readdirSync(p).sort().flatMap((n) => expand([join(p, n)], true)).filter((f) => SUPPORTED.test(f.file));
  });
}

const sizeOf = (file: string) => {
  try {
    return statSync(file).size;
  } catch {
    return 0; // a missing file is reported when it is read
  }
};

/** What became of one file: added, or the report it repeats (the same text, or another edition of it). */
function addedLine(file: string, added: Added): string {
  if (added.similarity !== undefined)
    return `= ${file}: another edition of ${added.duplicateOf} (${describe(added.doc.meta)}; similarity ${added.similarity}); not added (--force adds it)`;
  if (added.duplicateOf) return `= ${file}: already indexed as ${added.duplicateOf} (the same text)`;
  return `+ ${file}\n  ${describe(added.doc.meta)}\n  ${added.doc.units.length} units; correct the metadata with --region --year --kind --date --title`;
}

const describe = (m: DocMeta) => `${m.id}: ${m.title} · ${m.region} (${m.level}) · ${m.year} · ${m.date ?? 'no date'} · ${m.kind}`;

const addFlags = {
  ...INDEX_FLAGS,
  ...JSON_FLAG,
  region: { value: 'R', help: 'the region, when the report does not say it (四川省, 遂宁市, 全国)' },
  year: { value: 'Y', help: 'the year the report is about' },
  kind: { value: 'K', help: 'work-points, conference-report or government-work-report' },
  date: { value: 'YYYY-MM-DD', help: 'the date the report was issued' },
  title: { value: 'T', help: 'the title' },
  force: { help: 'add a report although another edition of it (same issuer, year and kind, nearly the same text) is indexed' },
  ...LIMIT_FLAGS,
} as const;

export const addCommand = defineCommand({
  name: 'add',
  summary: 'add .txt/.md/.html/.docx/.pdf reports to the index, incrementally',
  usage: '<file|dir>... [--region R] [--year Y] [--kind K] [--date YYYY-MM-DD] [--title T] [--force] [--index DIR] [--json]',
  flags: addFlags,
  help: '.txt .md .html .docx .pdf; UTF-8 or GB18030/GBK. The flags override what is read from the reports. Each file is read in a child process under the caps above; a file over one is refused, naming it.',
  run: runAdd,
});

async function runAdd(positionals: string[], values: FlagValues<typeof addFlags>, io: Io): Promise<number> {
  if (!positionals.length) throw new UsageError('add needs at least one file or folder');
  const override = check(UploadFields, {
    ...(values.region !== undefined && { region: values.region }),
    ...(values.year !== undefined && { year: values.year }),
    ...(values.kind !== undefined && { kind: values.kind }),
    ...(values.date !== undefined && { date: values.date }),
    ...(values.title !== undefined && { title: values.title }),
  });
  const limits = limitsFromFlags(values);
  const index = values.index ?? DEFAULT_INDEX;
  const url = databaseUrl(values);
  const corpus = url ? await openDatabase(url) : null;
  // an add to a folder does not load the index (its cost would grow with every add): only a missing or stale one is built
  if (!corpus && !readIndexInfo(index)) await openEngine({ index, seeds: values.seeds, log: io.err });
  const results: { file: string; id?: string; duplicateOf?: string; similarity?: number; meta?: DocMeta; error?: string }[] = [];
  const files = expand(positionals).map((f) => ({ ...f, bytes: sizeOf(f.file) }));
  // one file needs no progress; many get a bar on a terminal, a line each elsewhere
  const shown = files.length > 1 ? progress(io, files.length, files.reduce((n, f) => n + f.bytes, 0), 'add') : null;
  try {
    for (const { file, inFolder, bytes } of files) await addOne(file, inFolder, bytes);
  } finally {
    closeSandbox();
  }
  shown?.end();
  if (values.json) printJson(io, results);
  return results.some((r) => r.error) ? 1 : 0;

  async function addOne(file: string, inFolder: boolean, bytes: number): Promise<void> {
    shown?.pause();
    let told = false;
    try {
      const prepared = await sandbox().prepare({ path: file, name: safeReportName(basename(file)), override, limits });
      const notReport = inFolder ? whyNotAReport(prepared.text, file) : null;
      if (notReport) {
        // a folder of reports often carries its README or source note: skipped, not an error
        io.err(`skipped ${file}: ${notReport}`);
        told = true;
        return;
      }
      const opts = { force: values.force === true };
      const added = corpus ? await corpus.addPrepared(prepared, override, opts) : await addReport(index, prepared, override, { log: io.err, ...opts });
      results.push({ file, id: added.doc.meta.id, duplicateOf: added.duplicateOf, similarity: added.similarity, meta: added.doc.meta });
      if (!values.json) io.out(addedLine(file, added));
    } catch (e) {
      if (!isYaodianError(e)) throw e;
      results.push({ file, error: e.message });
      io.err(`yaodian: ${e.message}`);
      told = true;
    } finally {
      shown?.file(file, bytes, told);
    }
  }
}

export const removeCommand = defineCommand({
  name: 'remove',
  summary: 'remove a document from the index',
  usage: '<docId>... [--index DIR]',
  flags: INDEX_FLAGS,
  run: runRemove,
});

async function runRemove(positionals: string[], values: FlagValues<typeof INDEX_FLAGS>, io: Io): Promise<number> {
  if (!positionals.length) throw new UsageError('remove needs a document id');
  const index = values.index ?? DEFAULT_INDEX;
  const url = databaseUrl(values);
  if (url) {
    const corpus = await openDatabase(url);
    for (const id of positionals) io.out(`- ${describe((await corpus.remove(id)).meta)}`);
    return 0;
  }
  const { engine } = await openEngine({ index, seeds: values.seeds, log: io.err });
  for (const id of positionals) {
    const meta = engine.getDoc(id).meta;
    await removeDocuments(index, [id], { engine });
    io.out(`- ${describe(meta)}`);
  }
  return 0;
}
