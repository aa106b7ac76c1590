import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Heap } from '../../src/util/heap.js';

describe('heap', () => {
  it('takes items out in the order `before` gives, whether pushed one by one or heapified at once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1000, max: 1000 }), { maxLength: 60 }), (xs) => {
        const pushed = new Heap(new Int32Array(xs.length), (a, b) => a < b);
        for (const x of xs) pushed.push(x);
        const heaped = Heap.of(Int32Array.from(xs), (a, b) => a > b);
        const drain = (h: Heap) => Array.from({ length: h.length }, () => h.pop());
        expect(drain(pushed)).toEqual([...xs].sort((a, b) => a - b));
        expect(drain(heaped)).toEqual([...xs].sort((a, b) => b - a));
      }),
    );
  });

  it('keeps the k largest when the root (the smallest kept) is replaced by anything larger', () => {
    const xs = [5, 1, 9, 3, 7, 8, 2, 6];
    const heap = new Heap(new Int32Array(3), (a, b) => a < b);
    for (const x of xs) {
      if (heap.length < 3) heap.push(x);
      else if (x > heap.peek()) heap.replaceTop(x);
    }
    expect([heap.pop(), heap.pop(), heap.pop()]).toEqual([7, 8, 9]);
  });

  it('refuses a push past its storage', () => {
    const heap = new Heap(new Int32Array(1), (a, b) => a < b);
    heap.push(1);
    expect(() => heap.push(2)).toThrow(RangeError);
  });
});
