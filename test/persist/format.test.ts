import { describe, it, expect, beforeAll } from 'vitest';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildDoc } from '../../src/ingest/corpus.js';
import { Engine, TITLE_FILES, type UnitRecord } from '../../src/index/engine.js';
import { contentHash, docContentHash } from '../../src/persist/journal.js';
import { addText } from '../../src/persist/writer.js';
import { openEngine } from '../../src/persist/open.js';
import { loadIndex, readIndexInfo, saveIndex } from '../../src/persist/save.js';
import { DISPLAY_FILE, DOCS_FILE, MATCH_FILE } from '../../src/persist/docs.js';
import { IndexFileError, ReadBuffer, Utf16Blob } from '../../src/util/files.js';
import { search } from '../../src/search/search.js';
import { freshSeeds, readSeed, SEED, tmpIndexDir } from '../helpers/seeds.js';

const QUERIES = ['揭榜挂帅', '科技', '人工智能', '2022', '新型研发机构 成果转化', '發展'];

async function saveAndLoad(engine: Engine): Promise<{ loaded: Engine; dir: string; gen: string }> {
  const dir = tmpIndexDir();
  await saveIndex(engine, dir, 'test');
  const info = readIndexInfo(dir)!;
  return { loaded: loadIndex(dir, info), dir, gen: join(dir, info.generation) };
}

/** Everything a saved index must give back: documents, units, matching forms, numbers, facets. */
function expectSameEngine(loaded: Engine, fresh: Engine): void {
  expect([...loaded.docs.keys()]).toEqual([...fresh.docs.keys()]);
  for (const [id, doc] of fresh.docs) {
    const got = loaded.docs.get(id)!;
    expect(got.meta).toEqual(doc.meta);
    expect(got.display).toBe(doc.display);
    expect(got.units).toEqual(doc.units);
    // texts read from disk look like plain values: same keys in the same order, in JSON and in a spread
    expect(JSON.stringify(got)).toBe(JSON.stringify(doc));
    got.units.forEach((u, k) => {
      expect(u.text).toBe(got.display.slice(u.start, u.end));
      expect({ ...u }).toEqual({ ...doc.units[k] });
    });
    for (const u of doc.units) expect(loaded.numberOfUnit(u.id)).toBe(fresh.numberOfUnit(u.id));
  }
  expect(loaded.records.length).toBe(fresh.records.length);
  // what a record offers, not which of its lazily derived fields were already computed
  const view = (r: UnitRecord | null) => r && { unit: r.unit, doc: r.doc, match: r.match, matchTitle: r.matchTitle };
  fresh.records.forEach((r, n) => expect(view(loaded.records[n])).toEqual(view(r)));
  expect(loaded.unitCount).toBe(fresh.unitCount);
  expect(loaded.avgUnitLength).toBe(fresh.avgUnitLength);
}

describe('saved index format', () => {
  let fresh: Engine;
  let saved: Awaited<ReturnType<typeof saveAndLoad>>;
  beforeAll(async () => {
    const seeds = await freshSeeds();
    fresh = seeds.engine;
    const info = readIndexInfo(seeds.dir)!;
    saved = { loaded: loadIndex(seeds.dir, info), dir: seeds.dir, gen: join(seeds.dir, info.generation) };
  });

  it('gives back every document, unit, matching form and unit number of the seeds', () => {
    expect(fresh.docs.size).toBeGreaterThan(5);
    expectSameEngine(saved.loaded, fresh);
  });

  it('answers every query exactly as the engine it was saved from', () => {
    for (const q of QUERIES) expect(search(saved.loaded, q, { limit: 200 })).toEqual(search(fresh, q, { limit: 200 }));
    expect(search(saved.loaded, '科技', { filters: { levels: ['province'], unitKinds: ['task'] } })).toEqual(
      search(fresh, '科技', { filters: { levels: ['province'], unitKinds: ['task'] } }),
    );
  });

  it('saves the title postings, so a loaded index ranks title matches without indexing the titles again', () => {
    for (const stem of ['', TITLE_FILES]) for (const part of ['uni.keys', 'bi.keys', 'bi.bytes']) expect(statSync(join(saved.gen, `${stem}${part}.bin`)).size).toBeGreaterThan(0);
    const titled = [...fresh.docs.values()].flatMap((d) => d.units).filter((u) => u.kind !== 'paragraph' && u.title);
    expect(titled.length).toBeGreaterThan(50);
    for (const term of ['科技', '创新', '基础研究', '揭榜挂帅', '锂', '成果转化']) {
      const want = saved.loaded.titleHits(term);
      expect([...want]).toEqual([...fresh.titleHits(term)]);
      for (const n of want) expect(saved.loaded.records[n]!.matchTitle).toContain(term);
    }
    expect(fresh.titleHits('科技').length).toBeGreaterThan(5);
  });

  it('writes the texts as UTF-16 blobs and shares section paths between units', () => {
    const chars = [...fresh.docs.values()].reduce((s, d) => s + d.display.length, 0);
    expect(statSync(join(saved.gen, DISPLAY_FILE)).size).toBe(chars * 2);
    for (const doc of saved.loaded.docs.values()) {
      const byKey = new Map<string, string[]>();
      for (const u of doc.units) {
        const key = u.path.join('\u0000');
        if (byKey.has(key)) expect(u.path).toBe(byKey.get(key));
        else byKey.set(key, u.path);
      }
    }
  });

  it('keeps each document content hash, so a first add after loading does not hash the corpus again', async () => {
    for (const doc of saved.loaded.docs.values()) expect(docContentHash(doc)).toBe(contentHash(doc.display));
    // the loaded hash is the saved one, not a recomputed one: a changed file shows through
    const { dir, gen } = await saveAndLoad(fresh);
    const file = join(gen, DOCS_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    const first = JSON.parse(lines[1]);
    lines[1] = JSON.stringify({ ...first, hash: 'f'.repeat(64) });
    writeFileSync(file, lines.join('\n'));
    const again = loadIndex(dir, readIndexInfo(dir)!);
    expect(docContentHash(again.getDoc(first.meta.id))).toBe('f'.repeat(64));
  });

  it('round-trips astral characters, traditional characters and lone surrogates exactly', async () => {
    const texts = [
      '2024年𠀀𠀁市科技工作要点\n一、發展新質生產力，推進𡃁𩸽產業。\n1.實施「揭榜掛帥」項目２０２４個。\n2.😀表情与ＡＢＣ全角字母。',
      '2023年全省工作会议\n会议要求，布局\ud800孤立代理项与\udfff尾部。\n一是加强𠀀建设，二是深化改革。',
    ];
    const docs = texts.map((t, k) => buildDoc(t, `astral-${k}.txt`, { id: `astral-${k}` }));
    const engine = new Engine();
    engine.addDocs(docs);
    expect(engine.unitCount).toBeGreaterThan(4);
    const { loaded } = await saveAndLoad(engine);
    expectSameEngine(loaded, engine);
    expect(loaded.getDoc('astral-0').display).toContain('𠀀𠀁');
    expect(search(loaded, '发展新质生产力').total).toBe(1);
    expect(search(loaded, '𩸽').total).toBe(search(engine, '𩸽').total);
  });

  it('keeps unit numbers that do not follow on from each other', async () => {
    const doc = buildDoc('2024年工作要点\n一、总体要求\n1.推进甲项工作。\n2.推进乙项工作。\n', 'a.txt', { id: 'a' });
    const engine = new Engine();
    const numbers = doc.units.map((_, k) => (doc.units.length - k) * 3);
    engine.addDoc(doc, numbers);
    engine.index.build(numbers.map((id) => ({ id, text: engine.records[id]!.match })));
    const { loaded } = await saveAndLoad(engine);
    expect(doc.units.map((u) => loaded.numberOfUnit(u.id))).toEqual(numbers);
    expect(search(loaded, '乙项').hits.map((h) => h.unitId)).toEqual(['a:t2']);
  });

  it('reads a blob in chunks without splitting a text or a surrogate pair', () => {
    const dir = tmpIndexDir();
    const parts = Array.from({ length: 2000 }, (_, k) => '𠀀'.repeat(k % 7) + `段${k}` + '\ud800'.repeat(k % 2));
    const all = parts.join('');
    writeFileSync(join(dir, 'b.u16'), Buffer.from(all, 'utf16le'));
    const blob = new Utf16Blob(join(dir, 'b.u16'), all.length, new ReadBuffer());
    let at = 0;
    for (const p of parts) {
      expect(blob.take(at, p.length)).toBe(p);
      at += p.length;
    }
    expect(() => blob.take(at, 1)).toThrow(IndexFileError);
    blob.close();
    // two blobs on one buffer, read turn about: copies come from bytes the other blob may have overwritten
    const shared = new ReadBuffer();
    const [a, b] = [new Utf16Blob(join(dir, 'b.u16'), all.length, shared), new Utf16Blob(join(dir, 'b.u16'), all.length, shared)];
    at = 0;
    for (const p of parts) {
      expect(a.copy(at, p.length)).toBe(p);
      expect(b.take(all.length - at - p.length, p.length)).toBe(all.slice(all.length - at - p.length, all.length - at));
      expect(a.take(at, p.length)).toBe(p);
      at += p.length;
    }
    a.close();
    b.close();
    expect(() => new Utf16Blob(join(dir, 'b.u16'), all.length + 1, new ReadBuffer())).toThrow(/truncated/);
  });
});

describe('a damaged saved index', () => {
  /** A small seeds folder and its saved index. */
  async function savedSmall() {
    const seeds = tmpIndexDir();
    mkdirSync(join(seeds, 'sci-tech'));
    cpSync('seeds/sci-tech', join(seeds, 'sci-tech'), { recursive: true });
    const index = tmpIndexDir();
    const first = await openEngine({ seeds, index });
    const gen = join(index, readIndexInfo(index)!.generation);
    return { seeds, index, gen, first };
  }

  it.each([
    ['match.u16 cut short', (gen: string) => truncateSync(join(gen, MATCH_FILE), statSync(join(gen, MATCH_FILE)).size - 2)],
    ['match.u16 cut by one byte', (gen: string) => truncateSync(join(gen, MATCH_FILE), statSync(join(gen, MATCH_FILE)).size - 1)],
    ['display.u16 missing', (gen: string) => rmSync(join(gen, DISPLAY_FILE))],
    ['the title postings missing', (gen: string) => rmSync(join(gen, `${TITLE_FILES}bi.keys.bin`))],
    ['the text postings cut by one byte', (gen: string) => truncateSync(join(gen, 'bi.offs.bin'), statSync(join(gen, 'bi.offs.bin')).size - 1)],
    ['the title postings from another save', (gen: string) => writeFileSync(join(gen, `${TITLE_FILES}bi.df.bin`), new Uint8Array(8))],
    ['docs.jsonl cut mid-line', (gen: string) => truncateSync(join(gen, DOCS_FILE), Math.floor(statSync(join(gen, DOCS_FILE)).size / 2))],
    ['docs.jsonl missing its last lines', (gen: string) => {
      const lines = readFileSync(join(gen, DOCS_FILE), 'utf8').split('\n');
      writeFileSync(join(gen, DOCS_FILE), lines.slice(0, -3).join('\n') + '\n');
    }],
    ['a docs.jsonl line with a field of the wrong type', (gen: string) => {
      writeFileSync(join(gen, DOCS_FILE), readFileSync(join(gen, DOCS_FILE), 'utf8').replace(/"level":"[a-z]+"/, '"level":"galaxy"'));
    }],
  ])('%s: loading fails with a clear error, and opening rebuilds', async (_, damage) => {
    const { seeds, index, gen, first } = await savedSmall();
    damage(gen);
    expect(() => loadIndex(index, readIndexInfo(index)!)).toThrow(IndexFileError);
    const logs: string[] = [];
    const again = await openEngine({ seeds, index, log: (l) => logs.push(l) });
    expect(again.rebuilt).toBe(true);
    expect(logs.join('\n')).toMatch(/cannot load the index \(index file .*; rebuilding/);
    for (const q of QUERIES) expect(search(again.engine, q, { limit: 200 })).toEqual(search(first.engine, q, { limit: 200 }));
    expect((await openEngine({ seeds, index })).rebuilt).toBe(false);
  });

  it('names the document and the field of a docs.jsonl line that does not fit its schema', async () => {
    const { index, gen } = await savedSmall();
    writeFileSync(join(gen, DOCS_FILE), readFileSync(join(gen, DOCS_FILE), 'utf8').replace(/"hash":"[0-9a-f]+"/, '"hash":7'));
    expect(() => loadIndex(index, readIndexInfo(index)!)).toThrow(/docs\.jsonl.*document 1: hash: .*string/);
  });

  it.each([
    ['a unit id that is not a string', (d: { ids: unknown[] }) => (d.ids[1] = 7), /document 1: ids: a list of unit ids/],
    ['titles that are not a list', (d: { titles: unknown }) => (d.titles = { 0: 'x' }), /document 1: titles: a list of titles/],
    ['a section path holding an object', (d: { paths: unknown[][] }) => d.paths[0].push({}), /document 1: paths: a list of section paths/],
  ])('refuses docs.jsonl with %s, naming the file, the document and the list', async (_, damage, message) => {
    const { index, gen } = await savedSmall();
    const lines = readFileSync(join(gen, DOCS_FILE), 'utf8').split('\n');
    const doc = JSON.parse(lines[1]);
    damage(doc);
    lines[1] = JSON.stringify(doc);
    writeFileSync(join(gen, DOCS_FILE), lines.join('\n'));
    expect(() => loadIndex(index, readIndexInfo(index)!)).toThrow(IndexFileError);
    expect(() => loadIndex(index, readIndexInfo(index)!)).toThrow(new RegExp(`docs\\.jsonl.*${message.source}`));
  });

  it('a CURRENT that does not fit its schema means no saved index', async () => {
    const { index } = await savedSmall();
    const current = join(index, 'CURRENT');
    writeFileSync(current, readFileSync(current, 'utf8').replace(/"store": "gram"/, '"store": "btree"'));
    expect(readIndexInfo(index)).toBeNull();
  });

  it('a missing docs.jsonl means no saved index: open rebuilds', async () => {
    const { seeds, index, gen } = await savedSmall();
    rmSync(join(gen, DOCS_FILE));
    expect(readIndexInfo(index)).toBeNull();
    expect((await openEngine({ seeds, index })).rebuilt).toBe(true);
  });

  it('says so when the index is damaged and the folder it was built from is gone, and rebuilds from no other', async () => {
    const { seeds, index, gen } = await savedSmall();
    truncateSync(join(gen, MATCH_FILE), 10);
    rmSync(seeds, { recursive: true });
    await expect(openEngine({ seeds: 'seeds', index })).rejects.toThrow(/match\.u16.*the folder it was built from, .* is gone; nothing was changed/);
  });

  it('adding a seed document again after a load finds the duplicate', async () => {
    const { seeds, index } = await savedSmall();
    const opened = await openEngine({ seeds, index });
    expect(opened.rebuilt).toBe(false);
    const dup = opened.engine.docs.get([...opened.engine.docs.keys()].find((id) => opened.engine.getDoc(id).meta.source === SEED.sichuan2023)!)!;
    const added = await addText(opened.engine, index, readSeed(SEED.sichuan2023), 'again.txt');
    expect(added.duplicateOf).toBe(dup.meta.id);
  });
});
