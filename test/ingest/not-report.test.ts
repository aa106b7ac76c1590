import { describe, it, expect } from 'vitest';
import { mkdtempSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { whyNotAReport } from '../../src/ingest/not-report.js';
import { loadCorpus } from '../../src/ingest/corpus.js';

const SOURCE_NOTE = '16 provincial government work reports delivered in January–February 2026 (public state documents).\nSource: a public repository, commit abc. Web navigation trimmed; datelines kept.\nmanifest.tsv: one row per file (region, year, title).';
const REPORT = '——2026年1月27日在某某省第十四届人民代表大会第四次会议上\n各位代表：\n现在，我代表省人民政府，向大会报告工作，请予审议。\n一、2025年工作回顾\n过去一年，全省地区生产总值增长5.2%，GDP突破6万亿元，R&D经费投入强度达到2.5%。';

describe('files that are not reports', () => {
  it.each([
    ['SOURCE.txt', SOURCE_NOTE],
    ['README.md', '# 数据说明\n\n本目录收录各省政府工作报告。'],
    ['readme.txt', '各省政府工作报告全文，来源见下。'],
    ['LICENSE', 'MIT License'],
    ['manifest.txt', 'file\tregion\tyear'],
    ['notes.txt', SOURCE_NOTE],
  ])('%s is not a report', (name, text) => {
    expect(whyNotAReport(text, name)).toMatch(/^not a report: /);
  });

  it.each([
    ['report.txt', REPORT],
    ['2026_某某省_政府工作报告.txt', REPORT],
    ['source-code-policy.txt', REPORT],
  ])('%s is a report', (name, text) => {
    expect(whyNotAReport(text, name)).toBeNull();
  });

  it('a folder of reports with its note and README: the note is skipped with a one-line reason, never given a region', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yaodian-notes-'));
    writeFileSync(join(dir, 'SOURCE.txt'), SOURCE_NOTE);
    writeFileSync(join(dir, 'README.txt'), '各省政府工作报告全文。');
    copyFileSync('seeds/provinces-2026/2026_河北省_政府工作报告.txt', join(dir, 'hebei.txt'));
    const corpus = loadCorpus(dir, 1);
    expect(corpus.docs.map((d) => d.meta.id)).toEqual(['hebei-2026-gov-report']);
    expect(corpus.errors.map((e) => e.source).sort()).toEqual(['README.txt', 'SOURCE.txt']);
    for (const e of corpus.errors) expect(e.message).toMatch(/^[^\n]+: not a report: [^\n]+$/);
  });
});
