/** Sizes measured before a reader parses: a zip's XML and a PDF's streams, inflated under the cap. */
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { docxBomb, pdfManyPages, pdfStreamBomb } from '../../bench/bombs.js';
import { measureDocx, measurePdfStreams, zipEntries } from '../../src/ingest/bounds.js';
import { DEFAULT_LIMITS, type ExtractLimits } from '../../src/ingest/limits.js';
import { YaodianError } from '../../src/errors.js';
import { minimalDocx } from './zip.js';

const MB = 1024 * 1024;
const limits = (over: Partial<ExtractLimits> = {}): ExtractLimits => ({ ...DEFAULT_LIMITS, ...over });

function refusal(run: () => unknown): YaodianError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(YaodianError);
    return e as YaodianError;
  }
  throw new Error('not refused');
}

describe('measureDocx', () => {
  it('counts the paragraphs and characters of a real .docx, without refusing it', () => {
    const m = measureDocx(minimalDocx(['政府工作报告', '各位代表：']), 'ok.docx', limits());
    expect(m).toMatchObject({ paragraphs: 2, chars: 11 });
  });

  it.each([
    ['XML that unpacks to 100 MB, by the sizes the zip declares', { xmlBytes: 100 * MB }, {}, 'inflatedBytes', /unpacks to 100 MB/],
    ['XML that unpacks to 100 MB under sizes that lie', { xmlBytes: 100 * MB, lie: true }, {}, 'inflatedBytes', /more than 32 MB/],
    ['16 MB of XML in 220,000 paragraphs', { xmlBytes: 16 * MB }, {}, 'units', /holds 2\d\d,\d{3} paragraphs/],
    ['text past the character cap', { xmlBytes: 2 * MB, paragraph: '加强基础研究'.repeat(100) }, { chars: 100_000 }, 'chars', /characters of text/],
  ])('refuses %s, naming the cap', (_what, bomb, over, cap, why) => {
    const e = refusal(() => measureDocx(docxBomb(bomb), 'bomb.docx', limits(over)));
    expect(e.code).toBe('OVER_LIMIT');
    expect(e.details).toMatchObject({ limit: cap });
    expect(e.message).toMatch(why);
    expect(e.message).toMatch(new RegExp(`^bomb\\.docx: .*\\(${cap}; raise it with --`));
  });

  it('reads the central directory of a zip, and says when there is none', () => {
    expect(zipEntries(minimalDocx(['x']), 'ok.docx').map((e) => e.name)).toEqual(['[Content_Types].xml', '_rels/.rels', 'word/document.xml']);
    expect(refusal(() => zipEntries(Buffer.from('PK\u0003\u0004 not really'), 'fake.docx')).code).toBe('BAD_FILE');
  });
});

describe('measurePdfStreams', () => {
  it('counts the inflated content of a normal PDF', () => {
    expect(measurePdfStreams(pdfManyPages(3), 'ok.pdf', limits())).toBe(0); // its one stream is not compressed
    expect(measurePdfStreams(pdfStreamBomb(2 * MB), 'small.pdf', limits())).toBeGreaterThan(2 * MB - 200_000);
  });

  it('refuses a stream that inflates to 1 GB after inflating no more than the cap', () => {
    const e = refusal(() => measurePdfStreams(pdfStreamBomb(1024 * MB), 'bomb.pdf', limits()));
    expect(e.details).toMatchObject({ limit: 'inflatedBytes', max: 32 * MB });
  });

  it('follows a chain of filters, and leaves images alone', () => {
    const inner = deflateSync(Buffer.alloc(40 * MB, 0x20));
    const twice = deflateSync(inner);
    const pdf = (dict: string, data: Buffer) =>
      Buffer.concat([Buffer.from(`%PDF-1.4\n1 0 obj\n<< ${dict} /Length ${data.length} >>\nstream\n`, 'latin1'), data, Buffer.from('\nendstream\nendobj\n%%EOF\n', 'latin1')]);
    expect(refusal(() => measurePdfStreams(pdf('/Filter [/FlateDecode /FlateDecode]', twice), 'chain.pdf', limits())).details).toMatchObject({ limit: 'inflatedBytes' });
    expect(measurePdfStreams(pdf('/Filter /FlateDecode', twice), 'once.pdf', limits())).toBe(inner.length);
    expect(measurePdfStreams(pdf('/Type /XObject /Subtype /Image /Filter /FlateDecode', inner), 'image.pdf', limits())).toBe(0);
  });
});
