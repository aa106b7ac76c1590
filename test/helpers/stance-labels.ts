/**
 * Hand labels applied to reports: every unit paired with the label of the line it starts on. Two sets:
 * test/fixtures/stance-2026.json, the 16 provincial reports of 2026 stance was tuned on, and
 * test/fixtures/stance-state-council.json, four State Council reports it was not tuned on.
 */
import { readFileSync } from 'node:fs';
import { buildDoc } from '../../src/ingest/corpus.js';
import type { Doc, Stance, Unit } from '../../src/types.js';

interface Labels {
  all: Record<string, Stance>;
  reports: Record<string, { sections: Stance[]; lines: Record<string, Stance> }>;
}
const readLabels = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Labels;

const TOP = /^[一二三四五六七八九十]+、/;
const SUB = /^[（(][一二三四五六七八九十]+[)）]/;
const APPENDIX = /^附\s*件/;

/** The hand label of every line start in the document's display text. */
function lineLabels(doc: Doc, labels: Labels, region: string): { start: number; stance: Stance }[] {
  const { sections, lines } = labels.reports[region];
  const overrides = Object.entries({ ...labels.all, ...lines }).map(([re, stance]) => ({ re: new RegExp(re), stance }));
  const out: { start: number; stance: Stance }[] = [];
  let top: Stance = 'other';
  let sub: Stance | null = null;
  let appendix = false;
  let k = 0;
  let at = 0;
  for (const line of doc.display.split('\n')) {
    const text = line.trim();
    const own = overrides.find((o) => o.re.test(text))?.stance;
    const heading = APPENDIX.test(text) || (!appendix && SUB.test(text));
    if (APPENDIX.test(text)) {
      appendix = true;
      top = own ?? top;
      sub = null;
    } else if (!appendix && TOP.test(text)) {
      top = sections[k++];
      sub = null;
    } else if (!appendix && SUB.test(text)) sub = own ?? null;
    out.push({ start: at, stance: (heading ? null : own) ?? sub ?? top });
    at += line.length + 1;
  }
  if (k !== sections.length) throw new Error(`${region}: ${k} top-level sections, ${sections.length} labelled`);
  return out;
}

function labelAt(labels: { start: number; stance: Stance }[], offset: number): Stance {
  let lo = 0;
  for (let i = 0; i < labels.length && labels[i].start <= offset; i++) lo = i;
  return labels[lo].stance;
}

export interface Scored {
  unit: Unit;
  want: Stance;
  got: Stance;
}

/** Every unit of the labelled reports, each read as a user's file would be (a name that says nothing), with its label. */
function score(fixture: string, fileOf: (key: string) => string): Scored[] {
  const labels = readLabels(fixture);
  return Object.keys(labels.reports).flatMap((key) => {
    const doc = buildDoc(readFileSync(fileOf(key), 'utf8'), 'report.txt');
    const lines = lineLabels(doc, labels, key);
    return doc.units.map((unit) => ({ unit, want: labelAt(lines, unit.start), got: unit.stance }));
  });
}

/** The 16 provincial reports of 2026 (the set stance was tuned on). */
export const scoreStances = (): Scored[] => score('test/fixtures/stance-2026.json', (region) => `seeds/provinces-2026/2026_${region}_政府工作报告.txt`);

/** Four State Council reports stance was not tuned on (2011, 2016: five-year plans set out; 2019, 2024). */
export const scoreHeldOut = (): Scored[] => score('test/fixtures/stance-state-council.json', (file) => `seeds/state-council/${file}`);

export const STANCES: Stance[] = ['review', 'outlook', 'plan', 'other'];

export function precisionRecall(pairs: Scored[], stance: Stance): { precision: number; recall: number } {
  const tp = pairs.filter((p) => p.got === stance && p.want === stance).length;
  return { precision: tp / pairs.filter((p) => p.got === stance).length, recall: tp / pairs.filter((p) => p.want === stance).length };
}
