/** The timeline of one phrase or unit across years and regions, and the document-versus-document view. */
import type { Child, FC } from 'hono/jsx';
import type { DiffOp } from '../compare/diff.js';
import { href, type CompareResponse, type DiffResponse, type DocListing, type TimelineGap, type TimelineStep } from './api.js';
import { DiffLegend, DiffView, docHref, ErrorBox, percent, STANCE, when } from './layout.js';
import { Cite, CopyButton, Downloads } from './takeaway.js';
import { compareParams, comparePath, type CompareLink, type CompareMode } from '../export/links.js';
import { filterValues } from '../search/query.js';

/** The slice of a step the API compared; its diff rebuilds exactly this. */
export const compared = (s: TimelineStep) => s.text.slice(s.window[0], s.window[1]);

const CONTEXT = 40;

/** The compared slice in a little of its surrounding text, muted, so a diff of two sentences still reads in place. */
const InContext: FC<{ s: TimelineStep; children: Child }> = ({ s, children }) => {
  const [w0, w1] = s.window;
  const before = s.text.slice(Math.max(0, w0 - CONTEXT), w0);
  const after = s.text.slice(w1, w1 + CONTEXT);
  return (
    <>
      {before ? <span class="context">{(w0 > CONTEXT ? '…' : '') + before}</span> : null}
      {children}
      {after ? <span class="context">{after + (w1 + CONTEXT < s.text.length ? '…' : '')}</span> : null}
    </>
  );
};

const StepMeta: FC<{ s: TimelineStep }> = ({ s }) => (
  <p class="meta">
    <span class="year">{s.year}</span>
    <span>{s.region}</span>
    <span>{when(s)}</span>
    {STANCE[s.stance] ? <span>{STANCE[s.stance]}</span> : null}
    <span>{s.docTitle}</span>
    {s.similarity < 1 ? <span title="与检索词或所跟踪条目的相似程度">匹配度 {percent(s.similarity)}</span> : null}
  </p>
);

/** A report of the series (or a peer of the same year) that does not say it: drawn as a hole in the timeline. */
const Gap: FC<{ g: TimelineGap }> = ({ g }) => (
  <li class="gap" aria-label={`${g.year} 年未提及`}>
    <p class="meta">
      <span class="year">{g.year}</span>
      <span>{g.region}</span>
      <span>{g.docTitle}</span>
    </p>
    <p class="muted">未提及（{g.reason}）</p>
  </li>
);

const Step: FC<{ s: TimelineStep; prev?: TimelineStep; seed: boolean }> = ({ s, prev, seed }) => (
  <li class="card step">
    {seed ? <p class="badge">所跟踪的条目</p> : null}
    <StepMeta s={s} />
    <h3>
      <a href={docHref(s.docId, s.unitId)}>{s.title}</a>
    </h3>
    {prev && s.diff ? <p class="muted">与上一步（{prev.year} 年 {prev.region}）相比：</p> : null}
    <p class="text">
      <InContext s={s}>{s.diff ? <DiffView ops={s.diff} /> : compared(s)}</InContext>
    </p>
    {s.why.note ? <p class="why muted">{s.why.note}</p> : null}
    <Cite citation={s.citation} permalink={s.permalink} />
  </li>
);

/** The choices the page offers beside the query; the URL, the permalink and the downloads carry each of them. */
const CompareChoices: FC<{ link: CompareLink }> = ({ link }) => (
  <div class="choices">
    <label>
      读作{' '}
      <select name="as">
        <option value="" selected={!link.as}>自动判断</option>
        <option value="term" selected={link.as === 'term'}>词语（每条都含有它）</option>
        <option value="statement" selected={link.as === 'statement'}>语句（找最相近的句子）</option>
      </select>
    </label>
    <label>
      比较{' '}
      <select name="view">
        <option value="sentence" selected={link.view !== 'paragraph'}>所匹配的句子</option>
        <option value="paragraph" selected={link.view === 'paragraph'}>整段</option>
      </select>
    </label>
    <label>
      <input type="checkbox" name="hideGaps" value="true" checked={!!link.hideGaps} /> 隐藏未提及的文件
    </label>
    {Object.entries(filterValues(link.filters ?? {})).map(([k, v]) => (
      <input type="hidden" name={k} value={v} />
    ))}
  </div>
);

export const ComparePage: FC<{
  /** what the page was asked: query or unit, reading, view, gaps, filters, layout */
  link: CompareLink;
  result: CompareResponse | null;
  /** first → last, diffed on the server with the engine's own diff (the API gives step diffs only) */
  firstLast: DiffOp[] | null;
  error?: string;
}> = ({ link, result, firstLast, error }) => {
  const q = link.q ?? '';
  const unit = link.unit ?? '';
  const mode: CompareMode = link.mode ?? 'steps';
  const items = result?.timeline ?? [];
  const steps = items.filter((i): i is TimelineStep => i.type === 'entry');
  const gaps = items.length - steps.length;
  const first = steps[0];
  const last = steps[steps.length - 1];
  const modeLink = (m: CompareMode) => comparePath({ ...link, mode: m });
  const permalink = comparePath(link);
  return (
    <>
      <h1>{q || unit ? `历年比较：${q || (steps.find((s) => s.unitId === unit)?.title ?? unit)}` : '历年比较'}</h1>
      <form class="query" action="/compare" method="get">
        <label for="q">短语或语句</label>
        <textarea id="q" name="q" rows={3} maxlength={2000} placeholder="一个词（例如 基础研究十年行动），或粘贴一句、一段原文">
          {unit ? '' : q}
        </textarea>
        <CompareChoices link={link} />
        {mode === 'first-last' ? <input type="hidden" name="mode" value="first-last" /> : null}
        <button type="submit">比较</button>
        <button type="submit" formmethod="post" title="长段落放不进网址：以表单提交，结果页没有可分享的网址">
          比较长段落
        </button>
      </form>
      {unit ? (
        <p class="muted">
          从单元 <a href={docHref(unit.split(':')[0], unit)}>{unit}</a> 出发，找各年份、各地区的相近表述。
        </p>
      ) : null}
      {error ? <ErrorBox message={error} /> : null}
      {result && !steps.length ? <p>没有找到可以比较的表述。</p> : null}
      {steps.length ? (
        <>
          <p>
            {steps.length} 处表述，{first.year} 年至 {last.year} 年{gaps ? `；${gaps} 份文件未提及` : ''}。
          </p>
          <Downloads api="/api/compare" params={Object.fromEntries(compareParams({ ...link, mode: undefined }))} />
          {result ? (
            <p class="cite">
              <a href={permalink} class="permalink">本比较的永久链接</a>
              <CopyButton text={permalink} label="复制链接" absolute />
            </p>
          ) : null}
          <nav class="switch" aria-label="比较方式">
            <a href={modeLink('steps')} aria-current={mode === 'steps' ? 'true' : 'false'}>逐步比较</a>
            <a href={modeLink('first-last')} aria-current={mode === 'first-last' ? 'true' : 'false'}>首尾比较</a>
          </nav>
          <DiffLegend />
          {mode === 'first-last' && firstLast ? (
            <section aria-label="首尾比较">
              <div class="card">
                <h2>
                  从 {first.year} 年到 {last.year} 年的变化
                </h2>
                <p class="muted">比较的是两处被匹配的句子（下方原文中划线的部分），差异算法与逐步比较相同。</p>
                <p class="text first-last">
                  <DiffView ops={firstLast} />
                </p>
              </div>
              <div class="pair">
                {[first, last].map((s, k) => (
                  <div class="card">
                    <h2>{k === 0 ? '最早' : '最新'}</h2>
                    <StepMeta s={s} />
                    <p class="text">
                      {s.text.slice(0, s.window[0])}
                      <span class="window">{compared(s)}</span>
                      {s.text.slice(s.window[1])}
                    </p>
                    <p class="actions">
                      <a href={docHref(s.docId, s.unitId)}>在原文中查看</a>
                    </p>
                  </div>
                ))}
              </div>
            </section>
          ) : (
            <ol class="timeline">
              {items.map((i) => {
                if (i.type === 'gap') return <Gap g={i} />;
                const k = steps.indexOf(i);
                return <Step s={i} prev={steps[k - 1]} seed={i.unitId === result?.seed} />;
              })}
            </ol>
          )}
        </>
      ) : null}
    </>
  );
};

const DocSelect: FC<{ name: string; label: string; value: string; docs: DocListing[] }> = ({ name, label, value, docs }) => (
  <div class="field">
    <label for={`doc-${name}`}>{label}</label>
    <select id={`doc-${name}`} name={name}>
      <option value="">选择文件…</option>
      {docs.map((d) => (
        <option value={d.id} selected={d.id === value}>
          {`${d.date ?? d.year} ${d.region} ${d.title}`}
        </option>
      ))}
    </select>
  </div>
);

const PairList: FC<{ title: string; cls: string; a: string; b: string; pairs: DiffResponse['pairs'] }> = ({ title, cls, a, b, pairs }) => (
  <section aria-label={title}>
    <h2>
      {title}（{pairs.length}）
    </h2>
    {pairs.map((p) => (
      <div class={`card ${cls}`}>
        <p class="meta">
          {p.a ? <a href={docHref(a, p.a)}>{p.a}</a> : null}
          {p.a && p.b ? <span aria-label="对应">→</span> : null}
          {p.b ? <a href={docHref(b, p.b)}>{p.b}</a> : null}
          {p.a && p.b && p.similarity !== null ? <span>相似度 {percent(p.similarity)}</span> : null}
        </p>
        <p class="text">
          <DiffView ops={p.diff} />
        </p>
      </div>
    ))}
  </section>
);

export const DocDiffPage: FC<{ a: string; b: string; docs: DocListing[]; result: DiffResponse | null; error?: string }> = ({
  a,
  b,
  docs,
  result,
  error,
}) => {
  const pairs = result?.pairs ?? [];
  const changed = pairs.filter((p) => p.a && p.b && p.diff.some((o) => o.op !== 'equal'));
  const added = pairs.filter((p) => !p.a && p.b);
  const removed = pairs.filter((p) => p.a && !p.b);
  // the two latest reports from the region of the latest one: the comparison people most often want
  const latest = docs[docs.length - 1];
  const sameRegion = latest ? docs.filter((d) => d.region === latest.region && d.kind === latest.kind) : [];
  const example = sameRegion.length > 1 ? sameRegion.slice(-2) : null;
  return (
    <>
      <h1>文件对比</h1>
      <form class="query" action="/diff" method="get">
        <DocSelect name="a" label="较早" value={a} docs={docs} />
        <DocSelect name="b" label="较新" value={b} docs={docs} />
        <button type="submit">对比</button>
      </form>
      {error ? <ErrorBox message={error} /> : null}
      {!result && !error && example ? (
        <p class="muted">
          选两份文件，逐条对齐并标出改动。例如{' '}
          <a href={href('/diff', { a: example[0].id, b: example[1].id })}>
            {example[0].title} 与 {example[1].title}
          </a>
          。
        </p>
      ) : null}
      {result ? (
        <>
          <p class="summary" aria-label="对比摘要">
            <span>相同 <b>{result.summary.matched}</b></span>
            <span>改动 <b>{result.summary.changed}</b></span>
            <span>新增 <b>{result.summary.added}</b></span>
            <span>删去 <b>{result.summary.removed}</b></span>
          </p>
          <Downloads api="/api/diff" params={{ a, b }} />
          <DiffLegend />
          <PairList title="改动" cls="pair-changed" a={a} b={b} pairs={changed} />
          <PairList title="新增" cls="pair-added" a={a} b={b} pairs={added} />
          <PairList title="删去" cls="pair-removed" a={a} b={b} pairs={removed} />
        </>
      ) : null}
    </>
  );
};
