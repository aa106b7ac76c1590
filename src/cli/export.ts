/**
 * `--format csv|xlsx|docx|md` and `--out FILE` on the commands that print results: the export module makes the
 * file, this writes it (atomically) or sends it down stdout when that is a pipe.
 */
import { extname } from 'node:path';
import { FORMATS, FormatSchema, isText, render, type Exportable, type Format } from '../export/index.js';
import { writeFileAtomic } from '../util/files.js';
import { check } from './command.js';
import { UsageError, type Io } from './io.js';

export const EXPORT_FLAGS = {
  format: { value: 'FMT', help: `write the result as a file: ${FORMATS.join(', ')} (to --out, or to stdout when it is not a terminal)` },
  out: { value: 'FILE', help: 'the file to write; its extension gives the format when --format is not given' },
} as const;

/** The format asked for, or null for the usual text or --json output. */
export function exportFormat(values: { format?: string; out?: string; json?: boolean }): Format | null {
  if (values.format === undefined && values.out === undefined) return null;
  if (values.json) throw new UsageError('--json prints JSON; --format and --out write a file: give one or the other');
  if (values.format !== undefined) return check(FormatSchema, values.format);
  const byName = FormatSchema.safeParse(extname(values.out!).slice(1).toLowerCase());
  if (!byName.success) throw new UsageError(`cannot tell the format from "${values.out}": give --format ${FORMATS.join('|')}`);
  return byName.data;
}

export async function writeExport(io: Io, x: Exportable, format: Format, out?: string): Promise<number> {
  const file = await render(x, format);
  if (out !== undefined) {
    writeFileAtomic(out, file.bytes);
    io.err(`wrote ${out} (${format}, ${(file.bytes.length / 1024).toFixed(1)} KB)`);
    return 0;
  }
  if (io.bytes && !io.isTTY) return io.bytes(file.bytes), 0;
  if (isText(format)) return io.out(new TextDecoder().decode(file.bytes)), 0;
  throw new UsageError(`${format} is a binary file: give --out FILE, or redirect stdout to a file`);
}
