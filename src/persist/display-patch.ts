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
 * The edits in patch[from, to), checked against a matching form of `matchLength` and laid out four numbers an
 * edit in `edits` (gap, mLen, dLen, where its dLen code units start in `patch`): one decoder for applyPatch and
 * foldMap. `plain` says every edit replaces one character by one.
 */
let edits = new Int32Array(4 << 8);
interface Decoded {
  count: number;
  plain: boolean;
  grows: number;
}
/**
 * The last decoding, kept while `edits` holds it: a page of hits asks for a unit's fold map and then for its text,
 * and the second ask reuses the first's work. Edit lists are never changed in place once written.
 */
let last: { patch: Uint16Array | null; from: number; to: number; matchLength: number; out: Decoded } = { patch: null, from: 0, to: 0, matchLength: 0, out: { count: 0, plain: true, grows: 0 } };
function decodeEdits(patch: Uint16Array, from: number, to: number, matchLength: number): Decoded {
  if (last.patch === patch && last.from === from && last.to === to && last.matchLength === matchLength) return last.out;
  last.patch = null; // a throw below must not leave a half-written decoding looking valid
  let count = 0;
  let plain = true;
  let grows = 0;
  let at = 0;
  let p = from;
  // numbers of 2^15 and over take two slots; read inline (a closure over p is several times slower here)
  while (p < to) {
    let head = patch[p++];
    if (head >= 0x8000) {
      if (p >= to) throw cutShort();
      head = (head & 0x7fff) | (patch[p++] << 15);
    }
    let mLen = 1;
    let dLen = 1;
    if (head & 1) {
      plain = false;
      for (let field = 0; field < 2; field++) {
        if (p >= to) throw cutShort();
        let v = patch[p++];
        if (v >= 0x8000) {
          if (p >= to) throw cutShort();
          v = (v & 0x7fff) | (patch[p++] << 15);
        }
        if (field === 0) mLen = v;
        else dLen = v;
      }
    }
    const gap = head >>> 1;
    if (at + gap + mLen > matchLength || p + dLen > to) throw new PatchError(`edit at ${at + gap}+${mLen} past a text of ${matchLength}`);
    if (4 * count + 4 > edits.length) {
      const e = new Int32Array(edits.length * 2);
      e.set(edits);
      edits = e;
    }
    const o = 4 * count++;
    edits[o] = gap;
    edits[o + 1] = mLen;
    edits[o + 2] = dLen;
    edits[o + 3] = p;
    at += gap + mLen;
    grows += dLen - mLen;
    p += dLen;
  }
  // written in place: a page of hits decodes twenty lists, and an object per decoding was most of its garbage
  last.from = from;
  last.to = to;
  last.matchLength = matchLength;
  last.out.count = count;
  last.out.plain = plain;
  last.out.grows = grows;
  last.patch = patch;
  return last.out;
}

/**
 * The display text of `match` with the edits in patch[from, to); the match itself when there are none.
 * The matching form is copied into scratch space once (natively), its unchanged runs are block copies, and
 * a text whose edits are all one-for-one is edited in place.
 */
export function applyPatch(match: string, patch: Uint16Array, from: number, to: number): string {
  if (from === to) return match;
  const len = match.length;
  const { count, plain, grows } = decodeEdits(patch, from, to, len);
  // the display text goes after the matching form's units, unless it is edited in place
  room(plain ? len : 2 * len + grows);
  scratch.write(match, 0, 'utf16le');
  const buf = scratch16;
  if (plain) {
    for (let e = 0, at = 0; e < count; e++) {
      at += edits[4 * e];
      buf[at++] = patch[edits[4 * e + 3]];
    }
    return scratch.toString('utf16le', 0, len * 2);
  }
  let out = len;
  let at = 0;
  for (let e = 0; e < count; e++) {
    const gap = edits[4 * e];
    const dLen = edits[4 * e + 2];
    const p = edits[4 * e + 3];
    if (gap) buf.copyWithin(out, at, at + gap);
    out += gap;
    for (let k = 0; k < dLen; k++) buf[out++] = patch[p + k];
    at += gap + edits[4 * e + 1];
  }
  buf.copyWithin(out, at, len);
  out += len - at;
  return scratch.toString('utf16le', len * 2, out * 2);
}

/**
 * toMatchForm(display).map, from the matching form's length and its edits; null when every character keeps its
 * offset (only one-for-one replacements), which is most units. With `into` (a buffer of at least matchLength + 1)
 * the map is written there and a view of it returned: a page of hits asks for twenty maps, each used at once, and
 * each fresh array of a few hundred numbers is an off-heap allocation.
 */
export function foldMap(matchLength: number, patch: Uint16Array, from: number, to: number, into?: Int32Array): Int32Array | null {
  const { count, plain } = decodeEdits(patch, from, to, matchLength);
  if (plain) return null;
  const map = into ? into.subarray(0, matchLength + 1) : new Int32Array(matchLength + 1);
  let at = 0; // next match position
  let d = 0; // its display offset
  for (let e = 0; e < count; e++) {
    for (let k = 0; k < edits[4 * e]; k++) map[at++] = d++;
    for (let k = 0; k < edits[4 * e + 1]; k++) map[at++] = d;
    d += edits[4 * e + 2];
  }
  while (at < matchLength) map[at++] = d++;
  map[matchLength] = d;
  return map;
}
