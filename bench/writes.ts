/**
 * The write path under attack and under load (issue 23's targets), against a real `yaodian serve` child:
 *  1. bombs (bench/bombs.ts) uploaded one by one: time to refusal, the server's RSS growth, /healthz's worst
 *     latency meanwhile, the document count unchanged;
 *  2. 20 unauthenticated 55 MB uploads at once: each refusal's time, RSS growth;
 *  3. two concurrent `yaodian add` runs of 50 files and an upload meanwhile: documents present, and how long
 *     until the running server shows them;
 *  4. N single-file adds (default 1,500): the last 100 against the first 100, then `search` on the grown index
 *     against the same corpus rebuilt. Each add a `yaodian add` process, or with --in-process the writer alone
 *     (addReport: lock, catalog, segment, merges), which leaves out the process start that dominates a CLI add.
 *
 *   npm run bench:writes [-- --adds N] [--in-process] [--only bombs,flood,concurrent,adds]
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { docxBomb, longLineReport, pdfManyPages, pdfStreamBomb } from './bombs.js';
import { repoRoot } from './paths.js';
import { childrenCpu, cpuSeconds } from './cpu.js';
import { buildDoc } from '../src/ingest/corpus.js';
import { addReport } from '../src/persist/writer.js';

const MB = 1024 * 1024;
const flag = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
const adds = Number(flag('--adds')) || 1500;
const inProcess = process.argv.includes('--in-process');
const only = new Set((flag('--only') ?? 'bombs,flood,concurrent,adds').split(','));
const bin = join(repoRoot, 'bin', 'yaodian.js');
const work = mkdtempSync(join(tmpdir(), 'yaodian-bench-writes-'));
const seeds = join(work, 'seeds');
mkdirSync(join(seeds, 'sci-tech'), { recursive: true });
cpSync(join(repoRoot, 'seeds', 'sci-tech'), join(seeds, 'sci-tech'), { recursive: true });
const lines: string[] = [];
const say = (l: string) => (lines.push(l), console.log(l));

const rssMb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))?.[1] ?? 0) / 1024;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * A distinct report per number: State-Council-like sentences with the number and a few characters drawn from it
 * woven in, so no two are near-duplicate editions of each other (an edition is not added).
 */
function report(n: number): string {
  let x = (n * 2654435761 + 1) >>> 0;
  const han = () => ((x = (x * 1103515245 + 12345) >>> 0), String.fromCharCode(0x4e00 + ((x >>> 8) % 20000)));
  const name = () => han() + han() + han();
  return (
    `${2000 + (n % 25)}年第${n}号科技创新工作要点\n` +
    Array.from({ length: 30 }, (_, k) => `${k + 1}.实施${name()}关键核心技术攻关行动，建设${name()}创新平台，推动${name()}成果转化。`).join('\n') +
    '\n'
  );
}

async function startServer(index: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--index', index, '--seeds', seeds, '--quiet'], { env: { ...process.env, YAODIAN_TOKEN: 'bench' }, stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve) => child.stdout!.on('data', (d) => { const m = /at (http:\/\/\S+)\//.exec(String(d)); if (m) resolve(m[1]); }));
  return { child, url };
}

const upload = (url: string, name: string, bytes: Uint8Array, token = 'bench') => {
  const f = new FormData();
  f.set('file', new File([new Uint8Array(bytes)], name));
  return fetch(`${url}/api/documents`, { method: 'POST', body: f, headers: token ? { authorization: `Bearer ${token}` } : {} });
};

async function bombs(): Promise<void> {
  const index = join(work, 'index-bombs');
  const { child, url } = await startServer(index);
  const docs0 = (await (await fetch(`${url}/healthz`)).json()).documents;
  say('| bomb | file | answer | refused in | server RSS growth | worst /healthz | documents after |');
  say('|---|---|---|---|---|---|---|');
  const cases: [string, string, () => Uint8Array][] = [
    ['.docx, XML inflating to 100 MB', 'bomb.docx', () => docxBomb({ xmlBytes: 100 * MB })],
    ['.docx, 100 MB XML under lying sizes', 'liar.docx', () => docxBomb({ xmlBytes: 100 * MB, lie: true })],
    ['.docx, 220,000 paragraphs', 'units.docx', () => docxBomb({ xmlBytes: 16 * MB })],
    ['PDF, one stream inflating to 1.2 GB', 'stream.pdf', () => pdfStreamBomb(1200 * MB)],
    ['PDF, 20,000 pages', 'pages.pdf', () => pdfManyPages(20_000)],
    ['text, one 3,000,000-character line', 'line.txt', () => Buffer.from(longLineReport(3_000_000))],
  ];
  for (const [what, name, make] of cases) {
    const bytes = make();
    const rss0 = rssMb(child.pid!);
    let peak = rss0;
    let worst = 0;
    let done = false;
    const t0 = performance.now();
    const res = upload(url, name, bytes).then(async (r) => ({ status: r.status, body: await r.json() }));
    const probe = (async () => {
      while (!done) {
        const h0 = performance.now();
        await fetch(`${url}/healthz`);
        worst = Math.max(worst, performance.now() - h0);
        peak = Math.max(peak, rssMb(child.pid!));
        await sleep(50);
      }
    })();
    const r = await res;
    const ms = performance.now() - t0;
    done = true;
    await probe;
    const docs = (await (await fetch(`${url}/healthz`)).json()).documents;
    say(`| ${what} | ${(bytes.length / 1024).toFixed(0)} KB | ${r.status} ${r.body.error?.code} (${r.body.error?.limit}) | ${(ms / 1000).toFixed(2)} s | ${(peak - rss0).toFixed(0)} MB | ${worst.toFixed(0)} ms | ${docs === docs0 ? 'unchanged' : `${docs0} → ${docs}`} |`);
  }
  child.kill();
}

/** 20 unauthenticated 55 MB uploads at once */
async function flood(): Promise<void> {
  const index = join(work, 'index-flood');
  const { child, url } = await startServer(index);
  const body = Buffer.alloc(55 * MB, 0x61);
  const rss0 = rssMb(child.pid!);
  let peak = rss0;
  const watch = setInterval(() => (peak = Math.max(peak, rssMb(child.pid!))), 20);
  // time to the answer's headers, read while the body is still being sent (as curl and browsers do)
  const host = new URL(url);
  const times = await Promise.all(
    Array.from({ length: 20 }, () =>
      new Promise<{ ms: number; status: number }>((resolve) => {
        const t0 = performance.now();
        const req = request({ host: host.hostname, port: host.port, path: '/api/documents', method: 'POST', headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': body.length } }, (res) => {
          resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 });
          res.resume();
          req.destroy();
        });
        req.on('error', () => resolve({ ms: performance.now() - t0, status: 0 }));
        req.end(body);
      }),
    ),
  );
  clearInterval(watch);
  say('');
  // 0: the server answered and closed the connection while the body was still being sent (the client saw a reset)
  const statuses = [...new Set(times.map((t) => t.status))].map((s) => `${times.filter((t) => t.status === s).length} × ${s || 'reset'}`);
  say(`20 unauthenticated 55 MB uploads at once: ${statuses.join(', ')}; slowest refusal ${Math.max(...times.map((t) => t.ms)).toFixed(0)} ms; server RSS growth ${(peak - rss0).toFixed(0)} MB`);
  child.kill();
}

async function concurrent(): Promise<void> {
  const index = join(work, 'index-concurrent');
  spawnSync(process.execPath, [bin, 'index', '--seeds', seeds, '--out', index], { stdio: 'ignore' });
  const { child, url } = await startServer(index);
  const docs0 = (await (await fetch(`${url}/healthz`)).json()).documents;
  const dirs = [0, 1].map((k) => {
    const dir = join(work, `batch-${k}`);
    mkdirSync(dir);
    for (let n = 0; n < 50; n++) writeFileSync(join(dir, `r${n}.txt`), report(1000 * (k + 1) + n));
    return dir;
  });
  const run = (dir: string) => new Promise<number | null>((r) => spawn(process.execPath, [bin, 'add', dir, '--index', index, '--seeds', seeds], { stdio: 'ignore' }).on('exit', r));
  const [a, b, up] = await Promise.all([run(dirs[0]), run(dirs[1]), upload(url, 'upload.txt', Buffer.from(report(9999)))]);
  const tDone = performance.now();
  const want = docs0 + 101;
  let seen = 0;
  while (performance.now() - tDone < 10_000 && (seen = (await (await fetch(`${url}/healthz`)).json()).documents) !== want) await sleep(20);
  const lag = performance.now() - tDone;
  const onDisk = JSON.parse(spawnSync(process.execPath, [bin, 'docs', '--json', '--index', index, '--seeds', seeds]).stdout.toString()).length;
  say('');
  say(`two concurrent \`add\` runs of 50 files and an upload: exits ${a}, ${b}, upload ${up.status}; on disk ${onDisk} of ${want} documents; the running server shows ${seen} ${seen === want ? `${lag.toFixed(0)} ms after the last write ended` : 'after 10 s (target: all within 2 s)'}`);
  child.kill();
}

/** Wall and CPU seconds of one piece of work: CPU of this process (in-process) or of its children (spawned). */
function timed(work: () => unknown, spawned: boolean): Promise<{ wall: number; cpu: number }> {
  const c0 = spawned ? childrenCpu() : cpuSeconds();
  const t0 = performance.now();
  return Promise.resolve(work()).then(() => ({ wall: (performance.now() - t0) / 1000, cpu: (spawned ? childrenCpu() : cpuSeconds()) - c0 }));
}

async function singleAdds(): Promise<void> {
  const index = join(work, 'index-adds');
  spawnSync(process.execPath, [bin, 'index', '--seeds', seeds, '--out', index], { stdio: 'ignore' });
  const files = join(work, 'adds');
  mkdirSync(files);
  const times: { wall: number; cpu: number }[] = [];
  const merges: string[] = [];
  for (let n = 0; n < adds; n++) {
    const f = join(files, `r${n}.txt`);
    writeFileSync(f, report(n));
    if (inProcess) {
      // the report read here, untimed: what is timed is the writer's share of an add
      const prepared = { text: report(n), doc: buildDoc(report(n), `r${n}.txt`) };
      times.push(await timed(() => addReport(index, prepared, {}, { log: (l) => merges.push(`add ${n + 1}: ${l}`) }), false));
      continue;
    }
    times.push(
      await timed(() => {
        const r = spawnSync(process.execPath, [bin, 'add', f, '--index', index], { stdio: 'ignore' });
        if (r.status !== 0) throw new Error(`add ${n} exited ${r.status}`);
      }, true),
    );
    if (n === 49) say(`(the first 50 \`yaodian add\` runs took ${times.reduce((s, t) => s + t.wall, 0).toFixed(1)} s)`);
  }
  const window = (from: number) => {
    const w = times.slice(from, from + 100);
    return { wall: w.reduce((s, t) => s + t.wall, 0), cpu: w.reduce((s, t) => s + t.cpu, 0) };
  };
  const first = window(0);
  const last = window(Math.max(0, adds - 100));
  const windows = Array.from({ length: Math.ceil(adds / 100) }, (_, k) => window(100 * k));
  // the same corpus rebuilt: the adds' files as seeds
  const rebuiltSeeds = join(work, 'rebuilt-seeds');
  cpSync(seeds, rebuiltSeeds, { recursive: true });
  cpSync(files, join(rebuiltSeeds, 'added'), { recursive: true });
  const rebuilt = join(work, 'index-rebuilt');
  spawnSync(process.execPath, [bin, 'index', '--seeds', rebuiltSeeds, '--out', rebuilt], { stdio: 'ignore' });
  // fresh processes, grown and rebuilt taking turns, so the machine's load falls on both alike
  const runs: Record<'grown' | 'rebuilt', { wall: number; cpu: number }[]> = { grown: [], rebuilt: [] };
  for (let r = 0; r < 7; r++)
    for (const [which, idx, s] of [['grown', index, seeds], ['rebuilt', rebuilt, rebuiltSeeds]] as const)
      runs[which].push(await timed(() => spawnSync(process.execPath, [bin, 'search', '关键核心技术', '--json', '--index', idx, '--seeds', s], { stdio: 'ignore' }), true));
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const [gw, bw] = [median(runs.grown.map((t) => t.wall)), median(runs.rebuilt.map((t) => t.wall))];
  const [gc, bc] = [median(runs.grown.map((t) => t.cpu)), median(runs.rebuilt.map((t) => t.cpu))];
  const segs = JSON.parse(readFileSync(join(index, 'SEGMENTS'), 'utf8')) as { segments: { units: number }[] };
  say('');
  say(`${adds} single-file ${inProcess ? 'adds in one process (the writer alone)' : '`yaodian add` runs'} (load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the end):`);
  say(`  first 100: ${first.wall.toFixed(1)} s wall, ${first.cpu.toFixed(1)} s CPU; last 100: ${last.wall.toFixed(1)} s wall, ${last.cpu.toFixed(1)} s CPU (ratio ${(last.wall / first.wall).toFixed(2)} wall, ${(last.cpu / first.cpu).toFixed(2)} CPU; target ≤ 1.3)`);
  say(`  each 100 (wall/CPU s): ${windows.map((w) => `${w.wall.toFixed(1)}/${w.cpu.toFixed(1)}`).join(', ')}`);
  say(`  merges into the base: ${merges.filter((m) => /into the base/.test(m)).length}; the slowest add ${Math.max(...times.map((t) => t.wall)).toFixed(2)} s; segments left ${segs.segments.length} (${segs.segments.reduce((n, x) => n + x.units, 0)} units)`);
  say(`  then \`search\` (7 turns each, median): ${(gw * 1000).toFixed(0)} ms wall, ${(gc * 1000).toFixed(0)} ms CPU on the grown index vs ${(bw * 1000).toFixed(0)} ms, ${(bc * 1000).toFixed(0)} ms rebuilt (ratio ${(gw / bw).toFixed(2)} wall, ${(gc / bc).toFixed(2)} CPU; target ≤ 1.5)`);
  for (const m of merges.filter((m) => /into the base/.test(m))) console.log(`  ${m}`);
}

if (only.has('bombs')) await bombs();
if (only.has('flood')) await flood();
if (only.has('concurrent')) await concurrent();
if (only.has('adds')) await singleAdds();
rmSync(work, { recursive: true, force: true });
mkdirSync(join(repoRoot, 'bench', 'out'), { recursive: true });
writeFileSync(join(repoRoot, 'bench', 'out', 'writes.md'), lines.join('\n') + '\n');
