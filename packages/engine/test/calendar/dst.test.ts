/**
 * Feature: shifts are wall-clock times across daylight-saving changes.
 *
 * New York 2026: clocks jump 02:00 EST → 03:00 EDT on Sunday 8 March (07:00Z) and fall
 * back 02:00 EDT → 01:00 EST on Sunday 1 November (06:00Z).
 * Berlin 2026: 02:00 CET → 03:00 CEST on Sunday 29 March (01:00Z), 03:00 CEST → 02:00 CET
 * on Sunday 25 October (01:00Z).
 *
 * Rule: an instant is working time when its local date and wall-clock time fall in a
 * shift. So a skipped hour shortens a shift (a shift wholly inside it is empty) and a
 * repeated hour counts its real elapsed time.
 */
import { describe, expect, it } from 'vitest';
import { businessCalendar, type BusinessCalendar } from '../../src/index';
import { H, MIN, expectInstant } from './support';

/** A calendar open only on Sundays, with the given shifts. */
const sundays = (zone: string, shifts: string[]): BusinessCalendar => businessCalendar({ name: `sun ${shifts.join(' ')}`, zone, hours: { sun: shifts } });

describe('Feature: New York daylight saving', () => {
  describe('Scenario Outline: the length of a Sunday shift on the change days', () => {
    it.each([
      ['01:00-03:00', 1 * H, 3 * H, 'spans the change'],
      ['02:00-04:00', 1 * H, 2 * H, 'starts in the skipped / repeated hour'],
      ['02:15-02:45', 0, 30 * MIN, 'lies wholly in the skipped hour'],
      ['01:30-02:30', 30 * MIN, 90 * MIN, 'ends in the skipped hour, half of it repeated'],
      ['01:00-02:00', 1 * H, 2 * H, 'is the repeated hour in autumn'],
      ['01:15-01:45', 30 * MIN, 1 * H, 'is inside the repeated hour: it happens twice'],
      ['00:00-24:00', 23 * H, 25 * H, 'is the whole day'],
      ['09:00-17:00', 8 * H, 8 * H, 'is far from the change'],
      ['03:00-05:00', 2 * H, 2 * H, 'starts right after the skipped hour'],
    ])('%s lasts %d ms in spring and %d ms in autumn (it %s)', (shift, spring, autumn) => {
      // given a calendar open only on Sundays with this shift
      const cal = sundays('America/New_York', [shift]);
      // when the working time of the weekend around each change is measured
      const springSunday = cal.workingTimeBetween('2026-03-07T12:00:00Z', '2026-03-09T12:00:00Z');
      const autumnSunday = cal.workingTimeBetween('2026-10-31T12:00:00Z', '2026-11-02T12:00:00Z');
      // then the shift lasts the real time the wall clock spends in it
      expect([springSunday, autumnSunday]).toEqual([spring, autumn]);
    });
  });

  describe('Scenario: a night desk open 22:00–24:00 Saturday and 01:00–03:00 and 09:00–17:00 Sunday', () => {
    const desk = businessCalendar({ name: 'night desk', zone: 'America/New_York', hours: { sat: ['22:00-24:00'], sun: ['01:00-03:00', '09:00-17:00'] } });

    it('spring: the weekend holds 2 + 1 + 8 hours', () => {
      expect(desk.workingTimeBetween('2026-03-07T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).toBe(11 * H);
    });

    it('autumn: the weekend holds 2 + 3 + 8 hours', () => {
      expect(desk.workingTimeBetween('2026-10-31T00:00:00-04:00', '2026-11-02T00:00:00-05:00')).toBe(13 * H);
    });

    it.each([
      ['2026-03-08T01:59:59.999-05:00', true, 'the last ms before the jump'],
      ['2026-03-08T03:00:00-04:00', false, 'the first instant after the jump is 03:00, the shift end'],
      ['2026-03-08T08:59:00-04:00', false, 'before the day shift, already EDT'],
      ['2026-03-08T09:00:00-04:00', true, '09:00 EDT'],
      ['2026-11-01T01:30:00-04:00', true, '01:30 EDT, first pass'],
      ['2026-11-01T01:30:00-05:00', true, '01:30 EST, second pass'],
      ['2026-11-01T02:59:00-05:00', true, '02:59 EST'],
      ['2026-11-01T03:00:00-05:00', false, '03:00 EST, the shift end'],
    ])('isWorkingTime(%s) is %s (%s)', (t, expected) => {
      expect(desk.isWorkingTime(t)).toBe(expected);
    });

    it.each([
      ['2026-03-08T01:30:00-05:00', 'PT30M', '2026-03-08T03:00:00-04:00', 'ends exactly at the shortened shift end (07:00Z)'],
      ['2026-03-08T01:30:00-05:00', 'PT31M', '2026-03-08T09:01:00-04:00', 'the 31st minute is in the day shift'],
      ['2026-03-07T23:00:00-05:00', 'PT2H', '2026-03-08T03:00:00-04:00', 'Saturday night into the short Sunday shift'],
      ['2026-11-01T01:00:00-04:00', 'PT90M', '2026-11-01T01:30:00-05:00', 'through the repeated hour: 01:30 the second time'],
      ['2026-11-01T01:00:00-04:00', 'PT3H', '2026-11-01T03:00:00-05:00', 'the whole autumn shift'],
      ['2026-11-01T02:30:00-05:00', 'PT1H', '2026-11-01T09:30:00-05:00', 'from the end of the autumn shift to the day shift'],
    ])('%s + %s = %s (%s)', (t, d, expected) => {
      expectInstant(desk.addWorkingTime(t, d), expected);
    });

    it.each([
      ['2026-03-08T00:30:00-05:00', '2026-03-08T01:00:00-05:00'],
      ['2026-03-08T03:00:00-04:00', '2026-03-08T09:00:00-04:00'],
      ['2026-11-01T00:30:00-04:00', '2026-11-01T01:00:00-04:00'],
      ['2026-11-01T01:30:00-05:00', '2026-11-01T01:30:00-05:00'],
    ])('nextWorkingTime(%s) is %s', (t, expected) => {
      expectInstant(desk.nextWorkingTime(t), expected);
    });
  });

  describe('Scenario: a shift inside the repeated hour happens twice', () => {
    const cal = sundays('America/New_York', ['01:15-01:45']);

    it('adding its 30 minutes ends at the first pass end, 31 minutes reach into the second pass', () => {
      expectInstant(cal.addWorkingTime('2026-11-01T01:15:00-04:00', 'PT30M'), '2026-11-01T01:45:00-04:00');
      expectInstant(cal.addWorkingTime('2026-11-01T01:15:00-04:00', 'PT31M'), '2026-11-01T01:16:00-05:00');
    });

    it('between the two passes the next working time is the second pass', () => {
      expect(cal.isWorkingTime('2026-11-01T01:50:00-04:00')).toBe(false);
      expectInstant(cal.nextWorkingTime('2026-11-01T01:50:00-04:00'), '2026-11-01T01:15:00-05:00');
    });
  });

  it('Scenario: an office week keeps 09:00–17:00 local on both sides of the spring change', () => {
    // given a Mon–Fri 09:00–17:00 New York office
    const office = businessCalendar({ name: 'ny office', zone: 'America/New_York', hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-17:00']])) });
    // when two hours are added on Friday 16:00 EST before the change
    const due = office.addWorkingTime('2026-03-06T16:00:00-05:00', 'PT2H');
    // then the deadline is Monday 10:00 EDT (14:00Z, not 15:00Z)
    expectInstant(due, '2026-03-09T14:00:00Z');
    // and the whole week after still has 40 hours
    expect(office.workingTimeBetween('2026-03-09T00:00:00-04:00', '2026-03-16T00:00:00-04:00')).toBe(40 * H);
  });
});

describe('Feature: Berlin daylight saving', () => {
  describe('Scenario Outline: the length of a Sunday shift on the change days', () => {
    it.each([
      ['01:00-04:00', 2 * H, 4 * H, 'spans the change'],
      ['02:00-03:00', 0, 2 * H, 'is the skipped / repeated hour'],
      ['02:30-05:00', 2 * H, 3 * H, 'starts in the skipped / repeated hour'],
      ['00:00-02:00', 2 * H, 2 * H, 'ends where the change starts'],
      ['03:00-09:00', 6 * H, 6 * H, 'starts where the change ends'],
      ['00:00-24:00', 23 * H, 25 * H, 'is the whole day'],
    ])('%s lasts %d ms in spring and %d ms in autumn (it %s)', (shift, spring, autumn) => {
      // given a Berlin calendar open only on Sundays with this shift
      const cal = sundays('Europe/Berlin', [shift]);
      // when the weekends around each change are measured
      const springSunday = cal.workingTimeBetween('2026-03-28T12:00:00Z', '2026-03-30T12:00:00Z');
      const autumnSunday = cal.workingTimeBetween('2026-10-24T12:00:00Z', '2026-10-26T12:00:00Z');
      // then
      expect([springSunday, autumnSunday]).toEqual([spring, autumn]);
    });
  });

  describe('Scenario: a Sunday shift 01:00–04:00', () => {
    const cal = sundays('Europe/Berlin', ['01:00-04:00']);

    it.each([
      ['2026-03-29T01:30:00+01:00', 'PT1H', '2026-03-29T03:30:00+02:00', 'spring: half an hour before the jump, half after'],
      ['2026-03-29T01:00:00+01:00', 'PT2H', '2026-03-29T04:00:00+02:00', 'spring: the whole shortened shift'],
      ['2026-03-29T01:00:00+01:00', 'PT2H1M', '2026-04-05T01:01:00+02:00', 'spring: one minute more is next Sunday'],
      ['2026-10-25T02:30:00+02:00', 'PT1H', '2026-10-25T02:30:00+01:00', 'autumn: 02:30 CEST + 1 h is 02:30 CET'],
      ['2026-10-25T01:00:00+02:00', 'PT4H', '2026-10-25T04:00:00+01:00', 'autumn: the whole lengthened shift'],
    ])('%s + %s = %s (%s)', (t, d, expected) => {
      expectInstant(cal.addWorkingTime(t, d), expected);
    });

    it.each([
      ['2026-03-29T00:59:00+01:00', false, 'spring: before the shift'],
      ['2026-03-29T01:59:00+01:00', true, 'spring: the last minute before the jump'],
      ['2026-03-29T03:00:00+02:00', true, 'spring: the first instant after the jump'],
      ['2026-03-29T04:00:00+02:00', false, 'spring: the shift end'],
      ['2026-10-25T02:59:00+02:00', true, 'autumn: 02:59 CEST, first pass'],
      ['2026-10-25T02:59:00+01:00', true, 'autumn: 02:59 CET, second pass'],
      ['2026-10-25T04:00:00+01:00', false, 'autumn: the shift end'],
    ])('isWorkingTime(%s) is %s (%s)', (t, expected) => {
      expect(cal.isWorkingTime(t)).toBe(expected);
    });
  });

  it('Scenario: an office deadline over the spring weekend', () => {
    // given a Mon–Fri 09:00–17:00 Berlin office
    const office = businessCalendar({ name: 'berlin office', zone: 'Europe/Berlin', hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-17:00']])) });
    // when two hours are added on Friday 16:00 CET before the change
    // then the deadline is Monday 10:00 CEST
    expectInstant(office.addWorkingTime('2026-03-27T16:00:00+01:00', 'PT2H'), '2026-03-30T10:00:00+02:00');
    // and over the autumn weekend: Friday 16:00 CEST + 2 h is Monday 10:00 CET
    expectInstant(office.addWorkingTime('2026-10-23T16:00:00+02:00', 'PT2H'), '2026-10-26T10:00:00+01:00');
  });
});
