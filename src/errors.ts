/**
 * The few errors the engine raises. Each has a stable `code`; `src/http/errors.ts` and the CLI map codes
 * to HTTP statuses and exit codes in one place each.
 */
export type ErrorCode =
  | 'BAD_QUERY' // the query cannot be parsed or matches nothing by construction
  | 'BAD_INPUT' // a parameter or flag is malformed
  | 'NOT_FOUND' // unknown document or unit id
  | 'BAD_FILE' // a file cannot be read as a report (encoding, format, empty)
  | 'TOO_LARGE' // a file over the input size cap (ingest/limits.ts)
  | 'OVER_LIMIT' // a file that unpacks past a cap: inflated bytes, pages, characters, units, time, memory
  | 'CONFLICT' // e.g. the same document twice
  | 'TIMEOUT' // the request exceeded its time budget
  | 'FORBIDDEN' // a write without the right token
  | 'UNAVAILABLE'; // the database store cannot be reached or used

export class YaodianError extends Error {
  readonly code: ErrorCode;
  readonly details?: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'YaodianError';
    this.code = code;
    this.details = details;
  }
}

export const badQuery = (message: string, details?: unknown) => new YaodianError('BAD_QUERY', message, details);
export const badInput = (message: string, details?: unknown) => new YaodianError('BAD_INPUT', message, details);
export const notFound = (message: string) => new YaodianError('NOT_FOUND', message);
export const badFile = (message: string, details?: unknown) => new YaodianError('BAD_FILE', message, details);

export const isYaodianError = (e: unknown): e is YaodianError => e instanceof YaodianError;
