import { describe, expect, it } from 'vitest';
import { ensureLength } from '../../src/util/growable.js';
import { Scratch } from '../../src/util/scratch.js';

describe('growable typed arrays', () => {
  it('returns the array itself while it has room, else a larger one of the same type that keeps its values', () => {
    const a = Float64Array.of(1, 2, 3);
    expect(ensureLength(a, 3)).toBe(a);
    const b = ensureLength(a, 4, -1);
    expect(b).toBeInstanceOf(Float64Array);
    expect(b.length).toBeGreaterThanOrEqual(4);
    expect([...b.subarray(0, 5)]).toEqual([1, 2, 3, -1, -1]);
  });
});

describe('scratch buffers', () => {
  it('gives back the same buffer for the same name and separate ones for separate names or owners', () => {
    const s = new Scratch();
    s.i32('a', 4).set([1, 2, 3, 4]);
    expect([...s.i32('a', 4)]).toEqual([1, 2, 3, 4]);
    expect([...s.i32('b', 4)]).toEqual([0, 0, 0, 0]);
    expect([...new Scratch().i32('a', 4)]).toEqual([0, 0, 0, 0]);
    expect(s.f64('a', 1000).length).toBe(1000);
  });
});
