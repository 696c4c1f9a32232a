/**
 * Generators and the wall-clock oracle shared by the business-calendar properties:
 * calendars (zones with and without daylight saving, 1–3 shifts on open weekdays,
 * holidays, make-up days, long closures), instants (uniform, and near daylight-saving
 * changes) and durations.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import type { BusinessCalendarConfig } from '../../src/index';

export const MIN = 60_000;
export const H = 60 * MIN;
export const DAY = 24 * H;
export const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Shanghai', 'UTC'] as const;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const FROM = Date.UTC(2026, 0, 1);
export const TO = Date.UTC(2028, 0, 1);
/** Daylight-saving changes of the DST zones above in 2026–2027 (UTC). */
export const CHANGES = [
  '2026-03-08T07:00Z', '2026-11-01T06:00Z', '2027-03-14T07:00Z', '2027-11-07T06:00Z', // New York
  '2026-03-29T01:00Z', '2026-10-25T01:00Z', '2027-03-28T01:00Z', '2027-10-31T01:00Z', // Berlin
  '2026-04-04T16:00Z', '2026-10-03T16:00Z', '2027-04-03T16:00Z', '2027-10-02T16:00Z', // Sydney
].map((s) => Date.parse(s));

const hhmm = (quarter: number) => `${String(Math.floor(quarter / 4)).padStart(2, '0')}:${String((quarter % 4) * 15).padStart(2, '0')}`;

/** 1–3 shifts on a quarter-hour grid, sometimes touching, possibly listed out of order. */
const shifts: fc.Arbitrary<string[]> = fc
  .integer({ min: 1, max: 3 })
  .chain((n) => fc.tuple(fc.uniqueArray(fc.integer({ min: 0, max: 96 }), { minLength: 2 * n, maxLength: 2 * n }), fc.boolean(), fc.boolean()))
  .map(([bounds, touch, reverse]) => {
    const b = [...bounds].sort((x, y) => x - y);
    const list = Array.from({ length: b.length / 2 }, (_, i) => [b[2 * i]!, b[2 * i + 1]!] as [number, number]);
    if (touch && list.length > 1) list[1]![0] = list[0]![1];
    const texts = list.filter(([s, e]) => e > s).map(([s, e]) => `${hhmm(s)}-${hhmm(e)}`);
    return reverse ? texts.reverse() : texts;
  });

const isoDate = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (t: number) => Math.floor(t / DAY);

/** A calendar: Monday always open (make-up days need it), other days open with probability 5/7. */
export const calendarConfig: fc.Arbitrary<BusinessCalendarConfig> = fc
  .record({
    zone: fc.constantFrom(...ZONES),
    mon: shifts,
    others: fc.tuple(...DAYS.slice(1).map(() => fc.option(shifts, { freq: 3 }))),
    dates: fc.uniqueArray(fc.integer({ min: dayOf(FROM) - 3, max: dayOf(TO) + 3 }), { maxLength: 40 }),
    split: fc.integer({ min: 0, max: 40 }),
    closure: fc.option(fc.record({ start: fc.integer({ min: dayOf(FROM), max: dayOf(TO) }), days: fc.integer({ min: 7, max: 35 }) }), { freq: 3 }),
  })
  .map(({ zone, mon, others, dates, split, closure }) => {
    const hours: Record<string, string[]> = { mon };
    others.forEach((s, i) => {
      if (s) hours[DAYS[i + 1]!] = s;
    });
    const workdays = dates.slice(0, split).map(isoDate);
    const taken = new Set(workdays);
    const closed = closure ? Array.from({ length: closure.days }, (_, i) => isoDate(closure.start + i)) : [];
    const holidays = [...dates.slice(split).map(isoDate), ...closed].filter((d) => !taken.has(d));
    return { name: 'generated', zone, hours, holidays, workdays };
  });

export const instant: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([c, dt]) => c + dt),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -48 * 4, max: 48 * 4 })).map(([c, q]) => c + q * 15 * MIN),
);

export const duration: fc.Arbitrary<number> = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 80 * H }),
  fc.integer({ min: 1, max: 80 * 4 }).map((q) => q * 15 * MIN),
);

/** The definition, evaluated with luxon for one instant: is the local wall-clock time inside a shift of its local date? */
export function oracle(config: BusinessCalendarConfig, t: number): boolean {
  const dt = DateTime.fromMillis(t, { zone: config.zone });
  const date = dt.toISODate()!;
  if (config.holidays?.includes(date)) return false;
  const key = config.workdays?.includes(date) ? 'mon' : DAYS[dt.weekday - 1]!;
  const minute = dt.hour * 60 + dt.minute + (dt.second * 1000 + dt.millisecond) / MIN;
  return (config.hours[key] ?? []).some((s) => {
    const [a, b] = s.split('-').map((x) => Number(x.slice(0, 2)) * 60 + Number(x.slice(3)));
    return minute >= a! && minute < b!;
  });
}

