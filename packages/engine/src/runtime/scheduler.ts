/**
 * The scheduler keeps the clock armed for the earliest due timer in the store — one wake-up
 * at a time, re-armed after every firing round — and fires due timers in due order. Where
 * the store serves many nodes, each round acquires its timers with a lease (no other node
 * fires them meanwhile; a dead node's leases run out and another node takes them), and other
 * nodes' commits arm it through the store's listener.
 * On a virtual clock, `advance()` waits for each round and the work it caused.
 * A round that fails (the store unavailable) is reported on `engine.error` and tried again
 * after a bounded backoff (`outageDelay`: 100 ms doubling to 5 s), never given up: timers
 * that were due during an outage fire once it is over. Nothing here rejects unhandled.
 *
 * @module
 */
import type { Store, TimerRecord } from '../store/types';
import type { Clock } from '../time/clock';
import { purgeRetained } from './retention';
import { outageDelay, type Work } from './work';

/** Timers fetched per round. */
const BATCH = 100;

export class Scheduler {
  private armed: { at: number; cancel: () => void } | undefined;
  private started = false;
  private stopped = false;
  /** A tick is running: it re-reads due timers until none is left and re-arms at its end. */
  private ticking = false;
  /** The tracked promise of a tick started for timers already due (it must not wait for itself). */
  private self: Promise<unknown> | undefined;
  /** Rounds failed in a row (the store unavailable); 0 after a round that went through. */
  private failures = 0;

  constructor(
    private readonly clock: Clock,
    private readonly store: Store,
    private readonly work: Work,
    /** Fire one timer; `leaseUntil`: this node holds it until then (acquired timers), and must not fire it after. */
    private readonly fire: (t: TimerRecord, leaseUntil: number | undefined) => Promise<void>,
    /** Many nodes: this node's lease owner id and how long it holds acquired timers (ms). */
    private readonly lease: { owner: string; lease: number } = { owner: 'local', lease: 60_000 },
  ) {}

  /** Due timers for this round: leased to this node (until `leaseUntil`) where the store serves many nodes. */
  private async due(now: number): Promise<{ timers: TimerRecord[]; leaseUntil: number | undefined }> {
    if (!this.store.acquireTimers) return { timers: await this.store.dueTimers(now, BATCH), leaseUntil: undefined };
    const leaseUntil = now + this.lease.lease;
    return { timers: await this.store.acquireTimers(now, BATCH, { owner: this.lease.owner, until: leaseUntil }), leaseUntil };
  }

  /** Arm for the earliest timer already in the store (once). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.work.track(
      this.store.nextDue().then(
        (at) => {
          if (at !== undefined) this.armAt(at);
        },
        (err: unknown) => this.failed(err, 'loading timers'),
      ),
      'loading timers',
    );
  }

  /**
   * Read the next due timer from the store again and arm for it: a commit whose outcome was
   * unknown may have put timers this scheduler was never told about. A failed read is
   * retried like a failed round.
   */
  resync(): void {
    if (this.stopped) return;
    this.work.track(
      this.store.nextDue().then(
        (at) => {
          if (at !== undefined) this.armAt(at);
        },
        (err: unknown) => this.failed(err, 'reading the next due timer'),
      ),
      'reading the next due timer',
    );
  }

  /** A round failed: report it and try again after the backoff (a round reads what is due afresh). */
  private failed(err: unknown, context: string): void {
    this.failures++;
    const wait = outageDelay(this.failures);
    this.work.report(err, `${context} (retrying in ${wait} ms)`);
    this.armAt(this.clock.now() + wait);
  }

  /** Make sure the clock wakes us at `at` (or earlier). Already due: fire without waiting. */
  armAt(at: number): void {
    if (this.stopped || this.ticking) return;
    if (this.armed && this.armed.at <= at) return;
    this.armed?.cancel();
    const armed = { at, cancel: () => {} };
    this.armed = armed;
    if (at <= this.clock.now()) {
      let cancelled = false;
      armed.cancel = () => {
        cancelled = true;
      };
      this.self = this.work.track(
        Promise.resolve().then(() => (cancelled ? undefined : this.tick(armed))),
        'firing due timers',
      );
    } else {
      armed.cancel = this.clock.wakeAt(at, () => this.tick(armed));
    }
  }

  /** Stop: no further wake-ups. */
  stop(): void {
    this.stopped = true;
    this.armed?.cancel();
    this.armed = undefined;
  }

  /** Fire every due timer in due order, wait for the work it caused, then re-arm. */
  private async tick(armed: { at: number }): Promise<void> {
    if (this.armed === armed) this.armed = undefined;
    if (this.stopped || this.ticking) return;
    const self = this.self;
    this.ticking = true;
    let failure: { err: unknown } | undefined;
    try {
      for (;;) {
        const { timers, leaseUntil } = await this.due(this.clock.now());
        if (!timers.length) break;
        // History retention: the round's retention timers remove their instances in one call.
        const retained = timers.filter((t) => t.kind === 'retention');
        if (retained.length) await this.work.track(purgeRetained(this.store, retained, this.clock.now()), 'removing instances past their history retention').catch(() => undefined);
        for (const t of timers) {
          if (t.kind === 'retention') continue;
          // The lease ran out (slow firing under load): another node may hold these timers now.
          // Acquire again what is still due and free rather than fire what this node no longer holds.
          if (leaseUntil !== undefined && this.clock.now() >= leaseUntil) break;
          await this.fire(t, leaseUntil);
        }
        await this.work.idle(self);
      }
    } catch (err) {
      failure = { err };
    } finally {
      this.ticking = false;
      if (this.self === self) this.self = undefined;
    }
    if (failure) return this.failed(failure.err, 'firing due timers');
    let next: number | undefined;
    try {
      next = await this.store.nextDue();
    } catch (err) {
      return this.failed(err, 'reading the next due timer');
    }
    this.failures = 0;
    if (next !== undefined) this.armAt(next);
  }
}
