/**
 * A clock that only moves when told to, so tests and simulations of timers are exact and
 * fast: `await clock.advance('P3D')` runs three days of wake-ups in order, at once.
 *
 * @module
 */
import { ClockError, InvalidTimerError } from '../errors';
import { toEpochMs } from './clock';
import type { Clock, Instant } from './clock';
import { addDuration, assertZone, parseDuration } from './duration';

/** A {@link Clock} moved by hand. Every method that moves time is serialized with the others. */
export interface VirtualClock extends Clock {
  readonly kind: 'virtual';
  /**
   * Moves time forward by an ISO 8601 duration (calendar parts in the clock's zone) or by
   * milliseconds, running every wake-up due on the way, in order of due time then of
   * registration, each callback awaited with `now()` equal to its due time (or to the
   * current time if it was registered in the past). Ends with `now()` at the target.
   * Rejects with the callback's error (an `AggregateError` if several failed) after all
   * due wake-ups ran. Do not await it from inside a wake-up callback: it waits for the
   * running advance, which waits for the callback.
   *
   * @throws {@link ClockError} for a negative step; a virtual clock never goes back.
   */
  advance(by: string | number): Promise<void>;
  /** Like {@link VirtualClock.advance}, to an instant; refuses instants before `now()`. */
  advanceTo(t: Instant): Promise<void>;
  /** Runs every wake-up due at or before `now()` without moving time. */
  settle(): Promise<void>;
  /** Number of wake-ups registered and neither run nor cancelled. */
  pending(): number;
}

interface WakeUp {
  at: number;
  seq: number;
  callback: () => void | Promise<void>;
  state: 'pending' | 'done' | 'cancelled';
}

const BACK_HINT = 'a virtual clock never goes back; create a new clock instead.';

/**
 * Creates a {@link VirtualClock}. Nothing fires until `advance`, `advanceTo` or `settle`
 * is called, even a wake-up already due.
 *
 * @param start - the initial time; default epoch 0.
 * @param opts.zone - IANA zone for calendar durations given to `advance` (default `UTC`).
 * @example
 * ```ts
 * const clock = virtualClock('2026-03-02T09:00:00Z');
 * clock.wakeAt(clock.now() + 60_000, () => console.log('a minute later'));
 * await clock.advance('PT1M');
 * ```
 */
export function virtualClock(start: Instant = 0, opts: { zone?: string } = {}): VirtualClock {
  let now = toEpochMs(start, 'virtual clock start');
  const zone = opts.zone ?? 'UTC';
  assertZone(zone);
  const heap = new WakeHeap();
  let seq = 0;
  let live = 0;
  let tail: Promise<unknown> = Promise.resolve();

  /** Runs `job` after every earlier advance/settle has finished. */
  function serialized(job: () => Promise<void>): Promise<void> {
    const run = tail.then(job);
    tail = run.catch(() => undefined);
    return run;
  }

  async function runUntil(target: number): Promise<void> {
    const errors: unknown[] = [];
    for (let w = heap.popDue(target); w; w = heap.popDue(target)) {
      w.state = 'done';
      live--;
      now = Math.max(now, w.at);
      try {
        await w.callback();
      } catch (err) {
        errors.push(err);
      }
    }
    now = Math.max(now, target);
    if (errors.length === 1) throw errors[0];
    if (errors.length > 1) throw new AggregateError(errors, `${errors.length} wake-up callbacks failed.`);
  }

  function goTo(target: () => number): Promise<void> {
    return serialized(async () => {
      const t = target();
      if (t < now) throw new ClockError(`Cannot move the virtual clock back from ${iso(now)} to ${iso(t)}.`, BACK_HINT);
      await runUntil(t);
    });
  }

  return {
    kind: 'virtual',
    now: () => now,
    wakeAt(at, callback) {
      if (!Number.isFinite(at)) throw new ClockError(`Cannot wake at ${at}: not a point in time.`, 'pass epoch milliseconds, e.g. clock.now() + 60_000.');
      const w: WakeUp = { at, seq: seq++, callback, state: 'pending' };
      heap.push(w);
      live++;
      return () => {
        if (w.state !== 'pending') return;
        w.state = 'cancelled';
        live--;
        heap.noteCancelled();
      };
    },
    // Not `async`: the returned promise is the serialized run itself, so a caller awaiting
    // it resumes (and sees now() at the target) before a queued advance starts.
    advance(by) {
      return attempt(() => {
        if (typeof by === 'number' && by < 0) throw new ClockError(`Cannot advance the virtual clock by ${by} ms.`, BACK_HINT);
        if (typeof by === 'string' && by.trim().startsWith('-')) throw new ClockError(`Cannot advance the virtual clock by ${by}.`, BACK_HINT);
        if (typeof by === 'number' && !Number.isFinite(by)) {
          throw new InvalidTimerError(String(by), 'the step is not a finite number of ms.', 'pass milliseconds such as 60000 or an ISO 8601 duration such as PT1M.');
        }
        const step = typeof by === 'string' ? parseDuration(by) : by;
        return goTo(() => (typeof step === 'number' ? now + step : addDuration(now, step, zone)));
      });
    },
    advanceTo(t) {
      return attempt(() => {
        const target = toEpochMs(t, 'target time');
        return goTo(() => target);
      });
    },
    settle: () => serialized(() => runUntil(now)),
    pending: () => live,
  };
}

/** Turns a synchronous throw into a rejected promise. */
function attempt(run: () => Promise<void>): Promise<void> {
  try {
    return run();
  } catch (err) {
    return Promise.reject(err);
  }
}

function iso(t: number): string {
  return Number.isFinite(t) && Math.abs(t) <= 8.64e15 ? new Date(t).toISOString() : String(t);
}

/** Binary min-heap of wake-ups keyed by (at, seq), with lazy deletion of cancelled ones. */
class WakeHeap {
  private items: WakeUp[] = [];
  private cancelled = 0;

  push(w: WakeUp): void {
    this.items.push(w);
    this.up(this.items.length - 1);
  }

  /** Removes and returns the first pending wake-up due at or before `t`. */
  popDue(t: number): WakeUp | undefined {
    for (let top = this.items[0]; top; top = this.items[0]) {
      if (top.state === 'pending' && top.at > t) return undefined;
      const last = this.items.pop()!;
      if (this.items.length > 0) {
        this.items[0] = last;
        this.down(0);
      }
      if (top.state === 'pending') return top;
      this.cancelled--;
    }
    return undefined;
  }

  /** Records a cancellation; rebuilds the heap when more than half of it is dead. */
  noteCancelled(): void {
    this.cancelled++;
    if (this.cancelled > 32 && this.cancelled * 2 > this.items.length) {
      this.items = this.items.filter((w) => w.state === 'pending');
      this.cancelled = 0;
      for (let i = (this.items.length >> 1) - 1; i >= 0; i--) this.down(i);
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.items[i]!;
    const b = this.items[j]!;
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private swap(i: number, j: number): void {
    const a = this.items[i]!;
    this.items[i] = this.items[j]!;
    this.items[j] = a;
  }

  private up(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) return;
      this.swap(i, parent);
      i = parent;
    }
  }

  private down(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < this.items.length && this.less(l, min)) min = l;
      if (r < this.items.length && this.less(r, min)) min = r;
      if (min === i) return;
      this.swap(i, min);
      i = min;
    }
  }
}
