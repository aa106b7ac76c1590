/** yaodian index | docs | units: build the index and look at what it holds. */
import { openReading } from './store.js';
import type { Io } from './io.js';
import { printJson, UsageError } from './io.js';
import * as z from 'zod';
import { check, defineCommand, INDEX_FLAGS, JSON_FLAG, type FlagValues } from './command.js';
import { DEFAULT_STORE, STORES } from '../index/stores.js';
import { resolve } from 'node:path';
import { buildIndex, builtFrom, DEFAULT_INDEX, DEFAULT_SEEDS } from '../persist/open.js';
import type { Unit } from '../types.js';
import { citeMeta, citeUnits } from '../export/cited.js';
import { folderProgress } from './progress.js';
import { isDatabaseUrl } from '../persist/pg/url.js';
import { databaseUrl } from './store.js';

const indexFlags = {
  seeds: { value: 'DIR', help: 'the folder of reports to index (default: the folder the index was built from, else seeds/)' },
  out: { value: 'DIR', help: 'where to write the index (default index/)' },
  store: { value: `${STORES.join('|')}|URL`, help: `the index structure (default ${DEFAULT_STORE}), or a PostgreSQL database (postgres://…) to store the folder's documents in` },
  'keep-editions': { help: 'index every edition of a report the folder holds (by default one of each)' },
} as const;

export const indexCommand = defineCommand({
  name: 'index',
  summary: 'build index/ from seeds/, or rebuild an index from the folder it was built from',
  usage: `[--seeds DIR] [--out DIR] [--store ${STORES.join('|')}|postgres://…] [--keep-editions]`,
  flags: indexFlags,
  help: `Builds the index from a folder of .txt reports. Two files that are editions of one report (the same matching
form, or the same issuer, year and kind with a bigram similarity of at least 0.9) are indexed once: the one the index
already holds is kept, else the fuller text (longer matching form), then one the manifest describes, then the first
by file name; each file set aside is named with the one kept and their similarity. --keep-editions indexes both
(an index folder remembers it for its rebuilds).`,
  run: runIndex,
});

async function runIndex(_: string[], values: FlagValues<typeof indexFlags>, io: Io): Promise<number> {
  const url = values.store !== undefined && isDatabaseUrl(values.store) ? values.store : values.store === undefined && !values.out ? databaseUrl({}) : undefined;
  const keepEditions = values['keep-editions'] === true;
  if (url) return (await import('./store-cmds.js')).indexIntoDatabase(values.seeds ?? DEFAULT_SEEDS, url, io, { keepEditions });
  const store = check(z.enum(STORES), values.store ?? DEFAULT_STORE);
  const out = values.out ?? DEFAULT_INDEX;
  // without --seeds an existing index is rebuilt from its own folder, never replaced by the bundled seeds
  const own = builtFrom(out);
  const seeds = resolve(values.seeds ?? own ?? DEFAULT_SEEDS);
  if (own && own !== seeds) io.err(`${out} was built from ${own}; rebuilding it from ${seeds} (documents added with \`yaodian add\` are kept)`);
  const shown = folderProgress(io, 'read');
  try {
    await buildIndex(seeds, out, { log: io.err, store, onFile: shown.onFile, keepEditions });
  } finally {
    shown.end();
  }
  return 0;
}

const flags = { ...INDEX_FLAGS, ...JSON_FLAG } as const;

export const docsCommand = defineCommand({ name: 'docs', summary: 'list documents', usage: '[--index DIR] [--json]', flags, run: runDocs });

async function runDocs(_: string[], values: FlagValues<typeof flags>, io: Io): Promise<number> {
  const engine = await openReading(values, io);
  const docs = engine.docList().map((m) => ({ ...citeMeta(m), units: engine.getDoc(m.id).units.length }));
  if (values.json) return printJson(io, docs), 0;
  for (const d of docs) {
    io.out(`${d.id.padEnd(34)} ${(d.date ?? 'no date').padEnd(10)} ${d.year} ${d.region}\t${d.level}\t${d.kind}\t${d.units} units\t${d.title}`);
    if (d.dateNote) io.out(`${''.padEnd(34)} date: ${d.dateNote}`);
  }
  return 0;
}

const indent = (u: Unit) => '  '.repeat(u.kind === 'section' ? u.path.length - 1 : u.kind === 'item' ? u.path.length + 1 : u.path.length);

export const unitsCommand = defineCommand({
  name: 'units',
  summary: 'the sections, tasks, items and rows of one document',
  usage: '<docId> [--index DIR] [--json]',
  flags,
  run: runUnits,
});

async function runUnits(positionals: string[], values: FlagValues<typeof flags>, io: Io): Promise<number> {
  if (positionals.length !== 1) throw new UsageError('units takes exactly one document id');
  const engine = await openReading(values, io);
  const doc = engine.getDoc(positionals[0]);
  if (values.json) return printJson(io, citeUnits(doc)), 0;
  io.out(`${doc.meta.title} (${doc.meta.region}, ${doc.meta.date ?? doc.meta.year}, ${doc.meta.kind})`);
  for (const u of doc.units) {
    if (u.kind === 'paragraph') continue;
    const label = u.kind === 'task' ? `${u.ordinal}.` : u.kind === 'table-row' ? `[${u.ordinal}]` : u.kind === 'item' ? '·' : u.kind === 'glossary' ? '释' : '§';
    io.out(`${indent(u)}${label} ${u.title}  (${u.id}, ${u.stance} ${u.year}${u.yearTo === undefined ? '' : `–${u.yearTo}`})`);
  }
  return 0;
}
