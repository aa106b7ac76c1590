/**
 * CSV with a UTF-8 byte-order mark (without one, Excel on Chinese Windows reads the file as GBK and shows
 * mojibake), CRLF line ends (RFC 4180), numbers unquoted, empty cells for missing values.
 */
import { stringify } from 'csv-stringify/sync';
import type { Table } from './model.js';

export function toCsv(table: Table): Uint8Array<ArrayBuffer> {
  const csv = stringify(table.rows, {
    bom: true,
    header: true,
    record_delimiter: 'windows',
    columns: table.columns.map((c) => ({ key: c.key, header: c.key })),
    cast: { boolean: (v) => (v ? 'true' : 'false') },
  });
  return new TextEncoder().encode(csv);
}
