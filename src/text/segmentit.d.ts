// segmentit ships no types; only the pieces src/text/tokenize.ts touches are declared.
declare module 'segmentit' {
  export interface SegmentToken {
    w: string;
    /** part-of-speech bit mask; some modules leave it out or wrap it in an array */
    p?: number | number[];
  }

  export interface DictEntry {
    f: number;
    p: number;
  }

  /** the dictionary's words of one length */
  export type WordTable = Record<string, DictEntry>;

  export interface Segment {
    /** lines of `word|posMask|frequency` */
    loadDict(dict: string | string[]): Segment;
    getDict(type: 'TABLE'): Record<string, DictEntry>;
    /** the same words by length: `TABLE2[length][word]` (absent before a dictionary is loaded) */
    getDict(type: 'TABLE2'): Record<string, WordTable> | undefined;
    doSegment(text: string): SegmentToken[];
    /** the modules `use` installed, in the order they run */
    modules: { tokenizer: object[]; optimizer: object[] };
  }

  export interface SegmentitModule {
    Segment: new () => Segment;
    /** the dictionary tokenizer's class (src/text/word-lengths.ts replaces its matchWord on our instance) */
    DictTokenizer: abstract new (...args: never[]) => object;
    useDefault(segment: Segment): Segment;
    POSTAG: Record<string, number>;
  }

  const pkg: SegmentitModule;
  export default pkg;
}
