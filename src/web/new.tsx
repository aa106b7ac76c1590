/** 新提法: what a report says for the first time, how each phrase travelled, and its strength shifts. */
import type { FC } from 'hono/jsx';
import { href, type NewResponse } from './api.js';
import { docHref, ErrorBox, Highlighted, LEVEL, ShiftTag, when } from './layout.js';
import { Downloads } from './takeaway.js';

type Phrase = NewResponse['phrases'][number];
type Summary = NonNullable<NewResponse['shifts']>;

/** The quote with its phrase marked (the quote is in the document's own characters, as the phrase is). */
const Quote: FC<{ p: Phrase }> = ({ p }) => {
  const at = p.quote.indexOf(p.phrase);
  return <Highlighted text={p.quote} ranges={at >= 0 ? [[at, at + p.phrase.length]] : []} />;
};

const PhraseItem: FC<{ p: Phrase }> = ({ p }) => (
  <li class="card">
    <p class="phrase">
      <a href={href('/first', { q: p.phrase })} title="首次出现与历年分布">
        <strong>{p.phrase}</strong>
      </a>
      <span class="meta">
        <span>{p.count} 次</span>
        {p.inTitles ? <span>{p.inTitles} 处标题</span> : null}
        {p.quoted ? <span>引号标出</span> : null}
        <a href={docHref(p.firstUnit.slice(0, p.firstUnit.indexOf(':')), p.firstUnit)}>{p.firstUnit}</a>
      </span>
    </p>
    <p class="text">
      <Quote p={p} />
    </p>
    {p.takenUpBy.length ? (
      <p class="meta travel">
        <span>此后采用：</span>
        {p.takenUpBy.map((u) => (
          <a href={docHref(u.id, u.unitId)} title={u.title}>
            {u.region} {when(u)}
          </a>
        ))}
        {p.laterDocuments > p.takenUpBy.length ? <span>等 {p.laterDocuments} 份文件</span> : null}
      </p>
    ) : (
      <p class="meta travel">此后的文件尚未采用</p>
    )}
  </li>
);

const Shifts: FC<{ s: Summary; doc: string }> = ({ s, doc }) => (
  <section class="card shifts">
    <h2>
      措辞力度：与
      <a href={docHref(s.previous.id)}>{s.previous.title}</a>
      相比
    </h2>
    {s.stances.length ? (
      <table>
        <thead>
          <tr>
            <th>取向</th>
            <th>上一份</th>
            <th>本文件</th>
            <th>变化</th>
          </tr>
        </thead>
        <tbody>
          {s.stances.map((st) => (
            <tr>
              <td>{st.label}</td>
              <td>{st.was ?? '—'}</td>
              <td>{st.now ?? '—'}</td>
              <td>{st.direction ? <ShiftTag shift={{ ladder: st.ladder, from: st.was!, to: st.now!, direction: st.direction }} /> : '不变'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    ) : null}
    <p>
      逐段对比中 {s.shifts.length} 处力度变化（加强 {s.up}，减弱 {s.down}）
      <a href={href('/diff', { a: s.previous.id, b: doc })}>查看全文对比</a>
    </p>
    {s.shifts.length ? (
      <ul class="shift-list">
        {s.shifts.map((x) => (
          <li>
            <ShiftTag shift={x} /> <del class="shifted">{x.was}</del> → <ins class="shifted">{x.now}</ins>{' '}
            <a href={docHref(doc, x.b)}>{x.b}</a>
          </li>
        ))}
      </ul>
    ) : null}
  </section>
);

export const NewPage: FC<{ doc: string; against: 'level' | 'all'; result: NewResponse | null; error?: string }> = ({ doc, against, result, error }) => (
  <>
    <h1>新提法</h1>
    {error ? <ErrorBox message={error} /> : null}
    {result ? (
      <>
        <p class="meta">
          <a href={docHref(result.doc.id)}>{result.doc.title}</a>
          <span>{result.doc.region}</span>
          <span>{LEVEL[result.doc.level] ?? result.doc.level}</span>
          <span>{when(result.doc)}</span>
        </p>
        <p>
          共 {result.total} 个短语在此前的 {result.earlierDocuments} 份
          {against === 'all' ? '文件' : '同级或上级文件'}中从未出现，按显著程度排列。
          {against === 'all' ? (
            <a href={href('/new', { doc })}>只比同级和上级文件</a>
          ) : (
            <a href={href('/new', { doc, against: 'all' })}>与所有此前文件比较</a>
          )}
        </p>
        {result.total ? (
          <Downloads api="/api/new" params={{ doc, against: against === 'all' ? 'all' : undefined, limit: Math.min(1000, result.total) }} label={`下载全部 ${Math.min(1000, result.total)} 个`} />
        ) : null}
        <ol class="phrases">
          {result.phrases.map((p) => (
            <PhraseItem p={p} />
          ))}
        </ol>
        {result.total > result.phrases.length ? (
          <p>
            <a href={href('/new', { doc, against: against === 'all' ? 'all' : undefined, limit: Math.min(1000, result.phrases.length * 4) })}>显示更多</a>
          </p>
        ) : null}
        {result.shifts ? <Shifts s={result.shifts} doc={result.doc.id} /> : <p class="meta">没有同一发文机关的上一份文件可比较力度。</p>}
      </>
    ) : null}
  </>
);
