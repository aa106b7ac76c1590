/**
 * A binary heap of numbers (most often indices into the caller's arrays) kept in an Int32Array: the root is an
 * item no other item comes `before`. Ranking keeps its best hits in one (root: the worst kept, so most hits are
 * turned away by one comparison) and takes its head out of another (root: the best).
 */
export class Heap {
  private size = 0;

  /** `items` is the storage: it bounds how many the heap holds. */
  constructor(
    private readonly items: Int32Array,
    private readonly before: (a: number, b: number) => boolean,
  ) {}

  /** A heap of `items` as they are (all of them), ordered in place. */
  static of(items: Int32Array, before: (a: number, b: number) => boolean): Heap {
    const heap = new Heap(items, before);
    heap.size = items.length;
    for (let at = (items.length >> 1) - 1; at >= 0; at--) heap.down(at);
    return heap;
  }

  get length(): number {
    return this.size;
  }

  peek(): number {
    return this.items[0];
  }

  push(x: number): void {
    if (this.size === this.items.length) throw new RangeError(`heap full (${this.size})`);
    const { items, before } = this;
    let at = this.size++;
    items[at] = x;
    while (at > 0) {
      const p = (at - 1) >> 1;
      if (!before(items[at], items[p])) break;
      const t = items[p];
      items[p] = items[at];
      items[at] = t;
      at = p;
    }
  }

  pop(): number {
    const top = this.items[0];
    this.items[0] = this.items[--this.size];
    this.down(0);
    return top;
  }

  /** Put `x` in the root's place (pop and push in one sift). */
  replaceTop(x: number): void {
    this.items[0] = x;
    this.down(0);
  }

  private down(at: number): void {
    const { items, before, size } = this;
    for (;;) {
      const l = 2 * at + 1;
      if (l >= size) return;
      const c = l + 1 < size && before(items[l + 1], items[l]) ? l + 1 : l;
      if (!before(items[c], items[at])) return;
      const t = items[c];
      items[c] = items[at];
      items[at] = t;
      at = c;
    }
  }
}
