import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { attachTokenCache, decodeTokenCache, encodeTokenCache, flushTokenCache, TOKEN_CACHE_FILE } from '../../src/persist/token-cache.js';
import { clearSegCache, segStats, tokenize } from '../../src/text/tokenize.js';

const quiet = { out: () => {}, err: () => {} };
const dirs: string[] = [];
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'yaodian-tokens-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const TEXT = '实施基础研究十年行动，推进成渝中线科创走廊建设。';

describe('the token cache beside an index', () => {
  it('reads back what it wrote: the same keys and signed token lengths', () => {
    const dump = { version: 'v', entries: [['a'.repeat(40), [2, -1, 4, 300, -2]], ['b'.repeat(40), []]] as [string, number[]][] };
    expect(decodeTokenCache(encodeTokenCache(dump, 'x'), 'x')?.entries).toEqual(dump.entries);
  });

  it('passes over a file of another tokenizer version, or a damaged one, as a whole', () => {
    const bytes = encodeTokenCache({ version: 'v', entries: [['c'.repeat(40), [3, -1, 5]]] }, 'x');
    expect(decodeTokenCache(bytes, 'y')).toBeNull();
    expect(decodeTokenCache(bytes.subarray(0, bytes.length - 2), 'x')).toBeNull();
    expect(decodeTokenCache(Buffer.from('not a cache'), 'x')).toBeNull();
  });

  it('lets a later process tokenize a text without segmenting it again', () => {
    const dir = temp();
    clearSegCache();
    attachTokenCache(dir);
    const first = tokenize(TEXT);
    expect(segStats().misses).toBe(1);
    flushTokenCache();
    expect(existsSync(join(dir, TOKEN_CACHE_FILE))).toBe(true);

    clearSegCache(); // a new process: nothing in memory
    attachTokenCache(dir);
    expect(tokenize(TEXT)).toEqual(first);
    expect(segStats()).toMatchObject({ hits: 1, misses: 0 });
    flushTokenCache(); // nothing new: the file is not rewritten
  });

  it('recomputes an entry that does not fit its text instead of trusting it', () => {
    const dir = temp();
    clearSegCache();
    attachTokenCache(dir);
    const right = tokenize(TEXT);
    flushTokenCache();
    // the same key with lengths that tile another length of text
    const path = join(dir, TOKEN_CACHE_FILE);
    const decoded = decodeTokenCache(readFileSync(path))!;
    writeFileSync(path, encodeTokenCache({ ...decoded, entries: decoded.entries.map(([k]) => [k, [1, 1]]) }));
    clearSegCache();
    attachTokenCache(dir);
    expect(tokenize(TEXT)).toEqual(right);
    expect(segStats().misses).toBe(1);
  });

  it('is written by compare and used by the next compare, whose answer is the same', async () => {
    const index = temp();
    cpSync(inject('seedIndex'), index, { recursive: true });
    const run = async () => {
      const out: string[] = [];
      const code = await main(['compare', '基础研究十年行动', '--index', index, '--json'], { out: (s) => out.push(s), err: () => {} });
      expect(code).toBe(0);
      return out.join('\n');
    };
    clearSegCache();
    const before = await run();
    expect(existsSync(join(index, TOKEN_CACHE_FILE))).toBe(true);
    clearSegCache();
    expect(await run()).toBe(before);
    expect(segStats().misses).toBe(0);
  });
});
