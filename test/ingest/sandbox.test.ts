/** Reading in the sandbox's child process: bombs refused naming their cap, runaway readings ended, the next file read. */
import { afterAll, describe, expect, it } from 'vitest';
import { docxBomb, longLineReport, pdfManyPages, pdfStreamBomb } from '../../bench/bombs.js';
import { DEFAULT_LIMITS, type ExtractLimits } from '../../src/ingest/limits.js';
import { Sandbox } from '../../src/ingest/sandbox.js';
import { YaodianError } from '../../src/errors.js';

const MB = 1024 * 1024;
const box = new Sandbox();
afterAll(() => box.close());

const REPORT = '2025年全市科技创新工作要点\n1.实施量子信息专项行动。布局建设量子计算中心。\n';
const prepare = (name: string, bytes: Uint8Array, over: Partial<ExtractLimits> = {}) =>
  box.prepare({ bytes, name, override: {}, limits: { ...DEFAULT_LIMITS, ...over } });
const refusal = (p: Promise<unknown>) => p.then(() => expect.fail('not refused'), (e: unknown) => (expect(e).toBeInstanceOf(YaodianError), e as YaodianError));

describe('the extraction sandbox', () => {
  it('reads a report into a document with its units, metadata detected', async () => {
    const { doc, format, encoding } = await prepare('mianyang.txt', Buffer.from(REPORT));
    expect({ format, encoding, units: doc.units.length, year: doc.meta.year, source: doc.meta.source }).toEqual({ format: 'txt', encoding: 'utf-8', units: 2, year: 2025, source: 'mianyang.txt' });
  });

  it.each([
    ['a .docx whose XML inflates to 100 MB', 'bomb.docx', () => docxBomb({ xmlBytes: 100 * MB }), 'OVER_LIMIT', 'inflatedBytes', {}],
    ['a 50 KB .docx of 220,000 paragraphs', 'units.docx', () => docxBomb({ xmlBytes: 16 * MB }), 'OVER_LIMIT', 'units', {}],
    ['a PDF whose one stream inflates to 1.2 GB', 'stream.pdf', () => pdfStreamBomb(1200 * MB), 'OVER_LIMIT', 'inflatedBytes', {}],
    ['a PDF of 20,000 pages', 'pages.pdf', () => pdfManyPages(20_000), 'OVER_LIMIT', 'pages', {}],
    ['a text of one 3,000,000-character line', 'line.txt', () => Buffer.from(longLineReport(3_000_000)), 'OVER_LIMIT', 'chars', {}],
    ['a file over the size cap', 'big.txt', () => Buffer.from(longLineReport(400_000)), 'TOO_LARGE', 'inputBytes', { inputBytes: MB }],
  ])('refuses %s, naming the cap', async (_what, name, make, code, cap, over) => {
    const e = await refusal(prepare(name, make(), over));
    expect(e.code).toBe(code);
    expect(e.details).toMatchObject({ limit: cap });
    expect(e.message.startsWith(`${name}: `)).toBe(true);
  });

  it('ends a reading that runs past its time, then reads the next file in a fresh child', async () => {
    const e = await refusal(prepare('slow.pdf', pdfManyPages(400), { timeMs: 200 }));
    expect(e.details).toMatchObject({ limit: 'timeMs' });
    expect((await prepare('next.txt', Buffer.from(REPORT))).doc.units).toHaveLength(2);
  });

  it('ends a reading that takes more memory than allowed', async () => {
    // within the size caps, but mammoth needs hundreds of MB to parse 24 MB of XML
    const docx = docxBomb({ xmlBytes: 24 * MB, paragraph: '加强基础研究'.repeat(200) });
    const e = await refusal(prepare('heavy.docx', docx, { chars: 100_000_000, memoryBytes: 160 * MB }));
    expect(e.details).toMatchObject({ limit: 'memoryBytes' });
    expect((await prepare('after.txt', Buffer.from(REPORT))).doc.units).toHaveLength(2);
  });
});
