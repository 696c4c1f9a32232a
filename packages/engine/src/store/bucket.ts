/**
 * One index bucket of the memory store: the entries with one key value, iterated in `seq`
 * order (the order the store first saw them). A bucket is an array: adding appends, and
 * deleting from a large bucket only marks the entry (swept in one pass once the marks are
 * as many as the live entries), so the buckets that grow with history — every task of a
 * process, every completed task — cost an append per task, with no hashing and no rehash.
 * An entry added out of `seq` order (its key changed, e.g. a task claimed) marks the bucket
 * for one re-sort at its next ordered read.
 *
 * @module
 */

/** Something indexed: `seq` is its first-insertion number, fixed for its lifetime. */
export interface Sequenced {
  readonly seq: number;
}

/** Buckets up to this many slots delete at once (a splice); larger ones mark deletions and compact later. */
const EAGER_MAX = 16;

export class Bucket<E extends Sequenced> {
  /** The entries in `seq` order (unless `sorted` is false), including those marked deleted. */
  private items: E[] = [];
  /** Entries deleted from a large bucket but still in `items` (removed at the next compaction). */
  private dead: Set<E> | undefined;
  private maxSeq = 0;
  private sorted = true;

  get size(): number {
    return this.items.length - (this.dead?.size ?? 0);
  }

  add(e: E): void {
    // An entry deleted and added back (a task claimed and then unclaimed) is still in
    // place, at its own seq position: it only comes back to life.
    if (this.dead?.delete(e)) return;
    if (e.seq < this.maxSeq) this.sorted = false;
    else this.maxSeq = e.seq;
    this.items.push(e);
  }

  delete(e: E): void {
    const items = this.items;
    if (items.length <= EAGER_MAX) {
      const i = items.indexOf(e);
      if (i >= 0) items.splice(i, 1);
      return;
    }
    // Large buckets (every task of a process, every completed task) only append: a
    // deletion is a mark, and the marks are swept once they are as many as the live entries.
    (this.dead ??= new Set()).add(e);
    if (this.dead.size * 2 > items.length) this.compact();
  }

  /** The entries in `seq` order (re-sorted, and swept of deletions, here once after changes). */
  ordered(): Iterable<E> {
    if (!this.sorted) {
      this.compact();
      this.items.sort((a, b) => a.seq - b.seq);
      this.sorted = true;
    }
    return this.dead?.size ? this.live() : this.items;
  }

  private *live(): Generator<E> {
    const dead = this.dead!;
    for (const e of this.items) if (!dead.has(e)) yield e;
  }

  private compact(): void {
    const dead = this.dead;
    if (!dead?.size) return;
    this.items = this.items.filter((e) => !dead.has(e));
    this.dead = undefined;
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
