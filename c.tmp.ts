import { readFileSync } from 'node:fs';
import { clean } from './src/clean.ts';
for (const f of process.argv.slice(2)) {
  const raw = readFileSync(f, 'utf8');
  const c = clean(raw);
  console.log('=====', f, c.display.length);
  console.log(c.display.split('\n').map((l,i)=>`${i}: ${l.slice(0,60)}${l.length>60?'…'+l.slice(-15):''}`).join('\n'));
}
