/**
 * A unit's display text as an edit of its matching form. The two differ in few places (full-width commas and
 * quotes, traditional characters, full-width digits, dropped whitespace), so the edits take a small fraction of
 * what the display texts take (BENCHMARKS.md). A loaded index keeps the matching
 * forms in memory for search anyway, so with the edits it can show any unit's original text without reading
 * display.u16 — a page of hits then costs no file reads.
 *
 * An edit list is a run of 16-bit numbers. Each edit replaces match[at, at + mLen) by `dLen` display code units
 * and is written as header = gap · 2 + general, where gap counts the unchanged match characters since the end
 * of the previous edit; a plain edit (general = 0) replaces one character by one and is followed by it; a
 * general one is followed by mLen, dLen and the dLen code units. Numbers of 2^15 and over take two slots.
 */

import { capacityFor, ensureLength } from '../util/growable.js';

/** Append-only buffer of 16-bit numbers, grown by doubling. */
export class PatchWriter {
  buf = new Uint16Array(1 << 12);
  length = 0;

  push(v: number): void {
    if (this.length === this.buf.length) this.buf = ensureLength(this.buf, this.length + 1);
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

const cutShort = () => new PatchError('edit list cut short');

/** The decoded edits of one list: `edits` holds four numbers an edit (EDIT_* below), `count` of them. */
interface Decoded {
  count: number;
  /** every edit replaces one character by one */
  plain: boolean;
  /** display length − match length */
  grows: number;
}
/** Fields of a decoded edit: unchanged match characters before it, match characters replaced, display code units put in, where those start in the edit list. */
const EDIT_GAP = 0;
const EDIT_M_LEN = 1;
const EDIT_D_LEN = 2;
const EDIT_AT = 3;
const EDIT_FIELDS = 4;

/**
 * Applies edit lists: the display text of a unit from its matching form, and the fold map between them. Holds the
 * buffers it reuses from call to call (a page of hits decodes twenty lists, and a fresh typed array per list is an
 * off-heap allocation), so each loaded index owns one; calls are synchronous.
 */
export class PatchReader {
  /** the matching form's code units at the start, the display text's after them (copyWithin moves runs inside one typed array without allocating a view per run) */
  private bytes = Buffer.allocUnsafeSlow(1 << 14);
  private units = new Uint16Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length >>> 1);
  private edits = new Int32Array(EDIT_FIELDS << 8);
  /**
   * The last decoding, kept while `edits` holds it: a page of hits asks for a unit's fold map and then for its
   * text, and the second ask reuses the first's work. Edit lists are never changed in place once written.
   */
  private last = { patch: null as Uint16Array | null, from: 0, to: 0, matchLength: 0, out: { count: 0, plain: true, grows: 0 } as Decoded };

  /**
   * The display text of `match` with the edits in patch[from, to); the match itself when there are none.
   * The matching form is copied into the buffer once (natively), its unchanged runs are block copies, and
   * a text whose edits are all one-for-one is edited in place.
   */
  apply(match: string, patch: Uint16Array, from: number, to: number): string {
    if (from === to) return match;
    const len = match.length;
    const { count, plain, grows } = this.decode(patch, from, to, len);
    const edits = this.edits;
    // the display text goes after the matching form's units, unless it is edited in place
    this.room(plain ? len : 2 * len + grows);
    this.bytes.write(match, 0, 'utf16le');
    const buf = this.units;
    if (plain) {
      for (let e = 0, o = 0, at = 0; e < count; e++, o += EDIT_FIELDS) {
        at += edits[o + EDIT_GAP];
        buf[at++] = patch[edits[o + EDIT_AT]];
      }
      return this.bytes.toString('utf16le', 0, len * 2);
    }
    let out = len;
    let at = 0;
    for (let e = 0, o = 0; e < count; e++, o += EDIT_FIELDS) {
      const gap = edits[o + EDIT_GAP];
      const dLen = edits[o + EDIT_D_LEN];
      const p = edits[o + EDIT_AT];
      if (gap) buf.copyWithin(out, at, at + gap);
      out += gap;
      for (let k = 0; k < dLen; k++) buf[out++] = patch[p + k];
      at += gap + edits[o + EDIT_M_LEN];
    }
    buf.copyWithin(out, at, len);
    out += len - at;
    return this.bytes.toString('utf16le', len * 2, out * 2);
  }

  /**
   * toMatchForm(display).map, from the matching form's length and its edits; null when every character keeps its
   * offset (only one-for-one replacements), which is most units. With `into` (a buffer of at least matchLength + 1)
   * the map is written there and a view of it returned: a page of hits asks for twenty maps, each used at once.
   */
  foldMap(matchLength: number, patch: Uint16Array, from: number, to: number, into?: Int32Array): Int32Array | null {
    const { count, plain } = this.decode(patch, from, to, matchLength);
    if (plain) return null;
    const edits = this.edits;
    const map = into ? into.subarray(0, matchLength + 1) : new Int32Array(matchLength + 1);
    let at = 0; // next match position
    let d = 0; // its display offset
    for (let e = 0, o = 0; e < count; e++, o += EDIT_FIELDS) {
      for (let k = 0; k < edits[o + EDIT_GAP]; k++) map[at++] = d++;
      for (let k = 0; k < edits[o + EDIT_M_LEN]; k++) map[at++] = d;
      d += edits[o + EDIT_D_LEN];
    }
    while (at < matchLength) map[at++] = d++;
    map[matchLength] = d;
    return map;
  }

  private room(units: number): void {
    if (units <= this.units.length) return;
    this.bytes = Buffer.allocUnsafeSlow(capacityFor(units * 2, 1 << 14));
    this.units = new Uint16Array(this.bytes.buffer, this.bytes.byteOffset, this.bytes.length >>> 1);
  }

  /** The edits in patch[from, to) into `edits`, checked against a matching form of `matchLength`. */
  private decode(patch: Uint16Array, from: number, to: number, matchLength: number): Decoded {
    const last = this.last;
    if (last.patch === patch && last.from === from && last.to === to && last.matchLength === matchLength) return last.out;
    last.patch = null; // a throw below must not leave a half-written decoding looking valid
    let count = 0;
    let plain = true;
    let grows = 0;
    let at = 0;
    let p = from;
    let edits = this.edits;
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
      const o = EDIT_FIELDS * count++;
      if (o + EDIT_FIELDS > edits.length) edits = this.edits = ensureLength(edits, o + EDIT_FIELDS);
      edits[o + EDIT_GAP] = gap;
      edits[o + EDIT_M_LEN] = mLen;
      edits[o + EDIT_D_LEN] = dLen;
      edits[o + EDIT_AT] = p;
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
}
