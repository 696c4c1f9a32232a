/**
 * Property: `addWorkingTime(t, 'PnD')` agrees with the definition of working days (decision
 * 0021) evaluated by a slow reference built on the wall-clock oracle: scan quarter-hours
 * (every shift bound and every daylight-saving change of the generated zones lies on one)
 * with `oracle(config, t)` — no calendar code involved.
 *
 * Replay: `HANDOFF_SEED=<seed> npx vitest run packages/engine/test/calendar/workingDays.property.test.ts`.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { businessCalendar, type BusinessCalendarConfig } from '../../src/index';
import { calendarConfig, instant, oracle } from './arbitraries';
import { fcParams } from './fcConfig';

const Q = 15 * 60_000;

/** The first working instant >= t, by quarter-hour scan. */
function nextWorking(config: BusinessCalendarConfig, t: number): number {
  if (oracle(config, t)) return t;
  for (let q = Math.floor(t / Q) * Q + Q; ; q += Q) if (oracle(config, q)) return q;
}

/** Working quarter-hour starts of a local date (epoch ms, in order). */
function workingQuarters(config: BusinessCalendarConfig, date: DateTime): number[] {
  const from = date.startOf('day').toMillis();
  const to = date.plus({ days: 1 }).startOf('day').toMillis();
  const out: number[] = [];
  for (let q = from; q < to; q += Q) if (oracle(config, q)) out.push(q);
  return out;
}

/** The definition, step by step. */
function reference(config: BusinessCalendarConfig, t: number, n: number): number {
  const s = nextWorking(config, t);
  const local = DateTime.fromMillis(s, { zone: config.zone });
  let day = local.startOf('day');
  let quarters: number[] = [];
  for (let found = 0; found < n; ) {
    day = day.plus({ days: 1 });
    quarters = workingQuarters(config, day);
    if (quarters.length) found++;
  }
  const wall = { hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond };
  let target = day.set(wall).toMillis();
  // a repeated local time: its first occurrence (scan back up to 3 hours for the same wall clock)
  for (let back = Q; back <= 3 * 4 * Q; back += Q) {
    const e = DateTime.fromMillis(target - back, { zone: config.zone });
    if (e.day === day.day && e.hour === wall.hour && e.minute === wall.minute && e.second === wall.second && e.millisecond === wall.millisecond) target -= back;
  }
  const dayEnd = day.plus({ days: 1 }).startOf('day').toMillis();
  if (oracle(config, target)) return target;
  const later = quarters.find((q) => q > target);
  if (later !== undefined && later < dayEnd) return later;
  return quarters[quarters.length - 1]! + Q; // the close of the day's last shift
}

describe('Property: working days', () => {
  it('addWorkingTime(t, PnD) equals the quarter-hour reference of the definition', () => {
    fc.assert(
      fc.property(calendarConfig, instant, fc.integer({ min: 1, max: 4 }), (config, t, n) => {
        const cal = businessCalendar(config);
        const r = cal.addWorkingTime(t, `P${n}D`);
        expect(new Date(r).toISOString()).toBe(new Date(reference(config, t, n)).toISOString());
      }),
      { ...fcParams, numRuns: Math.min(fcParams.numRuns ?? 100, 100) },
    );
  });

  it('the result is later than t, ends in working time or at a close, and grows with n', () => {
    fc.assert(
      fc.property(calendarConfig, instant, fc.integer({ min: 1, max: 5 }), (config, t, n) => {
        const cal = businessCalendar(config);
        const r = cal.addWorkingTime(t, `P${n}D`);
        expect(r).toBeGreaterThan(t);
        expect(cal.isWorkingTime(r) || cal.isWorkingTime(r - 1)).toBe(true);
        expect(cal.addWorkingTime(t, `P${n + 1}D`)).toBeGreaterThan(r);
        // days then hours is a day, then working time
        expect(cal.addWorkingTime(t, `P${n}DT1H`)).toBe(cal.addWorkingTime(r, 'PT1H'));
      }),
      fcParams,
    );
  });
});
