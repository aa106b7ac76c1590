/**
 * Our engine as the CLI and the API use it: Engine.addDoc to build, search() (verify, filter, rank,
 * facets, highlight the first page) to answer — that is what is timed — and matchQuery for the hit set.
 * runIds answers what the peers answer (ranked ids), for a like-for-like row.
 */
import { mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Engine } from '../../src/index/engine.js';
import { saveIndex } from '../../src/persist/save.js';
import { createTextIndex, type StoreKind } from '../../src/index/stores.js';
import { parseQuery } from '../../src/search/query.js';
import { search } from '../../src/search/search.js';
import { matchIds, matchQuery } from '../../src/search/match.js';
import { facetsOf } from '../../src/search/facets.js';
import { rank } from '../../src/search/rank.js';
import type { Doc } from '../../src/types.js';
import { queryText, type BenchEngine, type Query } from '../types.js';

export class YaodianEngine implements BenchEngine {
  engine: Engine;
  savedDir?: string;

  /** the default gram store, or FlexSearch behind the same seam (`yaodian index --store flexsearch`) */
  constructor(store: StoreKind = 'gram') {
    this.engine = new Engine({ index: createTextIndex(store) });
  }

  /** the bulk build buildIndex() uses when the engine has one, else one document at a time */
  build(docs: Doc[]): void {
    const e = this.engine as Engine & { addDocs?: (docs: Doc[]) => void };
    if (typeof e.addDocs === 'function') e.addDocs(docs);
    else for (const d of docs) e.addDoc(d);
  }

  note(): string {
    const kind = (this.engine.index as { kind?: string }).kind;
    return `text index: ${kind ?? this.engine.index.constructor.name}`;
  }

  run(q: Query): unknown {
    return search(this.engine, queryText(q), { limit: 20 });
  }

  /** What SQLite and MiniSearch answer: every hit ranked (BM25, title and whole-word boosts), facets on the facets row. */
  runIds(q: Query): unknown {
    const { hits, terms } = matchIds(this.engine, parseQuery(queryText(q)));
    const ids = rank(this.engine, hits, terms).map((s) => s.n);
    return q.facets ? { ids, facets: facetsOf(this.engine, hits) } : ids;
  }

  hits(q: Query): number[] {
    return matchQuery(this.engine, parseQuery(queryText(q))).hits;
  }

  /** Size of what saveIndex writes; the folder is kept for the load measurement. */
  async indexBytes(): Promise<number> {
    const dir = mkdtempSync(join(tmpdir(), 'yaodian-bench-'));
    await saveIndex(this.engine, dir, 'bench');
    this.savedDir = dir;
    return dirBytes(dir);
  }
}

export function dirBytes(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    total += st.isDirectory() ? dirBytes(p) : st.size;
  }
  return total;
}
