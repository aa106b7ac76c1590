/** Atomic file writes: temp file, fsync, rename. A reader sees the old file or the new one, never half. */
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, writeSync } from 'node:fs';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
  const bytes = typeof data === 'string' ? Buffer.from(data) : data;
  const fd = openSync(tmp, 'w');
  try {
    // write(2) may write less than asked (signals, quotas); a short file would be renamed into place
    for (let at = 0; at < bytes.byteLength; ) at += writeSync(fd, bytes, at, bytes.byteLength - at);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, 'r');
    fsyncSync(fd);
    closeSync(fd);
  } catch {
    // some filesystems refuse fsync on directories; the rename is still atomic
  }
}

/** A saved index file that is missing, truncated or inconsistent: the caller rebuilds instead of answering wrongly. */
export class IndexFileError extends Error {
  constructor(path: string, why: string) {
    super(`index file ${path}: ${why}`);
    this.name = 'IndexFileError';
  }
}

/**
 * One read buffer shared by the files a load reads in turn. Reusing it keeps the transient memory of a load at a few
 * MB: fresh buffers per read are only freed by a later GC, and RSS right after a load would still hold them.
 */
export class ReadBuffer {
  private buf = Buffer.alloc(0);
  get(bytes: number): Buffer {
    if (this.buf.length < bytes) this.buf = Buffer.allocUnsafeSlow(Math.max(bytes, 1 << 20));
    return this.buf;
  }
}

/** Read exactly `bytes` at `position` into buf[at..]; fewer means the file is shorter than its metadata says. */
export function readFully(fd: number, buf: Buffer, at: number, bytes: number, position: number, path: string): void {
  for (let got = 0; got < bytes; ) {
    const n = readSync(fd, buf, at + got, bytes - got, position + got);
    if (n === 0) throw new IndexFileError(path, 'ended early');
    got += n;
  }
}

export function openIndexFile(path: string): number {
  try {
    return openSync(path, 'r');
  } catch (e) {
    throw new IndexFileError(path, (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : (e as Error).message);
  }
}

/** 2^22 chars = an 8 MB read buffer; a 100 MB corpus becomes a few dozen strings. */
const CHUNK_CHARS = 1 << 22;

/**
 * A UTF-16LE file of many texts laid end to end, read in order. Each chunk is decoded once into one big string and
 * callers get `.slice()`s of it, which V8 keeps as cheap views (a few words each) instead of copies. A requested
 * range never straddles two chunks, so surrogate pairs and texts stay whole.
 */
export class Utf16Blob {
  private readonly fd: number;
  private chunk = '';
  private chunkStart = 0;

  constructor(
    readonly path: string,
    readonly chars: number,
    private readonly scratch: ReadBuffer,
  ) {
    this.fd = openIndexFile(path);
    const size = fstatSync(this.fd).size;
    if (size !== chars * 2) {
      closeSync(this.fd);
      throw new IndexFileError(path, `${size} bytes where the metadata says ${chars * 2} (truncated, or from another save)`);
    }
  }

  /** Characters [start, start + length) as a slice of the current chunk. */
  take(start: number, length: number): string {
    if (!(start >= 0 && length >= 0 && start + length <= this.chars)) throw new IndexFileError(this.path, `range ${start}+${length} past the end`);
    if (start < this.chunkStart || start + length > this.chunkStart + this.chunk.length) this.read(start, Math.max(length, CHUNK_CHARS));
    const at = start - this.chunkStart;
    return this.chunk.slice(at, at + length);
  }

  close(): void {
    closeSync(this.fd);
  }

  private read(start: number, length: number): void {
    const bytes = Math.min(length, this.chars - start) * 2;
    const buf = this.scratch.get(bytes);
    readFully(this.fd, buf, 0, bytes, start * 2, this.path);
    this.chunk = buf.toString('utf16le', 0, bytes);
    this.chunkStart = start;
  }
}
