/**
 * Working days on a business calendar: `P2D` counted on a calendar is "the same local time
 * on the 2nd next working day, clamped to that day's close" (decision 0021).
 *
 * **Definition** of `addWorkingDays(t, n)` for n >= 1, in the calendar's zone:
 * 1. The start `s` is `t` when `t` is working time, else the next opening
 *    (`nextWorkingTime(t)`): a start outside working hours, on a closed day or a holiday
 *    counts from when work resumes (Saturday 10:00 counts from Monday's opening).
 * 2. A *working day* is a local date with some working time (a holiday is none, a make-up
 *    workday is one, a date whose only shift falls in a daylight-saving gap is none).
 * 3. The target day `D` is the n-th working day after `s`'s local date.
 * 4. The target local time is `s`'s wall-clock time of day on `D`. Where it does not exist
 *    (a daylight-saving gap) it moves forward by the gap, as luxon does; where it exists
 *    twice (a repeated hour) the first occurrence is used.
 * 5. The result is the first working instant of `D` at or after that local time; when `D`
 *    has none left (the time is after `D`'s close), it is `D`'s close — the end of its last
 *    shift. So the result is never on another date than `D`, it is working time or exactly
 *    a shift's end, and a shorter day (a Friday closing at 16:00) clamps a 17:00 start.
 *
 * n = 0 gives `t` unchanged. Weeks, months and years are not working-day units.
 *
 * @module
 * @internal
 */
import { DateTime } from 'luxon';
import type { WorkingTime } from './workingTime';
import { SEARCH_DAYS } from './workingTime';

/** Epoch ms of local midnight starting `date` (luxon moves a midnight in a gap forward). */
function midnight(date: DateTime): number {
  return date.startOf('day').toMillis();
}

/** The earlier of two instants showing the same wall-clock time (a repeated hour), else `dt`. */
function firstOccurrence(dt: DateTime): number {
  const t = dt.toMillis();
  const before = dt.minus({ hours: 6 }).offset; // offsets in minutes; a fall-back makes the earlier one larger
  if (before <= dt.offset) return t;
  const earlier = DateTime.fromMillis(t - (before - dt.offset) * 60_000, { zone: dt.zone });
  return earlier.toFormat('yyyy-MM-dd HH:mm:ss.SSS') === dt.toFormat('yyyy-MM-dd HH:mm:ss.SSS') ? earlier.toMillis() : t;
}

/**
 * `n` working days after `t` on the calendar behind `wt` (zone `zone`); see the module doc.
 * @param onNoWorkingDay - the error when no working day is found within 10 years.
 */
export function addWorkingDays(wt: WorkingTime, zone: string, t: number, n: number, onNoWorkingDay: (from: number) => Error): number {
  if (n === 0) return t;
  const s = wt.next(t);
  const local = DateTime.fromMillis(s, { zone });
  let day = local.startOf('day');
  let found = 0;
  let searched = 0;
  let dayStart = midnight(day);
  let dayEnd = dayStart;
  while (found < n) {
    day = day.plus({ days: 1 });
    dayStart = midnight(day);
    dayEnd = midnight(day.plus({ days: 1 }));
    if (wt.between(dayStart, dayEnd) > 0) {
      found++;
      searched = 0;
    } else if (++searched > SEARCH_DAYS) throw onNoWorkingDay(t);
  }
  const target = firstOccurrence(
    DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour: local.hour, minute: local.minute, second: local.second, millisecond: local.millisecond }, { zone }),
  );
  const next = wt.next(target < dayStart ? dayStart : target);
  if (next < dayEnd) return next;
  // After the day's close: the end of its last shift.
  return wt.add(dayStart, wt.between(dayStart, dayEnd));
}
