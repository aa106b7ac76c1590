/**
 * Word tokens saved beside an index (`tokens.cache`), so a command that diffs texts tokenized by an earlier
 * process does not load segmentit's dictionary again: loading it is most of a cold `compare` or `diff`.
 *
 * A cache, not part of the index: entries are keyed by the SHA-1 of the text, checked against the text when used
 * (tokenize() recomputes one that does not tile it), and the whole file is passed over when segmentit, the policy
 * words or the tokenizer's rules changed. Two processes saving at once each write a whole file (temp + rename): one
 * wins and the other's new entries are computed again some day. A file that cannot be read or written costs time,
 * never an answer, so errors here are swallowed.
 *
 * Layout: a text line `yaodian tokens 1 <version>`, then per entry 20 bytes of SHA-1, a varint count and the
 * signed token lengths as zigzag varints.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dictWordsKey, exportSegCache, importSegCacheOnFirstUse, SEG_CACHE_VERSION, segStats, type SegCacheDump } from '../text/tokenize.js';
import { readVarint, varintLength, writeVarint } from '../util/varint.js';
import { writeFileAtomic } from '../util/files.js';

export const TOKEN_CACHE_FILE = 'tokens.cache';
const MAGIC = 'yaodian tokens 1';

const zigzag = (n: number) => (n << 1) ^ (n >> 31);
const unzigzag = (z: number) => (z >>> 1) ^ -(z & 1);

/** The key a file must carry: the tokenizer's rules and policy words, and segmentit's version. */
const fileVersion = () => `${SEG_CACHE_VERSION}.${dictWordsKey()}`;

export function encodeTokenCache(dump: SegCacheDump, version = fileVersion()): Uint8Array {
  const head = Buffer.from(`${MAGIC} ${version}\n`);
  let size = head.length;
  for (const [, lengths] of dump.entries) {
    size += 20 + varintLength(lengths.length);
    for (const l of lengths) size += varintLength(zigzag(l));
  }
  const out = new Uint8Array(size);
  out.set(head, 0);
  let at = head.length;
  for (const [key, lengths] of dump.entries) {
    out.set(Buffer.from(key, 'hex'), at);
    at = writeVarint(out, at + 20, lengths.length);
    for (const l of lengths) at = writeVarint(out, at, zigzag(l));
  }
  return out;
}

/** The entries of a saved file, or null when it is another version or damaged (then it is not used at all). */
export function decodeTokenCache(bytes: Uint8Array, version = fileVersion()): SegCacheDump | null {
  const nl = bytes.indexOf(10);
  if (nl < 0 || Buffer.from(bytes.subarray(0, nl)).toString('utf8') !== `${MAGIC} ${version}`) return null;
  const entries: [string, number[]][] = [];
  for (let at = nl + 1; at < bytes.length; ) {
    if (at + 21 > bytes.length) return null;
    const key = Buffer.from(bytes.subarray(at, at + 20)).toString('hex');
    at += 20;
    const n = readVarint(bytes, at);
    at += varintLength(n);
    const lengths: number[] = new Array(n);
    for (let k = 0; k < n; k++) {
      if (at >= bytes.length) return null;
      const z = readVarint(bytes, at);
      at += varintLength(z);
      lengths[k] = unzigzag(z);
    }
    entries.push([key, lengths]);
  }
  return { version: SEG_CACHE_VERSION, entries };
}

let attached: { path: string; missesBefore: number } | null = null;

/**
 * Use the tokens saved in `indexDir` (read only if something gets tokenized) and save what this process adds
 * on flushTokenCache().
 */
export function attachTokenCache(indexDir: string): void {
  const path = join(indexDir, TOKEN_CACHE_FILE);
  attached = { path, missesBefore: segStats().misses };
  importSegCacheOnFirstUse(() => {
    try {
      return existsSync(path) ? decodeTokenCache(readFileSync(path)) : null;
    } catch {
      return null;
    }
  });
}

/**
 * Save the cache beside the attached index when this process tokenized anything new since it last saved, and stay
 * attached: a server's worker saves after each operation, so a restarted server (or a CLI diff) finds the tokens.
 */
export function saveTokenCache(): void {
  const a = attached;
  const misses = segStats().misses;
  if (!a || misses === a.missesBefore) return;
  try {
    writeFileAtomic(a.path, encodeTokenCache(exportSegCache()));
    a.missesBefore = misses;
  } catch {
    // a read-only or vanished index folder: the next process tokenizes again
  }
}

/** Save as saveTokenCache does, then detach: a command's last word. */
export function flushTokenCache(): void {
  saveTokenCache();
  attached = null;
}
