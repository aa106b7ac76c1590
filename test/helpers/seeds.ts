/** Shared fixtures: the seed files and a built engine over a temporary index folder. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openEngine, type Opened } from '../../src/persist/open.js';

export const SEED = {
  sichuan2023: 'sci-tech/000_8a3c289323d12560.txt',
  sichuan2022: 'sci-tech/001_cbc8f5267928ee5f.txt',
  suining2023: 'sci-tech/002_a8f6ccfa97cd8a1f.txt',
  sichuan2024: 'sci-tech/003_9006efb9520657b4.txt',
  shanxi2021: 'sci-tech/004_d46042affa9808e8.txt',
} as const;

export const readSeed = (rel: string) => readFileSync(join('seeds', rel), 'utf8');

export const tmpIndexDir = () => mkdtempSync(join(tmpdir(), 'yaodian-test-'));

let shared: Promise<Opened> | null = null;
/** One engine over the bundled seeds per test file (building takes a few seconds). */
export function seedEngine(): Promise<Opened> {
  shared ??= openEngine({ seeds: 'seeds', index: tmpIndexDir() });
  return shared;
}
