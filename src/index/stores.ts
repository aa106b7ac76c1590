/** The store seam's implementations, by name: the compact gram index (default) and FlexSearch. */
import { GramIndex } from './gram.js';
import { FlexTextIndex } from './flexsearch.js';
import type { TextIndex } from './store.js';

export type StoreKind = 'gram' | 'flexsearch';
export const STORES = ['gram', 'flexsearch'] as const satisfies readonly StoreKind[];
export const DEFAULT_STORE: StoreKind = 'gram';

/** A saved index names its store; only the stores made here can be loaded back. */
export function storeKindOf(index: TextIndex): StoreKind {
  const kind = STORES.find((k) => k === index.kind);
  if (!kind) throw new Error(`a ${index.kind} store cannot be saved: the index files can only name ${STORES.join(' or ')}`);
  return kind;
}

export function createTextIndex(kind: StoreKind = DEFAULT_STORE): TextIndex {
  return kind === 'flexsearch' ? new FlexTextIndex() : new GramIndex();
}
