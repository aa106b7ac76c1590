/** Atomic file writes: temp file, fsync, rename. A reader sees the old file or the new one, never half. */
import { closeSync, copyFileSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';

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

/**
 * A file written piece by piece through one 4 MB buffer, then moved into place like writeFileAtomic: saving does
 * not hold a second copy of every text (67 MB each for display.u16 and match.u16 on the 100 MB corpus), nor read
 * every loaded document's display at once. Call commit() to finish or abort() to drop the temp file.
 */
export class AtomicWriter {
  private readonly tmp: string;
  private fd: number | null;
  private readonly buf = Buffer.allocUnsafeSlow(1 << 22);
  private len = 0;

  /** `after`: a file whose bytes the new one starts with (copied by the kernel, not read through this process) */
  constructor(
    readonly path: string,
    after?: string,
  ) {
    this.tmp = `${path}.tmp-${process.pid}-${Date.now()}`;
    if (after) copyFileSync(after, this.tmp);
    this.fd = openSync(this.tmp, after ? 'a' : 'w');
  }

  /** Append `text` as UTF-16LE; returns its bytes, valid until the next call. */
  utf16(text: string): Buffer {
    const bytes = text.length * 2;
    if (this.len + bytes > this.buf.length) this.flush();
    if (bytes > this.buf.length) {
      const own = Buffer.from(text, 'utf16le');
      this.write(own);
      return own;
    }
    const at = this.len;
    this.len += this.buf.write(text, at, 'utf16le');
    if (this.len !== at + bytes) throw new Error(`utf16: wrote ${this.len - at} of ${bytes} bytes`);
    return this.buf.subarray(at, this.len);
  }

  /** Append 16-bit numbers, little-endian. */
  u16(data: Uint16Array): void {
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (this.len + bytes.length > this.buf.length) this.flush();
    if (bytes.length > this.buf.length) this.write(bytes);
    else this.len += bytes.copy(this.buf, this.len);
  }

  commit(): void {
    this.flush();
    fsyncSync(this.fd!);
    closeSync(this.fd!);
    this.fd = null;
    renameSync(this.tmp, this.path);
  }

  abort(): void {
    if (this.fd === null) return;
    closeSync(this.fd);
    this.fd = null;
    rmSync(this.tmp, { force: true });
  }

  private flush(): void {
    this.write(this.buf.subarray(0, this.len));
    this.len = 0;
  }

  private write(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.byteLength; ) at += writeSync(this.fd!, bytes, at, bytes.byteLength - at);
  }
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
  /** who read into it last: another reader's bytes are no longer there */
  owner: unknown = null;
  get(bytes: number, owner: unknown): Buffer {
    if (this.buf.length < bytes) this.buf = Buffer.allocUnsafeSlow(Math.max(bytes, 1 << 20));
    this.owner = owner;
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
 * A UTF-16LE file of many texts laid end to end, read in order. `take` decodes each chunk once into one big string
 * and hands out `.slice()`s of it, which V8 keeps as cheap views (a few words each) instead of copies. `copy` decodes
 * just the asked range into a string of its own, for the few pieces kept of a file that is otherwise let go: a view
 * would keep its whole chunk alive. A requested range never straddles two chunks, so surrogate pairs and texts stay
 * whole.
 */
export class Utf16Blob {
  private readonly fd: number;
  private chunk: string | null = null;
  private chunkStart = 0;
  private chunkLength = 0;
  private bytes: Buffer | null = null;

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
    this.need(start, length, false);
    const at = start - this.chunkStart;
    this.chunk ??= this.bytes!.toString('utf16le', 0, this.chunkLength * 2);
    return this.chunk.slice(at, at + length);
  }

  /** Characters [start, start + length) as a string that keeps nothing else alive. */
  copy(start: number, length: number): string {
    this.need(start, length, true);
    const at = (start - this.chunkStart) * 2;
    return this.bytes!.toString('utf16le', at, at + length * 2);
  }

  close(): void {
    closeSync(this.fd);
  }

  private need(start: number, length: number, bytes: boolean): void {
    if (!(start >= 0 && length >= 0 && start + length <= this.chars)) throw new IndexFileError(this.path, `range ${start}+${length} past the end`);
    const inside = start >= this.chunkStart && start + length <= this.chunkStart + this.chunkLength;
    const ready = bytes ? this.bytes !== null && this.scratch.owner === this : this.chunk !== null || this.scratch.owner === this;
    if (inside && ready) return;
    const chars = Math.min(Math.max(length, CHUNK_CHARS), this.chars - start);
    this.bytes = this.scratch.get(chars * 2, this);
    readFully(this.fd, this.bytes, 0, chars * 2, start * 2, this.path);
    this.chunk = null;
    this.chunkStart = start;
    this.chunkLength = chars;
  }
}
