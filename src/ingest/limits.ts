/**
 * The caps on reading one report. A small file can unpack into gigabytes (a .docx is a zip, a PDF holds
 * compressed streams) or into hundreds of thousands of units, and the readers (mammoth, pdf.js) take time and
 * memory in proportion; so every cap is checked as early as it can be known — sizes before reading, inflated
 * sizes before parsing, pages before extracting — and the extraction itself runs in a child process that is
 * ended when it runs out of time or memory (sandbox.ts). The CLI and the server apply the same caps; each is
 * set by a flag or an environment variable.
 */
import { YaodianError } from '../errors.js';

export interface ExtractLimits {
  /** bytes of the file as given */
  inputBytes: number;
  /** bytes the parts read for text unpack to: a .docx's XML parts, a PDF's compressed non-image streams */
  inflatedBytes: number;
  /** pages of a PDF */
  pages: number;
  /** characters of extracted text */
  chars: number;
  /** units (tasks, items, paragraphs, …) of one document; a .docx's paragraphs are counted before parsing */
  units: number;
  /** wall time of one file's extraction, from bytes to units */
  timeMs: number;
  /** memory of the extracting process (its resident set) */
  memoryBytes: number;
}

export type LimitName = keyof ExtractLimits;

const MB = 1024 * 1024;

export interface LimitSpec {
  name: LimitName;
  /** command-line flag, for `add` and `serve` */
  flag: string;
  env: string;
  /** the flag's and the variable's value is in this unit; the limit itself is in bytes for sizes */
  unit: 'MB' | 'count' | 'ms';
  what: string;
}

export const DEFAULT_LIMITS: Readonly<ExtractLimits> = {
  inputBytes: 50 * MB,
  inflatedBytes: 32 * MB,
  pages: 500,
  chars: 2_000_000,
  units: 20_000,
  timeMs: 20_000,
  memoryBytes: 768 * MB,
};

export const LIMIT_SPECS: LimitSpec[] = [
  { name: 'inputBytes', flag: 'max-input-mb', env: 'YAODIAN_MAX_INPUT_MB', unit: 'MB', what: 'size of the file' },
  { name: 'inflatedBytes', flag: 'max-inflated-mb', env: 'YAODIAN_MAX_INFLATED_MB', unit: 'MB', what: 'unpacked size of the parts read for text (.docx XML, PDF streams other than images)' },
  { name: 'pages', flag: 'max-pages', env: 'YAODIAN_MAX_PAGES', unit: 'count', what: 'pages of a PDF' },
  { name: 'chars', flag: 'max-chars', env: 'YAODIAN_MAX_CHARS', unit: 'count', what: 'characters of extracted text' },
  { name: 'units', flag: 'max-units', env: 'YAODIAN_MAX_UNITS', unit: 'count', what: 'units of one document (a .docx: paragraphs)' },
  { name: 'timeMs', flag: 'extract-timeout-ms', env: 'YAODIAN_EXTRACT_TIMEOUT_MS', unit: 'ms', what: 'time to read one file' },
  { name: 'memoryBytes', flag: 'extract-memory-mb', env: 'YAODIAN_EXTRACT_MEMORY_MB', unit: 'MB', what: 'memory of the process reading one file' },
];

const scale = (s: LimitSpec) => (s.unit === 'MB' ? MB : 1);

/**
 * Limits from flag values (strings, as parsed) over environment variables over the defaults. A value that is
 * not a positive whole number is an error naming where it came from.
 */
export function resolveLimits(flags: Partial<Record<string, string | undefined>> = {}, env: NodeJS.ProcessEnv = process.env): ExtractLimits {
  const out = { ...DEFAULT_LIMITS };
  for (const s of LIMIT_SPECS) {
    const fromFlag = flags[s.flag];
    const raw = fromFlag ?? env[s.env];
    if (raw === undefined || raw === '') continue;
    const where = fromFlag !== undefined ? `--${s.flag}` : s.env;
    if (!/^\d+$/.test(raw.trim()) || Number(raw) < 1) throw new YaodianError('BAD_INPUT', `${where} must be a whole number above 0, not "${raw}"`);
    out[s.name] = Number(raw) * scale(s);
  }
  return out;
}

const spec = (name: LimitName) => LIMIT_SPECS.find((s) => s.name === name)!;

const shown = (name: LimitName, n: number) => {
  const s = spec(name);
  return s.unit === 'MB' ? `${(n / MB).toFixed(n < 10 * MB ? 1 : 0)} MB` : s.unit === 'ms' ? `${n} ms` : n.toLocaleString('en');
};

/**
 * The error for a file over a cap: 413 TOO_LARGE for the file's own size, 422 OVER_LIMIT for what it unpacks
 * into; the message names the cap and how to raise it, `details` carries it for clients.
 */
export function overLimit(file: string, name: LimitName, max: number, found?: string): YaodianError {
  const s = spec(name);
  const message = `${file}: ${found ?? `over the limit on ${s.what}`} — the limit is ${shown(name, max)} (${name}; raise it with --${s.flag} or ${s.env})`;
  return new YaodianError(name === 'inputBytes' ? 'TOO_LARGE' : 'OVER_LIMIT', message, { limit: name, max });
}

/** `n` of a limit's quantity, for messages ("inflates to 100 MB"). */
export const amount = (name: LimitName, n: number) => shown(name, n);

/** Help text lines, one per cap, for the commands that take them. */
export const limitsHelp = () =>
  LIMIT_SPECS.map((s) => `  --${`${s.flag} N`.padEnd(24)}${s.what} (default ${shown(s.name, DEFAULT_LIMITS[s.name])}; ${s.env})`).join('\n');
