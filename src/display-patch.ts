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
 *
 * An edit covers the matching characters that fold from one display offset (one character, or the several an
 * expansion or a surrogate pair gives) and takes the display text up to the next offset (so whitespace dropped
 * after a character goes with it); leading whitespace is an insertion before the first character. Edits that fine
 * give back the fold's map exactly (foldMap), so highlighting a loaded unit never folds its text again.
 */
export function encodePatch(display: string, match: string, map: Int32Array, out: PatchWriter): number {
  const start = out.length;
  const len = match.length;
  const edit = (at: number, prev: number, mLen: number, from: number, to: number) => {
    if (mLen === 1 && to - from === 1) {
      out.num((at - prev) * 2);
      out.push(display.charCodeAt(from));
    } else {
      out.num((at - prev) * 2 + 1);
      out.num(mLen);
      out.num(to - from);
      for (let k = from; k < to; k++) out.push(display.charCodeAt(k));
    }
  };
  const lead = len === 0 ? display.length : map[0];
  if (lead > 0) edit(0, 0, 0, 0, lead);
  let prev = 0;
  for (let i = 0; i < len; ) {
    const from = map[i];
    if (map[i + 1] - from === 1 && display.charCodeAt(from) === match.charCodeAt(i)) {
      i++;
      continue;
    }
    let b = i + 1;
    while (b < len && map[b] === from) b++;
    edit(i, prev, b - i, from, map[b]);
    prev = b;
    i = b;
  }
  return out.length - start;
}

/** Thrown for an edit list that does not fit its matching form (a damaged file). */
export class PatchError extends Error {}

/**
 * Scratch space for applyPatch, one buffer: the matching form's code units at the start, the display text's
 * after them (copyWithin moves runs inside one typed array without allocating a view per run).
 */
let scratch = Buffer.allocUnsafeSlow(1 << 14);
let scratch16 = new Uint16Array(scratch.buffer, scratch.byteOffset, scratch.length >>> 1);

function room(units: number): void {
  if (units <= scratch16.length) return;
  let size = 1 << 14;
  while (size < units * 2) size *= 2;
  scratch = Buffer.allocUnsafeSlow(size);
  scratch16 = new Uint16Array(scratch.buffer, scratch.byteOffset, size >>> 1);
}

const cutShort = () => new PatchError('edit list cut short');

/**
 * The display text of `match` with the edits in patch[from, to); the match itself when there are none.
 * The matching form is copied into scratch space once (natively), its unchanged runs are block copies, and
 * a text whose edits are all one-for-one is edited in place.
 */
export function applyPatch(match: string, patch: Uint16Array, from: number, to: number): string {
  if (from === to) return match;
  const len = match.length;
  room(len);
  scratch.write(match, 0, 'utf16le');
  // pass 1: validate, and see whether every edit replaces one character by one
  let plain = true;
  let grows = 0;
  for (let p = from, at = 0; p < to; ) {
    let head = patch[p++];
    if (head >= 0x8000) {
      if (p >= to) throw cutShort();
      head = (head & 0x7fff) | (patch[p++] << 15);
    }
    let mLen = 1;
    let dLen = 1;
    if (head & 1) {
      plain = false;
      if (p >= to) throw cutShort();
      mLen = patch[p++];
      if (mLen >= 0x8000) {
        if (p >= to) throw cutShort();
        mLen = (mLen & 0x7fff) | (patch[p++] << 15);
      }
      if (p >= to) throw cutShort();
      dLen = patch[p++];
      if (dLen >= 0x8000) {
        if (p >= to) throw cutShort();
        dLen = (dLen & 0x7fff) | (patch[p++] << 15);
      }
    }
    at += head >>> 1;
    if (at + mLen > len || p + dLen > to) throw new PatchError(`edit at ${at}+${mLen} past a text of ${len}`);
    at += mLen;
    grows += dLen - mLen;
    p += dLen;
  }
  const buf = scratch16;
  if (plain) {
    for (let p = from, at = 0; p < to; ) {
      let head = patch[p++];
      if (head >= 0x8000) head = (head & 0x7fff) | (patch[p++] << 15);
      at += head >>> 1;
      buf[at++] = patch[p++];
    }
    return scratch.toString('utf16le', 0, len * 2);
  }
  // the display text goes after the matching form's units: [len, 2·len + grows)
  if (2 * len + grows > buf.length) {
    const keep = buf.slice(0, len);
    room(2 * len + grows);
    scratch16.set(keep);
  }
  const out16 = scratch16;
  let out = len;
  let at = 0;
  for (let p = from; p < to; ) {
    let head = patch[p++];
    if (head >= 0x8000) head = (head & 0x7fff) | (patch[p++] << 15);
    let mLen = 1;
    let dLen = 1;
    if (head & 1) {
      mLen = patch[p++];
      if (mLen >= 0x8000) mLen = (mLen & 0x7fff) | (patch[p++] << 15);
      dLen = patch[p++];
      if (dLen >= 0x8000) dLen = (dLen & 0x7fff) | (patch[p++] << 15);
    }
    const gap = head >>> 1;
    if (gap) out16.copyWithin(out, at, at + gap);
    out += gap;
    for (let k = 0; k < dLen; k++) out16[out++] = patch[p++];
    at += gap + mLen;
  }
  out16.copyWithin(out, at, len);
  out += len - at;
  return scratch.toString('utf16le', len * 2, out * 2);
}

/**
 * toMatchForm(display).map, from the matching form's length and its edits; null when every character keeps its
 * offset (only one-for-one replacements), which is most units.
 */
export function foldMap(matchLength: number, patch: Uint16Array, from: number, to: number): Int32Array | null {
  let plain = true;
  for (let p = from; p < to && plain; ) {
    let head = patch[p++];
    if (head >= 0x8000) head = (head & 0x7fff) | (patch[p++] << 15);
    if (head & 1) plain = false;
    else p++;
  }
  if (plain) return null;
  const map = new Int32Array(matchLength + 1);
  let at = 0; // next match position
  let d = 0; // its display offset
  const read = (p: number): [number, number] => {
    const v = patch[p];
    return v < 0x8000 ? [v, p + 1] : [(v & 0x7fff) | (patch[p + 1] << 15), p + 2];
  };
  for (let p = from; p < to; ) {
    let head: number;
    [head, p] = read(p);
    let mLen = 1;
    let dLen = 1;
    if (head & 1) {
      [mLen, p] = read(p);
      [dLen, p] = read(p);
    }
    const gap = head >>> 1;
    if (at + gap + mLen > matchLength) throw new PatchError(`edit at ${at + gap}+${mLen} past a text of ${matchLength}`);
    for (let k = 0; k < gap; k++) map[at++] = d++;
    for (let k = 0; k < mLen; k++) map[at++] = d;
    d += dLen;
    p += dLen;
  }
  while (at < matchLength) map[at++] = d++;
  map[matchLength] = d;
  return map;
}
