import { describe, it, expect } from 'vitest';
import { buildDoc } from '../../src/ingest/corpus.js';
import { readSeed, SEED } from '../helpers/seeds.js';
import { readFileSync } from 'node:fs';

/** Detection alone, without the manifest: what a user's new file gets. */
const detect = (rel: string) => buildDoc(readSeed(rel), rel).meta;

describe('metadata detected from the text and file name', () => {
  it.each([
    [SEED.sichuan2022, { id: 'sichuan-2022-work-points', title: '2022年全省科技创新工作要点', issuer: '四川省科学技术厅', region: '四川省', level: 'province', year: 2022, date: '2022-02-28', datePrinted: '2023-02-28', kind: 'work-points', docNo: '川科发〔2022〕2号' }],
    [SEED.sichuan2023, { id: 'sichuan-2023-conference', title: '2023年全省科技工作会议在蓉召开', issuer: '四川省科学技术厅', region: '四川省', level: 'province', year: 2023, date: '2023-02-09', kind: 'conference-report', docNo: null }],
    [SEED.suining2023, { id: 'suining-2023-work-points', title: '2023年全市科技创新工作要点', issuer: '遂宁市科学技术局', region: '遂宁市', level: 'city', year: 2023, date: '2023-02-28', kind: 'work-points', docNo: null }],
    [SEED.sichuan2024, { id: 'sichuan-2024-conference', region: '四川省', level: 'province', year: 2024, kind: 'conference-report', docNo: null }],
    [SEED.shanxi2021, { id: 'shanxi-2021-conference', title: '2021年全省科技工作会议召开', issuer: '山西省科技厅', region: '山西省', level: 'province', year: 2021, date: '2021-03-30', kind: 'conference-report', docNo: null }],
  ])('%s', (rel, expected) => {
    expect(detect(rel)).toMatchObject({ ...expected, source: rel });
  });

  it('dates the 2022 work points by its title and number, keeping the 2023 signature as printed', () => {
    const m = detect(SEED.sichuan2022);
    expect(m).toMatchObject({ year: 2022, date: '2022-02-28', datePrinted: '2023-02-28' });
    expect(m.dateNote).toMatch(/川科发〔2022〕2号/);
  });

  it.each([
    ['state-council/1954_国务院_政府工作报告.txt', 1954, null],
    ['state-council/1985_国务院_政府工作报告.txt', 1985, null],
    ['state-council/1998_国务院_政府工作报告.txt', 1998, null],
    ['state-council/2017_国务院_政府工作报告.txt', 2017, '2017-03-05'],
    ['state-council/2021_国务院_政府工作报告.txt', 2021, '2021-03-05'],
    ['state-council/2024_国务院_政府工作报告.txt', 2024, '2024-03-05'],
  ])('State Council report %s', (rel, year, date) => {
    expect(detect(rel)).toMatchObject({
      id: `state-council-${year}`,
      issuer: '国务院',
      region: '全国',
      level: 'national',
      kind: 'government-work-report',
      year,
      date,
      title: `${year}年国务院政府工作报告`,
    });
  });
});

describe('the seeds manifest', () => {
  it('overrides what the text cannot tell, and only that', async () => {
    const { loadCorpus } = await import('../../src/ingest/corpus.js');
    const docs = loadCorpus('seeds', 1).docs;
    const byId = new Map(docs.map((d) => [d.meta.id, d.meta]));
    expect(byId.get('state-council-1954')).toMatchObject({ date: '1954-09-23', title: '1954年中华人民共和国国务院政府工作报告' });
    expect(byId.get('sichuan-2024-conference')?.title).toBe('四川确定新一年科技创新“任务书”');
    expect(docs).toHaveLength(73);
    expect(new Set(docs.map((d) => d.meta.id)).size).toBe(73);
    const manifest = JSON.parse(readFileSync('seeds/manifest.json', 'utf8'));
    expect(Object.keys(manifest.documents)).toHaveLength(53);
  });
});
