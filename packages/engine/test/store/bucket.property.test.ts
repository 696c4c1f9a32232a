/**
 * The memory store's index buckets (src/store/bucket.ts) append, mark deletions in large
 * buckets, revive an entry added back, and sweep and re-sort lazily: whatever the order of
 * operations, an ordered read is exactly the live entries in `seq` order, each once, and
 * `size` counts them.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Bucket, BucketIndex, mergeOrdered } from '../../src/store/bucket';
import { fcParams } from '../fc';

interface E {
  readonly seq: number;
}

const op = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('add' as const), e: fc.nat(60) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete' as const), e: fc.nat(60) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('read' as const) }) },
);

describe('Feature: index buckets keep their live entries in seq order', () => {
  it('Property: after any adds, deletes (of members) and reads, ordered() is the live set sorted by seq, each once', () => {
    fc.assert(
      fc.property(fc.array(op, { minLength: 40, maxLength: 400, size: 'max' }), (ops) => {
        const entries = Array.from({ length: 61 }, (_, i) => ({ seq: i + 1 }) as E);
        const bucket = new Bucket<E>();
        const live = new Set<E>();
        for (const o of ops) {
          if (o.kind === 'read') {
            expect([...bucket.ordered()]).toEqual([...live].sort((a, b) => a.seq - b.seq));
            continue;
          }
          const e = entries[o.e]!;
          // The tables add an entry only when it is not in the bucket, and delete only members.
          if (o.kind === 'add' && !live.has(e)) {
            bucket.add(e);
            live.add(e);
          } else if (o.kind === 'delete' && live.has(e)) {
            bucket.delete(e);
            live.delete(e);
          }
          expect(bucket.size).toBe(live.size);
        }
        expect([...bucket.ordered()]).toEqual([...live].sort((a, b) => a.seq - b.seq));
      }),
      fcParams('buckets', 'packages/engine/test/store/bucket.property.test.ts', 300),
    );
  });

  it('Scenario: a large bucket deleted down and grown back merges with another in seq order, without duplicates', () => {
    const index = new BucketIndex<E>();
    const all = Array.from({ length: 100 }, (_, i) => ({ seq: i + 1 }) as E);
    for (const e of all) index.add(e.seq % 2 ? 'odd' : 'even', e);
    for (const e of all.slice(0, 80)) index.delete(e.seq % 2 ? 'odd' : 'even', e);
    for (const e of all.slice(10, 20)) index.add(e.seq % 2 ? 'odd' : 'even', e);
    const seqs = [...mergeOrdered([index.get('odd'), index.get('even')])].map((e) => e.seq);
    expect(seqs).toEqual([...Array.from({ length: 10 }, (_, i) => 11 + i), ...Array.from({ length: 20 }, (_, i) => 81 + i)]);
    for (const e of all) index.delete(e.seq % 2 ? 'odd' : 'even', e);
    expect(index.get('odd')).toBeUndefined();
    expect(index.get('even')).toBeUndefined();
  });
});
