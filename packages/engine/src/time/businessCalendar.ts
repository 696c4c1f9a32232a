/**
 * Business calendars: when work happens (shifts per weekday in an IANA zone, holidays,
 * make-up workdays), and arithmetic in working time — "4 working hours after this
 * instant", "working time between these two instants".
 *
 * A calendar is an immutable value built from JSON data ({@link BusinessCalendarConfig}).
 * Instants go in as epoch ms, `Date` or ISO 8601 strings with an offset, and come out as
 * epoch ms. Working-time durations are ISO 8601 hours, minutes and seconds (`PT4H`,
 * `PT1H30M`), milliseconds, or **working days** (`P2D`, `P1DT4H`): a day is "the same local
 * time on the next working day, clamped to that day's close" (see `workingDays.ts` and
 * decision 0021); weeks, months and years are refused.
 *
 * Semantics (see `docs/calendars.md`):
 * - An instant is working time when its local date and wall-clock time fall in a shift
 *   of that date; shift starts are inside, shift ends outside (`[start, end)`).
 * - `addWorkingTime(t, d)` is the earliest instant s with exactly d of working time in
 *   [t, s): for d > 0 it is working time or exactly a shift's end (09:00 + PT3H on a
 *   09:00–12:00 shift is 12:00, not the 13:30 start of the next shift).
 * - `addWorkingTime(t, 'P2D')` is the same local time as `t` (or as the next opening, when
 *   `t` is not working time) on the 2nd working day after it, clamped to that day's close;
 *   `P1DT4H` adds the day first, then 4 hours of working time.
 * - Shifts are wall-clock times: a daylight-saving gap shortens a shift, a repeated hour
 *   counts its real elapsed time.
 * - Searches give up after 10 years without working time; instants must lie in
 *   1900-01-01 … 2200-01-01 (the 24/7 calendar has no such limit).
 *
 * @module
 */
import { InvalidArgumentError, InvalidTimerError, ValidationError } from '../errors';
import { compileCalendarConfig, fieldName, WEEKDAYS, type BusinessCalendarConfig, type CompiledCalendar } from './calendarConfig';
import { toEpochMs, type Instant } from './clock';
import { durationToMs, parseDuration } from './duration';
import { addWorkingDays } from './workingDays';
import { MAX_INSTANT, MIN_INSTANT, WorkingTime } from './workingTime';

/**
 * A working-time duration: ISO 8601 with working days, hours, minutes and seconds
 * (`P2D`, `P1DT4H`, `PT16H`), or ms >= 0. Weeks, months and years are refused.
 *
 * @example
 * ```ts
 * const firstContact: WorkingDuration = 'P2D'; // same local time on the 2nd working day
 * const sla: WorkingDuration = 'PT16H';        // 16 hours of working time
 * const grace: WorkingDuration = 15 * 60_000;
 * ```
 */
export type WorkingDuration = string | number;

/**
 * A business calendar: immutable, safe to share. Build one with {@link businessCalendar}
 * or {@link calendarFromJson}; {@link ALWAYS} is the 24/7 calendar.
 *
 * @example
 * ```ts
 * const cal = businessCalendar({ name: 'office', zone: 'Europe/Berlin', hours: { mon: ['09:00-17:00'] } });
 * cal.addWorkingTime('2026-03-02T16:00:00+01:00', 'PT2H'); // next Monday 10:00 Berlin, epoch ms
 * ```
 */
export interface BusinessCalendar {
  /** The calendar's name, e.g. `cn-office`. */
  readonly name: string;
  /** The data version, when the configuration gives one. */
  readonly version: string | undefined;
  /** The IANA zone hours and dates are read in. */
  readonly zone: string;
  /**
   * Whether `t` is working time (inside a shift on an open day; a shift's end is not).
   * @example
   * ```ts
   * cal.isWorkingTime('2026-03-02T12:00:00+08:00'); // false on a 09:00-12:00 / 13:30-18:00 day
   * ```
   */
  isWorkingTime(t: Instant): boolean;
  /**
   * The instant `d` of working time after `t` (epoch ms): the earliest s with exactly `d`
   * of working time in [t, s). `d` = 0 gives `t` unchanged, even outside working time; for
   * `d` > 0 the result is working time or exactly a shift's end. Days in `d` are working
   * days, added first: the same local time on the n-th next working day, clamped to that
   * day's close (see `docs/calendars.md`, "Working days").
   * @throws {@link InvalidArgumentError} for durations with weeks, months or years,
   *   and when there is no working time for 10 years.
   * @throws {@link InvalidTimerError} for malformed durations and instants.
   * @example
   * ```ts
   * cal.addWorkingTime('2026-03-02T09:00:00+08:00', 'PT3H'); // 2026-03-02T12:00+08:00, not 13:30
   * cal.addWorkingTime('2026-03-02T10:00:00+08:00', 'P2D');  // Wednesday 2026-03-04T10:00+08:00
   * ```
   */
  addWorkingTime(t: Instant, d: WorkingDuration): number;
  /**
   * Working milliseconds in [a, b). When b < a it is `-workingTimeBetween(b, a)`.
   * @example
   * ```ts
   * cal.workingTimeBetween('2026-03-02T08:00:00+08:00', '2026-03-02T14:00:00+08:00'); // 10_800_000 + 1_800_000
   * ```
   */
  workingTimeBetween(a: Instant, b: Instant): number;
  /**
   * `t` itself when it is working time, else the start of the next shift (epoch ms).
   * @throws {@link InvalidArgumentError} when there is no working time for 10 years.
   * @example
   * ```ts
   * cal.nextWorkingTime('2026-03-02T12:10:00+08:00'); // 2026-03-02T13:30+08:00
   * ```
   */
  nextWorkingTime(t: Instant): number;
  /**
   * The configuration in normal form (shifts sorted, dates sorted without duplicates,
   * closed days left out): `businessCalendar(cal.toJSON())` is the same calendar.
   * @example
   * ```ts
   * JSON.stringify(cal); // '{"name":"cn-office","zone":"Asia/Shanghai","hours":{…},…}'
   * ```
   */
  toJSON(): BusinessCalendarConfig;
}

/**
 * Builds a business calendar from its configuration, checking every field.
 *
 * @throws {@link InvalidArgumentError} (`INVALID_ARGUMENT`) naming the first field at
 *   fault as `.argument`, e.g. `hours.mon[1]`, `zone`, `workdays[0]`: unknown zone, a
 *   shift that is not `HH:MM-HH:MM`, ends before it starts or overlaps another, a date
 *   that is not `YYYY-MM-DD`, a date both holiday and workday, workdays without Monday hours.
 * @example
 * ```ts
 * const cal = businessCalendar({
 *   name: 'cn-office', version: '2026.1', zone: 'Asia/Shanghai',
 *   hours: { mon: ['09:00-12:00', '13:30-18:00'], tue: ['09:00-12:00', '13:30-18:00'] },
 *   holidays: ['2026-10-01'], workdays: ['2026-09-20'],
 * });
 * cal.addWorkingTime('2026-03-02T11:00:00+08:00', 'PT2H'); // 2026-03-02T14:30+08:00
 * ```
 */
export function businessCalendar(config: BusinessCalendarConfig): BusinessCalendar {
  const r = compileCalendarConfig(config);
  if (!r.ok) {
    const first = r.issues[0]!;
    const more = r.issues.length > 1 ? ` (and ${r.issues.length - 1} more problem${r.issues.length > 2 ? 's' : ''})` : '';
    throw new InvalidArgumentError(fieldName(first.path), `${first.message}${more}.`, first.hint);
  }
  return build(r.calendar);
}

/**
 * Builds a business calendar from JSON data (a parsed object or JSON text), e.g. a file
 * such as `calendars/cn-2026.sample.json`. Unlike {@link businessCalendar} it reports
 * **every** problem at once.
 *
 * @throws {@link ValidationError} (`VALIDATION_FAILED`) whose `.issues` list each problem
 *   with its `path` (e.g. `['hours', 'mon', 1]`), `code` (`invalid_shift`,
 *   `shift_overlap`, `invalid_date`, `unknown_zone`, `holiday_and_workday`,
 *   `workdays_without_monday`, or zod's `invalid_type`, `unrecognized_keys`, `too_small`)
 *   and message; `invalid_json` for text that is not JSON.
 * @example
 * ```ts
 * import { readFileSync } from 'node:fs';
 * const cal = calendarFromJson(readFileSync('calendars/cn-2026.sample.json', 'utf8'));
 * ```
 */
export function calendarFromJson(json: unknown): BusinessCalendar {
  let data = json;
  if (typeof json === 'string') {
    try {
      data = JSON.parse(json);
    } catch (err) {
      throw new ValidationError('business calendar JSON', [{ path: [], code: 'invalid_json', message: `not JSON (${(err as Error).message})` }]);
    }
  }
  const r = compileCalendarConfig(data);
  if (!r.ok) throw new ValidationError('business calendar JSON', r.issues.map(({ path, code, message }) => ({ path, code, message })));
  return build(r.calendar);
}

const ALWAYS_CONFIG: BusinessCalendarConfig = {
  name: '24/7',
  zone: 'UTC',
  hours: Object.fromEntries(WEEKDAYS.map((d) => [d, ['00:00-24:00']])),
};

/**
 * The 24/7 calendar (name `24/7`, zone `UTC`): every instant is working time, adding
 * working time is plain addition and the working time between a and b is b − a. The
 * default where no business calendar is named.
 *
 * @example
 * ```ts
 * ALWAYS.addWorkingTime(0, 'PT4H'); // 14_400_000
 * ```
 */
export const ALWAYS: BusinessCalendar = businessCalendar(ALWAYS_CONFIG);

function build(cal: CompiledCalendar): BusinessCalendar {
  const { config } = cal;
  const json = JSON.stringify(config);
  const toJSON = () => JSON.parse(json) as BusinessCalendarConfig;
  const base = { name: config.name, version: config.version, zone: config.zone, toJSON };
  if (isAlwaysOpen(cal)) {
    return Object.freeze({
      ...base,
      isWorkingTime(t: Instant) {
        instant(t, false); // still refuse what is not an instant
        return true;
      },
      addWorkingTime(t: Instant, d: WorkingDuration) {
        const from = instant(t, false);
        const { days, ms } = workingParts(d);
        const to = from + days * 86_400_000 + ms;
        if (!(Math.abs(to) <= 8.64e15)) throw new InvalidArgumentError('working-time duration', `adding ${String(d)} to ${from} leaves the supported date range.`, 'use a shorter duration or an earlier instant.');
        return to;
      },
      workingTimeBetween: (a: Instant, b: Instant) => instant(b, false) - instant(a, false),
      nextWorkingTime: (t: Instant) => instant(t, false),
    });
  }
  const wt = new WorkingTime(cal, (from, what) =>
    new InvalidArgumentError(
      `calendar '${config.name}'`,
      `it has no working time in the 10 years after ${new Date(from).toISOString()}, so it cannot ${what}.`,
      'give the calendar working hours (e.g. hours.mon: [\'09:00-17:00\']) or fewer holidays.',
    ),
  );
  return Object.freeze({
    ...base,
    isWorkingTime: (t: Instant) => wt.isWorking(instant(t, true)),
    addWorkingTime(t: Instant, d: WorkingDuration) {
      const from = instant(t, true);
      const { days, ms } = workingParts(d);
      const afterDays = days === 0 ? from : addWorkingDays(wt, config.zone, from, days, (at) => noWorkingDay(config.name, at));
      return ms === 0 ? afterDays : wt.add(afterDays, ms);
    },
    workingTimeBetween(a: Instant, b: Instant) {
      const x = instant(a, true);
      const y = instant(b, true);
      return y >= x ? wt.between(x, y) : -wt.between(y, x) || 0; // never -0
    },
    nextWorkingTime: (t: Instant) => wt.next(instant(t, true)),
  });
}

/** Every weekday open 00:00–24:00 and no holiday: the zone does not matter, all time is working time. */
function isAlwaysOpen(cal: CompiledCalendar): boolean {
  return cal.holidays.size === 0 && cal.week.every((d) => d.length === 2 && d[0] === 0 && d[1] === 86_400_000);
}

/** An instant as integer epoch ms; calendars with hours also check the supported range. */
function instant(t: Instant, bounded: boolean): number {
  const ms = typeof t === 'number' && Number.isInteger(t) ? t : Math.round(toEpochMs(t));
  if (bounded && !(ms >= MIN_INSTANT && ms < MAX_INSTANT)) {
    throw new InvalidArgumentError(
      'instant',
      `${Number.isFinite(ms) ? new Date(ms).toISOString() : String(t)} is outside the range business calendars support (1900-01-01 to 2200-01-01 UTC).`,
      'pass an instant between 1900 and 2200.',
    );
  }
  return ms;
}

function noWorkingDay(name: string, from: number): InvalidArgumentError {
  return new InvalidArgumentError(
    `calendar '${name}'`,
    `it has no working day in the 10 years after ${new Date(from).toISOString()}, so it cannot add working days.`,
    "give the calendar working hours (e.g. hours.mon: ['09:00-17:00']) or fewer holidays.",
  );
}

const parsedDurations = new Map<string, { days: number; ms: number }>();
const DURATION_HINT = 'express working time in working days, hours, minutes and seconds, e.g. P2D or PT16H, or in milliseconds.';

/** A working-time duration as whole working days and ms (rounded). Parsed ISO texts are memoized. */
function workingParts(d: WorkingDuration): { days: number; ms: number } {
  if (typeof d === 'number') {
    if (!(Number.isFinite(d) && d >= 0)) throw new InvalidTimerError(String(d), 'a working-time duration in milliseconds must be a finite number >= 0.', DURATION_HINT);
    return { days: 0, ms: Math.round(d) };
  }
  if (typeof d !== 'string') throw new InvalidArgumentError('working-time duration', `expected an ISO 8601 duration or milliseconds, got ${d === null ? 'null' : typeof d}.`, DURATION_HINT);
  const known = parsedDurations.get(d);
  if (known !== undefined) return known;
  const p = parseDuration(d);
  const units = (['years', 'months', 'weeks'] as const).filter((u) => p[u] > 0);
  if (units.length) {
    throw new InvalidArgumentError('working-time duration', `'${d}' has ${units.join(' and ')}; working time is counted in working days, hours, minutes and seconds.`, DURATION_HINT);
  }
  const parts = { days: p.days, ms: durationToMs({ ...p, days: 0 })! };
  if (parsedDurations.size >= 4_096) parsedDurations.clear();
  parsedDurations.set(d, parts);
  return parts;
}
