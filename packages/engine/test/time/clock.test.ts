import { describe, expect, it } from 'vitest';
import { InvalidTimerError } from '../../src/errors';
import { toEpochMs } from '../../src/time/clock';

describe('toEpochMs', () => {
  it.each([
    [0, 0],
    [1_772_413_200_000, 1_772_413_200_000],
    [new Date('2026-03-02T01:00:00Z'), 1_772_413_200_000],
    ['2026-03-02T09:00:00+08:00', 1_772_413_200_000],
    ['2026-03-02T01:00:00Z', 1_772_413_200_000],
    ['2026-03-02T09:00:00[Asia/Shanghai]', 1_772_413_200_000],
  ])('%j is %d', (instant, ms) => {
    // given an instant in any accepted form
    // when converted
    // then it is epoch ms
    expect(toEpochMs(instant)).toBe(ms);
  });

  it.each([[Number.NaN], [Number.POSITIVE_INFINITY], [new Date('nope')], ['2026-03-02T09:00:00'], ['2026-02-30T09:00:00Z'], ['yesterday']])(
    '%j is refused',
    (instant) => {
      // given something that is not a point in time (or a local time without offset)
      // when converted
      // then INVALID_TIMER is thrown
      expect(() => toEpochMs(instant, 'start')).toThrow(InvalidTimerError);
    },
  );

  it('asks for an offset when the string has none', () => {
    expect(() => toEpochMs('2026-03-02T09:00:00')).toThrow(/add an offset or Z/);
  });
});
