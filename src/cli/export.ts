/**
 * `--format csv|xlsx|docx|md` and `--out FILE` on the commands that print results: the export module makes the
 * file, this writes it (atomically) or sends it down stdout when that is a pipe. The exporters are loaded only
 * when a file is asked for, so a plain search does not pay for docx and exceljs.
 */
import { extname } from 'node:path';
import { FORMATS, isFormat, isText, type Format } from '../export/formats.js';
import type { Exportable } from '../export/model.js';
import { writeFileAtomic } from '../util/files.js';
import { UsageError, type Io } from './io.js';

export type Exporters = typeof import('../export/index.js');

export const EXPORT_FLAGS = {
  format: { value: 'FMT', help: `write the result as a file: ${FORMATS.join(', ')} (to --out, or to stdout when it is not a terminal)` },
  out: { value: 'FILE', help: 'the file to write; its extension gives the format when --format is not given' },
} as const;

/** The format asked for, or null for the usual text or --json output. */
export function exportFormat(values: { format?: string; out?: string; json?: boolean }): Format | null {
  if (values.format === undefined && values.out === undefined) return null;
  if (values.json) throw new UsageError('--json prints JSON; --format and --out write a file: give one or the other');
  if (values.format !== undefined) {
    if (!isFormat(values.format)) throw new UsageError(`format must be one of ${FORMATS.join(', ')}`);
    return values.format;
  }
  const byName = extname(values.out!).slice(1).toLowerCase();
  if (!isFormat(byName)) throw new UsageError(`cannot tell the format from "${values.out}": give --format ${FORMATS.join('|')}`);
  return byName;
}

/** Writes the export that `make` builds with the exporters (loaded now) as `format`, to `out` or stdout. */
export async function writeExport(io: Io, make: (x: Exporters) => Exportable, format: Format, out?: string): Promise<number> {
  const exporters = await import('../export/index.js');
  const file = await exporters.render(make(exporters), format);
  if (out !== undefined) {
    writeFileAtomic(out, file.bytes);
    io.err(`wrote ${out} (${format}, ${(file.bytes.length / 1024).toFixed(1)} KB)`);
    return 0;
  }
  if (io.bytes && !io.isTTY) return io.bytes(file.bytes), 0;
  if (isText(format)) return io.out(new TextDecoder().decode(file.bytes)), 0;
  throw new UsageError(`${format} is a binary file: give --out FILE, or redirect stdout to a file`);
}
