import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { YaodianError } from '../../src/errors.js';
import { decodeText } from '../../src/ingest/decode.js';
import { readReportFile } from '../../src/ingest/read.js';
import { minimalDocx } from './zip.js';
import { readSeed, SEED } from '../helpers/seeds.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'yaodian-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fixture(name: string, content: string | Uint8Array): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** Expect a BAD_FILE error whose message starts with the file name and matches `why`. */
async function expectBadFile(path: string, why: RegExp): Promise<YaodianError> {
  const err = await readReportFile(path).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(YaodianError);
  const e = err as YaodianError;
  expect(e.code).toBe('BAD_FILE');
  expect(e.message.startsWith(path.split('/').pop()!)).toBe(true);
  expect(e.message).toMatch(why);
  return e;
}

/** Deterministic pseudo-random bytes (a fixed-seed LCG), so failures reproduce. */
function noise(n: number, seed = 42): Buffer {
  const out = Buffer.alloc(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s >>> 24;
  }
  return out;
}

/**
 * A minimal PDF whose pages show the given ASCII lines in Helvetica (a standard font, so nothing
 * needs embedding). The xref table holds each object's exact byte offset, as the format requires.
 */
function minimalPdf(pages: string[][]): Buffer {
  const objects: string[] = [];
  const pageIds = pages.map((_, i) => 4 + i * 2);
  objects[1] = '<< /Type /Catalog /Pages 2 0 R >>';
  objects[2] = `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(' ')}] /Count ${pages.length} >>`;
  objects[3] = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>';
  pages.forEach((lines, i) => {
    const content = lines.length
      ? `BT /F1 12 Tf 14 TL 72 720 Td ${lines.map((l) => `(${l.replace(/[()\\]/g, '\\$&')}) '`).join(' ')} ET`
      : '0 0 1 rg 72 72 300 300 re f'; // a filled square: a page with content but no text
    objects[pageIds[i]] =
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> ' +
      `/Contents ${pageIds[i] + 1} 0 R >>`;
    objects[pageIds[i] + 1] = `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
  });
  let out = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  for (let id = 1; id < objects.length; id++) {
    offsets[id] = Buffer.byteLength(out, 'latin1');
    out += `${id} 0 obj\n${objects[id]}\nendobj\n`;
  }
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length}\n0000000000 65535 f \n`;
  for (let id = 1; id < objects.length; id++) out += `${String(offsets[id]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const REPORT = '政府工作报告\n——2024年3月5日在第十四届全国人民代表大会第二次会议上\n各位代表：\n现在，我代表国务院，向大会报告政府工作，请予审议。\n';

describe('plain text (.txt, .md)', () => {
  it('reads UTF-8 as is and reports format, encoding and size', async () => {
    const path = await fixture('utf8.txt', REPORT);
    expect(await readReportFile(path)).toEqual({ text: REPORT, format: 'txt', encoding: 'utf-8', bytes: Buffer.byteLength(REPORT) });
  });

  it('strips a UTF-8 byte-order mark', async () => {
    const path = await fixture('bom.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(REPORT)]));
    expect(await readReportFile(path)).toMatchObject({ text: REPORT, encoding: 'utf-8-bom' });
  });

  it('falls back to GB18030 for GBK-encoded files and yields the same text', async () => {
    const path = await fixture('gbk.txt', iconv.encode(REPORT, 'gbk'));
    expect(await readReportFile(path)).toMatchObject({ text: REPORT, encoding: 'gb18030' });
  });

  it('reads UTF-16 little- and big-endian files that carry a byte-order mark', async () => {
    const le = await fixture('le.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(REPORT, 'utf-16le')]));
    const be = await fixture('be.txt', Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(REPORT, 'utf-16be')]));
    expect(await readReportFile(le)).toMatchObject({ text: REPORT, encoding: 'utf-16le' });
    expect(await readReportFile(be)).toMatchObject({ text: REPORT, encoding: 'utf-16be' });
  });

  it('normalises CRLF and CR line endings to LF and changes nothing else', async () => {
    const path = await fixture('crlf.md', '# 标题\r\n\r\n　　正文  第一行\r第二行\t\r\n');
    expect(await readReportFile(path)).toMatchObject({ text: '# 标题\n\n　　正文  第一行\n第二行\t\n', format: 'md' });
  });

  it('decodes any long-enough GBK text back to itself', () => {
    const chars = [...'政府工作报告推进高质量发展改革开放科技创新，。、：；“”（）《》——0123456789abcXYZ %'];
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...chars), { minLength: 40, maxLength: 400 }), (cs) => {
        const text = cs.join('');
        expect(decodeText(iconv.encode(text, 'gbk'), 'x.txt').text).toBe(text);
      }),
    );
  });

  it('rejects random bytes as binary', async () => {
    await expectBadFile(await fixture('noise.txt', noise(4096)), /binary/);
  });

  it('rejects bytes that are neither UTF-8 nor GB18030, even without NULs', async () => {
    const bytes = noise(4096, 7).map((b) => b || 1);
    await expectBadFile(await fixture('garbled.txt', bytes), /not UTF-8 or GB18030/);
  });

  it.each([
    ['Japanese in Shift_JIS', '日本国政府は、令和六年度の経済見通しと経済財政運営の基本的態度について閣議決定しました。', 'shift_jis', /Japanese \(Shift_JIS\)/],
    ['Japanese in EUC-JP', '科学技術・イノベーションの推進に向けて、研究開発投資を拡大します。わたしたちは地域の活性化を図ります。', 'euc-jp', /Japanese \(EUC-JP\)/],
    ['Korean in EUC-KR', '정부는 올해 과학기술 혁신을 위한 연구개발 투자를 확대하고 지역 균형 발전을 추진합니다.', 'euc-kr', /Korean \(EUC-KR\)/],
  ])('refuses %s instead of reading it as garbled GBK Chinese', async (_what, text, encoding, why) => {
    const e = await expectBadFile(await fixture(`foreign-${encoding}.txt`, iconv.encode(text, encoding)), why);
    expect(e.message).toMatch(/not a Chinese report/);
  });

  it.each([
    ['a repetitive line', '政'.repeat(21) + '府府' + '政'.repeat(17)],
    ['one phrase over and over', '政府工作'.repeat(10)],
    ['one character', '府'.repeat(40)],
  ])('reads short or repetitive Chinese saved as GBK (%s), which chardet alone takes for Korean', (_what, text) => {
    expect(decodeText(iconv.encode(text, 'gbk'), 'x.txt')).toEqual({ text, encoding: 'gb18030' });
  });

  it('still reads every seed report saved as GBK, whole or its first lines', async () => {
    for (const rel of [SEED.sichuan2022, SEED.suining2023, SEED.shanxi2021, SEED.sichuan2024]) {
      const text = readSeed(rel);
      for (const part of [text, text.slice(0, 300)]) expect(decodeText(iconv.encode(part, 'gbk'), 'x.txt').text).toBe(part);
    }
  });

  it('refuses a page that declares a Japanese or Korean charset', async () => {
    const page = (cs: string) => `<html><head><meta charset="${cs}"><title>t</title></head><body><p>本文</p></body></html>`;
    await expectBadFile(await fixture('sjis.html', page('Shift_JIS')), /Japanese \(Shift_JIS\)/);
    await expectBadFile(await fixture('kr.html', page('euc-kr')), /Korean \(EUC-KR\)/);
  });

  it('rejects empty and whitespace-only files', async () => {
    await expectBadFile(await fixture('empty.txt', ''), /empty/);
    await expectBadFile(await fixture('blank.txt', ' \n\t\r\n　\n'), /no text/);
  });

  it('rejects files over 50 MB before reading them, naming the size and the limit', async () => {
    const path = await fixture('huge.txt', '');
    await truncate(path, 51 * 1024 * 1024); // sparse: takes no disk space
    const e = await readReportFile(path).then(() => expect.fail('read'), (e: YaodianError) => e);
    expect(e).toMatchObject({ code: 'TOO_LARGE', details: { limit: 'inputBytes', max: 50 * 1024 * 1024 } });
    expect(e.message).toMatch(/^huge\.txt: is 51 MB — the limit is 50 MB \(inputBytes; raise it with --max-input-mb or YAODIAN_MAX_INPUT_MB\)$/);
  });

  it('reports a missing file', async () => {
    await expectBadFile(join(dir, 'missing.txt'), /no such file/);
  });

  it('names the real format when a PDF is saved as .txt', async () => {
    await expectBadFile(await fixture('actually-pdf.txt', minimalPdf([['hello']])), /holds a PDF file; rename it to \.pdf/);
  });
});

describe('unknown extensions are sniffed', () => {
  it('reads text, HTML, PDF and DOCX by their content', async () => {
    expect(await readReportFile(await fixture('report.dat', REPORT))).toMatchObject({ format: 'txt', text: REPORT });
    const html = await fixture('page', '<!DOCTYPE html><html><body><p>正文内容</p></body></html>');
    expect(await readReportFile(html)).toMatchObject({ format: 'html', text: '正文内容' });
    const pdf = await fixture('scan.bin', minimalPdf([['This line is long enough to count as a text layer.']]));
    expect(await readReportFile(pdf)).toMatchObject({ format: 'pdf' });
    expect(await readReportFile(await fixture('doc.bin', minimalDocx(['第一段'])))).toMatchObject({ format: 'docx' });
  });

  it('rejects binary content and legacy .doc files', async () => {
    await expectBadFile(await fixture('blob.bin', noise(1024, 3)), /binary file of unknown type/);
    const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), noise(512)]);
    await expectBadFile(await fixture('old.doc', ole), /legacy Word 97–2003 \.doc.*save it as \.docx/);
  });
});

describe('HTML pages', () => {
  const ARTICLE = ['　　各位代表：', '　　现在，我代表市人民政府，向大会报告政府工作，请予审议，并请市政协委员提出意见。', '　　一、2023年工作回顾'];
  const page = (meta: string) => `<!DOCTYPE html>
<html><head>${meta}<title>2024年政府工作报告_某某市人民政府</title>
<style>p { color: red } /* <p>不是正文</p> */</style>
<script>var s = "<div>脚本里的文字</div>";</script></head>
<body>
<header><div class="logo">某某市人民政府门户网站</div></header>
<nav><ul><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/hd">政民互动</a></li></ul></nav>
<div class="main">
  <div class="crumb">当前位置：<a href="/">首页</a> &gt; <a href="/zfgzbg">政府工作报告</a></div>
  <div class="content">
    <p>${ARTICLE[0]}</p>
    <p>${ARTICLE[1].replace('，', '&#xFF0C;')}</p>
    <p><strong>${ARTICLE[2]}</strong></p>
    <div style="display: none">隐藏的分享代码</div>
  </div>
  <div class="related"><h3>相关链接</h3><ul><li><a href="/a">2023年政府工作报告</a></li><li><a href="/b">2022年政府工作报告</a></li></ul></div>
</div>
<aside>热点专题 便民服务 办事指南</aside>
<footer>主办：某某市人民政府办公室 &copy; 版权所有 地址：人民路1号</footer>
<form><input name="q"><button>搜索全站内容</button></form>
</body></html>`;

  it('keeps only the article, with the title first, from a GBK page declared by <meta charset>', async () => {
    const path = await fixture('gbk.html', iconv.encode(page('<meta charset="gbk">'), 'gbk'));
    const result = await readReportFile(path);
    expect(result).toMatchObject({ format: 'html', encoding: 'gb18030' });
    expect(result.text).toBe(['2024年政府工作报告', ...ARTICLE].join('\n'));
  });

  it('reads the charset from http-equiv and decodes named and numeric entities', async () => {
    const html = page('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').replace(
      '<p><strong>',
      '<p>A&amp;B &lt;C&gt; &quot;D&quot; &#8212; &#x4E2D; &nbsp;&mdash;&hellip;</p><p><strong>',
    );
    const { text } = await readReportFile(await fixture('equiv.htm', iconv.encode(html, 'gb2312')));
    expect(text).toContain('A&B <C> "D" — 中 \u00a0—…');
    expect(text).not.toMatch(/首页|脚本|版权|搜索|相关链接|热点|隐藏|color/);
  });

  it('does not repeat a heading already in the article, and keeps a page-wrapping <form>', async () => {
    const html = `<html><head><meta charset="utf-8"><title>门户网站</title></head><body><form id="form1">
      <div class="nav"><a href="/">首页</a><a href="/x">新闻</a></div>
      <div id="article"><h1>关于2024年工作要点的通知</h1><div>一、加快建设现代化产业体系。</div><div>二、深化改革扩大开放。</div></div>
      </form></body></html>`;
    const { text } = await readReportFile(await fixture('aspnet.html', html));
    expect(text).toBe('关于2024年工作要点的通知\n一、加快建设现代化产业体系。\n二、深化改革扩大开放。');
  });

  it('falls back from UTF-8 to GB18030 when a page declares no charset', async () => {
    const path = await fixture('nocharset.html', iconv.encode('<html><body><p>推进高质量发展</p></body></html>', 'gb18030'));
    expect(await readReportFile(path)).toMatchObject({ text: '推进高质量发展', encoding: 'gb18030' });
  });
});

describe('DOCX', () => {
  it('extracts paragraphs with mammoth, one per line', async () => {
    const path = await fixture('report.docx', minimalDocx(['政府工作报告', '各位代表：', '现在，我代表国务院，向大会报告政府工作。']));
    const result = await readReportFile(path);
    expect(result).toMatchObject({ format: 'docx', encoding: 'binary' });
    expect(result.text.split('\n').filter(Boolean)).toEqual(['政府工作报告', '各位代表：', '现在，我代表国务院，向大会报告政府工作。']);
  });

  it('rejects a .docx that is not a zip package', async () => {
    await expectBadFile(await fixture('broken.docx', REPORT), /not a valid \.docx/);
  });

  it('rejects an empty document', async () => {
    await expectBadFile(await fixture('blank.docx', minimalDocx([])), /no text/);
  });
});

describe('PDF', () => {
  it('extracts the text layer and joins pages with newlines', async () => {
    const path = await fixture('report.pdf', minimalPdf([['Government Work Report', 'Delivered on 5 March 2024'], ['Page two: (parentheses) survive']]));
    const result = await readReportFile(path);
    expect(result).toMatchObject({ format: 'pdf', encoding: 'binary' });
    expect(result.text.split('\n')).toEqual(['Government Work Report', 'Delivered on 5 March 2024', 'Page two: (parentheses) survive']);
  });

  it('rejects a PDF without a text layer as probably scanned', async () => {
    await expectBadFile(await fixture('scan.pdf', minimalPdf([[], []])), /no text layer \(a scanned PDF\?\); run OCR first/);
  });

  it('rejects a file that is not a PDF and a truncated PDF', async () => {
    await expectBadFile(await fixture('fake.pdf', REPORT), /not a valid PDF/);
    await expectBadFile(await fixture('cut.pdf', minimalPdf([['Some text here']]).subarray(0, 40)), /not a valid PDF|damaged/);
  });
});
