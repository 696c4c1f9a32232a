/**
 * BPMN timer definitions — `timeDuration`, `timeDate` and `timeCycle` — parsed into plain
 * JSON data, and the due-time arithmetic a timer needs. Pure: the current time is always
 * passed in.
 *
 * Supported forms (as in Camunda / Zeebe):
 * - duration: `PT10M`, `P2D`;
 * - date: `2026-03-02T09:00:00+08:00`, `…Z`, `2026-03-02T09:00:00[Asia/Shanghai]` (in
 *   Camunda 7-family files also a period, `PT5M`: that long after arming — `datePeriods`);
 * - cycle: `R3/PT10M`, `R/PT1H`, `R3/<start>/PT10M`, `R5/PT10M/<end>`;
 * - cron cycle: Spring (`0 0 9 * * MON-FRI`, Camunda 8) or Quartz (`0 0 9 ? * 2-6 2027`,
 *   Camunda 7), see `cron.ts`.
 *
 * @module
 */
import { DateTime } from 'luxon';
import { InvalidTimerError } from '../errors';
import { assertCron, cronDialect, looksLikeCron, nextCron, type CronDialect, type FileDialect } from './cron';
import { addDuration, assertZone, durationToMs, parseDuration } from './duration';
import type { Duration } from './duration';

/** A parsed BPMN timer definition. Plain JSON; instants are epoch milliseconds. */
export type TimerSpec =
  | { kind: 'duration'; duration: Duration }
  | { kind: 'date'; at: number }
  | {
      kind: 'cycle';
      /** Number of firings; `null` for an unbounded cycle (`R/…`). */
      repetitions: number | null;
      interval: Duration;
      /** First occurrence, when the cycle names one (`R3/<start>/PT10M`). */
      start?: number;
      /** No firing is due after this instant (`R5/PT10M/<end>`). */
      end?: number;
    }
  | {
      kind: 'cycle';
      /** A cron expression, fired at every match strictly after the previous firing, unbounded. */
      cron: string;
      dialect: CronDialect;
      repetitions: null;
    };

/** Options of {@link parseTimerSpec}. */
export interface TimerSpecOptions {
  /** IANA zone for date-times written without offset; default `UTC`. */
  zone?: string;
  /** BPMN element the timer belongs to, reported in errors. */
  elementId?: string;
  /** The file's dialect, for a cron cycle whose shape does not tell (see `cron.ts`). */
  dialect?: FileDialect;
  /** The cron dialect when already known (a FEEL timer of a compiled file). */
  cronDialect?: CronDialect;
  /**
   * A `timeDate` that is an ISO 8601 period (`PT5M`, `P1D`) is that long after the timer is
   * armed — Camunda 7's, Flowable's and Activiti's due-date calendar (`DueDateBusinessCalendar`:
   * a text starting with `P` is added to now). Set for files of that family (decision 0031).
   */
  datePeriods?: boolean;
}

const DATE_HINT = 'use an ISO 8601 date-time such as 2026-03-02T09:00:00+08:00, 2026-03-02T09:00:00Z or 2026-03-02T09:00:00[Asia/Shanghai].';
const CYCLE_HINT = 'use an ISO 8601 repeating interval such as R3/PT10M, R/P1D, R3/2026-03-02T09:00:00Z/PT1H or R5/PT10M/2026-03-02T18:00:00Z.';
const DATE_TIME_RE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:[.,]\d{1,9})?)?)(Z|[+-]\d{2}(?::?\d{2})?)?(?:\[([^\]\s]+)\])?$/;

/**
 * Parses an ISO 8601 date-time to epoch milliseconds. The offset (`+08:00`, `Z`) fixes the
 * instant; a bracketed IANA zone (`[Asia/Shanghai]`, as Zeebe allows) is used when there is
 * no offset and must agree with the offset when there is one; otherwise `opts.zone`
 * (default `UTC`) applies. A local time skipped by a daylight-saving change moves forward.
 *
 * @param opts.requireZone - refuse date-times with neither offset nor bracketed zone.
 * @throws {@link InvalidTimerError} for malformed or impossible dates (`2026-02-30`) and unknown zones.
 */
export function parseDateTime(text: string, opts: TimerSpecOptions & { requireZone?: boolean } = {}): number {
  const fail = (message: string, hint = DATE_HINT): never => {
    throw new InvalidTimerError(text, message, hint, opts.elementId);
  };
  const trimmed = String(text).trim();
  const bracket = trimmed.indexOf('[');
  const head = bracket < 0 ? trimmed.toUpperCase() : trimmed.slice(0, bracket).toUpperCase() + trimmed.slice(bracket);
  const match = DATE_TIME_RE.exec(head);
  if (!match) return fail('it is not an ISO 8601 date-time (YYYY-MM-DDThh:mm:ss with an offset or a zone).');
  const [, local, offset, bracketZone] = match;
  if (bracketZone !== undefined) assertZone(bracketZone, opts.elementId);
  if (offset === undefined && bracketZone === undefined && opts.requireZone) {
    fail('it has no offset, so the instant is ambiguous.', 'add an offset or Z, e.g. 2026-03-02T09:00:00Z.');
  }
  const zone = bracketZone ?? opts.zone ?? 'UTC';
  assertZone(zone, opts.elementId);
  const dt = offset === undefined ? DateTime.fromISO(local!, { zone }) : DateTime.fromISO(local! + offset, { zone, setZone: true });
  if (!dt.isValid) return fail(`it is not a real date-time (${dt.invalidExplanation ?? dt.invalidReason}).`);
  if (offset !== undefined && bracketZone !== undefined && dt.setZone(bracketZone).offset !== dt.offset) {
    fail(`the offset ${offset} does not match the zone ${bracketZone} at that time.`, 'drop the offset or correct it to the zone\'s offset.');
  }
  return dt.toMillis();
}

/**
 * Parses the body of a BPMN timer definition.
 *
 * @param kind - which BPMN element holds the text: `timeDuration`, `timeDate` or `timeCycle`.
 * @throws {@link InvalidTimerError} carrying `opts.elementId` and a hint with a valid example.
 * A cycle may be a cron expression (Spring or Quartz, by `opts.dialect` and its shape).
 * @example
 * ```ts
 * parseTimerSpec('cycle', 'R3/PT10M'); // { kind: 'cycle', repetitions: 3, interval: {... minutes: 10 } }
 * ```
 */
export function parseTimerSpec(kind: TimerSpec['kind'], text: string, opts: TimerSpecOptions = {}): TimerSpec {
  if (opts.zone !== undefined) assertZone(opts.zone, opts.elementId);
  switch (kind) {
    case 'duration':
      return { kind, duration: parseDuration(text, opts.elementId) };
    case 'date':
      if (opts.datePeriods && /^P/.test(String(text).trim())) return { kind: 'duration', duration: parseDuration(String(text).trim(), opts.elementId) };
      return { kind, at: parseDateTime(text, opts) };
    case 'cycle':
      return parseCycle(text, opts);
  }
}

function parseCycle(text: string, opts: TimerSpecOptions): TimerSpec {
  const fail = (message: string, hint = CYCLE_HINT): never => {
    throw new InvalidTimerError(text, message, hint, opts.elementId);
  };
  const trimmed = String(text).trim();
  if (looksLikeCron(trimmed)) {
    const dialect = opts.cronDialect ?? cronDialect(trimmed, opts.dialect, opts.elementId);
    assertCron(trimmed, dialect, opts.elementId);
    return { kind: 'cycle', cron: trimmed.replace(/\s+/g, ' '), dialect, repetitions: null };
  }
  const parts = trimmed.split(/\/(?![^[]*\])/); // not the '/' inside [Asia/Shanghai]
  const count = /^R(\d*)$/i.exec(parts[0] ?? '');
  if (!count || parts.length < 2 || parts.length > 3) return fail('it is not an ISO 8601 repeating interval (R<n>/<interval>).');
  const repetitions = count[1] === '' ? null : Number(count[1]);
  if (repetitions !== null && !(repetitions >= 1 && Number.isSafeInteger(repetitions))) {
    fail('the number of repetitions must be at least 1.', 'write R1/… or more, or R/… for an unbounded cycle.');
  }
  const isDuration = (s: string) => /^\s*p/i.test(s);
  const [, a = '', b] = parts;
  if (b !== undefined && !isDuration(a) && !isDuration(b)) {
    fail('a start/end interval is not supported; the interval must be a duration.', CYCLE_HINT);
  }
  const intervalText = b === undefined || isDuration(a) ? a : b;
  const interval = parseDuration(intervalText, opts.elementId);
  if (durationToMs(interval) === 0) fail('the interval must be at least 1 ms long.', 'use an interval such as PT10M.');
  const spec: Extract<TimerSpec, { kind: 'cycle' }> = { kind: 'cycle', repetitions, interval };
  if (b !== undefined && isDuration(a)) spec.end = parseDateTime(b, opts);
  if (b !== undefined && !isDuration(a)) spec.start = parseDateTime(a, opts);
  return spec;
}

/**
 * The due time of the first firing of a timer armed at `now`:
 * - duration: `now + duration`;
 * - date: the date itself, even if it has passed (the caller then fires at once);
 * - cycle without start: `now + interval`;
 * - cycle with start: `start` if not yet reached, else the earliest of
 *   `start`, `start + interval`, `start + interval + interval`, … that is `>= now`;
 * - cron cycle: the first match strictly after `now` in `zone`.
 *
 * @param zone - IANA zone for calendar units; default `UTC`.
 * @returns epoch ms, or `undefined` when a cycle's first firing would fall after its `end`.
 */
export function firstDue(spec: TimerSpec, now: number, zone = 'UTC'): number | undefined {
  switch (spec.kind) {
    case 'duration':
      return addDuration(now, spec.duration, zone);
    case 'date':
      return spec.at;
    case 'cycle': {
      if ('cron' in spec) return nextCron(spec.cron, spec.dialect, now, zone);
      const due = spec.start === undefined ? addDuration(now, spec.interval, zone) : catchUp(spec.start, spec.interval, now, zone);
      return spec.end !== undefined && due > spec.end ? undefined : due;
    }
  }
}

/** Earliest `start (+ interval)*` that is `>= now`, by repeated addition (as Camunda does). */
function catchUp(start: number, interval: Duration, now: number, zone: string): number {
  if (start >= now) return start;
  const ms = durationToMs(interval);
  if (ms !== undefined) return start + Math.ceil((now - start) / ms) * ms;
  let due = start;
  while (due < now) due = addDuration(due, interval, zone);
  return due;
}

/**
 * The due time of the next firing of a cycle, after the firing at `previousDue`:
 * `previousDue + interval` (calendar units in `zone`); for a cron cycle, its first match
 * strictly after `previousDue` in `zone`.
 *
 * @param firedCount - firings so far, including the one at `previousDue`.
 * @returns epoch ms, or `undefined` once `repetitions` firings have happened, when the
 *   next one would fall after `end`, and always for duration and date timers.
 */
export function nextDue(spec: TimerSpec, previousDue: number, firedCount: number, zone = 'UTC'): number | undefined {
  if (spec.kind !== 'cycle') return undefined;
  if ('cron' in spec) return nextCron(spec.cron, spec.dialect, previousDue, zone);
  if (spec.repetitions !== null && firedCount >= spec.repetitions) return undefined;
  const due = addDuration(previousDue, spec.interval, zone);
  return spec.end !== undefined && due > spec.end ? undefined : due;
}

/**
 * A short human description for messages and logs, e.g. `after PT10M`,
 * `at 2026-03-02T01:00:00.000Z`, `every PT10M, 3 times`.
 */
export function describeTimer(spec: TimerSpec): string {
  switch (spec.kind) {
    case 'duration':
      return `after ${spec.duration.iso}`;
    case 'date':
      return `at ${iso(spec.at)}`;
    case 'cycle': {
      if ('cron' in spec) return `cron ${spec.cron} (${spec.dialect === 'quartz' ? 'Quartz' : 'Spring'})`;
      const times = spec.repetitions === null ? 'unbounded' : `${spec.repetitions} time${spec.repetitions === 1 ? '' : 's'}`;
      const from = spec.start === undefined ? '' : `, from ${iso(spec.start)}`;
      const until = spec.end === undefined ? '' : `, until ${iso(spec.end)}`;
      return `every ${spec.interval.iso}, ${times}${from}${until}`;
    }
  }
}

function iso(t: number): string {
  return new Date(t).toISOString();
}
