import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readVarint, varintLength, writeVarint } from '../../src/util/varint.js';

describe('varints', () => {
  it.each([
    [0, [0x00]],
    [127, [0x7f]],
    [128, [0x80, 0x01]],
    [300, [0xac, 0x02]],
    [2 ** 21, [0x80, 0x80, 0x80, 0x01]],
  ])('writes %i as the bytes %j, low seven bits first', (v, bytes) => {
    const buf = new Uint8Array(8);
    expect(writeVarint(buf, 0, v)).toBe(bytes.length);
    expect([...buf.subarray(0, bytes.length)]).toEqual(bytes);
    expect(varintLength(v)).toBe(bytes.length);
  });

  it('reads back what was written, one after another', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 2 ** 31 - 1 }), { maxLength: 50 }), (values) => {
        const buf = new Uint8Array(values.reduce((s, v) => s + varintLength(v), 0));
        let at = 0;
        for (const v of values) at = writeVarint(buf, at, v);
        expect(at).toBe(buf.length);
        let p = 0;
        const back = values.map(() => {
          const v = readVarint(buf, p);
          p += varintLength(v);
          return v;
        });
        expect(back).toEqual(values);
      }),
    );
  });
});
