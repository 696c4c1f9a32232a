/**
 * Property: the native predicates for simple unary tests (`dmn/simpleTests.ts`) answer as
 * feelin's `unaryTest` does for every entry shape they take, over null and values of the
 * literals' own types. A value of another type never matches a comparison or an interval
 * (DMN: not comparable, so no match), where feelin 8.2 compares as JavaScript does
 * (`true < 10`, `"a"` in `[1..5]`): the native predicates follow DMN.
 */
import fc from 'fast-check';
import { unaryTest } from 'feelin';
import { describe, expect, it } from 'vitest';
import { unaryTestOf } from '../../src/dmn/feel';

const ENTRIES = [
  '"a"', '"a","b"', '"", "x y"', '10', '-3.5', 'true', 'false', 'null', '< 10', '<= 10', '> -2', '>= 2.5', '< "m"', '>= "b"',
  '[1..5]', '(1..5]', '[1..5)', ']1..5[', '(0..100)', '[-1.5..1.5]', '< 3, > 8', '"a", 10, true', 'not("a")', 'not(< 3, > 8)', 'not(null)', 'not([1..5], "x")',
];
const VALUES: unknown[] = [null, true, false, 0, 1, 2.5, 3, 5, 8, 10, 11, -2, -1.5, 100, 'a', 'b', 'm', 'z', '', 'x y', [1], { a: 1 }];

/** Is `v` null, or of the type of every literal `entry` compares it with? */
function comparable(entry: string, v: unknown): boolean {
  if (v === null) return true;
  const strings = /"/.test(entry);
  const numbers = /\d/.test(entry);
  const bools = /true|false/.test(entry);
  if (typeof v === 'string') return strings && !numbers;
  if (typeof v === 'number') return numbers && !strings;
  if (typeof v === 'boolean') return bools && !numbers && !strings;
  return false;
}

function feelin(entry: string, value: unknown): boolean {
  return unaryTest(entry, { '?': value }).value === true;
}

describe('Property: simple unary tests answer as feelin does', () => {
  it('Scenario: every simple entry shape has a native predicate', () => {
    for (const e of ENTRIES) expect(unaryTestOf(e), e).toHaveProperty('match');
  });

  it('Scenario: the grid of entries × values of comparable types agrees', () => {
    for (const e of ENTRIES) {
      const t = unaryTestOf(e) as { match: (v: unknown) => boolean };
      for (const v of VALUES) if (comparable(e, v)) expect(t.match(v), `${e} with ${JSON.stringify(v)}`).toBe(feelin(e, v));
    }
  });

  it('Scenario: a value of another type never matches a comparison or an interval (DMN), a negation of them always', () => {
    for (const [e, v, expected] of [['< 10', true, false], ['<= 10', 'a', false], ['[1..5]', 'a', false], ['>= "b"', 3, false], ['10', [10], false], ['not(< 3, > 8)', true, true], ['not([1..5], "x")', 'a', true]] as const) {
      expect((unaryTestOf(e) as { match: (v: unknown) => boolean }).match(v), `${e} with ${JSON.stringify(v)}`).toBe(expected);
    }
  });

  it('Scenario: random intervals, comparisons and values agree', () => {
    const num = fc.integer({ min: -50, max: 50 });
    const entry = fc.oneof(
      fc.tuple(fc.constantFrom('[', '(', ']'), num, num, fc.constantFrom(']', ')', '[')).map(([a, lo, hi, b]) => `${a}${Math.min(lo, hi)}..${Math.max(lo, hi)}${b}`),
      fc.tuple(fc.constantFrom('<', '<=', '>', '>='), num).map(([op, n]) => `${op} ${n}`),
      fc.array(num, { minLength: 1, maxLength: 4 }).map((ns) => ns.join(', ')),
      fc.array(fc.constantFrom('"a"', '"b"', '"c"'), { minLength: 1, maxLength: 3 }).map((xs) => `not(${xs.join(',')})`),
    );
    const value = fc.oneof(num, fc.constantFrom('a', 'b', 'c', null, true));
    fc.assert(
      fc.property(entry, value, (e, v) => {
        fc.pre(comparable(e, v));
        const t = unaryTestOf(e) as { match?: (v: unknown) => boolean };
        expect(t.match, e).toBeDefined();
        expect(t.match!(v)).toBe(feelin(e, v));
      }),
      { numRuns: 500 },
    );
  });

  it('Scenario: anything else is left to feelin', () => {
    for (const e of ['? > 5 and ? < 10', 'x', 'date("2020-01-01")', '"a\\"b"', 'contains(?, "b")', 'not(not(1))']) expect(unaryTestOf(e), e).not.toHaveProperty('match');
  });
});
