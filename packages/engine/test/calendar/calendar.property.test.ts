/**
 * Properties of business calendars over generated calendars (zones with and without
 * daylight saving, 1–3 shifts on open weekdays, holidays, make-up days, long closures),
 * instants (uniform, and close to daylight-saving changes) and durations.
 *
 * The seed is printed and can be replayed: `HANDOFF_SEED=<seed> npx vitest run
 * packages/engine/test/calendar` (`HANDOFF_RUNS` sets the number of runs).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ALWAYS, businessCalendar } from '../../src/index';
import { calendarConfig, DAYS, duration, instant, oracle, ZONES } from './arbitraries';
import { fcParams } from './fcConfig';

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
