/**
 * Seeded fuzzing: hostile strings, file names, file contents and form fields. The seed is fixed so a failure
 * reproduces; set FUZZ_SEED to explore others. Each fuzz test makes its own generator, so adding a case to one
 * file does not change what another draws.
 */
import iconv from 'iconv-lite';
import { docxBomb } from '../../bench/bombs.js';

export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20240305);

const PIECES = [
  '科技', '发展', '揭榜挂帅', '的', '"', '""', '-', '--', '--help', 'OR', ' OR ', 'year:', 'year:2022', 'year:9999..0000', 'region:',
  'kind:task', 'doc:', 'level:planet', '.*', '^$', '(?:', '[^]', '\\', '\\u0000', '$&', '{1,}', '|', '+?',
  '%', '%%', '%E4%B8', '%ZZ', '%00', '%2F', '%u4e2d', '&', '=', '#', '?', '/', '../', '..%2F', ';',
  '\u0000', '\u0007', '\b', '\t', '\n', '\r\n', '\u001b[31m', '\u007f', '\u0085', '\u200b', '\u200d', '\u202e', '\ufeff',
  '\ud800', '\udfff', '\udc00\ud800', '😀', '👩‍👩‍👧', 'é', 'e\u0301', 'İ', 'ß', 'ﬁ', '２０２２', '發展', '“科技”', '，。',
  '<script>', "'; DROP TABLE", '${x}', '__proto__', 'constructor', 'null', 'undefined', 'NaN', '-1', '0', '1e309', '2025', ' 2025 ',
];

export interface Fuzz {
  rand(): number;
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  /** a string made to break parsers: pieces above, random code points (lone surrogates included), ~10 KB runs */
  hostile(): string;
  /** a file name: ordinary, empty, NUL, control characters, path tricks, over 255 bytes, no or odd extension */
  fileName(): string;
  /** a file's bytes: a report, or something that only looks like one (broken zip/PDF, other encodings, noise) */
  content(serial: number): Uint8Array;
  /** upload form fields, documented and not, with odd values; a name may come twice */
  fields(): [string, string][];
}

const FIELDS = ['人工智能', '生物医药', '新能源汽车', '集成电路', '航空航天', '新材料', '海洋装备', '现代农业', '数字经济', '工业互联网', '区块链', '先进制造', '绿色低碳', '智能网联', '种业振兴', '深海探测', '脑科学', '合成生物', '氢能储能', '卫星互联网'];
const ACTS = ['攻关工程', '示范基地', '创新中心', '产业集群', '重点实验室', '中试平台', '揭榜挂帅项目', '人才计划', '标准体系', '应用场景'];
const CITIES = ['成都', '绵阳', '德阳', '宜宾', '泸州', '南充', '乐山', '眉山', '遂宁', '内江', '自贡', '达州'];

/**
 * A distinct small report per serial number, findable by its code word 编号<serial>号 (and 量子信息, in every
 * one): its other tasks are drawn from the serial, so two reports are not near-duplicate editions of each other.
 */
export function fuzzReport(serial: number): string {
  let x = (serial * 2654435761) >>> 0;
  const pick = <T>(list: T[]) => ((x = (x * 1103515245 + 12345) >>> 0), list[(x >>> 8) % list.length]);
  const tasks = Array.from({ length: 4 }, (_, k) => `${k + 2}.${pick(CITIES)}${pick(FIELDS)}${pick(ACTS)}和${pick(FIELDS)}${pick(ACTS)}。`);
  return `2025年全市科技创新工作要点\n1.实施编号${serial}号量子信息专项行动。\n${tasks.join('\n')}\n`;
}

/** mulberry32: tiny, fast, good enough to spread cases. */
export function fuzz(seed = FUZZ_SEED): Fuzz {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];

  function codePoint(): string {
    const ranges: [number, number][] = [[0, 0x7f], [0x80, 0x7ff], [0x4e00, 0x9fff], [0xd800, 0xdfff], [0xe000, 0xffff], [0x10000, 0x10ffff]];
    const [lo, hi] = pick(ranges);
    return String.fromCharCode(...(lo >= 0x10000 ? [0xd800 + ((lo - 0x10000 + int(hi - lo)) >> 10), 0xdc00 + int(1024)] : [lo + int(hi - lo + 1)]));
  }

  function hostile(): string {
    const kind = int(10);
    if (kind === 0) return pick(PIECES).repeat(1 + int(10_240 / 4)).slice(0, 10_240);
    if (kind === 1) return Array.from({ length: 1 + int(40) }, codePoint).join('');
    let s = '';
    const n = 1 + int(6);
    for (let i = 0; i < n; i++) s += rand() < 0.7 ? pick(PIECES) : codePoint();
    return s;
  }

  const EXT = ['.txt', '.md', '.html', '.docx', '.pdf', '.TXT', '', '.exe', '.txt.', '.tar.gz'];
  function fileName(): string {
    switch (int(8)) {
      case 0:
        return pick(['', '.', '..', '.txt', 'CON', 'a\u0000b.txt', '../../etc/passwd', 'C:\\x\\y.txt', '\n.txt', ' .txt', '-rf.txt', '--help']);
      case 1:
        return 'x'.repeat(200 + int(200)) + pick(EXT);
      case 2:
        return '报告'.repeat(40 + int(80)) + pick(EXT);
      case 3:
        return hostile().slice(0, 300) + pick(EXT);
      default:
        return pick(['report', '四川省政府工作报告', 'a b', '😀']) + pick(EXT);
    }
  }

  function content(serial: number): Uint8Array {
    const report = fuzzReport(serial);
    const enc = new TextEncoder();
    switch (int(12)) {
      case 0:
        return new Uint8Array(0);
      case 1:
        return Uint8Array.from({ length: 1 + int(4096) }, () => int(256));
      case 2:
        return enc.encode(`PK\u0003\u0004${hostile()}`); // a zip's signature and nothing after
      case 3:
        return enc.encode(`%PDF-1.4\n${hostile()}\n%%EOF`);
      case 4:
        return iconv.encode(report, pick(['Shift_JIS', 'EUC-KR', 'UTF-16LE', 'UTF-16BE', 'gbk', 'big5']));
      case 5:
        return enc.encode(report.replace('\n1.', `\n${'实施'.repeat(80_000 + int(40_000))}\n1.`)); // one line of 160k+ characters
      case 6:
        return enc.encode(`<html><script>alert(1)</script><body>${report}</body></html>`);
      case 7:
        return docxBomb({ xmlBytes: 1024 * (1 + int(64)) });
      case 8:
        return enc.encode(report.replaceAll('。', pick(['\u0000', '\u202e', '\ufffd', '\r', '\u2028'])));
      case 9:
        return enc.encode(hostile());
      default:
        return enc.encode(report);
    }
  }

  const FIELDS = ['year', 'region', 'title', 'kind', 'date', 'id', 'level', 'docNo', '__proto__', 'constructor', 'file[]', ''];
  function fields(): [string, string][] {
    const out: [string, string][] = [];
    const n = int(4);
    for (let i = 0; i < n; i++) {
      const key = pick(FIELDS);
      const value = pick([
        () => hostile(),
        () => String(1800 + int(500)),
        () => pick(['2025', ' 2025', '２０２５', '2025.5', '-2025', '1e3', '', ' ']),
        () => pick(['绵阳市', '四川省', '全国', '遂宁市'.repeat(30)]),
        () => pick(['work-points', 'conference-report', 'government-work-report', 'poem']),
        () => pick(['2025-02-20', '2025-02-30', '20250220', '2025-2-2']),
      ])();
      out.push([key, value]);
    }
    return out;
  }

  return { rand, int, pick, hostile, fileName, content, fields };
}
