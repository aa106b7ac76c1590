/**
 * Benchmark corpora: the bundled seeds, and a scaled corpus built deterministically from the State Council
 * reports by recombining their sentences into new documents (every line is unique, so no unit repeats
 * verbatim), each labelled with a random year and region so filters have something to select.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, writeSync } from 'node:fs';
import { join, relative } from 'node:path';
import { corpusHash, loadCorpus } from '../src/ingest/corpus.js';
import { FORMAT_VERSION } from '../src/persist/save.js';
import { levelOf } from '../src/ingest/regions.js';
import { segmentUnits } from '../src/ingest/units.js';
import type { Doc, DocMeta } from '../src/types.js';
import { benchOut, repoRoot } from './paths.js';

/** How a worker gets the corpus: the seeds, or the scaled corpus the parent cached. */
export type CorpusSource = { kind: 'bundled' } | { kind: 'cache'; path: string };

export interface BenchCorpus {
  name: string;
  docs: Doc[];
  /** UTF-8 bytes of the documents' display text */
  bytes: number;
}

/** Small, fast, seedable PRNG (mulberry32). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rnd: () => number, xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
export const between = (rnd: () => number, lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));

const bytesOf = (docs: Doc[]) => docs.reduce((s, d) => s + Buffer.byteLength(d.display), 0);

export function bundledCorpus(): BenchCorpus {
  const { docs, errors } = loadCorpus('seeds', FORMAT_VERSION);
  if (errors.length) console.warn(`bench: ${errors.length} seed files skipped: ${errors[0].message}`);
  return { name: 'bundled', docs, bytes: bytesOf(docs) };
}

const YEARS = [2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024];
const REGIONS = ['全国', '四川省', '广东省', '浙江省', '山西省', '成都市', '遂宁市', '武侯区'];
const SECTION_NUMS = ['一', '二', '三', '四', '五', '六', '七', '八'];

/** Sentences of the State Council reports (ending punctuation kept), the material for recombination. */
function sentencePool(docs: Doc[]): string[] {
  const pool: string[] = [];
  for (const d of docs) {
    if (!d.meta.source.startsWith('state-council/')) continue;
    for (const line of d.display.split('\n')) {
      const body = line.trim().replace(/^([一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d{1,3}[.．、])/, '');
      for (const s of body.match(/[^。！？；]+[。！？；]?/g) ?? []) if (Array.from(s).length >= 6 && !/^[|｜]/.test(s)) pool.push(s);
    }
  }
  return pool;
}

export function scaledCorpus(mb: number, seed: number): BenchCorpus {
  const pool = sentencePool(bundledCorpus().docs);
  const rnd = prng(seed);
  const target = mb * 1e6;
  const seen = new Set<string>();
  const docs: Doc[] = [];
  let bytes = 0;
  /** a line of `lo..hi` random sentences never produced before */
  const freshLine = (prefix: string, lo: number, hi: number): string => {
    for (;;) {
      const n = between(rnd, lo, hi);
      let line = prefix;
      for (let k = 0; k < n; k++) line += pick(rnd, pool);
      if (!seen.has(line)) {
        seen.add(line);
        return line;
      }
    }
  };
  for (let k = 1; bytes < target; k++) {
    const year = pick(rnd, YEARS);
    const region = pick(rnd, REGIONS);
    const meta: DocMeta = {
      id: `bench-${k}`,
      title: `${year}年${region}政府工作报告（合成第${k}号）`,
      issuer: region === '全国' ? '国务院' : `${region}人民政府`,
      region,
      level: levelOf(region),
      year,
      date: null,
      kind: 'government-work-report',
      docNo: null,
      source: `bench/${k}.txt`,
    };
    const lines = [meta.title];
    const sections = between(rnd, 3, SECTION_NUMS.length);
    for (let s = 0; s < sections; s++) {
      lines.push(freshLine(`${SECTION_NUMS[s]}、`, 1, 2));
      const paragraphs = between(rnd, 4, 14);
      for (let p = 0; p < paragraphs; p++) lines.push(freshLine('', 2, 8));
    }
    const display = lines.join('\n');
    docs.push({ meta, display, units: segmentUnits(display, meta) });
    bytes += Buffer.byteLength(display);
  }
  return { name: `scaled-${mb}mb`, docs, bytes };
}


/** Unit text is a slice of the display text: the cache stores offsets only (as persist.ts does). */
type CachedDoc = Omit<Doc, 'units'> & { units: Omit<Doc['units'][number], 'text'>[] };

/**
 * JSON lines — a header, then a document a line — written and read a line at a time: a 1 GB corpus as one JSON
 * string would pass V8's longest string (2^29 characters).
 */
export function writeCorpusCache(c: BenchCorpus, path: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, JSON.stringify({ name: c.name, bytes: c.bytes }) + '\n');
    for (const d of c.docs) writeSync(fd, JSON.stringify({ ...d, units: d.units.map(({ text: _t, ...u }) => u) } satisfies CachedDoc) + '\n');
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function readCorpusCache(path: string): BenchCorpus {
  const buf = readFileSync(path);
  const lines: unknown[] = [];
  for (let at = 0; at < buf.length; ) {
    let nl = buf.indexOf(0x0a, at);
    if (nl < 0) nl = buf.length;
    if (nl > at) lines.push(JSON.parse(buf.toString('utf8', at, nl)));
    at = nl + 1;
  }
  const { name, bytes } = lines[0] as { name: string; bytes: number };
  const docs = (lines.slice(1) as CachedDoc[]).map((d) => ({ ...d, units: d.units.map((u) => ({ ...u, text: d.display.slice(u.start, u.end) })) }));
  return { name, bytes, docs };
}

export const openCorpus = (src: CorpusSource): BenchCorpus => (src.kind === 'bundled' ? bundledCorpus() : readCorpusCache(src.path));

/** bump when the scaled corpus generator changes, so stale caches are not reused */
const GENERATOR_VERSION = 2; // 2: JSON lines

/** The scaled corpus of `mb` MB, generated once and cached in bench/out (keyed by seed, generator and seeds). */
export function scaledSource(mb: number, seed: number, log: (line: string) => void): { corpus: BenchCorpus; source: CorpusSource } {
  const outDir = benchOut;
  mkdirSync(outDir, { recursive: true });
  const path = join(outDir, `scaled-${mb}mb-s${seed}-g${GENERATOR_VERSION}-${corpusHash(join(repoRoot, 'seeds'), FORMAT_VERSION)}.jsonl`);
  if (existsSync(path)) return { corpus: readCorpusCache(path), source: { kind: 'cache', path } };
  const t0 = performance.now();
  const corpus = scaledCorpus(mb, seed);
  writeCorpusCache(corpus, path);
  log(`  generated ${corpus.name}: ${corpus.docs.length} documents in ${Math.round(performance.now() - t0)} ms → ${relative(process.cwd(), path)}`);
  return { corpus, source: { kind: 'cache', path } };
}
