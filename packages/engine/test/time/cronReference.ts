/**
 * An independent reference for cron timer cycles, for the property test: parses a bounded
 * grammar of Spring and Quartz cron by hand and finds the next firing by scanning local days
 * and then the minutes of a matching day with luxon — no croner involved.
 *
 * Semantics (decision 0021): the first instant strictly after `start` whose wall clock in
 * `zone` matches; a fixed-time job (one number each for second, minute and hour) fires at
 * the end of a spring-forward gap when its time falls in it, and only on the first
 * occurrence of a repeated time.
 */
import { DateTime } from 'luxon';

type Pred = (v: number) => boolean;
const NAMES = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];
const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** A numeric field: `*`, `?`, `n`, `a-b`, `*` / `a` / `a-b` with `/k`, lists. */
function numeric(field: string, min: number, max: number, alias: (s: string) => number = Number): Pred {
  const items = field.split(',').map((item): Pred => {
    const [range, stepText] = item.split('/');
    const step = stepText === undefined ? 1 : Number(stepText);
    let lo = min;
    let hi = max;
    if (range !== '*' && range !== '?') {
      const [a, b] = range!.split('-');
      lo = alias(a!);
      hi = b === undefined ? (stepText === undefined ? lo : max) : alias(b);
    }
    return (v) => v >= lo && v <= hi && (v - lo) % step === 0;
  });
  return (v) => items.some((p) => p(v));
}

export interface ParsedCron {
  second: Pred;
  minute: Pred;
  hour: Pred;
  /** Day matches (day-of-month, month, day-of-week, year) for a local date. */
  day: (d: DateTime) => boolean;
  /** One number each for second, minute, hour: [h, m, s]. */
  fixed?: [number, number, number];
}

/** Nearest weekday (Mon–Fri) to day `n` of the month, not leaving the month (Quartz / Spring `nW`). */
function nearestWeekday(d: DateTime, n: number): number {
  const target = d.set({ day: Math.min(n, d.daysInMonth!) });
  const wd = target.weekday; // 1 = Mon … 7 = Sun
  if (wd === 6) return target.day === 1 ? 3 : target.day - 1;
  if (wd === 7) return target.day === target.daysInMonth ? target.day - 2 : target.day + 1;
  return target.day;
}

/** Parse a cron expression of the bounded grammar in its dialect. */
export function parseCron(text: string, dialect: 'spring' | 'quartz'): ParsedCron {
  const f = text.trim().split(/\s+/);
  const [sec, min, hour, dom, month, dow, year] = f as [string, string, string, string, string, string, string | undefined];
  const weekday = (s: string): number => {
    const i = NAMES.indexOf(s.toUpperCase());
    if (i >= 0) return i;
    const n = Number(s);
    return dialect === 'quartz' ? n - 1 : n % 7; // canonical 0 = Sunday
  };
  const domPred = (d: DateTime): boolean => {
    if (dom === '*' || dom === '?') return true;
    if (dom === 'L') return d.day === d.daysInMonth;
    const w = /^(\d+)W$/.exec(dom);
    if (w) return d.day === nearestWeekday(d, Number(w[1]));
    return numeric(dom, 1, 31)(d.day);
  };
  const dowPred = (d: DateTime): boolean => {
    if (dow === '*' || dow === '?') return true;
    const wd = d.weekday % 7;
    return dow.split(',').some((item) => {
      const nth = /^(\w+)#(\d)$/.exec(item);
      if (nth) return wd === weekday(nth[1]!) && Math.ceil(d.day / 7) === Number(nth[2]);
      const last = /^(\w+)L$/.exec(item);
      if (last) return wd === weekday(last[1]!) && d.day + 7 > d.daysInMonth!;
      const [a, b] = item.split('-');
      if (b === undefined) return wd === weekday(a!);
      const lo = weekday(a!);
      const hi = dialect === 'spring' && Number(b) === 7 ? 7 : weekday(b);
      return (wd >= lo && wd <= hi) || (hi === 7 && wd === 0);
    });
  };
  const monthPred = numeric(month, 1, 12, (s) => (MONTHS.includes(s.toUpperCase()) ? MONTHS.indexOf(s.toUpperCase()) + 1 : Number(s)));
  const yearPred = year === undefined ? () => true : numeric(year, 1970, 2199);
  const single = (s: string) => (/^\d+$/.test(s) ? Number(s) : undefined);
  const [h, m, s] = [single(hour), single(min), single(sec)];
  return {
    second: numeric(sec, 0, 59),
    minute: numeric(min, 0, 59),
    hour: numeric(hour, 0, 23),
    day: (d) => domPred(d) && dowPred(d) && monthPred(d.month) && yearPred(d.year),
    ...(h !== undefined && m !== undefined && s !== undefined ? { fixed: [h, m, s] as [number, number, number] } : {}),
  };
}

const wallIs = (t: number, zone: string, d: DateTime, h: number, m: number, s: number) => {
  const x = DateTime.fromMillis(t, { zone });
  return x.year === d.year && x.month === d.month && x.day === d.day && x.hour === h && x.minute === m && x.second === s;
};

/** The fixed-time job's instant on local date `d`: the first occurrence, or the end of a gap. */
function fixedInstant(d: DateTime, [h, m, s]: [number, number, number], zone: string): number {
  const t = d.set({ hour: h, minute: m, second: s, millisecond: 0 }).toMillis();
  for (const back of [3_600_000, 1_800_000]) if (wallIs(t - back, zone, d, h, m, s)) return t - back; // first occurrence
  if (wallIs(t, zone, d, h, m, s)) return t;
  // In a gap: the first instant after it (the offset change), found by bisection.
  let lo = t - 3 * 3_600_000;
  let hi = t;
  const after = DateTime.fromMillis(t, { zone }).offset;
  while (hi - lo > 1000) {
    const mid = Math.floor((lo + hi) / 2000) * 1000;
    if (DateTime.fromMillis(mid, { zone }).offset === after) hi = mid;
    else lo = mid;
  }
  return hi;
}

/**
 * The reference: the first firing strictly after `start`, or undefined within `years`. The
 * default reaches past the longest wait a valid expression can have (a date that must fall on
 * a weekday, e.g. April 5 on a Sunday, recurs after at most 11 years; 28 years is the calendar's
 * full cycle).
 */
export function referenceNext(cron: ParsedCron, start: number, zone: string, years = 28): number | undefined {
  let day = DateTime.fromMillis(start, { zone }).startOf('day');
  for (let i = 0; i < years * 366; i++, day = day.plus({ days: 1 })) {
    if (!cron.day(day)) continue;
    if (cron.fixed) {
      const t = fixedInstant(day, cron.fixed, zone);
      if (t > start) return t;
      continue;
    }
    const from = day.toMillis();
    const to = day.plus({ days: 1 }).startOf('day').toMillis();
    for (let t = from; t < to; t += 60_000) {
      const x = DateTime.fromMillis(t, { zone });
      if (!cron.hour(x.hour) || !cron.minute(x.minute)) continue;
      for (let s = 0; s < 60; s++) if (cron.second(s) && t + s * 1000 > start) return t + s * 1000;
    }
  }
  return undefined;
}
