/**
 * Running work in the runtime: per-key serialization (commands on one instance run one
 * after another) and tracking of background work (handlers, timer firings) for `idle()`.
 *
 * @module
 */

export class Work {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly inflight = new Set<Promise<unknown>>();

  constructor(private readonly onError: (error: unknown, context: string) => void) {}

  /** Run `fn` after every earlier `serialize` call with the same key has settled. */
  serialize<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.locks.get(key) ?? Promise.resolve();
    const run = prev.then(fn, fn);
    const tail = run.then(
      () => undefined,
      () => undefined,
    );
    this.locks.set(key, tail);
    void tail.then(() => {
      if (this.locks.get(key) === tail) this.locks.delete(key);
    });
    return run;
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
