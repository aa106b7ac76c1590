/**
 * A small article extractor for saved government web pages. htmlparser2 tokenizes the page (entities, raw-text
 * elements, implied end tags); this module builds a forgiving element tree from it, drops page chrome, and keeps
 * the most text-dense block, scored by Chinese characters outside links (navigation is almost all links).
 */
import { Parser } from 'htmlparser2';

interface El {
  tag: string;
  attrs: Record<string, string>;
  children: Node[];
  parent: El | null;
  /** measured text outside <a>, over the whole subtree; filled by measureTree */
  amount: number;
  hasBlock: boolean;
}
type Node = El | string;

const BLOCK = new Set(
  ('address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption figure ' +
    'footer form h1 h2 h3 h4 h5 h6 header hgroup hr html li main menu nav ol p pre section summary table ' +
    'tbody thead tfoot tr td th caption ul').split(' '),
);
const ALWAYS_DROP = new Set('head title script style noscript template svg math canvas object embed iframe select textarea button'.split(' '));
const CHROME = new Set(['nav', 'header', 'footer', 'aside', 'form']);

const mkEl = (tag: string, attrs: Record<string, string>, parent: El | null): El => ({ tag, attrs, children: [], parent, amount: 0, hasBlock: false });

/**
 * Unclosed inline tags (<font> soup is common on old CMS pages) can nest thousands deep; beyond this
 * depth new elements stay leaves so the recursive walks below cannot overflow the stack.
 */
const MAX_DEPTH = 200;

function parse(html: string): El {
  const root = mkEl('#root', {}, null);
  let cur = root;
  let depth = 0;
  /** per element the parser has open: whether it became `cur` (not past MAX_DEPTH) */
  const entered: boolean[] = [];
  const parser = new Parser(
    {
      onopentag(tag, attrs) {
        const el = mkEl(tag, attrs, cur);
        cur.children.push(el);
        const enter = depth < MAX_DEPTH;
        entered.push(enter);
        if (enter) {
          cur = el;
          depth++;
        }
      },
      // void elements and implied end tags are closed here too, so opens and closes pair up
      onclosetag() {
        if (entered.pop()) {
          cur = cur.parent ?? root;
          depth--;
        }
      },
      ontext(text) {
        // one run of text arrives in pieces (an entity ends one); kept whole, so a line break between two
        // Chinese characters is seen as one
        const last = cur.children.length - 1;
        if (last >= 0 && typeof cur.children[last] === 'string') cur.children[last] += text;
        else cur.children.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.end(html);
  return root;
}

const isHidden = (el: El) => el.attrs.hidden !== undefined || /display\s*:\s*none/i.test(el.attrs.style ?? '');

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
