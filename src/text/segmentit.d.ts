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

  export interface Segment {
    /** lines of `word|posMask|frequency` */
    loadDict(dict: string | string[]): Segment;
    getDict(type: 'TABLE'): Record<string, DictEntry>;
    doSegment(text: string): SegmentToken[];
  }

  export interface SegmentitModule {
    Segment: new () => Segment;
    useDefault(segment: Segment): Segment;
    POSTAG: Record<string, number>;
  }

  const pkg: SegmentitModule;
  export default pkg;
}
