/** Output helpers shared by the commands: JSON on stdout only, messages on stderr. */
import { isYaodianError, type ErrorCode } from '../errors.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  /** stdout as bytes, for a file format piped on (`--format xlsx > hits.xlsx`); absent where there is no such stream */
  bytes?: (b: Uint8Array) => void;
  /** true when stdout is a terminal: binary files are never written there */
  isTTY?: boolean;
  /** rewrites the last line of stderr in place (a progress bar; '' clears it); absent when stderr is not a terminal */
  status?: (line: string) => void;
}

export const stdio: Io = {
  out: (s) => process.stdout.write(s.endsWith('\n') ? s : s + '\n'),
  err: (s) => process.stderr.write(s.endsWith('\n') ? s : s + '\n'),
  bytes: (b) => process.stdout.write(b),
  get isTTY() {
    return Boolean(process.stdout.isTTY);
  },
  get status() {
    return process.stderr.isTTY ? (line: string) => void process.stderr.write(`\r\x1b[K${line}`) : undefined;
  },
};

export const printJson = (io: Io, value: unknown) => io.out(JSON.stringify(value, null, 2));

/** Exit codes: 1 for a request the engine refuses (unknown id, bad query, bad file), 2 for misuse of the CLI. */
export const EXIT: Record<ErrorCode | 'USAGE' | 'INTERNAL', number> = {
  BAD_QUERY: 1,
  BAD_INPUT: 1,
  NOT_FOUND: 1,
  BAD_FILE: 1,
  TOO_LARGE: 1,
  OVER_LIMIT: 1,
  CONFLICT: 1,
  TIMEOUT: 1,
  FORBIDDEN: 1,
  UNAVAILABLE: 1,
  USAGE: 2,
  INTERNAL: 70,
};

export class UsageError extends Error {}

export function reportError(io: Io, e: unknown): number {
  if (isYaodianError(e)) {
    io.err(`yaodian: ${e.message}`);
    return EXIT[e.code];
  }
  if (e instanceof UsageError) {
    io.err(`yaodian: ${e.message}\nRun \`yaodian help\` for usage.`);
    return EXIT.USAGE;
  }
  io.err(`yaodian: internal error: ${(e as Error)?.stack ?? String(e)}`);
  return EXIT.INTERNAL;
}
