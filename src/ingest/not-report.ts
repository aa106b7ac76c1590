/**
 * Files that travel with reports but are not reports: a collection's README, its source note, a licence, a
 * manifest. Ingesting one gives a "document" with a guessed region that pollutes every count, so they are
 * recognised — by name, or by text that is mostly not Chinese — and left out with the reason.
 */
import { basename } from 'node:path';

/**
 * Names a collection gives its notes, as the whole stem of the file name in any case, with an optional language
 * tag (README.md, readme.zh.txt, SOURCE.txt, LICENSE, 说明.txt); source-policy.txt is not one.
 */
const NOTE_NAMES =
  /^(?:readme|read[_-]me|sources?|licen[cs]e|copying|copyright|changelog|changes|notice|authors|contributors|contributing|manifest|citation|说明|自述|来源|来源说明|数据来源|版权声明)(?:[._-][a-z]{2}(?:[-_][a-z]{2})?)?$/i;

const HAN = /\p{Script=Han}/gu;
const LATIN = /[A-Za-z]/g;

/** Why a file is not a report, or null when it may be one. */
export function whyNotAReport(text: string, fileName: string): string | null {
  const name = basename(fileName);
  if (NOTE_NAMES.test(name.replace(/\.[a-z0-9]{1,8}$/i, ''))) return `not a report: ${name} names a collection's note (README, SOURCE, LICENSE, manifest…)`;
  const han = text.match(HAN)?.length ?? 0;
  const latin = text.match(LATIN)?.length ?? 0;
  // a Chinese report quotes some Latin (R&D, GDP, 5G); a note in English quotes some Chinese names
  if (han < latin) return `not a report: mostly not Chinese text (${han} Chinese characters, ${latin} Latin letters)`;
  return null;
}
