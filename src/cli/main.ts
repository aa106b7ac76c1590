/** The `yaodian` command: one engine, many views. */
import { stdio, reportError, type Io, UsageError } from './io.js';
import { docsCmd, indexCmd, unitsCmd } from './corpus-cmds.js';
import { searchCmd } from './search-cmd.js';
import { addCmd, removeCmd } from './add-cmd.js';
import { indicatorsCmd } from './indicators-cmd.js';
import { serveCmd } from './serve-cmd.js';
import { compareCmd, diffCmd, firstCmd, trendCmd } from './compare-cmds.js';

type Command = (argv: string[], io: Io) => Promise<number>;

export const COMMANDS: Record<string, { run: Command; help: string }> = {
  serve: { run: serveCmd, help: 'serve the JSON API and the web page (http://127.0.0.1:8787)' },
  index: { run: indexCmd, help: 'build index/ from seeds/ (search and serve also rebuild it when stale)' },
  docs: { run: docsCmd, help: 'list documents' },
  units: { run: unitsCmd, help: 'the sections, tasks, items and rows of one document' },
  search: { run: searchCmd, help: 'full-text search (yaodian search --help for the query language)' },
  compare: { run: compareCmd, help: 'how a task is worded across years and regions, with word-level diffs' },
  diff: { run: diffCmd, help: 'align every unit of one document with another' },
  first: { run: firstCmd, help: 'where and when a phrase first appeared, and every occurrence after' },
  trend: { run: trendCmd, help: 'occurrences per year and per region' },
  indicators: { run: indicatorsCmd, help: 'quantitative targets and outcomes (--plan-vs-actual for attainment)' },
  add: { run: addCmd, help: 'add .txt/.md/.html/.docx/.pdf reports to the index, incrementally' },
  remove: { run: removeCmd, help: 'remove a document from the index' },
};

export const HELP = () =>
  `yaodian — search and compare Chinese government work reports\n\nUsage: yaodian <command> [options]\n\n${Object.entries(COMMANDS)
    .map(([k, v]) => `  ${k.padEnd(10)} ${v.help}`)
    .join('\n')}\n\nEvery command takes --help; most take --json and --index DIR.`;

export async function main(argv: string[], io: Io = stdio): Promise<number> {
  const [name, ...rest] = argv;
  try {
    if (!name || name === 'help' || name === '--help' || name === '-h') return io.out(HELP()), 0;
    const cmd = COMMANDS[name];
    if (!cmd) throw new UsageError(`unknown command "${name}"`);
    return await cmd.run(rest, io);
  } catch (e) {
    return reportError(io, e);
  }
}
