/** yaodian index | docs | units: build the index and look at what it holds. */
import type { Io } from './io.js';
import { printJson, UsageError } from './io.js';
import { z } from 'zod';
import { check, parse } from './args.js';
import { DEFAULT_STORE, STORES } from '../index/stores.js';
import { buildIndex, openEngine, DEFAULT_INDEX, DEFAULT_SEEDS } from '../persist/open.js';
import type { Unit } from '../types.js';

export async function indexCmd(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { seeds: { type: 'string' }, out: { type: 'string' }, store: { type: 'string' } });
  if (values.help)
    return io.out('yaodian index [--seeds DIR] [--out DIR] [--store gram|flexsearch]  build the index from a folder of .txt reports'), 0;
  const store = check(z.enum(STORES), values.store ?? DEFAULT_STORE);
  await buildIndex(values.seeds ?? DEFAULT_SEEDS, values.out ?? DEFAULT_INDEX, io.err, store);
  return 0;
}

export async function docsCmd(argv: string[], io: Io): Promise<number> {
  const { values } = parse(argv, { index: { type: 'string' }, seeds: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) return io.out('yaodian docs [--index DIR] [--json]  list the indexed documents'), 0;
  const { engine } = await openEngine({ index: values.index, seeds: values.seeds, log: io.err });
  const docs = engine.docList().map((m) => ({ ...m, units: engine.getDoc(m.id).units.length }));
  if (values.json) return printJson(io, docs), 0;
  for (const d of docs)
    io.out(`${d.id.padEnd(34)} ${String(d.date ?? d.year).padEnd(10)} ${d.region}\t${d.kind}\t${d.units} units\t${d.title}`);
  return 0;
}

const indent = (u: Unit) => '  '.repeat(u.kind === 'section' ? u.path.length - 1 : u.kind === 'item' ? u.path.length + 1 : u.path.length);

export async function unitsCmd(argv: string[], io: Io): Promise<number> {
  const { values, positionals } = parse(argv, { index: { type: 'string' }, seeds: { type: 'string' }, json: { type: 'boolean' } });
  if (values.help) return io.out('yaodian units <docId> [--index DIR] [--json]  the units of one document'), 0;
  if (positionals.length !== 1) throw new UsageError('units takes exactly one document id');
  const { engine } = await openEngine({ index: values.index, seeds: values.seeds, log: io.err });
  const doc = engine.getDoc(positionals[0]);
  if (values.json) return printJson(io, doc.units), 0;
  io.out(`${doc.meta.title} (${doc.meta.region}, ${doc.meta.date ?? doc.meta.year}, ${doc.meta.kind})`);
  for (const u of doc.units) {
    if (u.kind === 'paragraph') continue;
    const label = u.kind === 'task' ? `${u.ordinal}.` : u.kind === 'table-row' ? `[${u.ordinal}]` : u.kind === 'item' ? `·` : '§';
    io.out(`${indent(u)}${label} ${u.title}  (${u.id}, ${u.stance} ${u.year})`);
  }
  return 0;
}
export { DEFAULT_SEEDS };
