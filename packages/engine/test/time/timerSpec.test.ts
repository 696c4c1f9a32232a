import { test, fc } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import { InvalidTimerError } from '../../src/errors';
import { parseDuration } from '../../src/time/duration';
import { describeTimer, firstDue, nextDue, parseTimerSpec } from '../../src/time/timerSpec';
import type { TimerSpec } from '../../src/time/timerSpec';

const utc = (iso: string) => Date.parse(iso);
const MIN = 60_000;

describe('parseTimerSpec: dates', () => {
  it.each([
    ['2026-03-02T09:00:00+08:00', {}, '2026-03-02T01:00:00Z'],
    ['2026-03-02T09:00:00Z', {}, '2026-03-02T09:00:00Z'],
    ['2026-03-02T09:00:00.250Z', {}, '2026-03-02T09:00:00.250Z'],
    ['2026-03-02T09:00Z', {}, '2026-03-02T09:00:00Z'],
    ['2026-03-02T09:00:00+0800', {}, '2026-03-02T01:00:00Z'],
    ['2026-03-02t09:00:00z', {}, '2026-03-02T09:00:00Z'],
    ['2026-03-02T09:00:00[Asia/Shanghai]', {}, '2026-03-02T01:00:00Z'],
    ['2026-03-02T09:00:00+08:00[Asia/Shanghai]', {}, '2026-03-02T01:00:00Z'],
    ['2026-03-02T09:00:00', {}, '2026-03-02T09:00:00Z'],
    ['2026-03-02T09:00:00', { zone: 'Europe/Paris' }, '2026-03-02T08:00:00Z'],
    ['2026-07-02T09:00:00', { zone: 'Europe/Paris' }, '2026-07-02T07:00:00Z'],
    ['2026-03-02T09:00:00Z', { zone: 'Europe/Paris' }, '2026-03-02T09:00:00Z'],
  ])('%s %j is %s', (text, opts, expected) => {
    // given a timeDate body
    // when parsed
    const spec = parseTimerSpec('date', text, opts);
    // then it is that instant
    expect(spec).toEqual({ kind: 'date', at: utc(expected) });
  });

  it.each([
    ['2026-02-30T09:00:00Z', 'real date-time'],
    ['2026-13-01T09:00:00Z', 'real date-time'],
    ['2026-03-02', 'not an ISO 8601 date-time'],
    ['09:00', 'not an ISO 8601 date-time'],
    ['tomorrow', 'not an ISO 8601 date-time'],
    ['', 'not an ISO 8601 date-time'],
    ['2026-03-02T09:00:00[Mars/Olympus]', 'IANA time zone'],
    ['2026-03-02T09:00:00+01:00[Asia/Shanghai]', 'does not match'],
  ])('%j is refused', (text, reason) => {
    expectInvalid(() => parseTimerSpec('date', text, { elementId: 'Timer_Date' }), 'Timer_Date', reason);
  });

  it('refuses an unknown default zone', () => {
    expectInvalid(() => parseTimerSpec('date', '2026-03-02T09:00:00', { zone: 'Nowhere', elementId: 'T' }), 'T', 'IANA time zone');
  });
});

describe('parseTimerSpec: durations and cycles', () => {
  it('reads a duration', () => {
    // given a timeDuration body
    // when parsed
    // then it holds the duration
    expect(parseTimerSpec('duration', 'PT10M')).toEqual({ kind: 'duration', duration: parseDuration('PT10M') });
  });

  it.each<[string, Omit<Extract<TimerSpec, { kind: 'cycle'; interval: unknown }>, 'kind' | 'interval'> & { interval: string }]>([
    ['R3/PT10M', { repetitions: 3, interval: 'PT10M' }],
    ['R/PT1H', { repetitions: null, interval: 'PT1H' }],
    ['r2/pt1h', { repetitions: 2, interval: 'PT1H' }],
    ['R3/2026-03-02T09:00:00Z/PT10M', { repetitions: 3, interval: 'PT10M', start: utc('2026-03-02T09:00:00Z') }],
    ['R/2026-03-02T09:00:00[Asia/Shanghai]/P1D', { repetitions: null, interval: 'P1D', start: utc('2026-03-02T01:00:00Z') }],
    ['R5/PT10M/2026-03-02T18:00:00Z', { repetitions: 5, interval: 'PT10M', end: utc('2026-03-02T18:00:00Z') }],
  ])('%s is a cycle', (text, expected) => {
    // given a timeCycle body
    // when parsed
    const spec = parseTimerSpec('cycle', text);
    // then repetitions, interval and bounds are read
    expect(spec).toEqual({ kind: 'cycle', ...expected, interval: parseDuration(expected.interval) });
  });

  it.each([
    ['R0/PT10M', 'at least 1'],
    ['R-1/PT10M', 'repeating interval'],
    ['Rx/PT10M', 'repeating interval'],
    ['PT10M', 'repeating interval'],
    ['R3', 'repeating interval'],
    ['R3/', 'not an ISO 8601 duration'],
    ['R3/PT0S', 'at least 1 ms'],
    ['R3/PT10M/2026-03-02T18:00:00Z/PT1M', 'repeating interval'],
    ['R/2026-03-02T09:00:00Z/2026-03-03T09:00:00Z', 'start/end'],
    ['R3/PT10M/soon', 'date-time'],
    ['*/5 * * * *', 'seconds field first'],
    ['0 0 25 * * *', 'not a valid Spring cron'],
  ])('%j is refused', (text, reason) => {
    expectInvalid(() => parseTimerSpec('cycle', text, { elementId: 'Timer_Cycle' }), 'Timer_Cycle', reason);
  });

  it('reads a cron cycle, with its dialect', () => {
    expect(parseTimerSpec('cycle', '0 0 9 * * MON-FRI')).toEqual({ kind: 'cycle', cron: '0 0 9 * * MON-FRI', dialect: 'spring', repetitions: null });
    expect(parseTimerSpec('cycle', '0 0 9 ? * 2-6', { dialect: 'camunda' })).toEqual({ kind: 'cycle', cron: '0 0 9 ? * 2-6', dialect: 'quartz', repetitions: null });
  });

  it('says how to write a 5-field cron', () => {
    const err = catchError(() => parseTimerSpec('cycle', '*/5 * * * *'));
    expect(err.hint).toMatch(/add the seconds, e.g. 0 \*\/5 \* \* \* \*/);
  });

  it('propagates the element id from nested duration errors', () => {
    expectInvalid(() => parseTimerSpec('duration', 'ten minutes', { elementId: 'Wait' }), 'Wait', 'duration');
  });
});

describe('firstDue and nextDue', () => {
  const now = utc('2026-03-02T09:00:00Z');

  it('a duration is due after the duration', () => {
    // given PT10M armed now
    const spec = parseTimerSpec('duration', 'PT10M');
    // when asked for its due times
    // then the first is in 10 minutes and there is no second
    expect(firstDue(spec, now)).toBe(now + 10 * MIN);
    expect(nextDue(spec, now + 10 * MIN, 1)).toBeUndefined();
  });

  it('a date in the past is due at that date (the caller fires at once)', () => {
    // given a date an hour ago
    const spec = parseTimerSpec('date', '2026-03-02T08:00:00Z');
    // when armed now
    // then its due time is the date itself, and it never repeats
    expect(firstDue(spec, now)).toBe(utc('2026-03-02T08:00:00Z'));
    expect(nextDue(spec, now, 1)).toBeUndefined();
  });

  it('a bounded cycle fires exactly its repetitions', () => {
    // given R2/PT1M armed now
    const spec = parseTimerSpec('cycle', 'R2/PT1M');
    // when iterated
    const first = firstDue(spec, now)!;
    const second = nextDue(spec, first, 1)!;
    // then it fires at +1 and +2 minutes and then stops
    expect([first, second]).toEqual([now + MIN, now + 2 * MIN]);
    expect(nextDue(spec, second, 2)).toBeUndefined();
  });

  it('a cycle whose start is ahead starts there', () => {
    const spec = parseTimerSpec('cycle', 'R3/2026-03-02T12:00:00Z/PT10M');
    expect(firstDue(spec, now)).toBe(utc('2026-03-02T12:00:00Z'));
  });

  it.each([
    ['2026-03-02T09:25:00Z', '2026-03-02T09:30:00Z'],
    ['2026-03-02T09:20:00Z', '2026-03-02T09:20:00Z'],
    ['2026-03-05T09:00:01Z', '2026-03-05T09:10:00Z'],
  ])('a cycle started in the past, armed at %s, is first due at %s', (armed, due) => {
    // given a cycle every 10 minutes from 09:00
    const spec = parseTimerSpec('cycle', 'R/2026-03-02T09:00:00Z/PT10M');
    // when armed later
    // then the first due time is the earliest occurrence not in the past
    expect(firstDue(spec, utc(armed))).toBe(utc(due));
  });

  it('a monthly cycle started in the past steps month by month (as Camunda does)', () => {
    // given a monthly cycle from January 31
    const spec = parseTimerSpec('cycle', 'R/2026-01-31T09:00:00Z/P1M');
    // when armed in mid-March
    // then Jan 31 → Feb 28 → Mar 28
    expect(firstDue(spec, utc('2026-03-15T00:00:00Z'))).toBe(utc('2026-03-28T09:00:00Z'));
  });

  it('a daily cycle in New York keeps 09:00 local across the DST change', () => {
    // given a daily cycle from Saturday 09:00 EST
    const spec = parseTimerSpec('cycle', 'R/2026-03-07T09:00:00[America/New_York]/P1D');
    // when the next occurrence is computed in New York
    const next = nextDue(spec, utc('2026-03-07T14:00:00Z'), 1, 'America/New_York');
    // then it is Sunday 09:00 EDT
    expect(next).toBe(utc('2026-03-08T13:00:00Z'));
  });

  it('a cycle stops at its end', () => {
    // given every 10 minutes until 09:25
    const spec = parseTimerSpec('cycle', 'R5/PT10M/2026-03-02T09:25:00Z');
    // when iterated from 09:00
    // then it fires at 09:10 and 09:20 only
    const first = firstDue(spec, now)!;
    expect(first).toBe(now + 10 * MIN);
    expect(nextDue(spec, first, 1)).toBe(now + 20 * MIN);
    expect(nextDue(spec, now + 20 * MIN, 2)).toBeUndefined();
    // and armed too late it never fires
    expect(firstDue(spec, utc('2026-03-02T09:20:00Z'))).toBeUndefined();
  });

  test.prop([fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 10_000 }), fc.integer({ min: 0, max: 4_000_000_000_000 })])(
    'R<n>/PT<k>M yields exactly n due times spaced by k minutes',
    (n, k, armedAt) => {
      // given R<n>/PT<k>M armed at a random instant
      const spec = parseTimerSpec('cycle', `R${n}/PT${k}M`);
      // when iterated with firstDue / nextDue
      const dues: number[] = [];
      for (let due = firstDue(spec, armedAt); due !== undefined; due = nextDue(spec, due, dues.length)) dues.push(due);
      // then there are n of them, each k minutes after the previous, the first k minutes after arming
      expect(dues).toHaveLength(n);
      dues.forEach((due, i) => expect(due).toBe(armedAt + (i + 1) * k * MIN));
    },
  );
});

describe('describeTimer', () => {
  it.each([
    ['duration', 'PT10M', 'after PT10M'],
    ['date', '2026-03-02T09:00:00+08:00', 'at 2026-03-02T01:00:00.000Z'],
    ['cycle', 'R3/PT10M', 'every PT10M, 3 times'],
    ['cycle', 'R1/PT10M', 'every PT10M, 1 time'],
    ['cycle', 'R/2026-03-02T09:00:00Z/P1D', 'every P1D, unbounded, from 2026-03-02T09:00:00.000Z'],
    ['cycle', 'R5/PT10M/2026-03-02T18:00:00Z', 'every PT10M, 5 times, until 2026-03-02T18:00:00.000Z'],
  ] as const)('%s %s reads "%s"', (kind, text, description) => {
    expect(describeTimer(parseTimerSpec(kind, text))).toBe(description);
  });

  it('specs round-trip through JSON', () => {
    // given a parsed cycle
    const spec = parseTimerSpec('cycle', 'R3/2026-03-02T09:00:00Z/PT10M');
    // when serialized and read back
    // then nothing is lost
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });
});

function expectInvalid(fn: () => unknown, elementId: string, reason: string): void {
  // when the value is parsed
  const err = catchError(fn);
  // then it is an INVALID_TIMER error naming the element, with a reason and a hint
  expect(err).toBeInstanceOf(InvalidTimerError);
  expect(err).toMatchObject({ code: 'INVALID_TIMER', elementId });
  expect(err.message).toContain(reason);
  expect(err.hint.length).toBeGreaterThan(10);
}

function catchError(fn: () => unknown): InvalidTimerError {
  try {
    fn();
  } catch (err) {
    return err as InvalidTimerError;
  }
  throw new Error('expected an error');
}
