/**
 * Shared fixtures: the seed files, and the index of the seeds that test/global-setup.ts built once for the run.
 * Tests that only read open it (seedEngine); tests that add, remove or rebuild work on a copy (seedIndexCopy)
 * or build their own, so no test sees another's writes.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { openEngine, type Opened } from '../../src/persist/open.js';
import { Engine } from '../../src/index/engine.js';
import { loadCorpus } from '../../src/ingest/corpus.js';
import { FORMAT_VERSION, saveIndex } from '../../src/persist/save.js';

export const SEED = {
  sichuan2023: 'sci-tech/000_8a3c289323d12560.txt',
  sichuan2022: 'sci-tech/001_cbc8f5267928ee5f.txt',
  suining2023: 'sci-tech/002_a8f6ccfa97cd8a1f.txt',
  sichuan2024: 'sci-tech/003_9006efb9520657b4.txt',
  shanxi2021: 'sci-tech/004_d46042affa9808e8.txt',
} as const;

export const readSeed = (rel: string) => readFileSync(join('seeds', rel), 'utf8');

export const tmpIndexDir = () => mkdtempSync(join(tmpdir(), 'yaodian-test-'));

/** The folder of the seed index built for this run: open it, never write to it. */
export const seedIndex = (): string => inject('seedIndex');

/** A private copy of the seed index, for a test that writes to it. */
export function seedIndexCopy(): string {
  const dir = tmpIndexDir();
  cpSync(seedIndex(), dir, { recursive: true });
  return dir;
}

let shared: Promise<Opened> | null = null;
/** The engine over the seed index, loaded once per test file; do not add or remove documents in it. */
export function seedEngine(): Promise<Opened> {
  shared ??= openEngine({ seeds: 'seeds', index: seedIndex() });
  return shared;
}

let fresh: Promise<{ engine: Engine; dir: string }> | null = null;
/**
 * An engine built in memory from the seed files, not loaded from an index, and that engine saved to a folder: the
 * reference the tests of the saved format check a loaded index against. Built once per test worker (the format
 * and the texts tests share it); change neither, copy the folder to damage it.
 */
export function freshSeeds(): Promise<{ engine: Engine; dir: string }> {
  fresh ??= (async () => {
    const engine = new Engine();
    engine.addDocs(loadCorpus('seeds', FORMAT_VERSION).docs);
    const dir = tmpIndexDir();
    await saveIndex(engine, dir, 'test');
    return { engine, dir };
  })();
  return fresh;
}

/** A fresh folder holding only the five founding sci-tech reports: a small corpus for tests that write. */
export function sciTechSeeds(): string {
  const dir = tmpIndexDir();
  mkdirSync(join(dir, 'sci-tech'));
  cpSync('seeds/sci-tech', join(dir, 'sci-tech'), { recursive: true });
  return dir;
}
