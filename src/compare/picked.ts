/** What a way of following (a term, a statement, a unit) hands the timeline: one pick per document. */
import type { Role } from './role.js';

/** Why an entry was picked, for the reader. */
export interface Why {
  /** what the entry shares with the query: the terms themselves, or the statement's rarest words found in it */
  anchors: string[];
  /** the sentence's stance and how it mentions the query */
  role: Role;
  /** one line: why this sentence and not another of the same document */
  note: string;
}

export interface Picked {
  /** unit number of the entry */
  n: number;
  /** the sentence or run of sentences matched, matching-form offsets in the unit; null for the whole unit */
  span: [number, number] | null;
  /** 1 for a term found or the unit followed; otherwise the similarity to the statement or the seed unit */
  similarity: number;
  why: Why;
}
