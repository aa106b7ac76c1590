import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { buildDoc } from '../../src/ingest/corpus.js';
import { Engine } from '../../src/index/engine.js';
import { loadIndex, readIndexInfo, releaseTexts, saveIndex } from '../../src/persist/save.js';
import { DISPLAY_FILE, PATCH_FILE } from '../../src/persist/docs.js';
import { AtomicWriter, IndexFileError } from '../../src/util/files.js';
import { ByteCache, type TextSpan } from '../../src/persist/texts.js';
import { search } from '../../src/search/search.js';
import { toMatchForm } from '../../src/text/normalize.js';
import { compare } from '../../src/compare/timeline.js';
import { trend } from '../../src/compare/trend.js';
import { first } from '../../src/compare/first.js';
import { diffDocs } from '../../src/compare/docdiff.js';
import { indicators, planVsActual } from '../../src/indicators/query.js';
import type { Doc } from '../../src/types.js';
import { freshSeeds, tmpIndexDir } from '../helpers/seeds.js';

async function saved(engine: Engine, dir = tmpIndexDir()): Promise<{ dir: string; gen: string }> {
  const info = await saveIndex(engine, dir, 'test');
  return { dir, gen: join(dir, info.generation) };
}

const load = (dir: string, textCacheChars?: number) => loadIndex(dir, readIndexInfo(dir)!, { textCacheChars });

/**
 * Every document's and unit's text of `got` equals `want`'s, read in `order` (document index, unit index or -1).
 * The texts that differ are listed in one assertion (an assertion per text cost seconds over the seeds).
 */
function expectTexts(got: Engine, want: Engine | Doc[], order?: [number, number][]): void {
  const gotDocs = [...got.docs.values()];
  const wantDocs = Array.isArray(want) ? want : [...want.docs.values()];
  expect(gotDocs.map((d) => d.meta.id)).toEqual(wantDocs.map((d) => d.meta.id));
  order ??= wantDocs.flatMap((d, i) => [[i, -1] as [number, number], ...d.units.map((_, k) => [i, k] as [number, number])]);
  const wrong: string[] = [];
  for (const [i, k] of order) {
    if (k < 0 ? gotDocs[i].display !== wantDocs[i].display : gotDocs[i].units[k].text !== wantDocs[i].units[k].text)
      wrong.push(k < 0 ? `${wantDocs[i].meta.id} display` : wantDocs[i].units[k].id);
  }
  expect(wrong).toEqual([]);
}

/** A fixed pseudo-random order (xorshift), so a failure can be replayed. */
function shuffled<T>(xs: T[], seed: number): T[] {
  const out = [...xs];
  let x = seed;
  for (let i = out.length - 1; i > 0; i--) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    const j = (x >>> 0) % (i + 1);
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

describe('display texts read on demand', () => {
  let fresh: Engine;
  let dir: string;
  beforeAll(async () => {
    ({ engine: fresh, dir } = await freshSeeds());
  });
  /** A copy of that saved index, for a test that damages or replaces its files (a copy costs less than a save). */
  const copied = (): { dir: string; gen: string } => {
    const own = tmpIndexDir();
    cpSync(dir, own, { recursive: true });
    return { dir: own, gen: join(own, readIndexInfo(own)!.generation) };
  };

  it('are enumerable own accessors: spread, JSON and assignment behave as on plain objects', () => {
    const loaded = load(dir);
    const doc = loaded.docs.values().next().value as Doc;
    const unit = doc.units[1];
    for (const [o, key] of [[doc, 'display'], [unit, 'text']] as const) {
      const d = Object.getOwnPropertyDescriptor(o, key)!;
      expect(d.get).toBeTypeOf('function');
      expect(d.enumerable).toBe(true);
    }
    const want = fresh.getDoc(doc.meta.id).units[1];
    expect({ ...unit }).toEqual({ ...want });
    expect(Object.keys(unit)).toEqual(Object.keys(want));
    expect(JSON.parse(JSON.stringify(unit))).toEqual(want);
    unit.text = 'changed';
    expect(unit.text).toBe('changed');
    expect(Object.keys(unit)).toEqual(Object.keys(want));
    expect(doc.units[2].text).toBe(fresh.getDoc(doc.meta.id).units[2].text);
  });

  it('give every unit’s fold map from its saved edits, equal to folding its text again', () => {
    const loaded = load(dir);
    let mapped = 0;
    const wrong: string[] = [];
    for (const rec of loaded.records) {
      const { map } = toMatchForm(rec!.unit.text);
      const got = loaded.unitFoldMap!(rec!.unit);
      const same = (got === null) === map.every((v, i) => v === i) && (!got || (got.length === map.length && got.every((v, i) => v === map[i])));
      if (!same) wrong.push(rec!.unit.id);
      if (got) mapped++;
    }
    expect(wrong).toEqual([]);
    // the seeds have units whose fold moves offsets (dropped spaces, full-width digits stay 1:1)
    expect(mapped).toBeGreaterThan(0);
    // a text given in place of the saved one is not mapped with the saved edits
    const unit = loaded.records[0]!.unit;
    unit.text = '换了 文字';
    expect(loaded.unitFoldMap!(unit)).toBeUndefined();
  });

  it('give the same texts in any order, whatever the cache holds', () => {
    const units = [...fresh.docs.values()].flatMap((d, i) => [[i, -1] as [number, number], ...d.units.map((_, k) => [i, k] as [number, number])]);
    const biggest = Math.max(...[...fresh.docs.values()].map((d) => d.display.length));
    // 0 and 1: nothing fits; a few documents; all but the biggest; everything
    for (const chars of [0, 1, 2000, 20_000, biggest - 1, 1 << 22]) {
      const loaded = load(dir, chars);
      expectTexts(loaded, fresh, shuffled(units, chars + 7));
      // two documents turn about (a diff), then everything in order
      const [a, b] = [0, 3].map((i) => [...fresh.docs.values()][i].units.length);
      const pairs: [number, number][] = Array.from({ length: Math.min(a, b) }, (_, k) => [[0, k] as [number, number], [3, k] as [number, number]]).flat();
      expectTexts(loaded, fresh, pairs);
      expectTexts(loaded, fresh);
    }
  });

  it('give every view the same answers as the engine they were saved from, with a cache smaller than one document', () => {
    const loaded = load(dir, 1000);
    const ids = [...fresh.docs.keys()];
    const sc = ids.filter((id) => fresh.getDoc(id).meta.issuer === '国务院');
    const task = [...fresh.docs.values()].flatMap((d) => d.units).find((u) => u.kind === 'task')!;
    const views: [string, (e: Engine) => unknown][] = [
      ['search', (e) => search(e, '科技 创新', { limit: 20 })],
      ['compare query', (e) => compare(e, { query: '基础研究' })],
      ['compare unit', (e) => compare(e, { unitId: task.id })],
      ['trend', (e) => trend(e, '科技')],
      ['first', (e) => first(e, '新型研发机构')],
      ['diff', (e) => diffDocs(e, sc[sc.length - 2] ?? ids[0], sc[sc.length - 1] ?? ids[1])],
      ['indicators', (e) => indicators(e)],
      ['plan vs actual', (e) => planVsActual(e)],
    ];
    for (const [name, view] of views) expect(view(loaded), name).toEqual(view(fresh));
  });

  it('keep being read after a later save deleted their generation folder', async () => {
    const { dir: own, gen } = copied();
    const loaded = load(own, 100);
    // saving the loaded engine itself reads its texts while writing the new generation, then deletes the old one
    const { gen: next } = await saved(loaded, own);
    expect(existsSync(gen)).toBe(false);
    expect(readdirSync(own).filter((n) => n.startsWith('gen-'))).toEqual([next.split('/').pop()]);
    expectTexts(loaded, fresh);
    expect(search(loaded, '揭榜挂帅', { limit: 50 })).toEqual(search(fresh, '揭榜挂帅', { limit: 50 }));
    expectTexts(load(own), fresh);
  });

  it('a loaded engine with documents added later saves and loads back whole', async () => {
    const loaded = load(dir, 1000);
    const text = '2025年全市科技工作要点\n一、总体要求\n1.实施量子科技专项行动。\n2.建设新型研发机构𠀀。\n';
    const added = buildDoc(text, 'later.txt', { id: 'later' });
    loaded.addDoc(added);
    // the gram index saves only whole builds (journal.ts replays later adds): rebuild it, texts stay as they are
    loaded.index.build(loaded.records.flatMap((r, n) => (r ? [{ id: n, text: r.match }] : [])));
    const expected = [...fresh.docs.values(), buildDoc(text, 'later.txt', { id: 'later' })];
    const { dir: again } = await saved(loaded);
    const back = load(again, 1000);
    expectTexts(back, expected);
    expect(back.getDoc('later').units).toEqual(added.units);
    expect(search(back, '量子科技专项').hits.map((h) => h.docId)).toEqual(['later']);
  });

  it('a display file cut short after loading: reading a document raises IndexFileError naming it, never a wrong text', async () => {
    const { dir: own, gen } = copied();
    const loaded = load(own, 0);
    const last = [...loaded.docs.values()].at(-1)!;
    truncateSync(join(gen, DISPLAY_FILE), statSync(join(gen, DISPLAY_FILE)).size - 10);
    expect(() => last.display).toThrow(/display\.u16: ended early/);
    // the documents before the cut are still whole, and units never read the file: they are their edited matching forms
    const first = loaded.docs.values().next().value as Doc;
    expect(first.display).toBe(fresh.getDoc(first.meta.id).display);
    expect(last.units.map((u) => u.text)).toEqual(fresh.getDoc(last.meta.id).units.map((u) => u.text));
  });

  it.skipIf(typeof (zlib as { crc32?: unknown }).crc32 !== 'function')('a display file changed in place after loading: the checksum catches it', async () => {
    const { dir: own, gen } = copied();
    const loaded = load(own, 0);
    const doc = [...loaded.docs.values()][2];
    const before = [...loaded.docs.values()].slice(0, 2).reduce((s, d) => s + d.display.length, 0);
    const fd = openSync(join(gen, DISPLAY_FILE), 'r+');
    writeSync(fd, Buffer.from('改', 'utf16le'), 0, 2, (before + 5) * 2);
    closeSync(fd);
    expect(() => doc.display).toThrow(/display\.u16: .*checksum/);
    expect(doc.units[0].text).toBe(fresh.getDoc(doc.meta.id).units[0].text);
  });

  it.each([
    ['cut short', (p: string) => truncateSync(p, statSync(p).size - 2)],
    ['one edit changed', (p: string) => {
      const fd = openSync(p, 'r+');
      writeSync(fd, Buffer.from('改', 'utf16le'), 0, 2, 40);
      closeSync(fd);
    }],
    ['missing', (p: string) => rmSync(p)],
  ])('an edit file %s: loading raises IndexFileError naming it (the caller rebuilds), never a wrong unit text', async (_, damage) => {
    const { dir: own, gen } = copied();
    damage(join(gen, PATCH_FILE));
    expect(() => load(own)).toThrow(IndexFileError);
    expect(() => load(own)).toThrow(/patch\.u16/);
  });

  it('after releaseTexts, and with the file gone, reading a document raises IndexFileError instead of reading another file', async () => {
    const { dir: own } = copied();
    const loaded = load(own, 0);
    const doc = loaded.docs.values().next().value as Doc;
    rmSync(own, { recursive: true });
    // the open descriptor still reads the deleted file
    expect(doc.display).toBe(fresh.getDoc(doc.meta.id).display);
    releaseTexts(loaded);
    // descriptors opened now may reuse the number the released one had
    const other = openSync(join(dir, readIndexInfo(dir)!.generation, DISPLAY_FILE), 'r');
    try {
      expect(() => doc.display).toThrow(/display\.u16: closed/);
      // a unit's text is in memory: its matching form and edits
      expect(doc.units[0].text).toBe(fresh.getDoc(doc.meta.id).units[0].text);
    } finally {
      closeSync(other);
    }
  });
});

describe('AtomicWriter', () => {
  it('writes UTF-16 through its buffer, texts bigger than the buffer too, and only shows the file on commit', () => {
    const dir = tmpIndexDir();
    const path = join(dir, 'x.u16');
    const texts = ['甲', '𠀀\ud800', 'é'.repeat(3_000_000), '', '乙'.repeat(1_000_000), 'z'];
    const w = new AtomicWriter(path);
    const sums = texts.map((t) => Buffer.from(w.utf16(t)).toString('utf16le'));
    expect(sums).toEqual(texts);
    expect(existsSync(path)).toBe(false);
    w.commit();
    w.abort();
    expect(readFileSync(path).toString('utf16le')).toBe(texts.join(''));
    expect(readdirSync(dir)).toEqual(['x.u16']);
    const dropped = new AtomicWriter(join(dir, 'y.u16'));
    dropped.utf16('丙');
    dropped.abort();
    expect(readdirSync(dir)).toEqual(['x.u16']);
  });
});

describe('ByteCache', () => {
  it('gives back exactly what was put, or nothing; keeps what is recent; never holds more than its capacity', () => {
    for (const capacity of [64, 1000, 4096]) {
      const cache = new ByteCache(capacity);
      const keys: TextSpan[] = Array.from({ length: 40 }, (_, k) => ({ start: k, len: 0 }));
      const sizes = new Map<TextSpan, number>();
      /** bytes placed since the key was last put or moved to the front */
      const since = new Map<TextSpan, number>();
      const placed = (key: TextSpan, bytes: number) => {
        for (const [k, v] of since) since.set(k, v + bytes);
        since.set(key, 0);
      };
      const fill = (key: TextSpan, n: number) => Buffer.from(Array.from({ length: n }, (_, i) => (key.start * 31 + i) & 255));
      let x = capacity;
      let hits = 0;
      for (let op = 0; op < 5000; op++) {
        x = (x * 1103515245 + 12345) & 0x7fffffff;
        const key = keys[x % keys.length];
        if ((x >> 8) % 3 === 0) {
          // sizes up to a quarter of the capacity, and now and then one that does not fit
          const n = (x >> 12) % 50 === 0 ? capacity + 1 : 1 + ((x >> 12) % Math.floor(capacity / 4));
          cache.drop(key);
          const room = cache.put(key, n);
          if (n > capacity) {
            expect(room).toBeUndefined();
            sizes.delete(key);
            continue;
          }
          fill(key, n).copy(room!);
          sizes.set(key, n);
          placed(key, n);
        } else {
          const got = cache.get(key);
          if (got) {
            hits++;
            expect(Buffer.compare(got, fill(key, sizes.get(key)!))).toBe(0);
            // read in the older half: moved to the front
            if (since.get(key)! > capacity / 2) placed(key, got.length);
          } else if (sizes.has(key)) {
            // the ring wastes at most one entry's size at its end: anything newer than half the ring is still there
            expect(since.get(key)!).toBeGreaterThan(capacity / 2);
          }
        }
        expect(cache.heldBytes).toBeLessThanOrEqual(capacity);
      }
      expect(hits).toBeGreaterThan(500);
    }
  });
});
