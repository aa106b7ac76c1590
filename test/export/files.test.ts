/** Downloaded files keep a Chinese name that says what they hold, safely, in every browser. */
import { describe, expect, it } from 'vitest';
import { contentDisposition, fileNameOf } from '../../src/export/index.js';

const NOW = new Date('2025-03-05T20:00:00Z'); // 2025-03-06 in Beijing

describe('an export file name', () => {
  it.each([
    ['检索-揭榜挂帅', 'csv', '检索-揭榜挂帅-2025-03-06.csv'],
    ['历年比较-"基础研究" year:2021..2023', 'docx', '历年比较- 基础研究 year 2021..2023-2025-03-06.docx'],
    ['文件对比-a/b\\c', 'xlsx', '文件对比-a b c-2025-03-06.xlsx'],
    ['..\u0000', 'md', 'yaodian-2025-03-06.md'],
    ['检'.repeat(100), 'csv', `${'检'.repeat(60)}-2025-03-06.csv`],
  ] as const)('%j as %s is %s', (stem, format, name) => {
    expect(fileNameOf(stem, format, NOW)).toBe(name);
  });
});

describe('the Content-Disposition header', () => {
  it.each(['检索-揭榜挂帅-2025-03-06.csv', "趋势-R&D (10%)'s-2025-03-06.xlsx", 'plain-2025-03-06.md'])('carries %s as RFC 5987 filename*', (name) => {
    const header = contentDisposition(name);
    expect(header).toMatch(/^attachment; filename="[\x20-\x7e]+"; filename\*=UTF-8''[A-Za-z0-9%!._~&+-]+$/);
    expect(decodeURIComponent(header.split("filename*=UTF-8''")[1])).toBe(name);
  });

  it('gives an ASCII fallback name that keeps the extension', () => {
    expect(contentDisposition('检索-揭榜挂帅-2025-03-06.csv')).toContain('filename="_-_-2025-03-06.csv"');
  });
});
