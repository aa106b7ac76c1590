/** The extraction caps as flags, for the commands that read reports (`add`) or take them (`serve`). */
import { DEFAULT_LIMITS, LIMIT_SPECS, amount, resolveLimits, type ExtractLimits } from '../ingest/limits.js';
import type { Flag } from './command.js';

export const LIMIT_FLAGS: Record<string, Flag> = Object.fromEntries(
  LIMIT_SPECS.map((s) => [s.flag, { value: s.unit === 'count' ? 'N' : s.unit.toUpperCase(), help: `cap on the ${s.what} (default ${amount(s.name, DEFAULT_LIMITS[s.name])}; env ${s.env})` }]),
);

/** The caps from these flags' values, over the environment, over the defaults. */
export const limitsFromFlags = (values: Record<string, unknown>): ExtractLimits =>
  resolveLimits(Object.fromEntries(LIMIT_SPECS.map((s) => [s.flag, typeof values[s.flag] === 'string' ? (values[s.flag] as string) : undefined])));
