/**
 * Cron timer cycles (`<bpmn:timeCycle>0 0 9 * * MON-FRI</bpmn:timeCycle>`) in the two dialects
 * BPMN files are written in, evaluated with croner (decision 0021):
 *
 * - **Spring** (Camunda 8 / Zeebe): 6 fields `sec min hour day-of-month month day-of-week`,
 *   day-of-week `0`–`7` with `0` and `7` = Sunday (`1` = Monday), names `MON`–`SUN`, `?` = `*`,
 *   `L`, `W`, `#`, macros `@yearly @monthly @weekly @daily @midnight @hourly`; a day-of-month
 *   and a day-of-week both restricted must both match.
 * - **Quartz** (Camunda 7): 6 or 7 fields (an optional year), day-of-week `1`–`7` with
 *   `1` = Sunday, `?` in day-of-month or day-of-week, `L`, `W`, `#`, `0/5` steps.
 *
 * **Which dialect?** The expression's shape first: 7 fields (a year) is Quartz, a macro
 * (`@daily`) is Spring. Otherwise the file's dialect: a file that declares the Camunda 7
 * namespace (`http://camunda.org/schema/1.0/bpmn`) and not Zeebe's is Quartz; one that
 * declares Zeebe's (`http://camunda.org/schema/zeebe/1.0`) and not Camunda 7's is Spring. A
 * file with neither (or both) is Spring, except that a numeric day-of-week is refused there:
 * `1` is Monday in Spring and Sunday in Quartz, so the file must say (names such as `MON`
 * mean the same in both).
 *
 * **Time.** The next firing is the first instant strictly after the given one whose wall
 * clock, in the timer's zone (the engine's, or the `handoff:calendar`'s), matches — never
 * early. Daylight saving, as croner does it: a job with one value each for second, minute and
 * hour fires once a day — at the end of a spring-forward gap when its time falls in it, and
 * on the first occurrence of a repeated hour; other jobs fire at every matching wall-clock
 * time that exists (none in a gap, both occurrences of a repeated hour).
 *
 * **Determinism.** croner's `nextRun()` reads the wall clock (`new Date()`); this module
 * calls its next-after computation with the given instant only, so nothing here reads the
 * clock (a test runs it with a `Date` that throws when asked for "now").
 *
 * @module
 */
import { Cron } from 'croner';
import { InvalidTimerError } from '../errors';

/** The cron dialect of a timer cycle. */
export type CronDialect = 'spring' | 'quartz';

/** The dialect a BPMN file is written in, from its namespaces: Camunda 7 (`camunda`) or 8 (`zeebe`). */
export type FileDialect = 'camunda' | 'zeebe';

const CRON_HINT_SPRING = "use a Spring cron of 6 fields 'sec min hour day month weekday', e.g. 0 0 9 * * MON-FRI (Camunda 8).";
const CRON_HINT_QUARTZ = "use a Quartz cron of 6 or 7 fields 'sec min hour day month weekday [year]', e.g. 0 0 9 ? * MON-FRI (Camunda 7).";
const MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Does a timer cycle's text look like a cron expression (5–7 fields, or a macro) rather than ISO 8601? */
export function looksLikeCron(text: string): boolean {
  const t = text.trim();
  return MACROS.has(t.toLowerCase()) || /^\S+(\s+\S+){4,6}$/.test(t);
}

/**
 * The dialect of a cron expression, from its shape and the file's dialect (see the module doc).
 * @throws {@link InvalidTimerError} for 5 fields, 8 or more, and an ambiguous numeric weekday.
 */
export function cronDialect(text: string, file: FileDialect | undefined, elementId?: string): CronDialect {
  const t = text.trim();
  if (MACROS.has(t.toLowerCase())) return 'spring';
  const fields = t.split(/\s+/);
  const hint = file === 'camunda' ? CRON_HINT_QUARTZ : CRON_HINT_SPRING;
  if (fields.length === 5) throw new InvalidTimerError(text, 'a cron expression here has a seconds field first: 6 fields (Spring, Camunda 8) or 6–7 (Quartz, Camunda 7), not 5.', `add the seconds, e.g. 0 ${t}; ${hint}`, elementId);
  if (fields.length !== 6 && fields.length !== 7) throw new InvalidTimerError(text, `a cron expression has 6 or 7 fields, not ${fields.length}.`, hint, elementId);
  if (fields.length === 7) return 'quartz';
  if (file === 'camunda') return 'quartz';
  if (file === 'zeebe') return 'spring';
  if (/\d/.test(fields[5]!.replace(/#\d+$/, '').replace(/L-?\d*$/i, 'L'))) {
    throw new InvalidTimerError(
      text,
      'its numeric day-of-week is ambiguous: 1 is Monday in Spring cron (Camunda 8) and Sunday in Quartz (Camunda 7), and the file declares neither dialect.',
      'write day names (MON-FRI), or declare the dialect: the zeebe namespace (http://camunda.org/schema/zeebe/1.0) for Spring, the camunda namespace (http://camunda.org/schema/1.0/bpmn) for Quartz.',
      elementId,
    );
  }
  return 'spring';
}

/**
 * Checks a cron expression of `dialect` (croner parses it; Quartz rules on `?` are checked here).
 * @throws {@link InvalidTimerError} with the reason and a valid example.
 */
export function assertCron(text: string, dialect: CronDialect, elementId?: string): void {
  const t = text.trim();
  const hint = dialect === 'quartz' ? CRON_HINT_QUARTZ : CRON_HINT_SPRING;
  if (dialect === 'quartz') {
    const f = t.split(/\s+/);
    const restricted = (s: string) => s !== '?' && s !== '*';
    if (restricted(f[3]!) && restricted(f[5]!)) {
      throw new InvalidTimerError(text, 'a Quartz cron cannot restrict both day-of-month and day-of-week.', "put ? in one of them, e.g. 0 0 9 ? * MON-FRI or 0 0 9 15 * ?.", elementId);
    }
  }
  try {
    cronFor(t, dialect, 'UTC');
  } catch (err) {
    const reason = (err as Error).message.replace(/^CronPattern: /, '');
    throw new InvalidTimerError(text, `it is not a valid ${dialect === 'quartz' ? 'Quartz' : 'Spring'} cron expression (${reason}).`, hint, elementId);
  }
}

/**
 * The first firing of `expression` strictly after `after` (epoch ms) in IANA `zone`, or
 * `undefined` when there is none (a year that has passed, `30 2` = 30 February).
 */
export function nextCron(expression: string, dialect: CronDialect, after: number, zone: string): number | undefined {
  const job = cronFor(expression.trim(), dialect, zone) as unknown as { _nextTarget(prev: Date, now: Date): Date | null };
  const at = new Date(after);
  // croner's public nextRun(prev) also computes `new Date()` (unused when prev is given): call
  // the next-after computation with the injected instant for both, so nothing reads the clock.
  const next = job._nextTarget(at, at);
  return next === null ? undefined : next.getTime();
}

const jobs = new Map<string, Cron>();

/** A paused croner job for the expression (never scheduled: no function), memoized. */
function cronFor(expression: string, dialect: CronDialect, zone: string): Cron {
  const key = `${dialect}\u0000${zone}\u0000${expression}`;
  let job = jobs.get(key);
  if (job === undefined) {
    job = new Cron(expression, {
      paused: true,
      timezone: zone,
      mode: dialect === 'quartz' ? '6-or-7-parts' : MACROS.has(expression.toLowerCase()) ? 'auto' : '6-part',
      alternativeWeekdays: dialect === 'quartz',
      sloppyRanges: true,
      domAndDow: true,
    });
    if (jobs.size >= 4_096) jobs.clear();
    jobs.set(key, job);
  }
  return job;
}
