import { readFileSync } from 'node:fs';
import { clean } from './src/clean.ts';
import { detectMeta } from './src/metadata.ts';
for (const f of process.argv.slice(2)) {
  const raw = readFileSync(f, 'utf8');
  const c = clean(raw);
  const m = detectMeta(raw, c.display, f.replace('seeds/',''));
  console.log(JSON.stringify(m));
}
