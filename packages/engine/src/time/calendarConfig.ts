/**
 * The business calendar's configuration: its JSON shape, its validation (zod, with errors
 * that name the field, e.g. `hours.mon[1]`) and its normal form.
 *
 * A configuration is plain JSON data, never code, so calendars can live in files and
 * databases next to the processes that use them.
 *
 * @module
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';
import type { ValidationIssue } from '../errors';

/**
 * Day keys of {@link BusinessCalendarConfig.hours}, Monday first.
 *
 * @example
 * ```ts
 * const hours = Object.fromEntries(WEEKDAYS.slice(0, 5).map((d) => [d, ['09:00-17:00']])); // Mon–Fri
 * ```
 */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;

/**
 * A day of the week as written in {@link BusinessCalendarConfig.hours}.
 *
 * @example
 * ```ts
 * const day: Weekday = 'sat';
 * ```
 */
export type Weekday = (typeof WEEKDAYS)[number];

/**
 * A business calendar as data. {@link businessCalendar} builds a calendar from it and
 * `calendar.toJSON()` gives it back in normal form.
 *
 * @example
 * ```ts
 * const config: BusinessCalendarConfig = {
 *   name: 'cn-office', version: '2026.1', zone: 'Asia/Shanghai',
 *   hours: { mon: ['09:00-12:00', '13:30-18:00'], fri: ['09:00-12:00'] },
 *   holidays: ['2026-10-01'], workdays: ['2026-09-20'],
 * };
 * ```
 */
export interface BusinessCalendarConfig {
  /** Name used in errors and reports, e.g. `cn-office`. Not empty. */
  name: string;
  /** Version of the calendar data, e.g. `2026.1`. Optional. */
  version?: string;
  /** IANA time zone the hours and dates are read in, e.g. `Asia/Shanghai`. */
  zone: string;
  /**
   * Shifts per weekday as `HH:MM-HH:MM` local wall-clock times, end after start, `24:00`
   * allowed as an end. A day may have several shifts (they must not overlap); an absent
   * day (or `[]`) is closed. A night shift is written as two shifts: `22:00-24:00` on one
   * day and `00:00-06:00` on the next.
   */
  hours: Partial<Record<Weekday, readonly string[]>>;
  /** Local dates (`YYYY-MM-DD`) closed all day. */
  holidays?: readonly string[];
  /** Local dates (`YYYY-MM-DD`) open with Monday's hours (make-up working days). */
  workdays?: readonly string[];
  /** Free text kept with the data, e.g. where the holidays come from. */
  note?: string;
}

/**
 * A validated configuration, in numbers.
 * @internal
 */
export interface CompiledCalendar {
  /** The configuration in normal form (what `toJSON()` returns). */
  config: BusinessCalendarConfig;
  /** Shifts per day of week, index 0 = Sunday: flat `[start, end, …]` in ms after local midnight, sorted. */
  week: number[][];
  /** Local day numbers (days since 1970-01-01 on the wall clock). */
  holidays: Set<number>;
  workdays: Set<number>;
}

/**
 * Outcome of {@link compileCalendarConfig}: the compiled calendar, or every problem found.
 * @internal
 */
export type CompileResult = { ok: true; calendar: CompiledCalendar } | { ok: false; issues: CalendarIssue[] };

/**
 * One problem in a configuration, with how to fix it.
 * @internal
 */
export interface CalendarIssue extends ValidationIssue {
  hint: string;
}

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;
const SHIFT_RE = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Day-of-week index (0 = Sunday) of each key. */
const DOW: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

const HINTS = {
  name: "give the calendar a non-empty name, e.g. name: 'cn-office'.",
  version: "write the version as a non-empty string, e.g. version: '2026.1', or leave it out.",
  zone: 'use an IANA zone name such as Asia/Shanghai, Europe/Berlin or UTC.',
  hours: `give hours per weekday (${WEEKDAYS.join(', ')}) as lists of shifts, e.g. hours: { mon: ['09:00-12:00', '13:30-18:00'] }.`,
  shift: 'write a shift as HH:MM-HH:MM with the end after the start, e.g. 13:30-18:00 (24:00 may end a day; split a night shift at midnight).',
  date: 'write a local date as YYYY-MM-DD, e.g. 2026-10-01.',
  note: 'write the note as a string, or leave it out.',
  root: 'pass an object with name, zone and hours (holidays, workdays, version and note are optional).',
} as const;

/** The shift text parsed to minutes of the day, or a reason it is wrong. */
function parseShift(text: string): { start: number; end: number } | string {
  const m = SHIFT_RE.exec(text);
  if (!m) return `'${text}' is not a shift HH:MM-HH:MM`;
  const [h1, m1, h2, m2] = m.slice(1).map(Number) as [number, number, number, number];
  if (h1 > 23 || m1 > 59) return `'${text}' starts at an impossible time (${m[1]}:${m[2]})`;
  if (h2 > 24 || m2 > 59 || (h2 === 24 && m2 !== 0)) return `'${text}' ends at an impossible time (${m[3]}:${m[4]}); the latest end is 24:00`;
  const start = h1 * 60 + m1;
  const end = h2 * 60 + m2;
  if (end <= start) return `'${text}' does not end after it starts`;
  return { start, end };
}

/** The local day number of a `YYYY-MM-DD` date, or a reason it is wrong. */
function parseDate(text: string): number | string {
  const m = DATE_RE.exec(text);
  if (!m) return `'${text}' is not a date YYYY-MM-DD`;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return `'${text}' is not a day of the calendar`;
  if (y < 1900 || y > 2199) return `'${text}' is outside the years 1900–2199 that calendars support`;
  return ms / DAY_MS;
}

const validZones = new Set<string>();

/** luxon's zone check builds an `Intl.DateTimeFormat` (≈ 0.25 ms): remember the good answers. */
function isValidZone(zone: string): boolean {
  if (validZones.has(zone)) return true;
  if (!IANAZone.isValidZone(zone)) return false;
  validZones.add(zone);
  return true;
}

const custom = (ctx: z.RefinementCtx, path: (string | number)[], code: string, message: string, hint: string) =>
  ctx.addIssue({ code: 'custom', path, message, params: { code, hint } });

const shiftList = z.array(z.string()).superRefine((list, ctx) => {
  const parsed: { start: number; end: number; i: number }[] = [];
  list.forEach((text, i) => {
    const s = parseShift(text);
    if (typeof s === 'string') custom(ctx, [i], 'invalid_shift', s, HINTS.shift);
    else parsed.push({ ...s, i });
  });
  parsed.sort((a, b) => a.start - b.start);
  for (let k = 1; k < parsed.length; k++) {
    const prev = parsed[k - 1]!;
    const cur = parsed[k]!;
    if (cur.start < prev.end) {
      const i = Math.max(prev.i, cur.i);
      const j = Math.min(prev.i, cur.i);
      custom(ctx, [i], 'shift_overlap', `'${list[i]}' overlaps '${list[j]}'`, 'make the shifts of a day disjoint, e.g. 09:00-12:00 and 13:30-18:00 (touching is allowed).');
    }
  }
});

const dateList = z.array(z.string()).superRefine((list, ctx) => {
  list.forEach((text, i) => {
    const d = parseDate(text);
    if (typeof d === 'string') custom(ctx, [i], 'invalid_date', d, HINTS.date);
  });
});

const schema = z
  .strictObject({
    name: z.string().trim().min(1),
    version: z.string().trim().min(1).optional(),
    zone: z.string().superRefine((zone, ctx) => {
      if (!isValidZone(zone)) custom(ctx, [], 'unknown_zone', `'${zone}' is not a known IANA time zone`, HINTS.zone);
    }),
    hours: z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, shiftList.optional()])) as Record<Weekday, z.ZodOptional<typeof shiftList>>),
    holidays: dateList.optional(),
    workdays: dateList.optional(),
    note: z.string().optional(),
  })
  .superRefine((c, ctx) => {
    const holidays = new Set(c.holidays ?? []);
    (c.workdays ?? []).forEach((date, i) => {
      if (holidays.has(date)) {
        custom(ctx, ['workdays', i], 'holiday_and_workday', `${date} is listed both as a holiday and as a workday`, 'keep the date in only one of holidays and workdays.');
      }
    });
    if ((c.workdays ?? []).length > 0 && !(c.hours.mon ?? []).length) {
      custom(ctx, ['workdays'], 'workdays_without_monday', "make-up workdays open with Monday's hours, but Monday has none", "give Monday hours, e.g. hours.mon: ['09:00-17:00'], or remove the workdays.");
    }
  });

/** The hint for a zod issue of ours or of zod's own, by the field it concerns. */
function hintFor(path: readonly PropertyKey[], params: { hint?: string } | undefined): string {
  if (params?.hint) return params.hint;
  const [head, , index] = path;
  if (head === 'hours') return index === undefined ? HINTS.hours : HINTS.shift;
  if (head === 'holidays' || head === 'workdays') return HINTS.date;
  if (head === 'name' || head === 'version' || head === 'zone' || head === 'note') return HINTS[head];
  return HINTS.root;
}

function messageFor(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'unrecognized_keys': {
      const allowed = issue.path.length ? WEEKDAYS.join(', ') : 'name, version, zone, hours, holidays, workdays, note';
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `'${k}'`).join(', ')} (allowed: ${allowed})`;
    }
    case 'invalid_type':
      return `expected ${issue.expected === 'array' ? 'a list' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`}`;
    case 'too_small':
      return 'must not be empty';
    default:
      return issue.message.replace(/\.$/, '');
  }
}

/**
 * Renders a field path the way errors name it: `hours.mon[1]`, `holidays[0]`, `(root)`.
 * @internal
 */
export function fieldName(path: readonly (string | number)[]): string {
  if (!path.length) return 'calendar config';
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/**
 * Validates a configuration and compiles it to numbers. Never throws: returns every
 * problem found, each naming its field.
 * @internal
 */
export function compileCalendarConfig(input: unknown): CompileResult {
  const r = schema.safeParse(input);
  if (!r.success) {
    const issues = r.error.issues.map((issue): CalendarIssue => {
      const params = issue.code === 'custom' ? (issue.params as { code?: string; hint?: string } | undefined) : undefined;
      return {
        path: issue.path.map((p) => (typeof p === 'number' ? p : String(p))),
        code: params?.code ?? issue.code,
        message: messageFor(issue),
        hint: hintFor(issue.path, params),
      };
    });
    return { ok: false, issues };
  }
  const c = r.data;
  const week: number[][] = Array.from({ length: 7 }, () => []);
  const hours: Partial<Record<Weekday, string[]>> = {};
  for (const day of WEEKDAYS) {
    const shifts = (c.hours[day] ?? []).map((text) => ({ text, ...(parseShift(text) as { start: number; end: number }) })).sort((a, b) => a.start - b.start);
    if (!shifts.length) continue;
    hours[day] = shifts.map((s) => s.text);
    week[DOW[day]] = shifts.flatMap((s) => [s.start * MIN_MS, s.end * MIN_MS]);
  }
  const dates = (list: readonly string[] | undefined) => [...new Set(list ?? [])].sort();
  const holidays = dates(c.holidays);
  const workdays = dates(c.workdays);
  const config: BusinessCalendarConfig = {
    name: c.name,
    ...(c.version !== undefined ? { version: c.version } : {}),
    zone: c.zone,
    hours,
    holidays,
    workdays,
    ...(c.note !== undefined ? { note: c.note } : {}),
  };
  return {
    ok: true,
    calendar: {
      config,
      week,
      holidays: new Set(holidays.map((d) => parseDate(d) as number)),
      workdays: new Set(workdays.map((d) => parseDate(d) as number)),
    },
  };
}
