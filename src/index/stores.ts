/** The store seam's implementations, by name: the compact gram index (default) and FlexSearch. */
import { GramIndex } from './gram.js';
import { FlexTextIndex } from './flexsearch.js';
import type { TextIndex } from './store.js';

export type StoreKind = TextIndex['kind'];
export const STORES: StoreKind[] = ['gram', 'flexsearch'];
export const DEFAULT_STORE: StoreKind = 'gram';

export function createTextIndex(kind: StoreKind = DEFAULT_STORE): TextIndex {
  return kind === 'flexsearch' ? new FlexTextIndex() : new GramIndex();
}
