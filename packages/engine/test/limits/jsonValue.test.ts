/**
 * The JSON walk under the limits: what counts as JSON (a table), its byte count against
 * `JSON.stringify` (a property), and that it never recurses.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/index';
import { formatPath, readJson } from '../../src/runtime/jsonValue';
import { fcParams } from '../fc';
import { actor, testEngine } from '../support';

const NO_LIMITS = { maxDepth: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER };
class Money {
  amount = 1;
}
const cyclic = () => {
  const a: unknown[] = [];
  a.push({ back: a });
  return a;
};
const withSymbolKey = () => ({ [Symbol('s')]: 1 });
const throwing = () => ({
  get boom(): never {
    throw new Error('no');
  },
});

/** value at order.items[3].price → the message it is refused with. */
const NOT_JSON: [string, () => unknown, RegExp][] = [
  ['a function', () => () => 1, /a function is not JSON/],
  ['a symbol', () => Symbol('x'), /a symbol is not JSON/],
  ['a BigInt', () => 1n, /a BigInt is not JSON/],
  ['undefined', () => undefined, /undefined is not JSON/],
  ['NaN', () => Number.NaN, /NaN is not a JSON number/],
  ['Infinity', () => Number.POSITIVE_INFINITY, /Infinity is not a JSON number/],
  ['a Date', () => new Date(0), /a Date is not plain JSON; pass dates as ISO 8601 strings/],
  ['a Map', () => new Map(), /a Map is not plain JSON/],
  ['a class instance', () => new Money(), /a Money is not plain JSON/],
  ['a typed array', () => new Uint8Array(2), /a Uint8Array is not plain JSON/],
  ['a boxed string', () => new String('s'), /a String is not plain JSON/],
  ['a symbol-keyed object', withSymbolKey, /a symbol-keyed property/],
  ['a getter that throws', throwing, /reading it threw \(no\)/],
];

describe('Feature: only JSON values are accepted, with the path of the field at fault', () => {
  for (const [name, make, message] of NOT_JSON) {
    it(`Scenario: ${name} at order.items[3].price is refused`, async () => {
      // given an instance-less engine with a process, when a start carries the value deep inside
      const t = testEngine();
      await t.deploy('scenarios/task-lanes.bpmn');
      const vars = { order: { items: [{}, {}, {}, { price: make() }] } };
      const err = await t.engine.start('taskLanes', vars).catch((e: unknown) => e);
      // then a ValidationError names the field as order.items[3].price (or below it)
      expect(err).toBeInstanceOf(ValidationError);
      const issue = (err as ValidationError).issues[0]!;
      expect(formatPath(issue.path)).toMatch(/^order\.items\[3\]\.price/);
      expect(issue.code).toBe('not_json');
      expect(issue.message).toMatch(message);
      expect((err as Error).message).toMatch(/order\.items\.3\.price/);
      expect(await t.engine.instances.list()).toEqual([]);
    });
  }

  it('Scenario: a cycle, a hole and undefined in an array are each named', () => {
    const r = readJson({ a: cyclic(), b: [1, , 3], c: [undefined] }, NO_LIMITS); // eslint-disable-line no-sparse-arrays
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems.map((p) => formatPath(p.path))).toEqual(['a[0].back', 'b[1]', 'c[0]']);
  });

  it('Scenario: a revoked proxy, at the root or inside, is refused as a problem, never thrown', () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    expect(readJson(proxy, NO_LIMITS)).toMatchObject({ ok: false, problems: [{ kind: 'not_json', path: [], message: expect.stringMatching(/reading it threw/) }] });
    expect(readJson({ a: { b: proxy } }, NO_LIMITS)).toMatchObject({ ok: false, problems: [{ kind: 'not_json', path: ['a', 'b'] }] });
  });

  it('Scenario: a revoked proxy as the start variables is a ValidationError', async () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const err = await t.engine.start('taskLanes', proxy).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues[0]!.message).toMatch(/reading it threw/);
  });

  it('Scenario: a shared (not circular) sub-object is fine, and an object without prototype is plain', () => {
    const shared = { x: 1 };
    const bare = Object.assign(Object.create(null) as object, { y: 2 });
    const r = readJson({ p: shared, q: shared, bare }, NO_LIMITS);
    expect(r).toMatchObject({ ok: true, value: { p: { x: 1 }, q: { x: 1 }, bare: { y: 2 } } });
  });

  it('Scenario: task outputs follow the same rule', async () => {
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes', {});
    const err = await t.completeTask(inst.id, 'review', actor('ana', 'clerk'), { list: [1, 2, { at: new Date(0) }] }).catch((e: unknown) => e);
    expect((err as ValidationError).issues.map((i) => formatPath(i.path))).toEqual(['list[2].at']);
  });
});

describe('Feature: the walk measures JSON bytes exactly and never recurses', () => {
  it('Property: for any JSON value, bytes = UTF-8 length of JSON.stringify, and the copy is equal but not the same', () => {
    const json = fc.jsonValue({ depthSize: 'medium', stringUnit: 'binary' });
    fc.assert(
      fc.property(json, (v) => {
        const r = readJson(v, NO_LIMITS);
        expect(r.ok).toBe(true);
        if (!r.ok) return;
        expect(r.bytes).toBe(Buffer.byteLength(JSON.stringify(v)));
        expect(r.value).toEqual(v);
        if (v !== null && typeof v === 'object') expect(r.value).not.toBe(v);
      }),
      fcParams('json bytes', 'packages/engine/test/limits/jsonValue.test.ts', 300),
    );
  });

  it('Scenario: escapes and lone surrogates count as JSON.stringify writes them', () => {
    for (const s of ['\ud800', 'a\udc00b', '"\\\n\u0001\u007f', '😀', '\u2028']) {
      expect(readJson(s, NO_LIMITS)).toMatchObject({ ok: true, bytes: Buffer.byteLength(JSON.stringify(s)) });
    }
  });

  it('Property: a limit is reported exactly when the value passes it', () => {
    fc.assert(
      fc.property(fc.jsonValue({ depthSize: 'small' }), fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 8 }), (v, maxBytes, maxDepth) => {
        const r = readJson(v, { maxBytes, maxDepth });
        const bytes = Buffer.byteLength(JSON.stringify(v));
        const depth = depthOf(v);
        expect(r.ok).toBe(bytes <= maxBytes && depth <= maxDepth);
      }),
      fcParams('json limits', 'packages/engine/test/limits/jsonValue.test.ts', 300),
    );
  });

  it('Scenario: 1,000,000 levels of nesting and a 2^40-node shared DAG are refused quickly, without a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 1_000_000; i++) deep = [deep];
    expect(readJson(deep, { maxDepth: 64, maxBytes: 4 << 20 })).toMatchObject({ ok: false, problems: [{ kind: 'too_deep', depth: 65 }] });
    // unlimited depth: the explicit stack still walks it
    expect(readJson(deep, { maxDepth: Number.MAX_SAFE_INTEGER, maxBytes: Number.MAX_SAFE_INTEGER })).toMatchObject({ ok: true, bytes: 2_000_001 });
    let dag: unknown = 'x';
    for (let i = 0; i < 40; i++) dag = [dag, dag];
    expect(readJson(dag, { maxDepth: 64, maxBytes: 1 << 20 })).toMatchObject({ ok: false, problems: [{ kind: 'too_large' }] });
  });
});

function depthOf(v: unknown): number {
  let max = 0;
  const stack: [unknown, number][] = [[v, 1]];
  while (stack.length) {
    const [x, d] = stack.pop()!;
    if (x === null || typeof x !== 'object') continue;
    max = Math.max(max, d);
    for (const c of Object.values(x)) stack.push([c, d + 1]);
  }
  return max;
}

describe('Regression: a JSON key named __proto__ (found by the bytes property, seed -599243301)', () => {
  it('Scenario: it is copied as an own property; the copy keeps its ordinary prototype', () => {
    const value = JSON.parse('{"__proto__": "", "a": {"__proto__": {"x": 1}}}') as Record<string, unknown>;
    const r = readJson(value, { maxDepth: 10, maxBytes: 1_000 });
    expect(r.ok).toBe(true);
    const copy = (r as { value: Record<string, unknown> }).value;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.prototype.hasOwnProperty.call(copy, '__proto__')).toBe(true);
    expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
  });
});
