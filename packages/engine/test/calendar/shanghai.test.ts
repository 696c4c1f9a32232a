/**
 * Feature: working time on the Shanghai sample calendar (`calendars/cn-2026.sample.json`):
 * Mon–Fri 09:00–12:00 and 13:30–18:00 (+08:00, no DST), the 2026 public holidays and
 * make-up working days.
 */
import { describe, expect, it } from 'vitest';
import { H, MIN, expectInstant, sh, shanghai as cal } from './support';

describe('Feature: the Shanghai sample calendar', () => {
  it('Scenario: it is the cn-office calendar, version 2026.1, in Asia/Shanghai', () => {
    // given the sample file loaded
    // then its identity is read from the file
    expect([cal.name, cal.version, cal.zone]).toEqual(['cn-office', '2026.1', 'Asia/Shanghai']);
    expect(cal.toJSON().holidays).toHaveLength(33);
    expect(cal.toJSON().workdays).toEqual(['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']);
  });

  describe('Scenario Outline: isWorkingTime', () => {
    it.each([
      ['2026-03-02T09:00', true, 'Monday, a shift starts (start is inside)'],
      ['2026-03-02T08:59', false, 'Monday, before opening'],
      ['2026-03-02T11:59', true, 'Monday, last minute of the morning shift'],
      ['2026-03-02T12:00', false, "Monday, the morning shift's end (end is outside)"],
      ['2026-03-02T13:00', false, 'Monday, lunch break'],
      ['2026-03-02T13:30', true, 'Monday, the afternoon shift starts'],
      ['2026-03-02T17:59', true, 'Monday, last minute of the day'],
      ['2026-03-02T18:00', false, 'Monday, closing time'],
      ['2026-03-07T10:00', false, 'an ordinary Saturday'],
      ['2026-02-14T10:00', true, 'make-up Saturday before Spring Festival (Monday hours)'],
      ['2026-02-14T12:30', false, 'make-up Saturday, lunch break'],
      ['2026-01-04T09:00', true, 'make-up Sunday after New Year'],
      ['2026-10-10T17:59', true, 'make-up Saturday after National Day'],
      ['2026-02-16T10:00', false, 'Spring Festival Monday'],
      ['2026-10-05T10:00', false, 'National Day week Monday'],
      ['2026-10-08T09:00', true, 'first working day after National Day'],
      ['2026-06-19T10:00', false, 'Dragon Boat Festival Friday'],
    ])('%s is working time: %s (%s)', (local, expected) => {
      // given the instant in Shanghai local time
      // when asked
      // then
      expect(cal.isWorkingTime(sh(local))).toBe(expected);
    });

    it('accepts Date objects and ISO strings with any offset for the same instant', () => {
      // given 2026-03-02 10:00 Shanghai written three ways
      const inputs = [new Date('2026-03-02T02:00:00Z'), '2026-03-02T02:00:00Z', '2026-03-02T03:00:00+01:00'];
      // when / then all are working time
      expect(inputs.map((t) => cal.isWorkingTime(t))).toEqual([true, true, true]);
    });
  });

  describe('Scenario Outline: addWorkingTime', () => {
    it.each<[string, string | number, string, string]>([
      ['2026-03-02T09:00', 'PT3H', '2026-03-02T12:00', 'ends exactly at the shift end, not at 13:30'],
      ['2026-03-02T09:00', 3 * H, '2026-03-02T12:00', 'the same, in milliseconds'],
      ['2026-03-02T09:00', 'PT3H1M', '2026-03-02T13:31', 'one minute more crosses the lunch break'],
      ['2026-03-02T11:00', 'PT2H', '2026-03-02T14:30', 'one hour before lunch, one after'],
      ['2026-03-02T12:00', 'PT1M', '2026-03-02T13:31', 'starting at a shift end'],
      ['2026-03-02T12:30', 'PT30M', '2026-03-02T14:00', 'starting in the lunch break'],
      ['2026-03-02T08:00', 'PT1H', '2026-03-02T10:00', 'starting before opening'],
      ['2026-03-02T09:00', 'PT7H30M', '2026-03-02T18:00', 'a full day ends at closing time, not next morning'],
      ['2026-03-02T09:00', 'PT7H31M', '2026-03-03T09:01', 'one minute more is next morning'],
      ['2026-03-02T09:00', 'PT37H30M', '2026-03-06T18:00', 'a full week ends Friday at closing time'],
      ['2026-03-06T17:00', 'PT2H', '2026-03-09T10:00', 'Friday evening to Monday over the weekend'],
      ['2026-03-07T10:00', 'PT1H', '2026-03-09T10:00', 'starting on a Saturday'],
      ['2026-02-13T17:00', 'PT2H', '2026-02-14T10:00', 'Friday to the make-up Saturday'],
      ['2026-02-13T18:00', 'PT8H', '2026-02-24T09:30', 'over the make-up Saturday and the 9-day Spring Festival'],
      ['2026-09-30T17:00', 'PT2H', '2026-10-08T10:00', 'over the National Day week'],
      ['2026-09-24T18:00', 'PT1H', '2026-09-28T10:00', 'over Mid-Autumn (Friday to Sunday)'],
      ['2026-09-18T17:00', 'PT2H', '2026-09-20T10:00', 'Friday to the make-up Sunday'],
      ['2026-12-31T17:00', 'PT2H', '2027-01-01T10:00', 'the sample has no 2027 holidays: 2027-01-01 is an ordinary Friday'],
      ['2026-03-02T10:00', 'PT0.5S', '2026-03-02T10:00:00.500', 'fractional seconds'],
    ])('%s + %s = %s (%s)', (start, d, expected, _why) => {
      // given a start instant in Shanghai
      // when working time is added
      const result = cal.addWorkingTime(sh(start), d);
      // then it ends at the expected local instant
      expectInstant(result, expected.length > 16 ? `${expected}+08:00` : sh(expected));
    });

    it('adding zero returns the instant unchanged, even outside working time', () => {
      // given a Saturday instant and an instant in the lunch break
      const saturday = sh('2026-03-07T10:00') + 123;
      const lunch = sh('2026-03-02T12:45');
      // when zero is added
      // then nothing moves
      expect([cal.addWorkingTime(saturday, 'PT0S'), cal.addWorkingTime(lunch, 0)]).toEqual([saturday, lunch]);
    });

    it('takes and gives epoch ms: a Date or ISO text in, a number out', () => {
      // given the same start as a Date and as text with a different offset
      // when a working hour is added
      const a = cal.addWorkingTime(new Date('2026-03-02T01:00:00Z'), 'PT1H');
      const b = cal.addWorkingTime('2026-03-02T02:00:00+01:00', 'pt1h');
      // then both give the same epoch ms number
      expect(a).toBe(sh('2026-03-02T10:00'));
      expect(b).toBe(a);
    });
  });

  describe('Scenario Outline: workingTimeBetween', () => {
    it.each([
      ['2026-03-02T08:00', '2026-03-02T14:00', 3.5 * H, 'morning shift and half an hour after lunch'],
      ['2026-03-02T09:00', '2026-03-02T18:00', 7.5 * H, 'one full day'],
      ['2026-03-02T12:00', '2026-03-02T13:30', 0, 'the lunch break'],
      ['2026-03-02T10:00', '2026-03-02T10:00', 0, 'an empty range'],
      ['2026-03-02T00:00', '2026-03-09T00:00', 37.5 * H, 'an ordinary week'],
      ['2026-02-14T00:00', '2026-02-28T00:00', 37.5 * H, 'make-up Saturday, Spring Festival, then four days'],
      ['2026-09-28T00:00', '2026-10-12T00:00', 45 * H, 'three days, National Day week, two days and a make-up Saturday'],
      ['2026-01-01T00:00', '2027-01-01T00:00', 248 * 7.5 * H, 'the whole of 2026: 248 working days'],
      ['2026-03-02T11:59', '2026-03-02T13:31', 2 * MIN, 'a minute each side of lunch'],
    ])('[%s, %s) holds %d ms (%s)', (a, b, expected) => {
      // given two instants
      // when the working time between them is measured
      // then it is exact
      expect(cal.workingTimeBetween(sh(a), sh(b))).toBe(expected);
    });

    it('is negative when the end comes before the start', () => {
      // given a range given backwards
      // when measured
      // then the result is minus the forward measure
      expect(cal.workingTimeBetween(sh('2026-03-02T14:00'), sh('2026-03-02T08:00'))).toBe(-3.5 * H);
    });
  });

  describe('Scenario Outline: nextWorkingTime', () => {
    it.each([
      ['2026-03-02T10:00', '2026-03-02T10:00', 'already working time'],
      ['2026-03-02T09:00', '2026-03-02T09:00', 'at a shift start'],
      ['2026-03-02T12:00', '2026-03-02T13:30', 'at a shift end: the next shift'],
      ['2026-03-02T18:00', '2026-03-03T09:00', 'after closing'],
      ['2026-03-07T10:00', '2026-03-09T09:00', 'on a Saturday'],
      ['2026-02-13T18:00', '2026-02-14T09:00', 'Friday evening before a make-up Saturday'],
      ['2026-02-14T18:00', '2026-02-24T09:00', 'after the make-up Saturday, over Spring Festival'],
      ['2026-09-26T10:00', '2026-09-28T09:00', 'during Mid-Autumn'],
      ['2026-10-01T00:00', '2026-10-08T09:00', 'at the start of National Day week'],
    ])('from %s is %s (%s)', (start, expected) => {
      // given an instant
      // when the next working time is asked for
      // then
      expectInstant(cal.nextWorkingTime(sh(start)), sh(expected));
    });
  });
});
