/**
 * ISO 8601 durations (`PnYnMnWnDTnHnMnS`) and the arithmetic the engine does with them.
 *
 * Years, months, weeks and days are calendar units: they are added in an IANA time zone,
 * so `P1D` across a daylight-saving change keeps the wall-clock time. Hours, minutes and
 * seconds are exact elapsed time. Pure functions: no clock, no I/O.
 *
 * @module
 */
import { DateTime, IANAZone } from 'luxon';
import { InvalidTimerError } from '../errors';

/** A parsed ISO 8601 duration. Every part is >= 0; only hours, minutes and seconds may be fractional. */
export interface Duration {
  years: number;
  months: number;
  weeks: number;
  days: number;
  hours: number;
  minutes: number;
  seconds: number;
  /** The duration as written (trimmed, upper-cased), e.g. `PT30M`. */
  iso: string;
}

const DURATION_HINT = 'use an ISO 8601 duration such as PT30M, P2D or P3M.';
const NUM = '(\\d+(?:[.,]\\d+)?)';
const DURATION_RE = new RegExp(`^P(?:${NUM}Y)?(?:${NUM}M)?(?:${NUM}W)?(?:${NUM}D)?(?:T(?:${NUM}H)?(?:${NUM}M)?(?:${NUM}S)?)?$`);
const PARTS = ['years', 'months', 'weeks', 'days', 'hours', 'minutes', 'seconds'] as const;
const MS = { hours: 3_600_000, minutes: 60_000, seconds: 1_000 } as const;
const DAY_MS = 86_400_000;

/**
 * Parses an ISO 8601 duration. Lower-case designators (`pt30m`) are accepted; a comma
 * may stand for the decimal point. Only the smallest unit written may carry a fraction,
 * and only if it is hours, minutes or seconds (`PT1.5H`, `PT0.5S`).
 *
 * @param text - the duration, e.g. `PT30M`, `P2D`, `P1Y2M10DT2H30M`.
 * @param elementId - BPMN element the value belongs to, reported in errors.
 * @throws {@link InvalidTimerError} for negative, empty (`P`, `PT`) or malformed values.
 * @example
 * ```ts
 * parseDuration('PT1.5H'); // { hours: 1.5, ..., iso: 'PT1.5H' }
 * ```
 */
export function parseDuration(text: string, elementId?: string): Duration {
  const iso = String(text).trim().toUpperCase();
  const fail = (message: string, hint = DURATION_HINT): never => {
    throw new InvalidTimerError(String(text), message, hint, elementId);
  };
  if (iso.startsWith('-')) fail('negative durations are not allowed.', 'write a positive duration such as PT30M.');
  const match = DURATION_RE.exec(iso);
  if (!match) fail('it is not an ISO 8601 duration.');
  const groups = match!.slice(1);
  if (groups.every((g) => g === undefined)) fail('the duration has no value.');
  if (iso.endsWith('T')) fail("nothing follows the time designator 'T'.", 'write the time part after T, e.g. PT30M, or drop the T, e.g. P2D.');
  const d: Duration = { years: 0, months: 0, weeks: 0, days: 0, hours: 0, minutes: 0, seconds: 0, iso };
  const last = groups.reduce((acc, g, i) => (g === undefined ? acc : i), -1);
  groups.forEach((g, i) => {
    if (g === undefined) return;
    const part = PARTS[i]!;
    const fractional = /[.,]/.test(g);
    if (fractional && i !== last) fail(`only the smallest unit may have a fraction (${part} does).`, 'write e.g. PT1H30M instead of PT1.5H30M.');
    if (fractional && i < 4) fail(`${part} cannot be fractional.`, 'use a smaller unit: write PT36H instead of P1.5D.');
    const value = Number(g.replace(',', '.'));
    if (!Number.isFinite(value)) fail(`${part} is too large.`);
    d[part] = value;
  });
  return d;
}

/**
 * Checks an IANA time zone name (`Europe/Paris`, `UTC`).
 *
 * @throws {@link InvalidTimerError} when luxon does not know the zone.
 */
export function assertZone(zone: string, elementId?: string): void {
  if (!IANAZone.isValidZone(zone)) {
    throw new InvalidTimerError(zone, 'it is not a known IANA time zone.', 'use an IANA zone name such as Europe/Paris, Asia/Shanghai or UTC.', elementId);
  }
}

/**
 * Adds a duration to an instant. Calendar parts (years, months, weeks, days) are applied
 * first, on the wall clock of `zone` (luxon semantics: `P1M` from Jan 31 gives the last
 * day of February); then hours, minutes and seconds are added as exact elapsed time.
 * The result is rounded to the millisecond.
 *
 * @param t - epoch milliseconds.
 * @param zone - IANA time zone for the calendar parts; default `UTC`.
 * @returns epoch milliseconds.
 * @throws {@link InvalidTimerError} for an unknown zone or a result out of range.
 * @example
 * ```ts
 * // 2026-03-07 09:00 New York + P1D = 2026-03-08 09:00 EDT (23 h later)
 * addDuration(Date.UTC(2026, 2, 7, 14), parseDuration('P1D'), 'America/New_York');
 * ```
 */
export function addDuration(t: number, d: Duration, zone = 'UTC'): number {
  let base = t;
  if (d.years || d.months || d.weeks || d.days) {
    assertZone(zone);
    const dt = DateTime.fromMillis(t, { zone }).plus({ years: d.years, months: d.months, weeks: d.weeks, days: d.days });
    base = dt.isValid ? dt.toMillis() : NaN;
  }
  const result = base + exactMs(d);
  if (!Number.isFinite(result) || Math.abs(result) > 8.64e15) {
    throw new InvalidTimerError(d.iso, `adding it to ${t} leaves the supported date range.`, 'use a shorter duration or an earlier start.');
  }
  return result;
}

/**
 * The exact length of a duration in milliseconds, when it has one: only durations without
 * calendar parts (years, months, weeks, days all 0) do, since a day may last 23 or 25 hours.
 *
 * @returns milliseconds (rounded), or `undefined` for calendar durations.
 */
export function durationToMs(d: Duration): number | undefined {
  if (d.years || d.months || d.weeks || d.days) return undefined;
  return exactMs(d);
}

/**
 * Converts "an ISO 8601 duration or milliseconds", as accepted by convenience APIs, to
 * milliseconds. Weeks and days count as 7 × 24 h and 24 h; years and months have no fixed
 * length and are refused.
 *
 * @param input - a finite number of ms >= 0, or an ISO duration such as `PT30M` or `P2D`.
 * @throws {@link InvalidTimerError} for negative or non-finite numbers, malformed strings,
 *   and durations with years or months.
 */
export function toMs(input: string | number): number {
  if (typeof input === 'number') {
    if (!Number.isFinite(input) || input < 0) {
      throw new InvalidTimerError(String(input), 'a duration in milliseconds must be a finite number >= 0.', 'pass milliseconds such as 30000, or an ISO 8601 duration such as PT30M.');
    }
    return input;
  }
  const d = parseDuration(input);
  if (d.years || d.months) {
    throw new InvalidTimerError(input, 'years and months have no fixed length in milliseconds.', 'use days (P90D) or a zone-aware API such as addDuration(t, parseDuration(text), zone).');
  }
  return d.weeks * 7 * DAY_MS + d.days * DAY_MS + exactMs(d);
}

function exactMs(d: Duration): number {
  return Math.round(d.hours * MS.hours + d.minutes * MS.minutes + d.seconds * MS.seconds);
}
