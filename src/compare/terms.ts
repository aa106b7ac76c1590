/**
 * Stages 2 and 3 of 新提法 (see new.ts): in a run of words, the cores (the shortest spans no earlier document
 * contains) and the terms they grow into. What the corpus is asked comes in `Lookups`, so the rules can be read
 * (and tested) apart from the index.
 */
import type { Engine } from '../index/engine.js';
import { unitsContaining } from '../search/match.js';
import { isNumberAlone, MAX_PHRASE, MIN_PHRASE, spanText, type Run } from './phrases.js';

/** words per core span: a new term longer than six segmenter words is a sentence, not a 提法 */
const MAX_WORDS = 6;

/** What the stages ask of the corpus. */
export interface Lookups {
  /** no earlier document contains the string */
  fresh: (s: string) => boolean;
  /** a verb most reports use (推进, 加快, 构建): a new span that starts with one is a new sentence, not a term */
  generic: (word: string) => boolean;
  /**
   * `outer` belongs with the edge `inner` of a phrase: of the corpus's units holding `inner`, most hold it with
   * `outer` on that side (统一 before 大市场, 现代化 before 产业体系, but not 发展 before 新质生产力)
   */
  bound: (outer: string, inner: string, side: 'left' | 'right') => boolean;
}

/** A verb is generic when at least this share of the corpus's documents use it (推进 0.86, 构建 0.49, 提振 0.09). */
export const GENERIC_SHARE = 0.25;

/** Characters that end words (保障性, 现代化, 渐进式, 新型, 增长率) and so never start a phrase. */
const SUFFIXES = new Set('性化式型率度者界制感论'.split(''));

/** A word is bound to a phrase's edge when this share of the units holding the edge hold the word beside it. */
export const BOUND_SHARE = 0.6;

export function corpusLookups(engine: Engine): Pick<Lookups, 'generic' | 'bound'> {
  const units = new Map<string, number[]>();
  const unitsOf = (s: string) => {
    let list = units.get(s);
    if (!list) units.set(s, (list = unitsContaining(engine, s)));
    return list;
  };
  const generic = new Map<string, boolean>();
  return {
    generic: (w) => {
      let v = generic.get(w);
      if (v === undefined) {
        const docs = new Set<string>();
        for (const n of unitsOf(w)) docs.add(engine.records[n]!.doc.id);
        generic.set(w, (v = docs.size >= GENERIC_SHARE * engine.docs.size));
      }
      return v;
    },
    bound: (outer, inner, side) => {
      if (/\p{P}/u.test(outer)) return false;
      const both = unitsOf(side === 'left' ? outer + inner : inner + outer).length;
      return both > 1 && both >= BOUND_SHARE * unitsOf(inner).length;
    },
  };
}

/** The terms of a run as [start, end) word ranges: its cores, each grown to its term. */
export function termsOf(run: Run, look: Lookups): [number, number][] {
  const m = run.length;
  // isNew[i][k]: words i..i+k (k+1 words) are absent from every earlier document
  const isNew: boolean[][] = run.map(() => []);
  const cores: [number, number][] = [];
  for (let k = 0; k < MAX_WORDS; k++) {
    for (let i = 0; i + k < m; i++) {
      const j = i + k + 1;
      const text = spanText(run, i, j);
      if (text.length > MAX_PHRASE) {
        isNew[i][k] = false;
        continue;
      }
      // a span holding a new span is new; only spans whose parts are all known are looked up
      const inherited = k > 0 && (isNew[i][k - 1] || isNew[i + 1][k - 1]);
      isNew[i][k] = inherited || (text.length >= MIN_PHRASE && run[i].text !== '+' && look.fresh(text));
      if (isNew[i][k] && !inherited && !isNumberAlone(text) && !isClause(run, i, j, look)) cores.push([i, j]);
    }
  }
  return grow(run, cores, look);
}

/**
 * Words [i, j) are a verb phrase or a clause, not a term, when a generic verb stands anywhere but last: first
 * (构建新 in 构建新发展格局) or after a word of two or more characters (大力推进…, 经济发展壮大). A verb that
 * ends a term is its head (高质量发展, 乡村全面振兴), one after a single character is part of a compound
 * (新发展格局), and one that is a stem or a collocation (保障性, 统一大市场) is none.
 */
function isClause(run: Run, i: number, j: number, look: Lookups): boolean {
  for (let k = i; k < j - 1; k++) {
    const w = run[k];
    if (w.cls !== 'verb' || w.text.length < 2 || (k > i && run[k - 1].text.length < 2) || !look.generic(w.text)) continue;
    // not a verb here: the stem of a derived word (保障|性), or bound to what follows (统一|大市场)
    if (SUFFIXES.has(run[k + 1].text) || look.bound(w.text, edge(run, k + 1, j, 'left'), 'left')) continue;
    return true;
  }
  return false;
}

/**
 * Each core grown to the term it sits in. To the left over nouns, over modifiers of a noun (not 积极 before
 * 稳外贸: that is an adverb), over verbs that are not generic (渐进式延迟, 保供稳价) and over any word the
 * corpus binds to the next (习近|平总书记), so the generic verb in front (加快发展|新质生产力, 扎实做好|碳达峰)
 * stays out.
 * To the right up to the next break of the sentence (低空 → 低空经济 before 等; 乡村全面 → 乡村全面振兴),
 * so a term is never cut before its head; where the break is too far for a phrase, over nouns only. A span
 * that is a clause, or ends in a modifier (因地制宜发展新), is no term.
 */
function grow(run: Run, cores: [number, number][], look: Lookups): [number, number][] {
  const out = new Set<string>();
  const len = (i: number, j: number) => spanText(run, i, j).length;
  for (const [ci, cj] of cores) {
    let i = ci;
    // a suffix does not start a word (保障|性住房, 协|调性)
    while (i > 0 && SUFFIXES.has(run[i].text[0]) && len(i - 1, cj) <= MAX_PHRASE) i--;
    while (i > 0 && len(i - 1, cj) <= MAX_PHRASE) {
      const w = run[i - 1];
      const verbAfter = run[i].cls === 'verb';
      if (
        w.cls === 'noun' ||
        w.cls === 'numeral' ||
        (w.cls === 'unknown' && w.text.length === 1) ||
        (w.cls === 'modifier' && !verbAfter) ||
        (w.cls === 'verb' && !(w.text.length >= 2 && look.generic(w.text))) ||
        look.bound(w.text, edge(run, i, cj, 'left'), 'left')
      )
        i--;
      else break;
    }
    let j = cj;
    if (len(i, run.length) <= MAX_PHRASE) j = run.length;
    else {
      while (j < run.length && (run[j].cls === 'noun' || look.bound(run[j].text, edge(run, i, j, 'right'), 'right')) && len(i, j + 1) <= MAX_PHRASE) j++;
      // a verb with its object cut off (高质量完成|十四五规划…), or a lone character, is half of something
      if (j < run.length && (run[j - 1].cls === 'verb' || run[j - 1].text.length === 1)) continue;
    }
    if (!isWhole(run, i, j) || isClause(run, i, j, look)) continue;
    out.add(`${i},${j}`);
  }
  return [...out].map((s) => s.split(',').map(Number) as [number, number]);
}

/**
 * A term does not end in a modifier (因地制宜发展新), a count (国民经济再上一个) or an ordinal's 第 cut from its
 * number (全国第|4位), is not a verb alone (擦亮, 加力: a predicate whose subject and object are elsewhere), nor
 * starts with a lone unknown character glued to the word before it (毕业生就|业制度: the segmenter's pieces of
 * a word it does not know).
 */
function isWhole(run: Run, i: number, j: number): boolean {
  const last = run[j - 1];
  if (last.cls === 'modifier' || (last.cls === 'numeral' && j - i > 1) || last.text.endsWith('第')) return false;
  if (j - i === 1 && last.cls === 'verb') return false;
  return !(i > 0 && run[i].cls === 'unknown' && run[i].text.length === 1 && run[i].text !== '+');
}

/** The first (or last) two words of span [i, j): enough to tell a collocation (大|市场 alone says little). */
const edge = (run: Run, i: number, j: number, side: 'left' | 'right') =>
  side === 'left' ? spanText(run, i, Math.min(j, i + 2)) : spanText(run, Math.max(i, j - 2), j);
