/** A one-paragraph UnitRecord, for specifying extraction on sentences without building an engine. */
import type { UnitRecord } from '../../src/index/engine.js';
import { toMatchForm } from '../../src/text/normalize.js';
import type { DocKind, Stance } from '../../src/types.js';

export interface RecOptions {
  /** the unit's stance and year (review 2022 by default, as in a 2023 conference report) */
  stance?: Stance;
  year?: number;
  docYear?: number;
  kind?: DocKind;
  /** where the unit starts in the document */
  start?: number;
}

export function rec(text: string, o: RecOptions = {}): UnitRecord {
  const start = o.start ?? 0;
  return {
    doc: {
      id: 'test-doc', title: '测试', issuer: '测试', region: '四川省', level: 'province', year: o.docYear ?? 2023,
      date: null, kind: o.kind ?? 'conference-report', docNo: null, source: 'test.txt',
    },
    unit: {
      id: 'test-doc:p1', docId: 'test-doc', kind: 'paragraph', ordinal: 1, path: [], title: text.slice(0, 10),
      text, start, end: start + text.length, stance: o.stance ?? 'review', year: o.year ?? 2022,
    },
    match: toMatchForm(text).text,
    matchTitle: toMatchForm(text.slice(0, 10)).text,
  };
}
