/**
 * The real clock: `Date.now()` and `setTimeout`. The only file of the engine allowed to
 * read the wall clock or arm timers.
 *
 * @module
 */
import { ClockError } from '../errors';
import type { Clock } from './clock';

/** Options of {@link systemClock}. */
export interface SystemClockOptions {
  /** Receives errors thrown (or rejected) by wake-up callbacks. Default `console.error`. */
  onError?: (error: unknown) => void;
  /**
   * Longest single `setTimeout` delay; longer waits are split and re-armed until due.
   * Default and maximum 2^31 − 1 ms (about 24.8 days), the platform limit. For tests.
   * @internal
   */
  maxDelay?: number;
}

const PLATFORM_MAX_DELAY = 2 ** 31 - 1;

/**
 * Creates the production {@link Clock}. A wake-up never fires before its due time: if a
 * timer fires early, or the wait exceeds the `setTimeout` limit (so `P3M` timers work),
 * it is re-armed for the rest. A callback always runs asynchronously, even when due in
 * the past.
 *
 * @example
 * ```ts
 * const clock = systemClock({ onError: (e) => log.error(e) });
 * const cancel = clock.wakeAt(clock.now() + 1_000, () => console.log('one second'));
 * ```
 */
export function systemClock(opts: SystemClockOptions = {}): Clock & { readonly kind: 'system' } {
  const maxDelay = opts.maxDelay ?? PLATFORM_MAX_DELAY;
  if (!(maxDelay >= 1 && maxDelay <= PLATFORM_MAX_DELAY)) {
    throw new ClockError(`Invalid maxDelay ${maxDelay}.`, `pass a number of ms between 1 and ${PLATFORM_MAX_DELAY}.`);
  }
  const onError = opts.onError ?? ((error: unknown) => console.error(error));
  const report = (error: unknown) => {
    try {
      onError(error);
    } catch {
      // an onError that throws must not crash the timer loop
    }
  };

  return {
    kind: 'system',
    now: () => Date.now(),
    wakeAt(at, callback) {
      if (!Number.isFinite(at)) throw new ClockError(`Cannot wake at ${at}: not a point in time.`, 'pass epoch milliseconds, e.g. clock.now() + 60_000.');
      let handle: ReturnType<typeof setTimeout> | undefined;
      let cancelled = false;
      const check = () => {
        const rest = at - Date.now();
        if (rest > 0) {
          handle = setTimeout(check, Math.min(rest, maxDelay));
          return;
        }
        handle = undefined;
        Promise.resolve()
          .then(() => (cancelled ? undefined : callback()))
          .catch(report);
      };
      handle = setTimeout(check, Math.min(Math.max(at - Date.now(), 0), maxDelay));
      return () => {
        cancelled = true;
        if (handle !== undefined) clearTimeout(handle);
        handle = undefined;
      };
    },
  };
}
