/**
 * Feature: long stretches without working time (a three-week holiday, years of holidays,
 * a calendar with no hours at all) give exact answers or a clear error, never a hang.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, businessCalendar } from '../../src/index';
import { H, expectInstant, thrown } from './support';

const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'];
const DAY = 86_400_000;

/** `YYYY-MM-DD` for each date from `first`, every `step` days, before `until`. */
function dates(first: string, until: string, step = 1): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t < Date.parse(`${until}T00:00:00Z`); t += step * DAY) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

describe('Feature: a three-week company holiday in Berlin', () => {
  // given a Mon–Fri 09:00–17:00 office closed Monday 21 December 2026 to Friday 8 January 2027
  const office = businessCalendar({
    name: 'berlin office',
    zone: 'Europe/Berlin',
    hours: Object.fromEntries(weekdays.map((d) => [d, ['09:00-17:00']])),
    holidays: dates('2026-12-21', '2027-01-09'),
  });

  it('Scenario: two hours from Friday afternoon before the holiday end Monday 11 January, 10:00', () => {
    expectInstant(office.addWorkingTime('2026-12-18T16:00:00+01:00', 'PT2H'), '2027-01-11T10:00:00+01:00');
  });

  it('Scenario: the next working time during the holiday is Monday 11 January, 09:00', () => {
    expectInstant(office.nextWorkingTime('2026-12-24T12:00:00+01:00'), '2027-01-11T09:00:00+01:00');
  });

  it('Scenario: the four weeks around the holiday hold two working days', () => {
    expect(office.workingTimeBetween('2026-12-18T00:00:00+01:00', '2027-01-12T00:00:00+01:00')).toBe(16 * H);
  });
});

describe('Feature: searches are bounded', () => {
  it('Scenario: a calendar with no hours at all', () => {
    // given a calendar that is never open
    const closed = businessCalendar({ name: 'closed', zone: 'UTC', hours: {} });
    const t = Date.parse('2026-03-02T09:00:00Z');
    // then nothing is working time, adding zero is fine, and searching fails at once
    expect(closed.isWorkingTime(t)).toBe(false);
    expect(closed.workingTimeBetween(t, t + 365 * DAY)).toBe(0);
    expect(closed.addWorkingTime(t, 0)).toBe(t);
    for (const search of [() => closed.addWorkingTime(t, 'PT1H'), () => closed.nextWorkingTime(t)]) {
      const err = thrown(search);
      expect(err).toBeInstanceOf(InvalidArgumentError);
      expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: "calendar 'closed'" });
      expect(err.message).toContain('it has no working time in the 10 years after 2026-03-02T09:00:00.000Z');
    }
  });

  it('Scenario: nine years of holidays are crossed', () => {
    // given a Monday-only calendar whose Mondays are holidays from March 2026 to February 2035 (470 of them)
    const mondays = businessCalendar({ name: 'mondays', zone: 'UTC', hours: { mon: ['09:00-17:00'] }, holidays: dates('2026-03-02', '2035-03-02', 7) });
    // when an hour is added on the first of them
    // then the result is on the first Monday that is open
    expectInstant(mondays.addWorkingTime('2026-03-02T09:00:00Z', 'PT1H'), '2035-03-05T10:00:00Z');
    expectInstant(mondays.nextWorkingTime('2026-03-02T09:00:00Z'), '2035-03-05T09:00:00Z');
    // and 2026–2035 hold 8 open Mondays before March 2026 and 44 from 5 March 2035
    expect(mondays.workingTimeBetween('2026-01-01T00:00:00Z', '2036-01-01T00:00:00Z')).toBe((8 + 44) * 8 * H);
  });

  it('Scenario: eleven years of holidays are not', () => {
    // given every Monday a holiday for eleven years
    const mondays = businessCalendar({ name: 'mondays', zone: 'UTC', hours: { mon: ['09:00-17:00'] }, holidays: dates('2026-03-02', '2037-03-03', 7) });
    // when an hour is added
    const err = thrown(() => mondays.addWorkingTime('2026-03-02T09:00:00Z', 'PT1H'));
    // then the search gives up with a clear error
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: "calendar 'mondays'" });
    expect(err.message).toContain('no working time in the 10 years after');
  });

  it('Scenario: a result past 2200 is refused', () => {
    // given a Monday-only calendar and the last Monday before 2200
    const mondays = businessCalendar({ name: 'mondays', zone: 'UTC', hours: { mon: ['09:00-17:00'] } });
    // then an hour fits, two do not
    expectInstant(mondays.addWorkingTime('2199-12-30T16:00:00Z', 'PT1H'), '2199-12-30T17:00:00Z');
    const err = thrown(() => mondays.addWorkingTime('2199-12-30T16:00:00Z', 'PT2H'));
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'working-time duration' });
    expect(err.message).toContain('goes past 2200-01-01');
  });

  it('Scenario: an absurd duration fails at once instead of walking two centuries', () => {
    // given an ordinary calendar and a duration longer than the time left before 2200
    const office = businessCalendar({ name: 'office', zone: 'Europe/Berlin', hours: { mon: ['09:00-17:00'] } });
    // when it is added
    const started = performance.now();
    const err = thrown(() => office.addWorkingTime('2026-03-02T09:00:00Z', 200 * 366 * DAY));
    // then the range error comes immediately
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'working-time duration' });
    expect(performance.now() - started).toBeLessThan(50);
  });

  it('Scenario: no next working time before 2200', () => {
    const mondays = businessCalendar({ name: 'mondays', zone: 'UTC', hours: { mon: ['09:00-17:00'] } });
    const err = thrown(() => mondays.nextWorkingTime('2199-12-30T17:00:00Z'));
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'instant' });
    expect(err.message).toContain('looking for the next working time from 2199-12-30T17:00:00.000Z goes past 2200-01-01');
  });
});
