/**
 * The 16 provincial government work reports of 2026 (seeds/provinces-2026), read as a user's files would be:
 * under a name that says nothing, so region, year, date, title and kind come from the text alone. The manifest
 * beside them (the collector's labels) names the region; the dates were read off each dateline by hand.
 */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { buildDoc } from '../../src/ingest/corpus.js';

const DIR = 'seeds/provinces-2026';
const labels = readFileSync(`${DIR}/manifest.tsv`, 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => line.split('\t'))
  .map(([file, region]) => ({ file, region }));

/** Delivery dates as printed in each dateline; Guangdong's file lost the date above its dateline. */
const DATELINE: Record<string, string | null> = {
  上海市: '2026-02-03', 云南省: '2026-01-28', 北京市: '2026-01-25', 安徽省: '2026-02-05', 山东省: '2026-01-27',
  广东省: null, 新疆维吾尔自治区: '2026-01-27', 江苏省: '2026-02-03', 河北省: '2026-01-26', 河南省: '2026-01-26',
  浙江省: '2026-01-14', 湖南省: '2026-02-03', 福建省: '2026-01-27', 贵州省: '2026-01-27', 重庆市: '2026-01-28',
  陕西省: '2026-01-27',
};

const read = (file: string) => buildDoc(readFileSync(`${DIR}/${file}`, 'utf8'), 'report.txt');

describe('2026 provincial government work reports, named by nothing but their text', () => {
  it('the manifest labels all 16', () => {
    expect(labels).toHaveLength(16);
    expect(Object.keys(DATELINE).sort()).toEqual(labels.map((l) => l.region).sort());
  });

  it.each(labels)('$region', ({ file, region }) => {
    const { meta } = read(file);
    expect(meta).toMatchObject({
      region,
      level: 'province',
      year: 2026,
      date: DATELINE[region],
      kind: 'government-work-report',
      title: `2026年${region}政府工作报告`,
      issuer: `${region}人民政府`,
    });
    if (DATELINE[region] === null) expect(meta.dateNote).toMatch(/names the meeting .* but not the day/);
    else expect(meta.dateNote).toBeUndefined();
  });
});
