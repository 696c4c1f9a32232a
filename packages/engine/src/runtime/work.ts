/**
 * Running work in the runtime: per-key serialization (commands on one instance run one
 * after another), tracking of background work (handlers, timer firings) for `idle()`, and
 * retrying background work through a store outage with a bounded backoff.
 *
 * @module
 */
import { StoreUnavailableError } from '../errors';
import type { Clock } from '../time/clock';

/**
 * Backoff of background work through a store outage: 100 ms doubling to at most 5 s
 * between attempts.
 */
export const OUTAGE_BACKOFF = { first: 100, max: 5_000 } as const;

/** The wait before attempt `n + 1` after `n` failed ones (n >= 1). */
export function outageDelay(failures: number): number {
  return Math.min(OUTAGE_BACKOFF.first * 2 ** Math.min(failures - 1, 16), OUTAGE_BACKOFF.max);
}

/** Attempts at background work that fails because the store is unavailable (~21 s of waiting in all: 100, 200, … 5000 ms). */
export const OUTAGE_ATTEMPTS = 10;

const RESOLVED: Promise<void> = Promise.resolve();

export class Work {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly onError: (error: unknown, context: string) => void) {}

  /** Run `fn` after every earlier `serialize` call with the same key has settled. */
  serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key);
    // Nothing runs on this key: start at once, in a microtask (as a chained call would).
    const run = (prev ?? RESOLVED).then(fn, fn);
    const locks = this.locks;
    const release = (): void => {
      if (locks.get(key) === tail) locks.delete(key);
    };
    const tail: Promise<void> = run.then(release, release);
    locks.set(key, tail);
    return run;
  }

  /** Report a failure of background work (on `engine.error`) without tracking anything. */
  report(error: unknown, context: string): void {
    this.onError(error, context);
  }

  /**
   * Run background work `fn`; while it fails with a {@link StoreUnavailableError}, report each
   * failure and run it again after a bounded backoff on `clock` (up to `OUTAGE_ATTEMPTS`
   * attempts, then the last error is thrown). `fn` must be safe to run again: a commit whose
   * outcome was unknown may have landed (engine commands re-decide on the stored state).
   * Any other error is thrown at once.
   */
  async retryOutage<T>(fn: () => Promise<T>, context: string, clock: Clock): Promise<T> {
    for (let failures = 1; ; failures++) {
      try {
        return await fn();
      } catch (err) {
        if (!(err instanceof StoreUnavailableError) || failures >= OUTAGE_ATTEMPTS) throw err;
        this.onError(err, `${context} (attempt ${failures}; retrying in ${outageDelay(failures)} ms)`);
        await new Promise<void>((resolve) => clock.wakeAt(clock.now() + outageDelay(failures), resolve));
      }
    }
  }

  /** Track background work; a failure goes to `onError` with `context`. */
  track(p: Promise<unknown>, context: string): Promise<unknown> {
    const tracked = p.catch((err) => this.onError(err, context)).finally(() => this.inflight.delete(tracked));
    this.inflight.add(tracked);
    return tracked;
  }

  /** Resolves when no tracked work is running (including work started meanwhile), except `self` (the caller's own tracked work). */
  async idle(self?: Promise<unknown>): Promise<void> {
    for (;;) {
      const others = [...this.inflight].filter((p) => p !== self);
      if (!others.length) return;
      await Promise.all(others);
    }
  }
}
