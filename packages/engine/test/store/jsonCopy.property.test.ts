/**
 * The memory store copies instance states in and out with `jsonCopy` instead of a JSON round
 * trip (src/store/jsonCopy.ts), so a state must come out exactly as the round trip would
 * give it — the first command on an instance and every later one see the same values.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { memoryStore } from '../../src/index';
import type { InstanceState } from '../../src/runtime/state';
import { jsonCopy } from '../../src/store/jsonCopy';
import { fcParams } from '../fc';

const roundTrip = (v: unknown) => {
  const text = JSON.stringify(v);
  return text === undefined ? undefined : JSON.parse(text);
};

/** Values JSON writes in its own way: dates, toJSON, boxed primitives, odd numbers, holes, undefined, functions, `__proto__` keys. */
const odd = fc.oneof(
  fc.date({ noInvalidDate: true }),
  fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, undefined, null),
  fc.func(fc.integer()),
  fc.string().map((s) => ({ toJSON: (key: string) => `${s}@${key}` })),
  fc.integer().map((n) => Object(n) as unknown),
  fc.string().map((s) => Object(s) as unknown),
  fc.boolean().map((b) => Object(b) as unknown),
  fc.constant(new Map([[1, 2]])),
  fc.string().map((s) => JSON.parse(`{"__proto__": ${JSON.stringify(s)}, "a": 1}`) as unknown),
  fc.sparseArray(fc.integer(), { maxLength: 5 }),
);
const value = fc.letrec((tie) => ({
  v: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.jsonValue(),
    odd,
    fc.array(tie('v'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(fc.string(), fc.constantFrom('0', '10', '2', 'toJSON', '__proto__')), tie('v'), { maxKeys: 5 }),
  ),
})).v;

describe('Feature: jsonCopy is a JSON round trip without the text', () => {
  it('Property: for any value, jsonCopy(v) deep-equals JSON.parse(JSON.stringify(v)), with the same key order', () => {
    fc.assert(
      fc.property(value, (v) => {
        const want = roundTrip(v);
        const got = jsonCopy(v);
        expect(got).toStrictEqual(want);
        expect(JSON.stringify(got)).toBe(JSON.stringify(v));
      }),
      fcParams('jsonCopy', 'packages/engine/test/store/jsonCopy.property.test.ts', 500),
    );
  });

  it('Scenario: a BigInt is refused as JSON.stringify refuses it', () => {
    // Given a value holding a BigInt, When it is copied, Then it throws the same TypeError kind
    expect(() => JSON.stringify({ a: 1n })).toThrow(TypeError);
    expect(() => jsonCopy({ a: 1n })).toThrow(TypeError);
  });

  it('Scenario: the copy shares nothing with the original', () => {
    const original = { a: { b: [1, { c: 2 }] } };
    const copy = jsonCopy(original);
    (copy.a.b[1] as { c: number }).c = 99;
    expect(original.a.b[1]).toEqual({ c: 2 });
  });
});

describe('Feature: the memory store hands out fresh copies, hot or parked', () => {
  const state = (id: string, rev: number, x: unknown): InstanceState =>
    ({ v: 1, id, processId: 'p', processVersion: 1, status: 'active', variables: { x }, rev, seq: 0, startedAt: 0, ex: [], timers: [], subs: [], incidents: [] }) as InstanceState;
  const commit = (store: ReturnType<typeof memoryStore>, s: InstanceState, expectedRev: number | null) =>
    store.commit({ instances: [{ state: s, expectedRev }], history: [], timers: { put: [], delete: [] }, tasks: [], subscriptions: { put: [], delete: [] }, messages: { put: [], delete: [] } });

  it('Property: after any writes, every instance reads back as the JSON round trip of its last write, and survives a snapshot', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.record({ id: fc.nat(3000), x: value }), { minLength: 1, maxLength: 60 }), async (writes) => {
        const store = memoryStore();
        const last = new Map<string, { rev: number; x: unknown }>();
        // Many distinct ids push the first ones out of the hot set (2,048 objects) into text.
        for (let i = 0; i < 2100; i++) await commit(store, state(`filler-${i}`, 1, i), null);
        for (const w of writes) {
          const id = `i${w.id}`;
          const prev = last.get(id);
          const s = state(id, (prev?.rev ?? 0) + 1, w.x);
          await commit(store, s, prev ? prev.rev : null);
          // The caller's object is not the store's: changing it afterwards changes nothing.
          s.variables.changed = true;
          last.set(id, { rev: s.rev, x: w.x });
        }
        const copy = memoryStore({ snapshot: store.snapshot() });
        for (const [id, { rev, x }] of last) {
          const want = roundTrip(state(id, rev, x));
          const got = await store.getInstance(id);
          expect(got).toStrictEqual(want);
          got!.variables.mutated = 1;
          expect(await store.getInstance(id)).toStrictEqual(want);
          expect(await copy.getInstance(id)).toStrictEqual(want);
        }
        expect(await store.getInstance('filler-0')).toStrictEqual(roundTrip(state('filler-0', 1, 0)));
      }),
      fcParams('memory store copies', 'packages/engine/test/store/jsonCopy.property.test.ts', 15),
    );
  });
});
