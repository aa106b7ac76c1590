/**
 * Cleaning: from a raw file to the display text people read and quote. It removes what is not the report
 * (web chrome, other articles on the page, OCR artefacts such as {C}), joins lines broken inside a sentence,
 * drops repeated paragraphs, and keeps a map from every display character back to the raw file.
 * The source's own typos stay: people quote the source.
 */
import type { Cleaned } from '../types.js';

/** A run of text with the raw offset of each UTF-16 unit. */
interface Line {
  text: string;
  src: number[];
}

const ARTEFACTS = /\{C\}|[\u200b-\u200f\u2060\ufeff\u00ad\ufffd]/g;

/** Lines that end the report on a web or newspaper page: whatever follows belongs to the page. */
const TAIL_MARKERS =
  /^(?:[(（]?(?:文章|稿件|信息)?来源[:：]|欢迎转载|热点推荐|HOT$|阅读下一篇|下一篇[:：]?|上一篇[:：]?|相关阅读|相关新闻|相关文章|推荐阅读|延伸阅读|图片新闻|责任编辑|分享到|【?打印】?|【?关闭】?|扫一扫|版权所有|Copyright)/i;
/** Lines at the head of a page that are not the report (subscription prompts, site names, breadcrumbs). */
const HEAD_CHROME = /欢迎关注|公众号|^当前位置|^首页|^公司动态$|^[\p{Script=Han}]{2,6}网$|^[\p{Script=Han}]{2,8}(动态|新闻|资讯)$/u;
/** Lines anywhere that are page metadata, not text. */
const META_LINES = /^(作者|时间|发布时间|发布日期|编辑|字号|浏览次数)\s*[:：]|^\d{4}-\d{1,2}-\d{1,2}(\s+\d{1,2}:\d{2})?.*(点击|浏览|阅读)?\s*$/;
/** A byline closing a news article: (文露敏), （记者 张三）, (本报综合), (杨尚威 摄影报道). */
const BYLINE =
  /[(（]\s*(?:文\s*[/／:：]?\s*|记者\s*|通讯员\s*|本报记者\s*)?(?!鼓掌|掌声|略|摘要|草案|试行|完|注)[\p{Script=Han}]{2,4}(?:[\s、][\p{Script=Han}]{2,4})*\s*(?:摄影?报道|摄|报道|综合)?\s*[)）]$/u;

const TERMINAL = /[。！？!?；;：:”"’』」》)）…|]$/u;
const CLAUSE = /[，,、；;：:]/;
/** A title line (…的通知, …工作要点) has no closing punctuation but is not a broken sentence. */
const DOC_TITLE_END = /(通知|通报|意见|方案|要点|报告|决定|办法|规划|纲要|批复|公告|讲话|召开|会议|会)$/;
/** Headlines set phrases apart with spaces (围绕中心强支撑 只争朝夕抓落实); running text does not. */
const SPACED_HEADLINE = /\p{Script=Han}[ \u3000]+\p{Script=Han}/u;
/** A line starting like this begins a new unit and is never glued to the previous one. */
const STARTS_UNIT =
  /^(?:[一二三四五六七八九十百]+、|[（(][一二三四五六七八九十百\d]+[)）]|\d{1,3}\s*[.．、](?!\d)|附件|[|｜]|……|—|第[一二三四五六七八九十百]+[章节条部分]|(?:各位代表|同志们|各位委员)[：:！!，,])/;
/** A dateline (2026年1月14日在××省…会议上) is a line of its own, however long and unpunctuated. */
const DATELINE_END = /(?:会议|大会)上[)）]?$/;

function toLines(raw: string): Line[] {
  const lines: Line[] = [];
  let text = '';
  let src: number[] = [];
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '\n') {
      lines.push({ text, src });
      text = '';
      src = [];
    } else if (ch !== '\r') {
      text += ch;
      src.push(i);
    }
  }
  lines.push({ text, src });
  return lines;
}

/** Remove a regex's matches from a line, keeping the offsets of what stays. */
function strip(line: Line, re: RegExp): Line {
  const keep: boolean[] = new Array(line.text.length).fill(true);
  for (const m of line.text.matchAll(re)) for (let k = 0; k < m[0].length; k++) keep[m.index! + k] = false;
  let text = '';
  const src: number[] = [];
  for (let k = 0; k < line.text.length; k++)
    if (keep[k]) {
      text += line.text[k];
      src.push(line.src[k]);
    }
  return { text, src };
}

function trim(line: Line): Line {
  let a = 0;
  let b = line.text.length;
  while (a < b && /\s/.test(line.text[a])) a++;
  while (b > a && /\s/.test(line.text[b - 1])) b--;
  return { text: line.text.slice(a, b), src: line.src.slice(a, b) };
}

function concat(a: Line, b: Line): Line {
  return { text: a.text + b.text, src: a.src.concat(b.src) };
}

/** A line ends mid-sentence when it has no closing punctuation and reads like body text, not a headline. */
function endsMidSentence(line: string): boolean {
  // a bracket left alone on its line ("（" above "三）改革开放…") opens what the next line goes on with
  if (/^[（(［\[【“‘"《]+$/.test(line)) return true;
  // a heading line ends where it ends; one that goes on past its first full stop is body text broken off
  if (STARTS_UNIT.test(line) && !/[。！？!?；;]./.test(line)) return false;
  // a clause comma, or a word that cannot end a phrase (…经济社会发展的 / 主要目标 / 是：…), carries on
  if (/(?:[，,、]|[的和与及或])$/.test(line)) return true;
  if (line.length < 8 || TERMINAL.test(line)) return false;
  if (DOC_TITLE_END.test(line.replace(/\s+/g, '')) || DATELINE_END.test(line)) return false;
  if (SPACED_HEADLINE.test(line) && !/[，,。；;]/.test(line)) return false;
  return CLAUSE.test(line) || line.length >= 30;
}

/** A line that can only go on from the one before: it opens on closing or clause punctuation, or on 是： */
const CONTINUES = /^(?:[，,、；;：:。！？!?）)】」』”’]|(?:是|为|包括)[：:])/;

function joinBrokenLines(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (const line of lines) {
    const prev = out[out.length - 1];
    if (prev && CONTINUES.test(line.text) && !TERMINAL.test(prev.text)) out[out.length - 1] = concat(prev, line);
    else if (prev && endsMidSentence(prev.text) && (!STARTS_UNIT.test(line.text) || /^[（(［\[【“‘"《]+$/.test(prev.text)) && !/^\d+$/.test(line.text)) {
      out[out.length - 1] = concat(prev, line);
    } else out.push(line);
  }
  return out;
}

/** Find where the report ends: the first tail marker, or the paragraph after a closing byline. */
function reportEnd(lines: Line[]): number {
  for (let i = 0; i < lines.length; i++) {
    const t = lines[i].text;
    if (i > 0 && TAIL_MARKERS.test(t)) return i;
    if (t.length > 40 && BYLINE.test(t)) return i + 1;
  }
  return lines.length;
}

function reportStart(lines: Line[]): number {
  let i = 0;
  while (i < lines.length && i < 8 && HEAD_CHROME.test(lines[i].text)) i++;
  return i;
}

export function clean(raw: string): Cleaned {
  let lines = toLines(raw)
    .map((l) => trim(strip(l, ARTEFACTS)))
    .filter((l) => l.text.length > 0 && !META_LINES.test(l.text));
  lines = lines.slice(reportStart(lines));
  lines = joinBrokenLines(lines);
  lines = lines.slice(0, reportEnd(lines));

  // Newspaper pages repeat paragraphs; keep the first copy of anything long enough to be a real paragraph.
  const seen = new Set<string>();
  lines = lines.filter((l) => {
    if (l.text.length < 20) return true;
    const key = l.text.replace(/\s+/g, '');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });

  let display = '';
  const src: number[] = [];
  lines.forEach((l, k) => {
    if (k > 0) {
      display += '\n';
      src.push(src.length ? src[src.length - 1] + 1 : 0);
    }
    display += l.text;
    // one by one: spreading a line of 125,000+ characters into push() overflows the call stack
    for (const i of l.src) src.push(i);
  });
  src.push(raw.length);
  return { display, sourceIndex: Int32Array.from(src) };
}
