/**
 * The page shell and the pieces every view shares. Document text only ever reaches the page as a JSX
 * string child, which hono/jsx escapes; nothing here builds HTML from strings.
 */
import type { Child, FC } from 'hono/jsx';
import type { DiffOp } from '../compare/diff.js';
import { ladderLabel, type Shift } from '../compare/ladders.js';
import { CSS } from './styles.js';
import { SCRIPT } from './scripts.js';

export type Section = 'search' | 'compare' | 'first' | 'indicators' | 'diff' | 'docs';

const NAV: [Section, string, string][] = [
  ['search', '/', '检索'],
  ['compare', '/compare', '历年比较'],
  ['first', '/first', '首次出现'],
  ['indicators', '/indicators', '指标'],
  ['diff', '/diff', '文件对比'],
  ['docs', '/docs', '文件'],
];

export const Layout: FC<{ title: string; section?: Section; children?: Child }> = ({ title, section, children }) => (
  <html lang="zh-CN">
    <head>
      <meta charset="utf-8" />
      <meta name="viewport" content="width=device-width, initial-scale=1" />
      <title>{title ? `${title} · 要点` : '要点 · 政府工作报告检索与比较'}</title>
      {/* constants from this module, never document text: a <style> child would be entity-escaped */}
      <style dangerouslySetInnerHTML={{ __html: CSS }} />
    </head>
    <body>
      <a class="skip" href="#main">跳到正文</a>
      <header class="site">
        <div class="bar">
          <a class="brand" href="/">要点 yaodian</a>
          <nav aria-label="主导航">
            {NAV.map(([key, path, label]) => (
              <a href={path} aria-current={key === section ? 'page' : undefined}>
                {label}
              </a>
            ))}
          </nav>
        </div>
      </header>
      <main id="main">{children}</main>
      <div class="spinner" role="status" aria-live="polite">
        <span class="visually-hidden">正在加载…</span>
      </div>
      <script dangerouslySetInnerHTML={{ __html: SCRIPT }} />
    </body>
  </html>
);

export const ErrorBox: FC<{ message: string }> = ({ message }) => (
  <p class="error" role="alert">
    {message}
  </p>
);

/** `text` with each [start, end) range wrapped in <mark>; ranges are sorted and disjoint (the API merges them). */
export const Highlighted: FC<{ text: string; ranges: [number, number][] }> = ({ text, ranges }) => {
  const out: Child[] = [];
  let at = 0;
  for (const [s, e] of ranges) {
    if (s < at || e <= s || e > text.length) continue;
    if (s > at) out.push(text.slice(at, s));
    out.push(<mark>{text.slice(s, e)}</mark>);
    at = e;
  }
  if (at < text.length) out.push(text.slice(at));
  return <>{out}</>;
};

/** Digits in a change are what readers look for (targets, amounts, years), so such changes stand out. */
const HAS_NUMBER = /[0-9０-９]/;
const NUMBER_RUNS = /([0-9０-９][0-9０-９.．,，%％]*)/;

/** The change's text with each number in <strong>; split() keeps the numbers at odd positions. */
const emphasiseNumbers = (text: string): Child[] => text.split(NUMBER_RUNS).map((part, k) => (k % 2 ? <strong>{part}</strong> : part));

const shiftsOf = (o: DiffOp | undefined) => (o ? (o.shifts ?? (o.shift ? [o.shift] : [])) : []);

/** A strength shift after its replacement: an arrow and the ladder, its words in the tooltip. */
export const ShiftTag: FC<{ shift: Shift }> = ({ shift }) => {
  const up = shift.direction === 'up';
  return (
    <span class={`shift-tag ${shift.direction}`} title={`${ladderLabel(shift.ladder)}：${shift.from} → ${shift.to}（${up ? '加强' : '减弱'}）`}>
      {up ? '↑' : '↓'}
      {ladderLabel(shift.ladder)}
    </span>
  );
};

/** Deletions and insertions; a replacement that moves along a policy-intensity ladder is framed and tagged. */
export const DiffView: FC<{ ops: DiffOp[] }> = ({ ops }) => (
  <>
    {ops.map((o, k) => {
      if (o.op === 'equal') return o.text;
      const num = HAS_NUMBER.test(o.text);
      const body = num ? emphasiseNumbers(o.text) : o.text;
      const shifts = shiftsOf(o);
      const shifted = shifts.length > 0 || (o.op === 'delete' && shiftsOf(ops[k + 1]).length > 0);
      const cls = [num ? 'num' : '', shifted ? 'shifted' : ''].filter(Boolean).join(' ') || undefined;
      if (o.op === 'delete') return <del class={cls}>{body}</del>;
      return (
        <>
          <ins class={cls}>{body}</ins>
          {shifts.map((s) => (
            <ShiftTag shift={s} />
          ))}
        </>
      );
    })}
  </>
);

export const DiffLegend: FC = () => (
  <p class="legend">
    <del>删去的文字</del> <ins>新增的文字</ins> <ins class="num">数字<strong>2025</strong></ins>（改动中的数字加粗）{' '}
    <del class="shifted">稳健</del>
    <ins class="shifted">适度宽松</ins>
    <ShiftTag shift={{ ladder: 'monetary-stance', from: '稳健', to: '适度宽松', direction: 'up' }} />（措辞力度的变化）
  </p>
);

export const LEVEL: Record<string, string> = { national: '国家', province: '省级', city: '市级', county: '县级' };
export const KIND: Record<string, string> = {
  section: '章节',
  task: '任务',
  item: '分项',
  'table-row': '表格行',
  paragraph: '段落',
  'work-points': '工作要点',
  'conference-report': '会议报道',
  'government-work-report': '政府工作报告',
  other: '其他',
};
export const STANCE: Record<string, string> = { plan: '部署', review: '回顾', other: '' };

export const when = (m: { date: string | null; year: number }) => m.date ?? `${m.year}年`;
export const percent = (x: number | null | undefined) => (x === null || x === undefined ? '' : `${Math.round(x * 100)}%`);
// Unit ids contain ':'; left unencoded so the fragment equals the element id and :target matches it.
const enc = (s: string) => encodeURIComponent(s).replace(/%3A/gi, ':');
export const docHref = (docId: string, unitId?: string) => `/doc/${enc(docId)}${unitId ? `#${enc(unitId)}` : ''}`;
