/**
 * Feature: working days on a business calendar — `P2D` is the same local time on the 2nd
 * next working day, clamped to that day's close (decision 0021, docs/calendars.md).
 */
import { describe, expect, it } from 'vitest';
import { ALWAYS, businessCalendar } from '../../src/index';
import { expectInstant, H, sh, shanghai } from './support';

describe('Feature: working days on the Shanghai sample calendar (Mon–Fri 09:00–12:00, 13:30–18:00)', () => {
  it.each([
    // start, duration, expected, why
    ['2026-03-02T10:00', 'P2D', '2026-03-04T10:00', 'claimed Monday 10:00: Wednesday 10:00'],
    ['2026-03-02T10:00', 'P1D', '2026-03-03T10:00', 'the next working day'],
    ['2026-03-06T17:30', 'P1D', '2026-03-09T17:30', 'Friday to Monday: the weekend is no working day'],
    ['2026-03-07T10:00', 'P1D', '2026-03-10T09:00', 'a Saturday start counts from Monday 09:00'],
    ['2026-03-02T19:00', 'P1D', '2026-03-04T09:00', 'after the close: counts from the next opening'],
    ['2026-03-02T12:30', 'P1D', '2026-03-03T13:30', 'in the lunch break: counts from 13:30'],
    ['2026-03-02T08:00', 'P1D', '2026-03-03T09:00', 'before the opening: counts from 09:00'],
    ['2026-04-30T11:00', 'P1D', '2026-05-06T11:00', 'over the May-day holidays (1–5 May)'],
    ['2026-05-08T15:00', 'P1D', '2026-05-09T15:00', 'onto a make-up Saturday (9 May, open with Monday hours)'],
    ['2026-03-02T10:00', 'P1DT2H', '2026-03-03T12:00', 'a day, then two hours of working time'],
    ['2026-03-02T11:00', 'P1DT2H', '2026-03-03T14:30', 'the hours run over the lunch break'],
    ['2026-03-02T10:00', 'P0D', '2026-03-02T10:00', 'zero days change nothing'],
  ])('Scenario: %s + %s = %s (%s)', (start, d, expected) => {
    // given the Shanghai calendar, when working days are added, then the same local time on that day
    expectInstant(shanghai.addWorkingTime(sh(start), d), sh(expected));
  });

  it('Scenario: a day that closes earlier clamps the local time to its close', () => {
    // given a calendar whose Friday closes at 16:00
    const cal = businessCalendar({ name: 'short-friday', zone: 'Asia/Shanghai', hours: { thu: ['09:00-18:00'], fri: ['09:00-16:00'] } });
    // when one working day is added to Thursday 17:00
    // then the result is Friday's close, 16:00 (not Monday, not 17:00)
    expectInstant(cal.addWorkingTime(sh('2026-03-05T17:00'), 'P1D'), sh('2026-03-06T16:00'));
  });

  it('Scenario: a day that opens later moves the local time to its opening', () => {
    // given a calendar whose Friday opens at 12:00
    const cal = businessCalendar({ name: 'late-friday', zone: 'Asia/Shanghai', hours: { thu: ['09:00-18:00'], fri: ['12:00-18:00'] } });
    // when one working day is added to Thursday 10:00, then Friday 12:00
    expectInstant(cal.addWorkingTime(sh('2026-03-05T10:00'), 'P1D'), sh('2026-03-06T12:00'));
  });

  it('Scenario: a local time in the target day\'s lunch break moves to the afternoon shift', () => {
    const cal = businessCalendar({ name: 'lunch-tue', zone: 'Asia/Shanghai', hours: { mon: ['09:00-18:00'], tue: ['09:00-12:00', '13:00-18:00'] } });
    expectInstant(cal.addWorkingTime(sh('2026-03-02T12:30'), 'P1D'), sh('2026-03-03T13:00'));
  });
});

describe('Feature: working days across daylight-saving changes (New York)', () => {
  const ny = businessCalendar({ name: 'ny', zone: 'America/New_York', hours: { fri: ['09:00-17:00'], sat: ['00:00-24:00'], sun: ['00:00-24:00'], mon: ['09:00-17:00'] } });

  it('Scenario: the wall-clock time is kept over the spring-forward night (23 h later)', () => {
    // Friday 2026-03-06 10:00 EST + P2D = Sunday 2026-03-08 10:00 EDT
    expectInstant(ny.addWorkingTime('2026-03-06T10:00:00-05:00', 'P2D'), '2026-03-08T10:00:00-04:00');
  });

  it('Scenario: a local time skipped by the change moves forward by the gap', () => {
    // Saturday 02:30 EST + P1D: Sunday 02:30 does not exist, 03:30 EDT is used
    expectInstant(ny.addWorkingTime('2026-03-07T02:30:00-05:00', 'P1D'), '2026-03-08T03:30:00-04:00');
  });

  it('Scenario: a repeated local time uses its first occurrence', () => {
    // Saturday 2026-10-31 01:30 EDT + P1D: Sunday 01:30 happens twice, the first (EDT) is used
    expectInstant(ny.addWorkingTime('2026-10-31T01:30:00-04:00', 'P1D'), '2026-11-01T01:30:00-04:00');
  });
});

describe('Feature: working days on the 24/7 calendar', () => {
  it('Scenario: a day is 24 hours (UTC has no daylight saving)', () => {
    expect(ALWAYS.addWorkingTime(0, 'P2D')).toBe(48 * H);
    expect(ALWAYS.addWorkingTime(0, 'P1DT1H')).toBe(25 * H);
  });
});
