/** The exactness reference: a plain substring scan over every unit's matching form. */
import type { Doc } from '../../src/types.js';
import { countFacets, passes, unitRows, type BenchEngine, type Query, type UnitRow } from '../types.js';

export class ScanEngine implements BenchEngine {
  private rows: UnitRow[] = [];

  build(docs: Doc[]): void {
    this.rows = unitRows(docs);
  }

  private matching(q: Query): UnitRow[] {
    return this.rows.filter((r) => passes(r, q) && q.terms.every((t) => r.match.includes(t)));
  }

  run(q: Query): unknown {
    const found = this.matching(q);
    return q.facets ? { ids: found.map((r) => r.id), facets: countFacets(found) } : found.map((r) => r.id);
  }

  hits(q: Query): number[] {
    return this.matching(q).map((r) => r.id);
  }

  async indexBytes(): Promise<number> {
    return 0; // no index: the matching forms are the data
  }
}
