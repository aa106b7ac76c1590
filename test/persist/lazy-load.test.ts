/**
 * An index loaded for one command (the CLI's reading commands): matching forms decoded and titles read when first
 * asked for, docs.jsonl checked without zod where a line plainly fits. Every answer must be the one an index
 * loaded whole gives.
 */
import { describe, it, expect, beforeAll } from 'vitest';
import { readFileSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../../src/index/engine.js';
import { loadIndex, readIndexInfo } from '../../src/persist/save.js';
import { DOCS_FILE, MATCH_FILE } from '../../src/persist/docs.js';
import { readStoredDoc, StoredDocSchema } from '../../src/persist/stored-doc.js';
import { IndexFileError } from '../../src/util/files.js';
import { search } from '../../src/search/search.js';
import { compare } from '../../src/compare/timeline.js';
import { diffDocs } from '../../src/compare/docdiff.js';
import { seedIndex, seedIndexCopy } from '../helpers/seeds.js';

const QUERIES = ['揭榜挂帅', '科技', '人工智能', '2022', '新型研发机构 成果转化', '發展', '基础研究 -十年', 'kind:section 创新'];

const load = (dir: string, lazyMatches: boolean) => loadIndex(dir, readIndexInfo(dir)!, { lazyMatches });

describe('an index loaded for one command', () => {
  let whole: Engine;
  let lazy: Engine;
  beforeAll(() => {
    whole = load(seedIndex(), false);
    lazy = load(seedIndex(), true);
  });

  it('answers every search exactly as the index loaded whole', () => {
    expect(search(load(seedIndex(), true), '揭榜挂帅', { limit: 20 })).toEqual(search(whole, '揭榜挂帅', { limit: 20 }));
    for (const q of QUERIES) expect(search(lazy, q, { limit: 200 })).toEqual(search(whole, q, { limit: 200 }));
  });

  it('gives back the same documents, units, titles, texts and records, in the same key order', () => {
    expect([...lazy.docs.keys()]).toEqual([...whole.docs.keys()]);
    for (const [id, doc] of whole.docs) {
      const got = lazy.docs.get(id)!;
      // titles read on first use sit where a plain field would: JSON and spreads see the same keys in the same order
      expect(JSON.stringify(got)).toBe(JSON.stringify(doc));
      got.units.forEach((u, k) => expect({ ...u }).toEqual({ ...doc.units[k] }));
    }
    whole.records.forEach((r, n) => {
      const l = lazy.records[n];
      expect(l && { unit: l.unit, match: l.match, matchTitle: l.matchTitle }).toEqual(r && { unit: r.unit, match: r.match, matchTitle: r.matchTitle });
    });
    expect(lazy.avgUnitLength).toBe(whole.avgUnitLength);
  });

  it('compares and diffs as the index loaded whole', () => {
    const a = load(seedIndex(), true);
    expect(compare(a, { query: '基础研究十年行动' })).toEqual(compare(whole, { query: '基础研究十年行动' }));
    expect(diffDocs(a, 'state-council-2024', 'state-council-2025')).toEqual(diffDocs(whole, 'state-council-2024', 'state-council-2025'));
  });

  it('a title or text assigned replaces the one on disk, as on a plain object', () => {
    const a = load(seedIndex(), true);
    const unit = [...a.docs.values()][0].units[1];
    unit.title = '新标题';
    expect(unit.title).toBe('新标题');
    expect(JSON.parse(JSON.stringify(unit)).title).toBe('新标题');
  });

  it('a removed document’s records keep their matching forms; searches no longer find it', () => {
    const a = load(seedIndex(), true);
    const doc = a.getDoc('state-council-2024');
    const held = doc.units.map((u) => a.getUnit(u.id));
    const want = doc.units.map((u) => whole.getUnit(u.id).match);
    a.removeDoc('state-council-2024');
    expect(held.map((r) => r.match)).toEqual(want);
    expect(search(a, '政府工作报告', { limit: 200 }).hits.some((h) => h.docId === 'state-council-2024')).toBe(false);
  });

  it('match.u16 cut short or grown: loading fails with IndexFileError, as when loaded whole', () => {
    for (const change of [-2, 2]) {
      const dir = seedIndexCopy();
      const file = join(dir, readIndexInfo(dir)!.generation, MATCH_FILE);
      if (change < 0) truncateSync(file, statSync(file).size + change);
      else writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.alloc(change)]));
      expect(() => load(dir, true)).toThrow(IndexFileError);
      expect(() => load(dir, false)).toThrow(IndexFileError);
    }
  });

  it('a unit’s matching length past the end of match.u16: IndexFileError naming the file', () => {
    const dir = seedIndexCopy();
    const file = join(dir, readIndexInfo(dir)!.generation, DOCS_FILE);
    const lines = readFileSync(file, 'utf8').split('\n');
    const last = JSON.parse(lines[lines.length - 2]);
    // FIELD.matchLength is the 10th of each unit's 11 numbers
    last.u[9] += 5;
    lines[lines.length - 2] = JSON.stringify(last);
    writeFileSync(file, lines.join('\n'));
    expect(() => load(dir, true)).toThrow(/match\.u16.*past the end/);
    expect(() => load(dir, false)).toThrow(IndexFileError);
  });
});

describe('docs.jsonl lines checked without zod', () => {
  const lines = () => readFileSync(join(seedIndex(), readIndexInfo(seedIndex())!.generation, DOCS_FILE), 'utf8').split('\n').filter(Boolean).slice(1).map((l) => JSON.parse(l));

  it('give what the schema gives for every saved line: the metadata with the same keys, in the same order', () => {
    const all = lines();
    expect(all.length).toBeGreaterThan(50);
    // the seeds hold both optional metadata fields somewhere
    expect(all.some((l) => 'datePrinted' in l.meta) && all.some((l) => 'dateNote' in l.meta)).toBe(true);
    for (const line of all) {
      const got = readStoredDoc(line, 'docs.jsonl', 'document');
      const want = StoredDocSchema.parse(line);
      expect(JSON.stringify(got.meta)).toBe(JSON.stringify(want.meta));
      expect({ ...got, meta: null }).toEqual({ ...want, meta: null });
    }
  });

  it('give what the schema gives, or its error, for lines changed field by field', () => {
    const [line] = lines();
    const changes: [string, (d: Record<string, any>) => void][] = [
      ['an extra metadata field', (d) => (d.meta.extra = 1)],
      ['metadata fields in another order', (d) => (d.meta = Object.fromEntries(Object.entries(d.meta).reverse()))],
      ['an empty id', (d) => (d.meta.id = '')],
      ['a year that is not whole', (d) => (d.meta.year = 2024.5)],
      ['an unknown level', (d) => (d.meta.level = 'galaxy')],
      ['a null date', (d) => (d.meta.date = null)],
      ['a date that is a number', (d) => (d.meta.date = 20240305)],
      ['a dateNote that is null', (d) => (d.meta.dateNote = null)],
      ['a negative length', (d) => (d.len = -1)],
      ['a crc that is a string', (d) => (d.crc = '7')],
      ['unit numbers listed', (d) => (d.ns = d.ids.map((_: unknown, k: number) => 2 * k))],
      ['unit numbers with a negative one', (d) => (d.ns = [-1])],
      ['spans', (d) => (d.spans = [[0, 4]])],
      ['a span of three numbers', (d) => (d.spans = [[0, 4, 1]])],
      ['a path holding a fraction', (d) => d.paths[0].push(1.5)],
      ['metadata that is a list', (d) => (d.meta = [])],
    ];
    for (const [what, change] of changes) {
      const d = structuredClone(line);
      change(d);
      const want = StoredDocSchema.safeParse(d);
      if (want.success) {
        const got = readStoredDoc(d, 'docs.jsonl', 'document');
        expect(got, what).toEqual(want.data);
        expect(JSON.stringify(got.meta), what).toBe(JSON.stringify(want.data.meta));
      } else expect(() => readStoredDoc(d, 'docs.jsonl', 'document'), what).toThrow(IndexFileError);
    }
  });
});
