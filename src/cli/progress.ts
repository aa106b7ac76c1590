/**
 * Progress on long work (index, add of many files): on a terminal one line redrawn in place — a bar, files,
 * megabytes and the time left at the rate so far; elsewhere (a log, CI) one quiet line per file.
 */
import type { FileRead } from '../ingest/corpus.js';
import type { Io } from './io.js';

export interface Tally {
  files: number;
  totalFiles: number;
  bytes: number;
  totalBytes: number;
  elapsedMs: number;
}

const mb = (b: number) => (b / 1048576).toFixed(b < 10 * 1048576 ? 1 : 0);

/** m:ss (or h:mm:ss) left at the byte rate so far; --:-- before there is a rate. */
export function eta(t: Tally): string {
  if (t.bytes <= 0 || t.elapsedMs <= 0) return '--:--';
  const s = Math.max(0, Math.round(((t.totalBytes - t.bytes) * t.elapsedMs) / t.bytes / 1000));
  const [h, m, sec] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  const two = (n: number) => String(n).padStart(2, '0');
  return h ? `${h}:${two(m)}:${two(sec)}` : `${m}:${two(sec)}`;
}

export function bar(t: Tally, width = 24): string {
  const share = t.totalBytes ? t.bytes / t.totalBytes : t.totalFiles ? t.files / t.totalFiles : 1;
  const filled = Math.round(Math.min(1, share) * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${t.files}/${t.totalFiles} files · ${mb(t.bytes)}/${mb(t.totalBytes)} MB · ETA ${eta(t)}`;
}

export interface Reporter {
  /**
   * one file done (`bytes` of it), read or refused; after the last, a summary line. `told`: the caller already
   * wrote a line about this file (skipped, refused), so a log gets no second one
   */
  file(name: string, bytes: number, told?: boolean): void;
  /** clear the bar before writing a line of one's own (the next file draws it again) */
  pause(): void;
  /** clear the bar, so the lines that follow start clean */
  end(): void;
}

/** A terminal's line is redrawn at most this often, so ten thousand small files do not cost ten thousand redraws. */
const REDRAW_MS = 100;

export function progress(io: Io, totalFiles: number, totalBytes: number, verb: string, now: () => number = () => performance.now()): Reporter {
  const t0 = now();
  let files = 0;
  let bytes = 0;
  /** when the bar was last drawn; -Infinity while none is on the screen */
  let drawn = -Infinity;
  const clear = () => {
    if (drawn > -Infinity) io.status?.('');
    drawn = -Infinity;
  };
  return {
    file(name, size, told = false) {
      files++;
      bytes += size;
      const at = now();
      if (!io.status) {
        if (!told) io.err(`${verb} ${files}/${totalFiles} ${name} (${(size / 1024).toFixed(1)} KB)`);
      } else if (at - drawn >= REDRAW_MS || files === totalFiles) {
        drawn = at;
        io.status(bar({ files, totalFiles, bytes, totalBytes, elapsedMs: at - t0 }));
      }
      if (files < totalFiles) return;
      clear();
      io.err(`${verb} ${files} ${files === 1 ? 'file' : 'files'}, ${mb(bytes)} MB in ${((at - t0) / 1000).toFixed(1)} s`);
    },
    pause: clear,
    end: clear,
  };
}

/** Progress over a folder being read (the totals come with each file), for `onFile` of buildIndex and openEngine. */
export function folderProgress(io: Io, verb: string): { onFile: (f: FileRead) => void; end: () => void } {
  let reporter: Reporter | null = null;
  return {
    onFile(f) {
      reporter ??= progress(io, f.totalFiles, f.totalBytes, verb);
      reporter.file(f.source, f.bytes);
    },
    end: () => reporter?.end(),
  };
}
