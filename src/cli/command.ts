/**
 * Commands are declared as data (name, synopsis, flags, help) and parsed by commander: it refuses unknown flags
 * and flags missing their value, and renders `--help` from the declarations. What a flag's value must be is
 * checked in the command itself (by a zod schema, or intFlag's parser for a number), like every other edge.
 */
import { Command, CommanderError } from 'commander';
import { UsageError, type Io } from './io.js';

/** A flag takes a value when it names a placeholder (`--limit N`); without one it is a switch. */
export interface Flag {
  help: string;
  value?: string;
}
export type Flags = Record<string, Flag>;
export type FlagValues<F extends Flags> = { [K in keyof F]?: F[K] extends { value: string } ? string : boolean };

export interface CliCommand<F extends Flags = Flags> {
  name: string;
  /** one line in `yaodian help` */
  summary: string;
  /** what follows `yaodian <name>` in the usage line */
  usage: string;
  flags: F;
  /** shown after the list of flags: a query language, examples */
  help?: string;
  /** `stop` ends a long-running command (serve) the way SIGINT does */
  run(args: string[], flags: FlagValues<F>, io: Io, stop?: AbortSignal): Promise<number>;
}

export const defineCommand = <const F extends Flags>(c: CliCommand<F>): CliCommand<F> => c;

/** The flags most commands share: where the index is, what it is built from, and JSON output. */
export const INDEX_FLAGS = {
  index: { value: 'DIR', help: 'the index folder (default index/)' },
  seeds: { value: 'DIR', help: 'the folder of reports to build from when there is no index yet (default seeds/); an index keeps its own' },
  store: { value: 'URL', help: 'a PostgreSQL database (postgres://user@host:port/db) instead of the index folder (default $YAODIAN_DATABASE_URL when set and no --index is given)' },
} as const;
export const JSON_FLAG = { json: { help: 'print the result as JSON, and nothing else, on stdout' } } as const;

function commanderCommand(c: CliCommand<any>, io: Io, setCode: (code: number) => void, stop?: AbortSignal): Command {
  const cmd = new Command(c.name)
    .summary(c.summary)
    .usage(c.usage)
    // positionals are checked by each command, so its message names what is missing
    .argument('[args...]')
    .allowExcessArguments()
    .helpOption('-h, --help', 'show this help');
  for (const [name, f] of Object.entries<Flag>(c.flags)) cmd.option(`--${name}${f.value ? ` <${f.value}>` : ''}`, f.help);
  if (c.help) cmd.addHelpText('after', `\n${c.help}`);
  return quiet(cmd, io).action(async (args: string[]) => {
    const values: Record<string, string | boolean | undefined> = {};
    for (const o of cmd.options) values[o.long!.slice(2)] = cmd.getOptionValue(o.attributeName());
    setCode(await c.run(args, values as FlagValues<Flags>, io, stop));
  });
}

/** commander writes to `io` and throws instead of exiting, so `main` decides the exit code */
const quiet = (cmd: Command, io: Io) =>
  cmd.exitOverride().configureOutput({ writeOut: io.out, writeErr: io.err, outputError: () => {} });

/**
 * Runs `argv` against the commands. Misuse (an unknown command or flag, a flag without its value) throws a
 * UsageError; help prints to `io.out` and returns 0.
 */
export async function runCommands(commands: CliCommand<any>[], argv: string[], io: Io, stop?: AbortSignal): Promise<number> {
  let code = 0;
  const program = quiet(new Command('yaodian'), io)
    .description('search and compare Chinese government work reports')
    .usage('<command> [options]')
    .helpOption('-h, --help', 'show this help')
    .configureHelp({ subcommandTerm: (cmd) => cmd.name() })
    .addHelpText('after', '\nEvery command takes --help; most take --json and --index DIR.');
  for (const c of commands) program.addCommand(commanderCommand(c, io, (n) => (code = n), stop));
  try {
    await program.parseAsync(argv.length ? argv : ['--help'], { from: 'user' });
  } catch (e) {
    if (!(e instanceof CommanderError)) throw e;
    if (e.exitCode === 0) return 0; // help was printed
    const hint = e.code === 'commander.unknownOption' ? ' (an argument starting with - goes after --, e.g. yaodian search -- 科技 -疫情)' : '';
    throw new UsageError(e.message.replace(/^error: /, '') + hint);
  }
  return code;
}

/** Runs one command alone, as `yaodian <name> …argv` would. */
export const runCommand = (c: CliCommand<any>, argv: string[], io: Io, stop?: AbortSignal) =>
  runCommands([c], [c.name, ...argv], io, stop);

/** What check() needs of a schema: zod's safeParse, which intFlag's parser also has. */
export interface Parser<T> {
  safeParse(value: unknown): { success: true; data: T } | { success: false; error: { issues: readonly { message: string }[] } };
}

/**
 * A whole-number flag within [min, max]. Parsed by hand, not by zod: importing zod costs a cold start more
 * than the search it runs, and a number flag is the only check `search`, `compare` and `diff` make.
 */
export const intFlag = (name: string, min: number, max: number): Parser<number> => ({
  safeParse(value: unknown) {
    const fail = (message: string) => ({ success: false as const, error: { issues: [{ message }] } });
    if (typeof value !== 'string' || !/^\d+$/.test(value)) return fail(`--${name} must be a whole number`);
    const n = Number(value);
    if (n < min) return fail(`--${name} must be at least ${min}`);
    if (n > max) return fail(`--${name} must be at most ${max}`);
    return { success: true as const, data: n };
  },
});

export function check<T>(schema: Parser<T>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}
