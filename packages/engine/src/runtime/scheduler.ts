/**
 * The scheduler keeps the clock armed for the earliest due timer in the store — one wake-up
 * at a time, re-armed after every firing round — and fires due timers in due order. Where
 * the store serves many nodes, each round acquires its timers with a lease (no other node
 * fires them meanwhile; a dead node's leases run out and another node takes them), and other
 * nodes' commits arm it through the store's listener.
 * On a virtual clock, `advance()` waits for each round and the work it caused.
 *
 * @module
 */
import type { Store, TimerRecord } from '../store/types';
import type { Clock } from '../time/clock';
import { purgeRetained } from './retention';
import type { Work } from './work';

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
      this.store.nextDue().then((at) => {
        if (at !== undefined) this.armAt(at);
      }),
      'loading timers',
    );
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
    } finally {
      this.ticking = false;
      if (this.self === self) this.self = undefined;
    }
    const next = await this.store.nextDue();
    if (next !== undefined) this.armAt(next);
  }
}
