/**
 * Properties of business calendars over generated calendars (zones with and without
 * daylight saving, 1–3 shifts on open weekdays, holidays, make-up days, long closures),
 * instants (uniform, and close to daylight-saving changes) and durations.
 *
 * The seed is printed and can be replayed: `HANDOFF_SEED=<seed> npx vitest run
 * packages/engine/test/calendar` (`HANDOFF_RUNS` sets the number of runs).
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { ALWAYS, businessCalendar, type BusinessCalendarConfig } from '../../src/index';
import { fcParams } from './fcConfig';

const MIN = 60_000;
const H = 60 * MIN;
const DAY = 24 * H;
const ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Shanghai', 'UTC'] as const;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
const FROM = Date.UTC(2026, 0, 1);
const TO = Date.UTC(2028, 0, 1);
/** Daylight-saving changes of the DST zones above in 2026–2027 (UTC). */
const CHANGES = [
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
const calendarConfig: fc.Arbitrary<BusinessCalendarConfig> = fc
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

const instant: fc.Arbitrary<number> = fc.oneof(
  fc.integer({ min: FROM, max: TO }),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -2 * DAY, max: 2 * DAY })).map(([c, dt]) => c + dt),
  fc.tuple(fc.constantFrom(...CHANGES), fc.integer({ min: -48 * 4, max: 48 * 4 })).map(([c, q]) => c + q * 15 * MIN),
);

const duration: fc.Arbitrary<number> = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 1, max: 80 * H }),
  fc.integer({ min: 1, max: 80 * 4 }).map((q) => q * 15 * MIN),
);

/** The definition, evaluated with luxon for one instant: is the local wall-clock time inside a shift of its local date? */
function oracle(config: BusinessCalendarConfig, t: number): boolean {
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

describe('Property: business calendar arithmetic', () => {
  it('isWorkingTime agrees with the wall-clock definition evaluated by luxon', () => {
    fc.assert(
      fc.property(calendarConfig, fc.array(instant, { minLength: 1, maxLength: 20 }), (config, ts) => {
        const cal = businessCalendar(config);
        for (const t of ts) expect(cal.isWorkingTime(t), new Date(t).toISOString()).toBe(oracle(config, t));
      }),
      fcParams,
    );
  });

  it('1. addWorkingTime(t, d) >= t and workingTimeBetween(t, addWorkingTime(t, d)) === d', () => {
    fc.assert(
      fc.property(calendarConfig, instant, duration, (config, t, d) => {
        const cal = businessCalendar(config);
        const r = cal.addWorkingTime(t, d);
        expect(r).toBeGreaterThanOrEqual(t);
        expect(cal.workingTimeBetween(t, r)).toBe(d);
        expect(cal.workingTimeBetween(r, t)).toBe(d === 0 ? 0 : -d); // never -0
      }),
      fcParams,
    );
  });

  it('2. additivity add(add(t, a), b) === add(t, a + b), and monotone in t and in d', () => {
    fc.assert(
      fc.property(calendarConfig, instant, instant, duration, duration, (config, t1, t2, a, b) => {
        const cal = businessCalendar(config);
        expect(cal.addWorkingTime(cal.addWorkingTime(t1, a), b)).toBe(cal.addWorkingTime(t1, a + b));
        const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
        expect(cal.addWorkingTime(lo, a)).toBeLessThanOrEqual(cal.addWorkingTime(hi, a));
        const [dLo, dHi] = a <= b ? [a, b] : [b, a];
        expect(cal.addWorkingTime(t1, dLo)).toBeLessThanOrEqual(cal.addWorkingTime(t1, dHi));
      }),
      fcParams,
    );
  });

  it('3. a positive add ends in working time or exactly at a shift end, and is the earliest such instant', () => {
    fc.assert(
      fc.property(calendarConfig, instant, duration.filter((d) => d > 0), (config, t, d) => {
        const cal = businessCalendar(config);
        const r = cal.addWorkingTime(t, d);
        // r − 1 ms is working time: r is inside a shift or is the end of one
        expect(cal.isWorkingTime(r - 1)).toBe(true);
        // one ms earlier is one ms short
        expect(cal.workingTimeBetween(t, r - 1)).toBe(d - 1);
      }),
      fcParams,
    );
  });

  it('4. the 24/7 calendar is plain arithmetic, also when written as shifts in a zone with daylight saving', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), instant, instant, duration, (zone, a, b, d) => {
        const split = businessCalendar({ name: 'split', zone, hours: Object.fromEntries(DAYS.map((k) => [k, ['12:00-24:00', '00:00-12:00']])) });
        for (const cal of [ALWAYS, split]) {
          expect(cal.addWorkingTime(a, d)).toBe(a + d);
          expect(cal.workingTimeBetween(a, b)).toBe(b - a);
          expect(cal.isWorkingTime(a)).toBe(true);
          expect(cal.nextWorkingTime(a)).toBe(a);
        }
      }),
      fcParams,
    );
  });

  it('5. nextWorkingTime(t) >= t, is working time, and no working time lies between', () => {
    fc.assert(
      fc.property(calendarConfig, instant, (config, t) => {
        const cal = businessCalendar(config);
        const n = cal.nextWorkingTime(t);
        expect(n).toBeGreaterThanOrEqual(t);
        expect(cal.isWorkingTime(n)).toBe(true);
        expect(cal.workingTimeBetween(t, n)).toBe(0);
        if (n > t) expect(cal.isWorkingTime(t)).toBe(false);
      }),
      fcParams,
    );
  });

  it('6. workingTimeBetween is additive over adjacent ranges and never exceeds elapsed time', () => {
    fc.assert(
      fc.property(calendarConfig, instant, instant, instant, (config, a, b, c) => {
        const cal = businessCalendar(config);
        expect(cal.workingTimeBetween(a, b) + cal.workingTimeBetween(b, c)).toBe(cal.workingTimeBetween(a, c));
        const w = cal.workingTimeBetween(a, b);
        expect(Math.abs(w)).toBeLessThanOrEqual(Math.abs(b - a));
        expect(Math.sign(w) * Math.sign(b - a)).toBeGreaterThanOrEqual(0);
      }),
      fcParams,
    );
  });

  it('7. a calendar rebuilt from its JSON gives the same answers', () => {
    fc.assert(
      fc.property(calendarConfig, instant, duration, (config, t, d) => {
        const cal = businessCalendar(config);
        const copy = businessCalendar(JSON.parse(JSON.stringify(cal)));
        expect(copy.addWorkingTime(t, d)).toBe(cal.addWorkingTime(t, d));
        expect(copy.nextWorkingTime(t)).toBe(cal.nextWorkingTime(t));
        expect(copy.workingTimeBetween(t, t + d)).toBe(cal.workingTimeBetween(t, t + d));
      }),
      fcParams,
    );
  });
});
