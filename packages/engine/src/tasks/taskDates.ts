/**
 * Task dates and priorities: reading a due / follow-up date or a priority, written in the
 * BPMN file or computed by an expression, into the instant or the integer a task carries
 * (`TaskRecord.dueAt`, `followUpAt`, `priority`). The same reader checks a literal at deploy
 * and an expression's value when the task is created, so both accept exactly the same text.
 *
 * A date is one of:
 * - an ISO 8601 date-time with an offset or `Z` (`2026-03-02T09:00:00+08:00`), or a bracketed
 *   IANA zone (`2026-03-02T09:00:00[Asia/Shanghai]`, as Zeebe writes it): that instant;
 * - a date-time with neither (`2026-03-02T09:00:00`): the wall time in the engine's zone
 *   (`createEngine({ zone })`, default UTC) — Camunda 7 reads it in the server's zone;
 * - a date alone (`2026-03-02`): the start of that day in the engine's zone;
 * - Camunda 7 only (`camunda:dueDate`, `flowable:dueDate`, …): an ISO 8601 duration
 *   (`P2D`, `PT4H`), counted from the task's creation (calendar units in the engine's zone),
 *   as Camunda 7 documents ("a time period relative to the time the task is created").
 *
 * An expression may also give `null` (no date). Anything else is refused with the reason.
 *
 * @module
 */
import { DateTime } from 'luxon';
import { addDuration, parseDuration } from '../time/duration';
import { parseDateTime } from '../time/timerSpec';

/** The default priority a task sorts by when its model sets none (Camunda 7 and 8 both use 50). */
export const DEFAULT_TASK_PRIORITY = 50;

/** An instant, or why the value is not a task date. */
export type TaskDateResult = { ok: true; at: number } | { ok: false; reason: string };

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** The hint that ends every refused date. */
export function taskDateHint(durations: boolean): string {
  return `write an ISO 8601 date-time such as 2026-03-02T17:00:00+08:00 or 2026-03-02T17:00:00Z${durations ? ', a date such as 2026-03-02, or a duration from the task\'s creation such as P2D' : ' or a date such as 2026-03-02'}.`;
}

/**
 * Read `value` as a task date at `now` (the task's creation), zone-less text in `zone`.
 *
 * @param durations accept an ISO 8601 duration counted from `now` (Camunda 7 attributes).
 */
export function readTaskDate(value: unknown, now: number, zone: string, durations: boolean): TaskDateResult {
  if (typeof value !== 'string') return { ok: false, reason: `${JSON.stringify(value) ?? String(value)} is not a date (a string)` };
  const text = value.trim();
  if (text === '') return { ok: false, reason: 'the date is empty' };
  if (/^-?P/i.test(text)) {
    if (!durations) return { ok: false, reason: `'${text}' is a duration; this attribute takes a date-time` };
    try {
      return { ok: true, at: addDuration(now, parseDuration(text), zone) };
    } catch (err) {
      return { ok: false, reason: `'${text}' is not an ISO 8601 duration (${(err as Error).message.split(' — ')[0]})` };
    }
  }
  if (DATE_ONLY.test(text)) {
    const d = DateTime.fromISO(text, { zone });
    return d.isValid ? { ok: true, at: d.startOf('day').toMillis() } : { ok: false, reason: `'${text}' is not a real date (${d.invalidExplanation ?? d.invalidReason})` };
  }
  try {
    return { ok: true, at: parseDateTime(text, { zone }) };
  } catch (err) {
    const msg = (err as Error).message;
    const why = msg.slice(msg.indexOf("': ") + 3).split(' — ')[0]!.replace(/\.$/, '');
    return { ok: false, reason: `'${text}' is not a task date: ${why}` };
  }
}

/** Read `value` as a priority: an integer in [min, max], or a numeric string of one; else the reason. */
export function readPriority(value: unknown, min: number, max: number): { ok: true; value: number } | { ok: false; reason: string } {
  const n = typeof value === 'string' && /^\s*[+-]?\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return { ok: false, reason: `${JSON.stringify(value) ?? String(value)} is not an integer` };
  if (n < min || n > max) return { ok: false, reason: `${n} is outside ${min}..${max}` };
  return { ok: true, value: n };
}
