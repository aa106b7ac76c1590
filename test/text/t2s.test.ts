import { describe, expect, it } from 'vitest';
import * as OpenCC from 'opencc-js/t2cn';
import { simplifiedChar, T2S_PAIRS } from '../../src/text/t2s.js';
import { toMatchForm } from '../../src/text/normalize.js';

/** What opencc-js's converter makes of each BMP character from CJK extension A on, alone: the table's source. */
function pairsFromOpenCC(): string {
  const convert = OpenCC.Converter({ from: 't', to: 'cn' });
  let out = '';
  for (let code = 0x3400; code <= 0xffff; code++) {
    if (code >= 0xd800 && code <= 0xdfff) continue;
    const ch = String.fromCharCode(code);
    const to = convert(ch);
    if (to !== ch && [...to].length === 1) out += ch + to;
  }
  return out;
}

describe('traditional → simplified by table', () => {
  it('answers for every character from U+3400 to U+FFFF what opencc-js answers (else: paste this table into src/text/t2s.ts)', () => {
    expect(T2S_PAIRS).toBe(pairsFromOpenCC());
  });

  it.each([
    ['發', '发'],
    ['國', '国'],
    ['經', '经'],
    ['齒', '齿'],
    ['乾', '干'],
  ])('turns %s into %s', (t, s) => {
    expect(simplifiedChar(t.charCodeAt(0))).toBe(s);
  });

  it.each(['发', '国', '科', '技'])('leaves simplified %s alone', (ch) => {
    expect(simplifiedChar(ch.charCodeAt(0))).toBeUndefined();
  });

  it('keeps one character for one in the matching form, so offsets stay right', () => {
    const { text, map } = toMatchForm('創新驅動發展戰略');
    expect(text).toBe('创新驱动发展战略');
    expect([...map]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
});
