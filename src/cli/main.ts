/** The `yaodian` command: one engine, many views. */
import { stdio, reportError, type Io } from './io.js';
import { runCommands, type CliCommand } from './command.js';
import { docsCommand, indexCommand, unitsCommand } from './corpus-cmds.js';
import { searchCommand } from './search-cmd.js';
import { addCommand, removeCommand } from './add-cmd.js';
import { indicatorsCommand } from './indicators-cmd.js';
import { serveCommand } from './serve-cmd.js';
import { compareCommand, diffCommand, firstCommand, trendCommand } from './compare-cmds.js';
import { newCommand } from './new-cmd.js';

/** in the order `yaodian help` lists them */
export const COMMANDS: CliCommand<any>[] = [
  serveCommand,
  indexCommand,
  docsCommand,
  unitsCommand,
  searchCommand,
  compareCommand,
  diffCommand,
  firstCommand,
  trendCommand,
  newCommand,
  indicatorsCommand,
  addCommand,
  removeCommand,
];

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  try {
    return await runCommands(COMMANDS, argv, io);
  } catch (e) {
    return reportError(io, e);
  }
}
