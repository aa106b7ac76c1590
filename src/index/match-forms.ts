/**
 * Every unit's matching form by unit number. A form is a string, or, for a unit of an index loaded for one
 * command, still the bytes of the saved file (match.u16, UTF-16LE) until something reads it: a search verifies a
 * few hundred candidates, so a cold command that decoded each of the corpus's units into a string of its own
 * first spent more on that (and on collecting those strings) than on its query. A decoded form is kept as a string
 * of its own. The bytes stay (the loaded units' display texts are rebuilt from them: persist/texts.ts), so this is
 * for a process that runs one command, not a server that would end up holding each form twice.
 */
import { ensureLength } from '../util/growable.js';

/** A loaded file's matching forms, end to end (UTF-16LE). */
export class EncodedForms {
  constructor(private readonly bytes: Buffer) {}
  /** the `length` characters from character `at` on, as a string of their own */
  decode(at: number, length: number): string {
    return this.bytes.toString('utf16le', at * 2, (at + length) * 2);
  }
}

/** A document's units' forms in an EncodedForms: consecutive, from character `at` on, of these lengths. */
export interface EncodedMatches {
  readonly file: EncodedForms;
  readonly at: number;
  readonly lengths: readonly number[];
}

export class MatchForms {
  private readonly strings: (string | undefined)[] = [];
  /** per unit number: the file still holding its form (undefined once it is a string, or removed) */
  private readonly files: (EncodedForms | undefined)[] = [];
  private at = new Uint32Array(1024);
  private len = new Uint32Array(1024);

  /** The unit's matching form; undefined for a number with no unit (removed, or never used). */
  get(n: number): string | undefined {
    const s = this.strings[n];
    return s !== undefined ? s : this.decode(n);
  }

  set(n: number, form: string): void {
    this.delete(n);
    this.strings[n] = form;
  }

  /** Unit `n`'s form is `length` characters from character `at` of `file`, decoded when first read. */
  setEncoded(n: number, file: EncodedForms, at: number, length: number): void {
    this.delete(n);
    // written in unit order, like set(): the arrays stay dense
    this.strings[n] = undefined;
    this.files[n] = file;
    this.at = ensureLength(this.at, n + 1);
    this.len = ensureLength(this.len, this.at.length);
    this.at[n] = at;
    this.len[n] = length;
  }

  delete(n: number): void {
    // an engine whose forms are all strings never grows this list
    if (n < this.files.length) this.files[n] = undefined;
    this.strings[n] = undefined;
  }

  private decode(n: number): string | undefined {
    const file = this.files[n];
    if (file === undefined) return undefined;
    const s = file.decode(this.at[n], this.len[n]);
    this.strings[n] = s;
    this.files[n] = undefined;
    return s;
  }
}
