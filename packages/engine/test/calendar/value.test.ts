/**
 * Feature: a calendar is an immutable value whose configuration is JSON data; the 24/7
 * calendar `ALWAYS` is plain arithmetic.
 */
import { describe, expect, it } from 'vitest';
import { ALWAYS, businessCalendar } from '../../src/index';
import { H, sh, shanghai } from './support';

describe('Feature: calendars are immutable JSON values', () => {
  it('Scenario: a calendar cannot be changed', () => {
    // given the sample calendar
    // then it is frozen: assignments throw in strict mode and change nothing
    expect(Object.isFrozen(shanghai)).toBe(true);
    expect(() => {
      (shanghai as { name: string }).name = 'other';
    }).toThrow(TypeError);
    expect(shanghai.name).toBe('cn-office');
  });

  it('Scenario: changing what toJSON() returned does not change the calendar', () => {
    // given the configuration read back and edited
    const config = shanghai.toJSON();
    config.hours.mon = ['00:00-24:00'];
    (config.holidays as string[]).push('2026-03-02');
    // then the calendar still works as before
    expect(shanghai.isWorkingTime(sh('2026-03-02T10:00'))).toBe(true);
    expect(shanghai.isWorkingTime(sh('2026-03-02T20:00'))).toBe(false);
    expect(shanghai.toJSON().hours.mon).toEqual(['09:00-12:00', '13:30-18:00']);
  });

  it('Scenario: a calendar round-trips through JSON.stringify', () => {
    // given the sample calendar serialized and rebuilt
    const copy = businessCalendar(JSON.parse(JSON.stringify(shanghai)));
    // then it is the same calendar
    expect(copy.toJSON()).toEqual(shanghai.toJSON());
    expect(copy.addWorkingTime(sh('2026-02-13T18:00'), 'PT8H')).toBe(shanghai.addWorkingTime(sh('2026-02-13T18:00'), 'PT8H'));
    expect(copy.workingTimeBetween(sh('2026-01-01T00:00'), sh('2027-01-01T00:00'))).toBe(248 * 7.5 * H);
  });
});

describe('Feature: ALWAYS, the 24/7 calendar', () => {
  const t = Date.parse('2026-03-08T06:30:00Z');

  it('Scenario: its identity', () => {
    expect([ALWAYS.name, ALWAYS.zone, ALWAYS.version, Object.isFrozen(ALWAYS)]).toEqual(['24/7', 'UTC', undefined, true]);
  });

  it('Scenario: every instant is working time and arithmetic is plain', () => {
    // given any instant, even a Saturday night
    // then
    expect(ALWAYS.isWorkingTime(t)).toBe(true);
    expect(ALWAYS.nextWorkingTime(t)).toBe(t);
    expect(ALWAYS.addWorkingTime(t, 'PT40H')).toBe(t + 40 * H);
    expect(ALWAYS.addWorkingTime(new Date(t), 1)).toBe(t + 1);
    expect(ALWAYS.workingTimeBetween(t, t + 5 * H)).toBe(5 * H);
    expect(ALWAYS.workingTimeBetween(t + 5 * H, t)).toBe(-5 * H);
  });

  it('Scenario: its configuration is every day 00:00–24:00 in UTC, and rebuilding it in any zone gives 24/7 again', () => {
    // given the configuration read back
    const config = ALWAYS.toJSON();
    expect(config).toEqual({
      name: '24/7',
      zone: 'UTC',
      hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']])),
      holidays: [],
      workdays: [],
    });
    // when rebuilt in a zone with daylight saving
    const ny = businessCalendar({ ...config, zone: 'America/New_York' });
    // then the spring-forward night still holds exactly the elapsed time
    expect(ny.workingTimeBetween('2026-03-08T00:00:00-05:00', '2026-03-09T00:00:00-04:00')).toBe(23 * H);
    expect(ny.addWorkingTime(t, 'PT3H')).toBe(t + 3 * H);
  });

  it('Scenario: a round-the-clock calendar written as two shifts a day is also plain arithmetic', () => {
    // given 00:00–12:00 and 12:00–24:00 every day in Sydney (not recognized as 24/7: computed shift by shift)
    const sydney = businessCalendar({
      name: 'split',
      zone: 'Australia/Sydney',
      hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-12:00', '12:00-24:00']])),
    });
    // when adding across the April 2026 fall-back
    // then the results equal plain addition
    const from = Date.parse('2026-04-04T12:00:00Z');
    expect(sydney.addWorkingTime(from, 'PT30H')).toBe(from + 30 * H);
    expect(sydney.workingTimeBetween(from, from + 30 * H)).toBe(30 * H);
  });
});
