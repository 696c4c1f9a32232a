/**
 * Reading task dates, as properties over random instants and IANA zones: a date-time written
 * with its offset, with `Z`, or with a bracketed zone reads back as the instant; the same wall
 * time written without either reads in the engine's zone (away from daylight-saving gaps and
 * overlaps, where a wall time names no or two instants); a Camunda 7 duration counts from the
 * creation time.
 */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { readTaskDate } from '../../src/tasks/taskDates';
import { fcParams } from '../fc';

const ZONES = ['UTC', 'Asia/Shanghai', 'Europe/Berlin', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu'];
const instant = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2060, 0, 1) }).map((ms) => Math.floor(ms / 1000) * 1000);
/** Does the zone's offset change within an hour either side of `at` (a DST change: wall times there may name no or two instants)? */
const nearOffsetChange = (at: number, zone: string) => {
  const offset = (t: number) => DateTime.fromMillis(t, { zone }).offset;
  return offset(at - 3_600_000) !== offset(at) || offset(at + 3_600_000) !== offset(at);
};
const PATH = 'packages/engine/test/tasks/taskDates.property.test.ts';

describe('Feature: task dates read as the instants they name', () => {
  it('Property: offset, Z and bracketed zone forms read back as the instant, in any engine zone', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), fc.constantFrom(...ZONES), (at, written, engineZone) => {
        const dt = DateTime.fromMillis(at, { zone: written });
        const forms = [dt.toISO({ suppressMilliseconds: true })!, dt.toUTC().toISO({ suppressMilliseconds: true })!];
        // a bracketed wall time names one instant away from a DST change (near one it may name two)
        if (!nearOffsetChange(at, written)) forms.push(`${dt.toFormat("yyyy-MM-dd'T'HH:mm:ss")}[${written}]`);
        for (const text of forms) expect(readTaskDate(text, 0, engineZone, false), text).toEqual({ ok: true, at });
      }),
      fcParams('task dates: written forms', PATH, 300),
    );
  });

  it('Property: a zone-less wall time reads in the engine zone (where that wall time names one instant)', () => {
    fc.assert(
      fc.property(instant, fc.constantFrom(...ZONES), (at, zone) => {
        const dt = DateTime.fromMillis(at, { zone });
        fc.pre(!nearOffsetChange(at, zone));
        expect(readTaskDate(dt.toFormat("yyyy-MM-dd'T'HH:mm:ss"), 0, zone, false)).toEqual({ ok: true, at });
      }),
      fcParams('task dates: zone-less', PATH, 300),
    );
  });

  it('Property: a Camunda 7 duration in hours and minutes is that many ms after creation; refused where durations are not taken', () => {
    fc.assert(
      fc.property(instant, fc.nat(500), fc.nat(59), (now, h, m) => {
        const text = `PT${h}H${m}M`;
        expect(readTaskDate(text, now, 'UTC', true)).toEqual({ ok: true, at: now + (h * 60 + m) * 60_000 });
        expect(readTaskDate(text, now, 'UTC', false).ok).toBe(false);
      }),
      fcParams('task dates: durations', PATH, 200),
    );
  });
});
