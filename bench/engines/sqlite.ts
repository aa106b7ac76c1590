/**
 * SQLite FTS5 with the trigram tokenizer, in memory. Terms of three or more characters go through MATCH;
 * shorter ones cannot (a trigram index has nothing for them), so they fall back to LIKE '%x%' as SQLite
 * users do. Filters are WHERE clauses on unindexed columns, facets a GROUP BY over the hit set.
 */
import Database from 'better-sqlite3';
import type { Doc } from '../../src/types.js';
import { unitRows, type BenchEngine, type FacetCounts, type Query } from '../types.js';

const likeEscape = (t: string) => `%${t.replace(/[\\%_]/g, (c) => '\\' + c)}%`;
const ftsPhrase = (t: string) => `"${t.replace(/"/g, '""')}"`;

export class SqliteEngine implements BenchEngine {
  private db = new Database(':memory:');
  private stmts = new Map<string, Database.Statement>();

  build(docs: Doc[]): void {
    const rows = unitRows(docs);
    this.db.exec(`CREATE VIRTUAL TABLE u USING fts5(text, year UNINDEXED, yearTo UNINDEXED, region UNINDEXED, level UNINDEXED, kind UNINDEXED, tokenize='trigram')`);
    const ins = this.db.prepare('INSERT INTO u(rowid, text, year, yearTo, region, level, kind) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const r of rows) ins.run(r.id, r.match, r.year, r.yearTo, r.region, r.level, r.kind);
    })();
    this.db.exec(`INSERT INTO u(u) VALUES ('optimize')`);
  }

  private where(q: Query): { sql: string; params: (string | number)[]; ranked: boolean } {
    const long = q.terms.filter((t) => Array.from(t).length >= 3);
    const short = q.terms.filter((t) => Array.from(t).length < 3);
    const parts: string[] = [];
    const params: (string | number)[] = [];
    if (long.length) {
      parts.push('u MATCH ?');
      params.push(long.map(ftsPhrase).join(' AND '));
    }
    for (const t of short) {
      parts.push(`text LIKE ? ESCAPE '\\'`);
      params.push(likeEscape(t));
    }
    if (q.year !== undefined) {
      parts.push('year <= ? AND yearTo >= ?');
      params.push(q.year, q.year);
    }
    if (q.region !== undefined) {
      parts.push('region = ?');
      params.push(q.region);
    }
    return { sql: parts.join(' AND '), params, ranked: long.length > 0 };
  }

  private stmt(sql: string): Database.Statement {
    let s = this.stmts.get(sql);
    if (!s) this.stmts.set(sql, (s = this.db.prepare(sql)));
    return s;
  }

  private ids(q: Query): number[] {
    const w = this.where(q);
    return this.stmt(`SELECT rowid FROM u WHERE ${w.sql}${w.ranked ? ' ORDER BY rank' : ''}`).pluck().all(...w.params) as number[];
  }

  private facets(q: Query): FacetCounts {
    const w = this.where(q);
    const f: FacetCounts = { year: {}, region: {}, level: {}, kind: {} };
    const groups = this.stmt(`SELECT year, yearTo, region, level, kind, count(*) AS c FROM u WHERE ${w.sql} GROUP BY 1, 2, 3, 4, 5`).all(...w.params) as {
      year: number; yearTo: number; region: string; level: string; kind: string; c: number;
    }[];
    for (const g of groups) {
      // an outlook counts in each year it covers, as yaodian's year facet does
      for (let y = g.year; y <= g.yearTo; y++) f.year[y] = (f.year[y] ?? 0) + g.c;
      for (const k of ['region', 'level', 'kind'] as const) f[k][g[k]] = (f[k][g[k]] ?? 0) + g.c;
    }
    return f;
  }

  run(q: Query): unknown {
    const ids = this.ids(q);
    return q.facets ? { ids, facets: this.facets(q) } : ids;
  }

  hits(q: Query): number[] {
    return this.ids(q);
  }

  async indexBytes(): Promise<number> {
    const count = this.db.pragma('page_count', { simple: true }) as number;
    const size = this.db.pragma('page_size', { simple: true }) as number;
    return count * size;
  }
}
