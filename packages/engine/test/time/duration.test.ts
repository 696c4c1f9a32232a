import { describe, expect, it } from 'vitest';
import { InvalidTimerError } from '../../src/errors';
import { addDuration, durationToMs, parseDuration, toMs } from '../../src/time/duration';

const utc = (iso: string) => Date.parse(iso);
const H = 3_600_000;

describe('parseDuration', () => {
  it.each([
    ['PT30M', { minutes: 30 }],
    ['P2D', { days: 2 }],
    ['P3M', { months: 3 }],
    ['P1W', { weeks: 1 }],
    ['P1Y2M3W4DT5H6M7S', { years: 1, months: 2, weeks: 3, days: 4, hours: 5, minutes: 6, seconds: 7 }],
    ['PT0.5S', { seconds: 0.5 }],
    ['PT1.5H', { hours: 1.5 }],
    ['PT1H0,25M', { hours: 1, minutes: 0.25 }],
    ['PT0S', {}],
    ['pt30m', { minutes: 30 }],
    ['  P1DT12H \n', { days: 1, hours: 12 }],
  ])('%j is valid', (text, parts) => {
    // given a valid ISO 8601 duration
    // when it is parsed
    const d = parseDuration(text);
    // then every part is read and the others are zero
    expect(d).toEqual({ years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, ...parts, iso: text.trim().toUpperCase() });
  });

  it.each([
    ['-PT1M', 'negative'],
    ['P', 'no value'],
    ['PT', 'no value'],
    ['P1DT', "nothing follows"],
    ['', 'not an ISO 8601 duration'],
    ['30 minutes', 'not an ISO 8601 duration'],
    ['P-1D', 'not an ISO 8601 duration'],
    ['PT1M30', 'not an ISO 8601 duration'],
    ['P1S', 'not an ISO 8601 duration'],
    ['PT1.5H30M', 'smallest unit'],
    ['P1.5D', 'cannot be fractional'],
    ['P0.5M', 'cannot be fractional'],
    [`P${'9'.repeat(400)}D`, 'too large'],
  ])('%j is refused', (text, reason) => {
    // given an invalid duration
    // when it is parsed
    const parse = () => parseDuration(text, 'Timer_1');
    // then an INVALID_TIMER error names the element, the reason and a valid example
    expect(parse).toThrow(InvalidTimerError);
    const err = catchError(parse);
    expect(err).toMatchObject({ code: 'INVALID_TIMER', elementId: 'Timer_1', value: text });
    expect(err.message).toContain(reason);
    expect(err.hint).toMatch(/P/);
  });
});

describe('addDuration', () => {
  it('P1D across the New York spring-forward keeps 09:00 local time', () => {
    // given Saturday 2026-03-07 09:00 EST, the day before clocks move forward
    const saturday = utc('2026-03-07T14:00:00Z');
    // when one calendar day is added in New York
    const sunday = addDuration(saturday, parseDuration('P1D'), 'America/New_York');
    // then it is 09:00 EDT, only 23 hours later
    expect(sunday).toBe(utc('2026-03-08T13:00:00Z'));
    expect(sunday - saturday).toBe(23 * H);
  });

  it('PT24H across the same change is exactly 24 hours (10:00 local)', () => {
    // given the same Saturday 09:00 EST
    const saturday = utc('2026-03-07T14:00:00Z');
    // when 24 exact hours are added
    const later = addDuration(saturday, parseDuration('PT24H'), 'America/New_York');
    // then the wall clock shows 10:00 EDT
    expect(later).toBe(utc('2026-03-08T14:00:00Z'));
  });

  it('P3M from 2026-01-31 in Asia/Shanghai clamps to April 30 local', () => {
    // given 2026-01-31 00:30 in Shanghai (still January 30 in UTC)
    const start = utc('2026-01-31T00:30:00+08:00');
    // when three months are added in Shanghai and in UTC
    const shanghai = addDuration(start, parseDuration('P3M'), 'Asia/Shanghai');
    const inUtc = addDuration(start, parseDuration('P3M'));
    // then Shanghai clamps Jan 31 to Apr 30; UTC moves Jan 30 to Apr 30: a day apart
    expect(shanghai).toBe(utc('2026-04-30T00:30:00+08:00'));
    expect(inUtc).toBe(utc('2026-04-30T16:30:00Z'));
    expect(inUtc - shanghai).toBe(24 * H);
  });

  it('P1M from January 31 gives the last day of February', () => {
    // given January 31 at noon UTC
    // when a month is added
    const t = addDuration(utc('2026-01-31T12:00:00Z'), parseDuration('P1M'));
    // then it is February 28
    expect(t).toBe(utc('2026-02-28T12:00:00Z'));
  });

  it('adds calendar parts first, then exact time, rounded to the ms', () => {
    // given a mixed duration with a fractional second
    const d = parseDuration('P1DT1H0.0004S');
    // when added to epoch 0
    // then the day and the hour count, the 0.4 ms is rounded away
    expect(addDuration(0, d)).toBe(25 * H);
  });

  it('refuses an unknown zone', () => {
    // given a calendar duration
    // when it is added in a zone luxon does not know
    // then INVALID_TIMER says to use an IANA zone
    expect(() => addDuration(0, parseDuration('P1D'), 'Mars/Olympus')).toThrow(/IANA zone/);
  });
});

describe('durationToMs and toMs', () => {
  it.each([
    ['PT30M', 1_800_000],
    ['PT1.5H', 5_400_000],
    ['PT0.5S', 500],
    ['P1D', undefined],
    ['P1W', undefined],
    ['P1M', undefined],
  ])('durationToMs(%s) = %s', (text, ms) => {
    // given a parsed duration
    // when converted to exact ms
    // then only durations without calendar parts have a length
    expect(durationToMs(parseDuration(text))).toBe(ms);
  });

  it.each([
    [0, 0],
    [1500, 1500],
    ['PT1M', 60_000],
    ['P1D', 24 * H],
    ['P1W', 7 * 24 * H],
    ['P1DT1H', 25 * H],
  ] as const)('toMs(%j) = %d', (input, ms) => {
    // given a duration as ms or ISO text
    // when converted
    // then days count 24 h and weeks 7 days
    expect(toMs(input)).toBe(ms);
  });

  it.each([[-1], [Number.NaN], [Number.POSITIVE_INFINITY], ['P1M'], ['P1Y'], ['soon']])('toMs(%j) is refused', (input) => {
    // given a value without a fixed length in ms
    // when converted
    // then INVALID_TIMER is thrown with a hint
    const err = catchError(() => toMs(input));
    expect(err).toBeInstanceOf(InvalidTimerError);
    expect(err.code).toBe('INVALID_TIMER');
  });

  it('explains that months need a zone-aware API', () => {
    // given P1M
    // when converted to ms
    // then the hint points at addDuration with a zone
    expect(catchError(() => toMs('P1M')).hint).toMatch(/zone-aware/);
  });
});

function catchError(fn: () => unknown): InvalidTimerError {
  try {
    fn();
  } catch (err) {
    return err as InvalidTimerError;
  }
  throw new Error('expected an error');
}
