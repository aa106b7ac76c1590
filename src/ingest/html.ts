/**
 * A small article extractor for saved government web pages. It is deliberately not a full HTML5
 * parser: it builds a forgiving element tree, drops page chrome, and keeps the most text-dense
 * block, scored by Chinese characters outside links (navigation is almost all links).
 */

interface El {
  tag: string;
  attrs: string;
  children: Node[];
  parent: El | null;
  /** measured text outside <a>, over the whole subtree; filled by measureTree */
  amount: number;
  hasBlock: boolean;
}
type Node = El | string;

const VOID = new Set('area base br col embed hr img input link meta param source track wbr'.split(' '));
/** Elements whose content is not markup; their end tag is found by plain search. */
const RAW = new Set('script style textarea title xmp iframe noembed noframes noscript'.split(' '));
const BLOCK = new Set(
  ('address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure ' +
    'footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table ' +
    'tbody thead tfoot tr td th caption ul').split(' '),
);
/** Block starts that implicitly end an open <p>, as in browsers. */
const CLOSES_P = new Set([...BLOCK].filter((t) => !'li dd dt td th tr tbody thead tfoot caption body html'.split(' ').includes(t)));
const ALWAYS_DROP = new Set('head title script style noscript template svg math canvas object embed iframe select textarea button'.split(' '));
const CHROME = new Set(['nav', 'header', 'footer', 'aside', 'form']);

const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', ensp: '\u2002', emsp: '\u2003',
  thinsp: '\u2009', shy: '\u00ad', zwj: '\u200d', zwnj: '\u200c', mdash: '—', ndash: '–', hellip: '…',
  lsquo: '‘', rsquo: '’', sbquo: '‚', ldquo: '“', rdquo: '”', bdquo: '„', middot: '·', bull: '•',
  times: '×', divide: '÷', plusmn: '±', deg: '°', copy: '©', reg: '®', trade: '™', yen: '¥', cent: '¢',
  pound: '£', euro: '€', sect: '§', para: '¶', laquo: '«', raquo: '»', le: '≤', ge: '≥', ne: '≠',
  permil: '‰', prime: '′', Prime: '″', larr: '←', rarr: '→', uarr: '↑', darr: '↓', micro: 'µ',
  frac12: '½', frac14: '¼', frac34: '¾', sup1: '¹', sup2: '²', sup3: '³', ordm: 'º', ordf: 'ª',
};
/** Names browsers still decode without a trailing semicolon, which sloppy CMS output relies on. */
const LEGACY = new Set(['amp', 'lt', 'gt', 'quot', 'nbsp', 'copy', 'reg']);
/** Numeric references 0x80–0x9F mean windows-1252 characters in practice (e.g. &#151; for —). */
const CP1252 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(/&(#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*)(;?)/g, (all, ref: string, semi: string) => {
    if (ref[0] === '#') {
      const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      if (cp >= 0x80 && cp <= 0x9f) return CP1252[cp - 0x80];
      if (!cp || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
      return String.fromCodePoint(cp);
    }
    const v = NAMED[ref];
    return v !== undefined && (semi || LEGACY.has(ref)) ? v : all;
  });
}

const mkEl = (tag: string, attrs: string, parent: El | null): El => ({ tag, attrs, children: [], parent, amount: 0, hasBlock: false });

/** Closest open element named `tag`, not looking past any of `stop`. */
function findOpen(cur: El, tag: string, stop: string[]): El | null {
  for (let e: El | null = cur; e && e.tag !== '#root'; e = e.parent) {
    if (e.tag === tag) return e;
    if (stop.includes(e.tag)) return null;
  }
  return null;
}

/**
 * Unclosed inline tags (<font> soup is common on old CMS pages) can nest thousands deep; beyond this
 * depth new elements stay leaves so the recursive walks below cannot overflow the stack.
 */
const MAX_DEPTH = 200;
const depth = (e: El) => {
  let d = 0;
  for (let p = e.parent; p; p = p.parent) d++;
  return d;
};

function parse(html: string): El {
  const root = mkEl('#root', '', null);
  let cur = root;
  const closeTo = (e: El | null) => {
    if (e) cur = e.parent ?? root;
  };
  const tagRe = /<!--[\s\S]*?(?:-->|$)|<![^>]*>|<\?[^>]*>|<(\/?)([a-zA-Z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/g;
  let last = 0;
  for (let m: RegExpExecArray | null; (m = tagRe.exec(html)); ) {
    if (m.index > last) cur.children.push(decodeEntities(html.slice(last, m.index)));
    last = tagRe.lastIndex;
    if (!m[2]) continue; // comment, doctype or processing instruction
    const tag = m[2].toLowerCase();
    if (m[1]) {
      closeTo(findOpen(cur, tag, []));
      continue;
    }
    if (CLOSES_P.has(tag)) {
      let e: El | null = cur;
      while (e && e.tag !== 'p' && !BLOCK.has(e.tag) && e.tag !== '#root') e = e.parent;
      if (e?.tag === 'p') closeTo(e);
    }
    if (tag === 'li') closeTo(findOpen(cur, 'li', ['ul', 'ol']));
    if (tag === 'dt' || tag === 'dd') closeTo(findOpen(cur, 'dt', ['dl']) ?? findOpen(cur, 'dd', ['dl']));
    if (tag === 'tr') closeTo(findOpen(cur, 'tr', ['table']));
    if (tag === 'td' || tag === 'th') closeTo(findOpen(cur, 'td', ['tr', 'table']) ?? findOpen(cur, 'th', ['tr', 'table']));
    const el = mkEl(tag, m[3], cur);
    cur.children.push(el);
    if (RAW.has(tag)) {
      const endRe = new RegExp(`</${tag}\\s*>`, 'ig');
      endRe.lastIndex = last;
      const end = endRe.exec(html);
      el.children.push(decodeEntities(html.slice(last, end ? end.index : html.length)));
      last = tagRe.lastIndex = end ? endRe.lastIndex : html.length;
    } else if (!VOID.has(tag) && !m[3].endsWith('/') && depth(cur) < MAX_DEPTH) {
      cur = el;
    }
  }
  if (last < html.length) cur.children.push(decodeEntities(html.slice(last)));
  return root;
}

function attr(el: El, name: string): string | undefined {
  for (const m of el.attrs.matchAll(/([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+)))?/g)) {
    if (m[1].toLowerCase() === name) return m[2] ?? m[3] ?? m[4] ?? '';
  }
  return undefined;
}

const isHidden = (el: El) => attr(el, 'hidden') !== undefined || /display\s*:\s*none/i.test(attr(el, 'style') ?? '');

function prune(el: El, drop: (e: El) => boolean): void {
  el.children = el.children.filter((c) => typeof c === 'string' || !drop(c));
  for (const c of el.children) if (typeof c !== 'string') prune(c, drop);
}

function* elements(el: El): Generator<El> {
  yield el;
  for (const c of el.children) if (typeof c !== 'string') yield* elements(c);
}

function textOf(node: Node): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

const CJK = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/g;
type Measure = (s: string) => number;
const countCjk: Measure = (s) => s.match(CJK)?.length ?? 0;
const countNonSpace: Measure = (s) => s.replace(/\s+/g, '').length;

/** Fill `amount` (text outside links) and `hasBlock` bottom-up. */
function measureTree(el: El, m: Measure): void {
  el.amount = 0;
  el.hasBlock = false;
  for (const c of el.children) {
    if (typeof c === 'string') {
      el.amount += m(c);
      continue;
    }
    measureTree(c, m);
    if (c.tag !== 'a') el.amount += c.amount;
    if (BLOCK.has(c.tag) || c.hasBlock) el.hasBlock = true;
  }
}

/** Text that belongs to this element as its own paragraphs: inline text plus leaf-block children. */
function ownScore(el: El, m: Measure): number {
  let score = 0;
  for (const c of el.children) {
    if (typeof c === 'string') score += m(c);
    else if (c.tag === 'a') continue;
    else if (!BLOCK.has(c.tag)) score += ownScore(c, m);
    else if (!c.hasBlock) score += c.amount;
  }
  return score;
}

function chooseBlocks(root: El, m: Measure): El[] {
  const page = root.amount;
  const articles = [...elements(root)].filter((e) => e.tag === 'article').sort((a, b) => b.amount - a.amount);
  if (articles.length && articles[0].amount * 2 >= page && page > 0) return [articles[0]];
  let best: El | null = null;
  let bestScore = 0;
  for (const e of elements(root)) {
    if (e.tag !== '#root' && !BLOCK.has(e.tag)) continue;
    const s = ownScore(e, m);
    if (s > bestScore) [best, bestScore] = [e, s];
  }
  if (!best || !best.parent) return [root];
  // reports split over several sibling containers (page 1, page 2, …) are kept together
  return best.parent.children.filter(
    (c): c is El => c === best || (typeof c !== 'string' && BLOCK.has(c.tag) && c.amount >= best.amount * 0.2 && c.amount > 0),
  );
}

const WIDE = '[\\u3000-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef]';
const CJK_BREAK = new RegExp(`(${WIDE})[ \\t\\r\\f]*\\n[ \\t\\r\\n\\f]*(?=${WIDE})`, 'g');

function render(blocks: El[]): string {
  const lines: string[] = [];
  let line = '';
  const flush = () => {
    lines.push(line);
    line = '';
  };
  const walk = (n: Node, pre: boolean): void => {
    if (typeof n === 'string') {
      if (pre) {
        const parts = n.split(/\r\n?|\n/);
        parts.forEach((p, i) => {
          if (i) flush();
          line += p;
        });
      } else {
        // a source line break between two Chinese characters is not a space when rendered
        line += n.replace(CJK_BREAK, '$1').replace(/[ \t\n\r\f]+/g, ' ');
      }
      return;
    }
    if (n.tag === 'br' || n.tag === 'hr') return flush();
    const block = BLOCK.has(n.tag) && n.tag !== 'td' && n.tag !== 'th';
    if (block) flush();
    else if ((n.tag === 'td' || n.tag === 'th') && line.trim()) line += '\t';
    for (const c of n.children) walk(c, pre || n.tag === 'pre');
    if (block) flush();
  };
  blocks.forEach((b) => walk(b, false));
  flush();
  return lines
    .map((l) => l.replace(/^[ \t]+|[ \t]+$/g, ''))
    .filter((l) => l.trim() !== '')
    .join('\n');
}

/** The informative part of a <title> such as "2024年政府工作报告_中国政府网". */
function titleCore(title: string): string {
  const parts = title.split(/\s*[_|｜]\s*|\s+[-–—]\s+/).map((s) => s.trim()).filter(Boolean);
  return parts.sort((a, b) => b.length - a.length)[0] ?? '';
}

const squash = (s: string) => s.replace(/\s+/g, '');

/** Extract the article text of an HTML page, one block per line, with its heading first. */
export function extractHtmlText(html: string): string {
  const root = parse(html);
  const all = [...elements(root)];
  const titleEl = all.find((e) => e.tag === 'title');
  const title = titleEl ? titleCore(textOf(titleEl).replace(/\s+/g, ' ')) : '';

  prune(root, (e) => ALWAYS_DROP.has(e.tag) || isHidden(e));
  const m = countCjk(textOf(root)) > 0 ? countCjk : countNonSpace;
  measureTree(root, m);
  const page = root.amount;
  const insideArticle = (e: El) => {
    for (let p = e.parent; p; p = p.parent) if (p.tag === 'article' || p.tag === 'main') return true;
    return false;
  };
  // A chrome tag holding most of the page's prose is a misused wrapper (ASP.NET pages wrap everything
  // in <form>), and an article's own <header> carries its title; neither is chrome.
  prune(root, (e) => CHROME.has(e.tag) && e.amount * 2 <= page && !(e.tag === 'header' && insideArticle(e)));
  measureTree(root, m);

  const blocks = chooseBlocks(root, m);
  const body = render(blocks);
  // An article with its own <h1> needs no heading; otherwise it is the last <h1> before the
  // article (earlier ones are usually the site logo), else the page title.
  if (blocks.some((b) => [...elements(b)].some((e) => e.tag === 'h1'))) return body;
  const order = [...elements(root)];
  const first = order.indexOf(blocks[0]);
  const h1 = order.filter((e, i) => e.tag === 'h1' && i < first).pop();
  const heading = (h1 ? textOf(h1) : title).replace(/\s+/g, ' ').trim();
  if (heading && !squash(body).includes(squash(heading))) return body ? `${heading}\n${body}` : heading;
  return body;
}
