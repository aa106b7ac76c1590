/**
 * Downloads: `?format=csv|xlsx|docx|md` on a route answers a file instead of JSON, named in Chinese after what
 * it holds (Content-Disposition with RFC 5987's filename*). The export module makes the bytes; this only sends them.
 */
import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { contentDisposition, FORMATS, render, type Exportable, type Format } from '../export/index.js';

export const FormatParam = z
  .enum(FORMATS)
  .optional()
  .openapi({ description: 'answer a file instead of JSON: csv (UTF-8 with BOM), xlsx, docx (comparisons as track changes look), md' });

const FILE = { schema: z.string().openapi({ format: 'binary' }) };

/** A 200 response that is JSON by default and a file with ?format=. */
export const jsonOrFile = <T extends z.ZodType>(schema: T, description: string) => ({
  200: {
    description: `${description}; with ?format= the same as a file (attachment)`,
    content: {
      'application/json': { schema },
      'text/csv': FILE,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': FILE,
      'application/vnd.openxmlformats-officedocument.wordprocessingml.document': FILE,
      'text/markdown': FILE,
    },
  },
});

/** Where permalinks in a file point: the origin the request came to. */
export const origin = (c: Context) => new URL(c.req.url).origin;

export async function sendFile(c: Context, x: Exportable, format: Format): Promise<Response> {
  const file = await render(x, format);
  return c.body(file.bytes, 200, {
    'content-type': file.contentType,
    'content-disposition': contentDisposition(file.fileName),
    // a file is fetched once; caches would only hold a copy dated by its heading
    'cache-control': 'no-store',
  });
}
