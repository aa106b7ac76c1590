/**
 * A unit's display text as an edit of its matching form. The two differ in few places (full-width commas and
 * quotes, traditional characters, full-width digits, dropped whitespace): on the 100 MB benchmark corpus the
 * edits of all 186,000 units take 8 MB, where the display texts take 67. A loaded index keeps the matching
 * forms in memory for search anyway, so with the edits it can show any unit's original text without reading
 * display.u16 — a page of hits then costs no file reads.
 *
 * An edit list is a run of 16-bit numbers. Each edit replaces match[at, at + mLen) by `dLen` display code units
 * and is written as header = gap · 2 + general, where gap counts the unchanged match characters since the end
 * of the previous edit; a plain edit (general = 0) replaces one character by one and is followed by it; a
 * general one is followed by mLen, dLen and the dLen code units. Numbers of 2^15 and over take two slots.
 */

/** Append-only buffer of 16-bit numbers, grown by doubling. */
export class PatchWriter {
  buf = new Uint16Array(1 << 12);
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) {
      const b = new Uint16Array(this.buf.length * 2);
      b.set(this.buf);
      this.buf = b;
    }
    this.buf[this.length++] = v;
  }

  /** v < 2^31: one slot below 2^15, else two (low 15 bits with the high bit set, then the rest). */
  num(v: number): void {
    if (v < 0x8000) this.push(v);
    else {
      this.push(0x8000 | (v & 0x7fff));
      this.push(v >>> 15);
    }
  }

  get written(): Uint16Array {
    return this.buf.subarray(0, this.length);
  }
}

/**
 * Write the edits that turn `match` back into `display`; `map` is toMatchForm(display).map (map[i] is the
 * display offset of match[i]; map[match.length] = display.length). Returns how many slots were written.
 */
export function encodePatch(display: string, match: string, map: Int32Array, out: PatchWriter): number {
  const start = out.length;
  const len = match.length;
  const same = (i: number) => map[i + 1] - map[i] === 1 && display.charCodeAt(map[i]) === match.charCodeAt(i);
  let prev = 0;
  // display text before the first matching character (leading whitespace) belongs to an edit at 0
  let lead = len === 0 ? display.length > 0 : map[0] > 0;
  for (let i = 0; i < len || lead; ) {
    if (!lead && same(i)) {
      i++;
      continue;
    }
    let b = i;
    while (b < len && !same(b)) b++;
    const from = i === 0 ? 0 : map[i];
    const to = b === len ? display.length : map[b];
    if (b - i === 1 && to - from === 1) {
      out.num((i - prev) * 2);
      out.push(display.charCodeAt(from));
    } else {
      out.num((i - prev) * 2 + 1);
      out.num(b - i);
      out.num(to - from);
      for (let k = from; k < to; k++) out.push(display.charCodeAt(k));
    }
    prev = b;
    lead = false;
    // an edit that ends at the last character also took any trailing whitespace (which makes that character
    // differ: its next offset is not one on)
    if (b === len) break;
    i = b;
  }
  return out.length - start;
}

/** Thrown for an edit list that does not fit its matching form (a damaged file). */
export class PatchError extends Error {}

let scratch = new Uint16Array(1 << 12);

/** The display text of `match` with the edits in patch[from, to); the match itself when there are none. */
export function applyPatch(match: string, patch: Uint16Array, from: number, to: number): string {
  if (from === to) return match;
  const len = match.length;
  let out = 0;
  const room = (n: number) => {
    if (out + n <= scratch.length) return;
    let size = scratch.length * 2;
    while (size < out + n) size *= 2;
    const s = new Uint16Array(size);
    s.set(scratch.subarray(0, out));
    scratch = s;
  };
  const num = () => {
    if (p >= to) throw new PatchError('edit list cut short');
    const v = patch[p++];
    if (v < 0x8000) return v;
    if (p >= to) throw new PatchError('edit list cut short');
    return (v & 0x7fff) | (patch[p++] << 15);
  };
  let p = from;
  let at = 0;
  while (p < to) {
    const head = num();
    const gap = head >>> 1;
    const general = head & 1;
    const mLen = general ? num() : 1;
    const dLen = general ? num() : 1;
    if (at + gap + mLen > len || p + dLen > to) throw new PatchError(`edit at ${at + gap}+${mLen} past a text of ${len}`);
    room(gap + dLen);
    for (let k = at; k < at + gap; k++) scratch[out++] = match.charCodeAt(k);
    for (let k = 0; k < dLen; k++) scratch[out++] = patch[p++];
    at += gap + mLen;
  }
  room(len - at);
  for (let k = at; k < len; k++) scratch[out++] = match.charCodeAt(k);
  return Buffer.from(scratch.buffer, scratch.byteOffset, out * 2).toString('utf16le');
}
