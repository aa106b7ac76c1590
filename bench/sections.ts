/**
 * BENCHMARKS.md is shared by several benchmarks: each owns some `## ` sections and replaces only those, so
 * one `npm run bench` (or any benchmark run alone) keeps what the others wrote.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface Section {
  /** the heading line, `## …` */
  heading: string;
  /** the text under the heading */
  body: string;
}

/** A markdown text as its preamble (before the first `## ` line) and its `## ` sections, in order. */
export function splitSections(text: string): { preamble: string; sections: Section[] } {
  const parts = text.split(/^(?=## )/m);
  const preamble = parts[0].startsWith('## ') ? '' : parts.shift()!;
  const sections = parts.map((p) => {
    const nl = p.indexOf('\n');
    return nl < 0 ? { heading: p.trimEnd(), body: '' } : { heading: p.slice(0, nl).trimEnd(), body: p.slice(nl + 1) };
  });
  return { preamble, sections };
}

export function joinSections(preamble: string, sections: Section[]): string {
  const blocks = sections.map((s) => `${s.heading}\n\n${s.body.trim()}\n`);
  return [preamble.trim() + '\n', ...blocks].join('\n');
}

const read = (file: string) => splitSections(existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmarks\n');

/** Replace the section headed `heading` (or append it), keeping every other section. */
export function writeSection(file: string, heading: string, body: string): void {
  const { preamble, sections } = read(file);
  const i = sections.findIndex((s) => s.heading === heading);
  if (i < 0) sections.push({ heading, body });
  else sections[i] = { heading, body };
  writeFileSync(file, joinSections(preamble, sections));
}

/**
 * Write a benchmark's whole report (`markdown`: preamble + sections) at the top of the file, dropping the
 * file's old sections that `owns` claims (stale ones included) and keeping the others after it.
 */
export function writeOwnSections(file: string, markdown: string, owns: (heading: string) => boolean): void {
  const mine = splitSections(markdown);
  const others = read(file).sections.filter((s) => !owns(s.heading) && !mine.sections.some((m) => m.heading === s.heading));
  writeFileSync(file, joinSections(mine.preamble, [...mine.sections, ...others]));
}
