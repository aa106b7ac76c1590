/**
 * A coarse word class from segmentit's part-of-speech bits (its POSTAG values), enough to tell where a
 * policy term ends: terms are modifier–head compounds (低空 + 经济, 新 + 发展 + 格局), and a verb (加快,
 * 发展) or a function word (的, 等, 和) in front of them is not part of them.
 */
import { posOf } from './tokenize.js';

export type WordClass = 'noun' | 'modifier' | 'verb' | 'function' | 'numeral' | 'idiom' | 'unknown';

const NOUN = 0x100000 | 0x8000 | 0x80 | 0x40 | 0x20 | 0x8; // D_N, D_S (place), A_NR, A_NS, A_NT, A_NZ
const VERB = 0x1000; // D_V
const MODIFIER = 0x40000000 | 0x20000000; // D_A adjective, D_B distinguishing (新型, 重大)
const FUNCTION = 0x10000000 | 0x8000000 | 0x40000 | 0x2000 | 0x10000 | 0x200 | 0x4000; // D_C, D_D adverb, D_P, D_U, D_R pronoun, D_Y, D_T time (今年)
const NUMERAL = 0x400000 | 0x200000 | 0x20000; // A_M, D_MQ, A_Q
const IDIOM = 0x1000000 | 0x800000; // D_I 成语, D_L 习语 (因地制宜, 实事求是)

/**
 * The class of a token. A word with several readings is a verb if it can be one (发展, 改革 are read as
 * nouns too, but in front of a term they are verbs), then a function word, a numeral, an idiom, a modifier,
 * a noun.
 */
export function wordClass(word: string): WordClass {
  const p = posOf(word);
  if (!p) return /^[\p{N}]+$/u.test(word) ? 'numeral' : 'unknown';
  if (p & VERB) return 'verb';
  if (p & FUNCTION) return 'function';
  if (p & NUMERAL) return 'numeral';
  if (p & IDIOM) return 'idiom';
  if (p & MODIFIER) return 'modifier';
  if (p & NOUN) return 'noun';
  return 'unknown';
}
