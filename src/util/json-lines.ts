/** A file of JSON lines (docs.jsonl) read back one line at a time. */
import { closeSync, readSync } from 'node:fs';
import { IndexFileError, openIndexFile } from './files.js';

/** The JSON lines of a file, read through a small buffer and parsed one at a time: no string of the whole file. */
export function* jsonLines(path: string): Generator<unknown, void, undefined> {
  const fd = openIndexFile(path);
  try {
    let buf = Buffer.allocUnsafeSlow(1 << 20);
    let len = 0;
    let line = 1;
    for (let pos = 0; ; ) {
      if (len === buf.length) buf = Buffer.concat([buf, Buffer.allocUnsafeSlow(buf.length)]);
      const n = readSync(fd, buf, len, buf.length - len, pos);
      pos += n;
      len += n;
      const filled = buf.subarray(0, len);
      let at = 0;
      for (let nl = filled.indexOf(10); nl >= 0; nl = filled.indexOf(10, at), line++) {
        try {
          yield JSON.parse(filled.toString('utf8', at, nl));
        } catch (e) {
          throw new IndexFileError(path, `line ${line}: ${(e as Error).message}`);
        }
        at = nl + 1;
      }
      buf.copy(buf, 0, at, len);
      len -= at;
      if (n === 0) {
        if (len) throw new IndexFileError(path, `line ${line} has no end (truncated)`);
        return;
      }
    }
  } finally {
    closeSync(fd);
  }
}
