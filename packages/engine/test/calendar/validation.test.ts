/**
 * Feature: calendar configurations, durations and instants are checked, and every refusal
 * is a typed error naming the field at fault.
 */
import { describe, expect, it } from 'vitest';
import { ALWAYS, InvalidArgumentError, InvalidTimerError, ValidationError, businessCalendar, calendarFromJson, type BusinessCalendarConfig } from '../../src/index';
import { sampleText, shanghai, thrown } from './support';

const base: BusinessCalendarConfig = { name: 'office', zone: 'Asia/Shanghai', hours: { mon: ['09:00-12:00', '13:30-18:00'] } };
const withFields = (fields: Record<string, unknown>) => ({ ...base, ...fields }) as BusinessCalendarConfig;

describe('Feature: businessCalendar() refuses a bad configuration', () => {
  it.each<[string, Record<string, unknown>, string, string]>([
    ['an unknown zone', { zone: 'Mars/Olympus' }, 'zone', "'Mars/Olympus' is not a known IANA time zone"],
    ['a zone that is not text', { zone: 8 }, 'zone', 'expected a string'],
    ['an empty name', { name: '  ' }, 'name', 'must not be empty'],
    ['no name', { name: undefined }, 'name', 'expected a string'],
    ['an empty version', { version: '' }, 'version', 'must not be empty'],
    ['overlapping shifts', { hours: { mon: ['09:00-12:00', '11:00-13:00'] } }, 'hours.mon[1]', "'11:00-13:00' overlaps '09:00-12:00'"],
    ['overlapping shifts listed out of order', { hours: { tue: ['13:30-18:00', '09:00-14:00'] } }, 'hours.tue[1]', "'09:00-14:00' overlaps '13:30-18:00'"],
    ['a shift without leading zeros', { hours: { tue: ['9:00-12:00'] } }, 'hours.tue[0]', "'9:00-12:00' is not a shift HH:MM-HH:MM"],
    ['a shift ending before it starts', { hours: { wed: ['09:00-12:00', '18:00-13:30'] } }, 'hours.wed[1]', "'18:00-13:30' does not end after it starts"],
    ['an empty shift', { hours: { thu: ['09:00-09:00'] } }, 'hours.thu[0]', "'09:00-09:00' does not end after it starts"],
    ['a shift ending after 24:00', { hours: { fri: ['20:00-24:30'] } }, 'hours.fri[0]', "'20:00-24:30' ends at an impossible time (24:30); the latest end is 24:00"],
    ['a shift starting at 24:00', { hours: { sat: ['24:00-24:00'] } }, 'hours.sat[0]', "'24:00-24:00' starts at an impossible time (24:00)"],
    ['a minute 60', { hours: { sun: ['09:60-10:00'] } }, 'hours.sun[0]', "'09:60-10:00' starts at an impossible time (09:60)"],
    ['hours of a day given as one string', { hours: { mon: '09:00-17:00' } }, 'hours.mon', 'expected a list'],
    ['a misspelt day', { hours: { monday: ['09:00-17:00'] } }, 'hours', "unknown field 'monday' (allowed: mon, tue, wed, thu, fri, sat, sun)"],
    ['an impossible holiday', { holidays: ['2026-10-01', '2026-02-30'] }, 'holidays[1]', "'2026-02-30' is not a day of the calendar"],
    ['a holiday not written YYYY-MM-DD', { holidays: ['2026-10-1'] }, 'holidays[0]', "'2026-10-1' is not a date YYYY-MM-DD"],
    ['a holiday out of range', { holidays: ['1899-12-31'] }, 'holidays[0]', "'1899-12-31' is outside the years 1900–2199"],
    ['a workday that is not text', { workdays: [20260920] }, 'workdays[0]', 'expected a string'],
    ['a date both holiday and workday', { holidays: ['2026-10-01'], workdays: ['2026-09-20', '2026-10-01'] }, 'workdays[1]', '2026-10-01 is listed both as a holiday and as a workday'],
    ['workdays without Monday hours', { hours: { tue: ['09:00-17:00'] }, workdays: ['2026-09-20'] }, 'workdays', "make-up workdays open with Monday's hours, but Monday has none"],
    ['an unknown top-level field', { holiday: ['2026-10-01'] }, 'calendar config', "unknown field 'holiday'"],
  ])('Scenario: %s', (_title, fields, field, message) => {
    // given a configuration with one mistake
    // when a calendar is built from it
    const err = thrown(() => businessCalendar(withFields(fields)));
    // then INVALID_ARGUMENT names the field, says what is wrong and how to fix it
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: field });
    expect(err.message).toContain(`Invalid ${field}: ${message}`);
    expect(String(err.hint).length).toBeGreaterThan(10);
  });

  it('Scenario: several mistakes are counted in the message; the first names the field', () => {
    const err = thrown(() => businessCalendar(withFields({ zone: 'Nowhere', hours: { mon: ['x'] } })));
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'zone' });
    expect(err.message).toContain('(and 1 more problem)');
  });

  it('Scenario: a configuration that is not an object', () => {
    const err = thrown(() => businessCalendar(null as unknown as BusinessCalendarConfig));
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'calendar config' });
    expect(err.message).toContain('expected an object');
  });
});

describe('Feature: businessCalendar() accepts and normalizes good configurations', () => {
  it('Scenario: shifts out of order, touching shifts, 24:00, duplicate dates', () => {
    // given an untidy but valid configuration
    const cal = businessCalendar({
      name: ' desk ',
      zone: 'Europe/Berlin',
      hours: { mon: ['18:00-24:00', '09:00-12:00', '12:00-13:00'], sun: [] },
      holidays: ['2026-12-25', '2026-12-24', '2026-12-25'],
      workdays: [],
    });
    // when it is read back
    // then it is in normal form: name trimmed, shifts sorted, closed days dropped, dates sorted once
    expect(cal.toJSON()).toEqual({
      name: 'desk',
      zone: 'Europe/Berlin',
      hours: { mon: ['09:00-12:00', '12:00-13:00', '18:00-24:00'] },
      holidays: ['2026-12-24', '2026-12-25'],
      workdays: [],
    });
    // and touching shifts work as one: 09:00 + 4 h is 13:00
    expect(new Date(cal.addWorkingTime('2026-03-02T09:00:00+01:00', 'PT4H')).toISOString()).toBe('2026-03-02T12:00:00.000Z');
  });
});

describe('Feature: calendarFromJson() loads JSON data and reports every problem', () => {
  it('Scenario: the Shanghai sample file loads', () => {
    // given the sample file's text
    // when loaded
    const cal = calendarFromJson(sampleText);
    // then it equals the calendar built from the parsed object
    expect(cal.toJSON()).toEqual(calendarFromJson(JSON.parse(sampleText)).toJSON());
    expect(cal.toJSON().note).toMatch(/^SAMPLE DATA, not authoritative/);
  });

  it('Scenario: text that is not JSON', () => {
    const err = thrown(() => calendarFromJson('{ "name": '));
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', issues: [{ path: [], code: 'invalid_json' }] });
  });

  it('Scenario: every problem is listed with its path and code', () => {
    // given data with five mistakes
    const data = {
      name: '',
      zone: 'Mars/Olympus',
      hours: { mon: ['09:00-12:00', '11:00-13:00'], tue: ['9-5'], funday: [] },
      holidays: ['2026-02-30'],
      extra: true,
    };
    // when loaded
    const err = thrown(() => calendarFromJson(data)) as unknown as ValidationError;
    // then all of them are reported, each naming its field
    expect(err).toBeInstanceOf(ValidationError);
    expect(err.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['name', 'too_small'],
      ['zone', 'unknown_zone'],
      ['hours.mon.1', 'shift_overlap'],
      ['hours.tue.0', 'invalid_shift'],
      ['hours', 'unrecognized_keys'],
      ['holidays.0', 'invalid_date'],
      ['', 'unrecognized_keys'],
    ]);
    expect(err.message).toContain("zone: 'Mars/Olympus' is not a known IANA time zone");
  });

  it('Scenario: cross-field problems are reported once the fields themselves are valid', () => {
    const err = thrown(() => calendarFromJson({ name: 'x', zone: 'UTC', hours: { tue: ['09:00-17:00'] }, holidays: ['2026-01-01'], workdays: ['2026-01-01'] })) as unknown as ValidationError;
    expect(err.issues.map((i) => [i.path.join('.'), i.code])).toEqual([
      ['workdays.0', 'holiday_and_workday'],
      ['workdays', 'workdays_without_monday'],
    ]);
  });

  it.each([[null], [[]], [42]])('Scenario: %j is not a calendar', (data) => {
    const err = thrown(() => calendarFromJson(data)) as unknown as ValidationError;
    expect(err.issues).toEqual([{ path: [], code: 'invalid_type', message: 'expected an object' }]);
  });
});

describe('Feature: working-time durations', () => {
  it.each(['P1W', 'P1M', 'P1Y', 'P1WT2H'])('Scenario: %s is refused: weeks, months and years are not working-time units', (d) => {
    // given a duration with weeks, months or years
    // when it is added as working time
    const err = thrown(() => shanghai.addWorkingTime('2026-03-02T09:00:00+08:00', d));
    // then INVALID_ARGUMENT asks for working days or hours
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'working-time duration' });
    expect(err.hint).toContain('express working time in working days, hours, minutes and seconds, e.g. P2D or PT16H');
  });

  it.each<[string | number]>([['-PT1H'], ['soon'], ['PT'], [-1], [Number.NaN], [Number.POSITIVE_INFINITY]])('Scenario: %j is not a duration', (d) => {
    const err = thrown(() => shanghai.addWorkingTime('2026-03-02T09:00:00+08:00', d));
    expect(err).toBeInstanceOf(InvalidTimerError);
    expect(err).toMatchObject({ code: 'INVALID_TIMER' });
  });

  it('Scenario: a duration of the wrong type', () => {
    const err = thrown(() => shanghai.addWorkingTime(0 + Date.parse('2026-03-02T09:00:00+08:00'), null as unknown as string));
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'working-time duration' });
    expect(err.message).toContain('got null');
  });

  it('Scenario: P0D and PT0S are zero', () => {
    const t = Date.parse('2026-03-07T10:00:00+08:00');
    expect([shanghai.addWorkingTime(t, 'P0D'), shanghai.addWorkingTime(t, 'PT0S')]).toEqual([t, t]);
  });
});

describe('Feature: instants', () => {
  it.each<[unknown]>([['yesterday'], ['2026-03-02T09:00:00'], [new Date('nope')], [Number.NaN]])('Scenario: %j is not an instant', (t) => {
    const err = thrown(() => shanghai.isWorkingTime(t as string));
    expect(err).toBeInstanceOf(InvalidTimerError);
    expect(err).toMatchObject({ code: 'INVALID_TIMER' });
  });

  it.each(['1899-12-31T23:59:59Z', '2200-01-01T00:00:00Z'])('Scenario: %s is outside the supported range', (t) => {
    const err = thrown(() => shanghai.nextWorkingTime(t));
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'instant' });
    expect(err.message).toContain('1900-01-01 to 2200-01-01');
  });

  it('Scenario: the 24/7 calendar takes any instant', () => {
    const t = Date.parse('1850-01-01T00:00:00Z');
    expect(ALWAYS.addWorkingTime(t, 'PT1H')).toBe(t + 3_600_000);
  });
});
