/**
 * One index bucket of the memory store: the entries with one key value, iterated in `seq`
 * order (the order the store first saw them). Small buckets are arrays (an instance's
 * tasks), large ones sets; an entry added out of `seq` order (its key changed, e.g. a task
 * claimed) marks the bucket for one re-sort at its next ordered read.
 *
 * @module
 */

/** Something indexed: `seq` is its first-insertion number, fixed for its lifetime. */
export interface Sequenced {
  readonly seq: number;
}

/** Entries up to this many are kept in an array, beyond it in a set. */
const ARRAY_MAX = 16;

export class Bucket<E extends Sequenced> {
  private items: E[] | Set<E> = [];
  private maxSeq = 0;
  private sorted = true;

  get size(): number {
    return Array.isArray(this.items) ? this.items.length : this.items.size;
  }

  add(e: E): void {
    if (e.seq < this.maxSeq) this.sorted = false;
    else this.maxSeq = e.seq;
    if (!Array.isArray(this.items)) this.items.add(e);
    else if (this.items.length < ARRAY_MAX) this.items.push(e);
    else (this.items = new Set(this.items)).add(e);
  }

  delete(e: E): void {
    if (!Array.isArray(this.items)) this.items.delete(e);
    else {
      const i = this.items.indexOf(e);
      if (i >= 0) this.items.splice(i, 1);
    }
  }

  /** The entries in `seq` order (re-sorted here once after out-of-order adds). */
  ordered(): Iterable<E> {
    if (!this.sorted) {
      const list = [...this.items].sort((a, b) => a.seq - b.seq);
      this.items = Array.isArray(this.items) ? list : new Set(list);
      this.sorted = true;
    }
    return this.items;
  }
}

/** Buckets by key; empty buckets are dropped. */
export class BucketIndex<E extends Sequenced> {
  private readonly buckets = new Map<string, Bucket<E>>();

  get(key: string): Bucket<E> | undefined {
    return this.buckets.get(key);
  }

  add(key: string, e: E): void {
    let b = this.buckets.get(key);
    if (!b) this.buckets.set(key, (b = new Bucket()));
    b.add(e);
  }

  delete(key: string, e: E): void {
    const b = this.buckets.get(key);
    if (!b) return;
    b.delete(e);
    if (b.size === 0) this.buckets.delete(key);
  }
}

/**
 * Entries of several buckets, each once, in `seq` order: a lazy k-way merge (a page with a
 * `limit` reads only as far as it needs). An entry in two buckets (a task two of the asked
 * roles may act on) comes out once.
 */
export function mergeOrdered<E extends Sequenced>(buckets: readonly (Bucket<E> | undefined)[]): Iterable<E> {
  const present = buckets.filter((b): b is Bucket<E> => b !== undefined && b.size > 0);
  if (present.length === 0) return [];
  if (present.length === 1) return present[0]!.ordered();
  return merged(present);
}

function* merged<E extends Sequenced>(buckets: Bucket<E>[]): Generator<E> {
  const heads = buckets.map((b) => {
    const it = b.ordered()[Symbol.iterator]();
    return { it, cur: it.next() };
  });
  let last = -1;
  for (;;) {
    let min: (typeof heads)[number] | undefined;
    for (const h of heads) if (!h.cur.done && (!min || h.cur.value.seq < min.cur.value!.seq)) min = h;
    if (!min) return;
    const e = min.cur.value as E;
    min.cur = min.it.next();
    if (e.seq === last) continue;
    last = e.seq;
    yield e;
  }
}
