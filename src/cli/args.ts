/** Flag parsing with node:util, validated by zod like every other edge. */
import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;
import { z } from 'zod';
import { UsageError } from './io.js';

const HELP = { help: { type: 'boolean', short: 'h' } } as const;

export function parse<const O extends Options>(argv: string[], options: O) {
  return parseArgs({ args: argv, options: { ...options, ...HELP }, allowPositionals: true, strict: true } as const);
}

export const intFlag = (name: string, min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, `--${name} must be a whole number`)
    .transform(Number)
    .pipe(z.number().min(min, `--${name} must be at least ${min}`).max(max, `--${name} must be at most ${max}`));

export function check<T>(schema: z.ZodType<T, any>, value: unknown): T {
  const r = schema.safeParse(value);
  if (!r.success) throw new UsageError(r.error.issues.map((i) => i.message).join('; '));
  return r.data;
}
