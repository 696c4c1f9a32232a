/**
 * Property: for random JUEL expressions of the subset and random variables, the engine's
 * FEEL translation evaluates to what a reference JUEL evaluator (`reference.ts`, written from
 * the EL 2.2 specification) gives — the same value, or an error where JUEL throws.
 *
 *     HANDOFF_SEED=123 HANDOFF_RUNS=2000 npx vitest run packages/engine/test/juel
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileFeel, isProblem } from '../../src/model/expressions';
import { fcParams } from '../fc';
import { evaluateTemplate, JuelError, printTemplate, type E, type Template } from './reference';

const SCALAR_NAMES = ['a', 'b', 'c', 'count'] as const;

const scalar: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 2, arbitrary: fc.constant(null) },
  { weight: 5, arbitrary: fc.integer({ min: -3, max: 5 }) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, 2.25, -1.5) },
  { weight: 2, arbitrary: fc.constantFrom('', '0', '1', '1.0', '02', '2.5', '-3') },
  { weight: 2, arbitrary: fc.constantFrom('abc', 'ABC', 'true', 'TRUE', 'false', 'B', 'b', 'a b') },
  { weight: 2, arbitrary: fc.boolean() },
);
const list = fc.array(scalar, { maxLength: 4 });
const map = fc.oneof(fc.constant(null), fc.constant({}), fc.record({ k1: scalar, k2: scalar }, { requiredKeys: [] }).map((o) => ({ ...o })));
const variables = fc.record({ a: scalar, b: scalar, c: scalar, count: scalar, l: fc.oneof(list, fc.constant(null)), m: map });

const literal: fc.Arbitrary<E> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: 0, max: 5 }).map((v) => ({ t: 'lit', v }) as E) },
  { weight: 1, arbitrary: fc.constantFrom(0.5, 2.25).map((v) => ({ t: 'lit', v }) as E) },
  { weight: 2, arbitrary: fc.constantFrom('', '1', '2.5', 'abc', 'Abc', 'true', "it's", 'B', 'b', 'say "hi"').map((v) => ({ t: 'lit', v }) as E) },
  { weight: 2, arbitrary: fc.constantFrom(true, false, null).map((v) => ({ t: 'lit', v }) as E) },
);
const leaf: fc.Arbitrary<E> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SCALAR_NAMES, 'l', 'm').map((name) => ({ t: 'var', name }) as E) },
  { weight: 1, arbitrary: fc.constantFrom(...SCALAR_NAMES).map((name) => ({ t: 'getVariable', name }) as E) },
  { weight: 1, arbitrary: fc.constantFrom('k1', 'k2', 'k3').map((p) => ({ t: 'member', o: { t: 'var', name: 'm' }, p }) as E) },
  { weight: 3, arbitrary: literal },
);
const BIN = ['+', '-', '*', '/', 'div', '%', 'mod', '==', 'eq', '!=', 'ne', '<', 'lt', '<=', 'le', '>', 'gt', '>=', 'ge', '&&', 'and', '||', 'or'];

const { expr } = fc.letrec<{ expr: E }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    { weight: 4, arbitrary: leaf },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('unary' as const), op: fc.constantFrom('-' as const, '!' as const, 'not' as const, 'empty' as const, 'not empty' as const), x: tie('expr') }) },
    { weight: 3, arbitrary: fc.record({ t: fc.constant('bin' as const), op: fc.constantFrom(...BIN), a: tie('expr'), b: tie('expr') }) },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('cond' as const), c: tie('expr'), a: tie('expr'), b: tie('expr') }) },
    {
      weight: 1,
      arbitrary: fc.record({
        t: fc.constant('index' as const),
        o: fc.constantFrom<E>({ t: 'var', name: 'l' }, { t: 'var', name: 'l' }, { t: 'var', name: 'm' }, { t: 'var', name: 'a' }),
        i: fc.oneof({ weight: 2, arbitrary: fc.integer({ min: -1, max: 3 }).map((v) => ({ t: 'lit', v }) as E) }, { weight: 1, arbitrary: fc.constantFrom<E>({ t: 'lit', v: 'k1' }, { t: 'lit', v: '1' }) }, { weight: 2, arbitrary: tie('expr') }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc
        .record({
          t: fc.constant('method' as const),
          o: fc.oneof({ weight: 3, arbitrary: fc.constantFrom<E>(...[...SCALAR_NAMES, 'l', 'm'].map((name) => ({ t: 'var', name }) as E)) }, { weight: 1, arbitrary: tie('expr') }),
          m: fc.constantFrom('equals', 'equalsIgnoreCase', 'isEmpty', 'size', 'length', 'toLowerCase', 'toUpperCase', 'contains', 'get'),
          args: tie('expr').map((x) => [x]),
        })
        .map((c) => (['equals', 'equalsIgnoreCase', 'contains', 'get'].includes(c.m) ? c : { ...c, args: [] }) as E),
    },
    { weight: 1, arbitrary: fc.record({ t: fc.constant('member' as const), o: fc.oneof({ weight: 4, arbitrary: fc.constant<E>({ t: 'var', name: 'm' }) }, { weight: 1, arbitrary: tie('expr') }), p: fc.constantFrom('k1', 'k2') }) },
  ) as fc.Arbitrary<E>,
}));

const template: fc.Arbitrary<Template> = fc.oneof(
  { weight: 3, arbitrary: expr.map((e) => [{ expr: e }]) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('', 'id-', 'x '), expr, fc.constantFrom('', '!', '-end')).map(([pre, e, post]) => [...(pre ? [{ text: pre }] : []), { expr: e }, ...(post ? [{ text: post }] : [])]) },
  { weight: 1, arbitrary: fc.tuple(expr, expr).map(([x, y]) => [{ expr: x }, { text: '/' }, { expr: y }]) },
);

/** What JUEL gives: a value, or 'error'. */
function reference(t: Template, vars: Record<string, unknown>): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: normalize(evaluateTemplate(t, vars)) };
  } catch (err) {
    if (err instanceof JuelError) return { ok: false };
    throw err;
  }
}

/** -0 is 0 in JSON; otherwise numbers must be equal exactly (both sides do IEEE double arithmetic, as Java does). */
function normalize(v: unknown): unknown {
  if (typeof v === 'number') return Object.is(v, -0) ? 0 : v;
  if (Array.isArray(v)) return v.map(normalize);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normalize(x)]));
  return v;
}

/** 20 s, or 20 ms a run for long searches (`HANDOFF_RUNS=5000` takes longer than vitest's default on a loaded machine). */
const TIMEOUT = Math.max(20_000, Number(process.env.HANDOFF_RUNS ?? 0) * 20);

/** Then: the translated FEEL gives what the reference JUEL evaluator gives (the value, or an error). */
function expectAgreement(t: Template, vars: Record<string, unknown>): void {
  const text = printTemplate(t);
  const compiled = compileFeel(text);
  if (isProblem(compiled)) throw new Error(`'${text}' was refused: ${compiled.code} ${compiled.message}`);
  const want = reference(t, vars);
  const got = compiled.evaluate(vars);
  const context = `${text} with ${JSON.stringify(vars)}; FEEL ${compiled.source}`;
  if (!want.ok) {
    expect(got.ok, `JUEL throws, FEEL gave ${JSON.stringify(got)}: ${context}`).toBe(false);
    return;
  }
  expect(got.ok ? normalize(got.value) : got, context).toEqual(want.value);
}

describe('Property: FEEL(translate(juel)) equals JUEL', () => {
  it('random expressions of the subset × random variables: the same value, or an error where JUEL throws', () => {
    fc.assert(
      fc.property(template, variables, (t, vars) => expectAgreement(t, vars)),
      fcParams('juel translator', 'packages/engine/test/juel', 300),
    );
  }, TIMEOUT);
});

/**
 * Counterexamples the property found, kept as fixed scenarios. Java's `double % double` is the
 * exact truncating remainder (JLS 15.17.3), and JUEL takes it as soon as an operand is a
 * Double — here the result of `/`. The translation used to spell it `n - d * trunc(n / d)`,
 * which rounds `n / d` up to the next integer and answered 0 (decision 0033).
 */
describe('Regression: JUEL % of a fraction is Java’s exact remainder, not 0 (remainder-of-a-fraction)', () => {
  const mod = (op: '%' | 'mod', a: E, b: E): E => ({ t: 'bin', op, a, b });
  const div = (op: '/' | 'div', a: E, b: E): E => ({ t: 'bin', op, a, b });
  const lit = (v: string | number): E => ({ t: 'lit', v });
  const vars = (over: Record<string, unknown>) => ({ a: false, b: 'abc', c: null, count: '', l: [], m: {}, ...over });
  it.each<[string, Template, Record<string, unknown>, unknown]>([
    // HANDOFF_SEED=-1499997831 (default 300 runs), run 133: FEEL gave 0.
    ['2 mod (c div "2.5") with c = 1', [{ expr: mod('mod', lit(2), div('div', { t: 'var', name: 'c' }, lit('2.5'))) }], vars({ c: 1 }), 0.3999999999999999],
    // HANDOFF_SEED=777, run 567558: FEEL gave 0.
    ['1 % (1 div count) with count = -3', [{ expr: mod('%', lit(1), div('div', lit(1), { t: 'getVariable', name: 'count' })) }], vars({ count: -3 }), 5.551115123125783e-17],
    // The same in text: the digits Java prints.
    ['x-${a % (b / c)} with a = -3, b = 1, c = 5', [{ text: 'x-' }, { expr: mod('%', { t: 'var', name: 'a' }, div('/', { t: 'var', name: 'b' }, { t: 'var', name: 'c' })) }], vars({ a: -3, b: 1, c: 5 }), 'x--0.19999999999999984'],
  ])('Given %s, when the translated FEEL is evaluated, then it is what Java gives', (_, t, given, java) => {
    const compiled = compileFeel(printTemplate(t));
    if (isProblem(compiled)) throw new Error(compiled.message);
    expect(compiled.evaluate(given)).toEqual({ ok: true, value: java });
    expect(evaluateTemplate(t, given)).toEqual(java);
    expectAgreement(t, given);
  });
});

/**
 * Counterexamples the property found (HANDOFF_SEED=-244357287, HANDOFF_RUNS=5000, run 4431,
 * before get() joined the generator; HANDOFF_SEED=100000043, default runs, run 178, after):
 * feelin's `=` reads a one-item list as its item (`false = [false]` is true), so `equals`,
 * `List.contains` and `==` of two lists or maps, translated to FEEL's `=`, said true where
 * Java's `Object.equals` says false (decision 0033).
 */
describe('Regression: equals is Java’s Object.equals, never FEEL’s singleton-list equality (equals-singleton-list)', () => {
  const vars = (over: Record<string, unknown>) => ({ a: 0, b: 0.5, c: false, count: null, l: null, m: null, ...over });
  const count: E = { t: 'var', name: 'count' };
  const l: E = { t: 'var', name: 'l' };
  it.each<[string, Template, Record<string, unknown>, unknown]>([
    ['count.equals(l) with count = false, l = [false]', [{ expr: { t: 'method', o: count, m: 'equals', args: [l] } }], vars({ count: false, l: [false] }), false],
    // HANDOFF_SEED=100000043 (default 300 runs, generator with get()), run 178: FEEL gave true.
    ['l.equals(4) with l = [4]', [{ expr: { t: 'method', o: l, m: 'equals', args: [{ t: 'lit', v: 4 }] } }], vars({ l: [4] }), false],
    ['l.contains(l) with l = [1]', [{ expr: { t: 'method', o: l, m: 'contains', args: [l] } }], vars({ l: [1] }), false],
    ['l == m with l = [{}], m = {}', [{ expr: { t: 'bin', op: '==', a: l, b: { t: 'var', name: 'm' } } }], vars({ l: [{}], m: {} }), false],
  ])('Given %s, when the translated FEEL is evaluated, then it is what Java gives', (_, t, given, java) => {
    const compiled = compileFeel(printTemplate(t));
    if (isProblem(compiled)) throw new Error(compiled.message);
    expect(compiled.evaluate(given)).toEqual({ ok: true, value: java });
    expect(evaluateTemplate(t, given)).toEqual(java);
    expectAgreement(t, given);
  });
});
