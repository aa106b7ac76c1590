/** The store seam: a store that gives only candidates gets matching's defaults, and answers like the others. */
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/index/engine.js';
import { TextIndex, type StoreUnit } from '../../src/index/store.js';
import { matchQuery } from '../../src/search/match.js';
import { parseQuery } from '../../src/search/query.js';
import type { Doc } from '../../src/types.js';
import { seedEngine } from '../helpers/seeds.js';

/** The least a store can do: every unit is a candidate for every term. */
class EveryUnit extends TextIndex {
  readonly kind = 'every-unit';
  private readonly ids = new Set<number>();
  build(texts: StoreUnit[]): void {
    for (const t of texts) this.ids.add(t.id);
  }
  add(id: number): void {
    this.ids.add(id);
  }
  remove(id: number): void {
    this.ids.delete(id);
  }
  candidates(): number[] {
    return [...this.ids].sort((a, b) => a - b);
  }
  async save(): Promise<void> {}
  load(): void {}
}

let seeds: Engine;
let minimal: Engine;
beforeAll(async () => {
  seeds = (await seedEngine()).engine;
  // the founding reports and the recent State Council ones: enough to hit every query below
  const docs: Doc[] = [...seeds.docs.values()].filter((d) => d.meta.source.startsWith('sci-tech') || (d.meta.year >= 2019 && d.meta.year < 2026));
  seeds = new Engine();
  seeds.addDocs(docs);
  minimal = new Engine({ index: new EveryUnit() });
  minimal.addDocs(docs);
});

describe('a store with only candidates()', () => {
  it.each(['科技', '锂', '揭榜挂帅', '基础研究 十年行动', '揭榜挂帅 OR 揭榜制', '科技 -疫情', '创新 year:2022..2023', '"基础研究十年行动"', '科技 region:四川'])(
    'matches %s exactly as the gram index does',
    (q) => {
      const hits = (e: Engine) => matchQuery(e, parseQuery(q)).hits;
      expect(hits(minimal)).toEqual(hits(seeds));
      expect(hits(seeds).length).toBeGreaterThan(0);
    },
  );

  it('sees a document removed, through the engine', () => {
    const e = new Engine({ index: new EveryUnit() });
    e.addDocs([...seeds.docs.values()].slice(0, 3));
    const id = e.docList()[0].id;
    e.removeDoc(id);
    expect(matchQuery(e, parseQuery(`doc:${e.docList()[0].id} 的`)).hits.length).toBeGreaterThan(0);
    expect(matchQuery(e, parseQuery('的')).hits.every((n) => e.records[n]!.doc.id !== id)).toBe(true);
  });
});
