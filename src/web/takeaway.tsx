/**
 * What a reader takes away from a page: the result as a file (links to the API's ?format=, so the page and the
 * file hold the same answer), a unit's citation with a copy button, and its permalink.
 */
import type { FC } from 'hono/jsx';
import { FORMATS, type Format } from '../export/formats.js';
import { href } from './api.js';

const LABEL: Record<Format, string> = { docx: 'Word', xlsx: 'Excel', csv: 'CSV', md: 'Markdown' };
/** Word first: most readers paste into a draft; then the formats for analysis */
const ORDER: Format[] = ['docx', 'xlsx', 'csv', 'md'];

/** Download links for one API answer: `api` is its path, `params` its query (format is added per link). */
export const Downloads: FC<{ api: string; params: Record<string, string | number | undefined>; label?: string }> = ({ api, params, label }) => (
  <p class="downloads">
    <span>{label ?? '下载'}：</span>
    {ORDER.filter((f) => FORMATS.includes(f)).map((f) => (
      <a class="download" href={href(api, { ...params, format: f })} download data-format={f}>
        {LABEL[f]}
      </a>
    ))}
  </p>
);

/**
 * A button that copies `text` (the page's script does it; without script the text is still there to select);
 * `absolute` copies a path as the full URL the reader sees.
 */
export const CopyButton: FC<{ text: string; label: string; absolute?: boolean }> = ({ text, label, absolute }) => (
  <button type="button" class="copy" data-copy={text} data-absolute={absolute ? '' : undefined} aria-label={`${label}：${text}`}>
    {label}
  </button>
);

/** A unit's citation, a button that copies it, and its permalink. */
export const Cite: FC<{ citation: string; permalink: string }> = ({ citation, permalink }) => (
  <p class="cite">
    <span class="citation">{citation}</span>
    <CopyButton text={citation} label="复制引文" />
    <a href={permalink} class="permalink">
      永久链接
    </a>
  </p>
);
