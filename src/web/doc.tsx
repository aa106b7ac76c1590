/** One report as an outline of its sections, tasks and paragraphs; one unit on its own page; the list of all reports. */
import type { Child, FC } from 'hono/jsx';
import type { Unit } from '../types.js';
import { href, type DocListing, type DocResponse, type UnitResponse } from './api.js';
import { docHref, ErrorBox, KIND, LEVEL, STANCE, when } from './layout.js';
import { locator } from '../export/cite.js';
import { unitPath } from '../export/links.js';
import { Cite, CopyButton } from './takeaway.js';

/**
 * A block's text with its items (一是…二是…, which are spans inside a line) as targetable spans, so a link
 * to an item shows it highlighted inside its paragraph.
 */
function withItems(block: Unit, items: Unit[]): Child[] {
  const out: Child[] = [];
  let at = 0;
  for (const it of items) {
    const s = it.start - block.start;
    const e = it.end - block.start;
    if (s < at || e > block.text.length) continue;
    if (s > at) out.push(block.text.slice(at, s));
    out.push(<span class="item" id={it.id}>{block.text.slice(s, e)}</span>);
    at = e;
  }
  if (at < block.text.length) out.push(block.text.slice(at));
  return out;
}

const Block: FC<{ unit: Unit; items: Unit[] }> = ({ unit, items }) => {
  // each block ends with a link to its own page: citation, copy button, permalink
  const body = [...withItems(unit, items), ' ', <a class="anchor" href={unitPath(unit.id)} title="引用与永久链接" aria-label="引用此处">¶</a>];
  if (unit.kind === 'section') {
    return unit.path.length <= 1 ? (
      <h2 id={unit.id} class="unit">{body}</h2>
    ) : (
      <h3 id={unit.id} class="unit">{body}</h3>
    );
  }
  const cls = `unit ${unit.kind}`;
  if (unit.kind === 'table-row') return <p id={unit.id} class={cls}>{unit.text.replace(/[|｜]/g, ' ').replace(/ {2,}/g, ' ').trim()}{body.slice(-2)}</p>;
  return <p id={unit.id} class={cls}>{body}</p>;
};

export const DocPage: FC<{ doc: DocResponse }> = ({ doc }) => {
  const { meta, units } = doc;
  const sorted = [...units].sort((a, b) => a.start - b.start || b.end - a.end);
  const blocks = sorted.filter((u) => u.kind !== 'item');
  const items = sorted.filter((u) => u.kind === 'item');
  const itemsOf = (b: Unit) => items.filter((i) => i.start >= b.start && i.end <= b.end);
  // items outside every block (should not happen) are still shown, so no unit is ever unreachable
  const orphans = items.filter((i) => !blocks.some((b) => i.start >= b.start && i.end <= b.end));
  const toc = blocks.filter((u) => u.kind === 'section' && u.path.length <= 1);
  return (
    <article>
      <h1>{meta.title}</h1>
      <p class="meta">
        <span>{meta.issuer}</span>
        <span>{meta.region}</span>
        <span>{LEVEL[meta.level] ?? meta.level}</span>
        <span>{when(meta)}</span>
        <span>{KIND[meta.kind] ?? meta.kind}</span>
        {meta.docNo ? <span>{meta.docNo}</span> : null}
      </p>
      <p class="cite">
        <span class="citation">{meta.citation}</span>
        <CopyButton text={meta.citation} label="复制引文" />
      </p>
      <p class="actions">
        <a href={href('/new', { doc: meta.id })}>新提法</a>
        <a href={href('/diff', { a: meta.id })}>与另一份文件对比</a>
        <a href={href('/', { q: `doc:${meta.id}` })}>在本文件内检索</a>
      </p>
      {toc.length ? (
        <nav aria-label="目录" class="card toc">
          <ol>
            {toc.map((s) => (
              <li>
                <a href={`#${s.id}`}>{s.title}</a>
              </li>
            ))}
          </ol>
        </nav>
      ) : null}
      <div class="outline">
        {blocks.map((b) => (
          <Block unit={b} items={itemsOf(b)} />
        ))}
        {orphans.map((i) => (
          <p id={i.id} class="unit item">{i.text}</p>
        ))}
      </div>
      <p class="muted">来源文件：{meta.source}</p>
    </article>
  );
};

/** `/u/<unitId>`: one unit, to cite and to link to; the permalink of every search hit and timeline step. */
export const UnitPage: FC<{ u: UnitResponse }> = ({ u: { unit, doc } }) => (
  <article class="unit-page">
    <p class="meta">
      <a href={docHref(doc.id)}>{doc.title}</a>
      <span>{doc.region}</span>
      <span>{when(doc)}</span>
      <span>{locator(unit)}</span>
      {STANCE[unit.stance] ? <span>{`${STANCE[unit.stance]} ${unit.year}`}</span> : null}
    </p>
    <h1>{unit.title}</h1>
    {unit.path.length ? <p class="muted">{unit.path.join(' › ')}</p> : null}
    <blockquote class="card text">{unit.text}</blockquote>
    <Cite citation={unit.citation} permalink={unit.permalink} />
    <p class="actions">
      <a href={docHref(doc.id, unit.id)}>在原文中查看</a>
      <a href={href('/compare', { unit: unit.id })}>历年比较</a>
      <CopyButton text={unit.permalink} label="复制永久链接" absolute />
    </p>
  </article>
);

/** A permalink whose unit is no longer in the corpus (its document was removed or changed). */
export const UnitGone: FC<{ id: string; message: string; doc: DocResponse['meta'] | null }> = ({ id, message, doc }) => (
  <>
    <h1>找不到这一条</h1>
    <ErrorBox message={message} />
    {doc ? (
      <p>
        {id} 所在的文件仍在：<a href={docHref(doc.id)}>{doc.title}</a>。文件的内容可能已经改动，可以在文件中查找这一段。
      </p>
    ) : (
      <p>
        这一条所在的文件已不在语料中。<a href="/docs">查看全部文件</a>
      </p>
    )}
  </>
);

export const DocsPage: FC<{ docs: DocListing[] }> = ({ docs }) => (
  <>
    <h1>文件（{docs.length}）</h1>
    <p class="muted">最新的在前。</p>
    <ol class="results">
      {[...docs].reverse().map((d) => (
        <li class="card">
          <h3>
            <a href={docHref(d.id)}>{d.title}</a>
          </h3>
          <p class="meta">
            <span>{when(d)}</span>
            <span>{d.region}</span>
            <span>{KIND[d.kind] ?? d.kind}</span>
            <span>{d.units} 个单元</span>
            <span>{d.id}</span>
          </p>
        </li>
      ))}
    </ol>
  </>
);
