/** The `yaodian` command: one engine, many views. */
import { stdio, reportError, type Io } from './io.js';
import { runCommands, type CliCommand } from './command.js';

/**
 * Each command's module, in the order `yaodian help` lists them. A command loads only its own module (and what
 * that imports): `search` never pays for the web server's routes, the exporters or the ingest of new files, which
 * cost more than the search itself on a cold start.
 */
const LOADERS: readonly (readonly [string, () => Promise<CliCommand<any>>])[] = [
  ['serve', async () => (await import('./serve-cmd.js')).serveCommand],
  ['index', async () => (await import('./corpus-cmds.js')).indexCommand],
  ['docs', async () => (await import('./corpus-cmds.js')).docsCommand],
  ['units', async () => (await import('./corpus-cmds.js')).unitsCommand],
  ['search', async () => (await import('./search-cmd.js')).searchCommand],
  ['compare', async () => (await import('./compare-cmds.js')).compareCommand],
  ['diff', async () => (await import('./compare-cmds.js')).diffCommand],
  ['first', async () => (await import('./compare-cmds.js')).firstCommand],
  ['trend', async () => (await import('./compare-cmds.js')).trendCommand],
  ['new', async () => (await import('./new-cmd.js')).newCommand],
  ['indicators', async () => (await import('./indicators-cmd.js')).indicatorsCommand],
  ['add', async () => (await import('./add-cmd.js')).addCommand],
  ['remove', async () => (await import('./add-cmd.js')).removeCommand],
  ['migrate', async () => (await import('./store-cmds.js')).migrateCommand],
];

/** Every command, in the order `yaodian help` lists them. */
export const loadCommands = (): Promise<CliCommand<any>[]> => Promise.all(LOADERS.map(([, load]) => load()));

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  try {
    // a command named first is all commander needs; anything else (help, a typo) gets the full list
    const named = LOADERS.find(([name]) => name === argv[0]);
    const commands = named ? [await named[1]()] : await loadCommands();
    return await runCommands(commands, argv, io);
  } catch (e) {
    return reportError(io, e);
  }
}
