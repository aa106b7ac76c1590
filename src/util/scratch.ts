/**
 * Typed arrays an owner (an engine) reuses from call to call, each under the name of its use: a fresh typed
 * array of more than a few elements is an off-heap allocation, which costs more than ranking a page of hits.
 * Owned per engine, not per module, so two engines in one process never write into each other's buffers.
 * The callers are synchronous and never re-entered while they hold an array.
 */
import { capacityFor } from './growable.js';

export class Scratch {
  private readonly f64s = new Map<string, Float64Array>();
  private readonly i32s = new Map<string, Int32Array>();

  /** n elements of the Float64Array named `name`, with whatever its last use left in them. */
  f64(name: string, n: number): Float64Array {
    let a = this.f64s.get(name);
    // grown to the power of two above the largest use seen, so a growing query stream reallocates a few times
    if (a === undefined || a.length < n) this.f64s.set(name, (a = new Float64Array(capacityFor(n))));
    return a.subarray(0, n);
  }

  /** n elements of the Int32Array named `name`, with whatever its last use left in them. */
  i32(name: string, n: number): Int32Array {
    let a = this.i32s.get(name);
    if (a === undefined || a.length < n) this.i32s.set(name, (a = new Int32Array(capacityFor(n))));
    return a.subarray(0, n);
  }
}
