import { readFileSync } from 'node:fs';
import { clean } from './src/clean.ts';
import { detectMeta } from './src/metadata.ts';
import { segmentUnits } from './src/units.ts';
for (const f of process.argv.slice(2)) {
  const raw = readFileSync(f, 'utf8');
  const c = clean(raw);
  const m = detectMeta(raw, c.display, f);
  const us = segmentUnits(c.display, m);
  const counts: Record<string, number> = {};
  for (const u of us) counts[u.kind] = (counts[u.kind] ?? 0) + 1;
  console.log('=====', m.id, JSON.stringify(counts));
  for (const u of us) if (u.kind !== 'paragraph' || process.env.ALL) console.log(u.id, u.kind, u.ordinal, u.stance, u.year, JSON.stringify(u.path).slice(0,30), '|', u.title.slice(0,30), '|', u.text.slice(0,20).replace(/\n/g,'⏎'), u.text.length);
}
