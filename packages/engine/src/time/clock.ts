/**
 * The injectable clock. The engine never reads the wall clock: it asks its {@link Clock}
 * for the time and for wake-ups. Use {@link virtualClock} in tests and simulations,
 * {@link systemClock} in production.
 *
 * @module
 */
import { InvalidTimerError } from '../errors';
import { parseDateTime } from './timerSpec';

/** An instant: epoch milliseconds, an ISO 8601 date-time string with offset or `Z`, or a `Date`. */
export type Instant = number | string | Date;

/**
 * Converts an {@link Instant} to epoch milliseconds.
 *
 * @param what - what the value is, for the error message (e.g. `virtual clock start`).
 * @throws {@link InvalidTimerError} for NaN, infinite numbers, invalid dates and strings
 *   that are not ISO 8601 date-times with an offset, `Z` or a bracketed zone.
 * @example
 * ```ts
 * toEpochMs('2026-03-02T09:00:00+08:00'); // 1772413200000
 * ```
 */
export function toEpochMs(t: Instant, what = 'instant'): number {
  const ms = t instanceof Date ? t.getTime() : typeof t === 'number' ? t : parseDateTime(t, { requireZone: true });
  if (!Number.isFinite(ms)) {
    throw new InvalidTimerError(String(t), `the ${what} is not a valid point in time.`, 'pass epoch milliseconds, a valid Date or an ISO 8601 date-time such as 2026-03-02T09:00:00Z.');
  }
  return ms;
}

/** The source of time and wake-ups injected into the engine. */
export interface Clock {
  /** Current time, epoch ms. */
  now(): number;
  /**
   * Ask to be called back at or after `at` (epoch ms). Returns a function cancelling the
   * request. Callbacks may be async; a virtual clock awaits them.
   */
  wakeAt(at: number, callback: () => void | Promise<void>): () => void;
}
