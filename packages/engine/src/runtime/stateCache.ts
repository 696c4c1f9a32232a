/**
 * The latest committed state of recently used instances, kept by one engine node so a
 * command does not read back what the node itself just wrote. Entries are JSON strings
 * (every use gets a fresh copy) in least-recently-used order, up to a capacity.
 *
 * A cached state may be stale when another node changed the instance since: the command's
 * commit then fails its version check and is retried from a fresh read; a command that
 * would not commit, or that throws, on a cached state is re-run on a fresh read too (see
 * `Engine.command`). So the cache never decides an outcome on its own.
 *
 * @module
 */
import type { InstanceState } from './state';

export class StateCache {
  private readonly entries = new Map<string, string>();

  constructor(private readonly capacity: number) {}

  /** A fresh copy of the cached state, or undefined. */
  get(id: string): InstanceState | undefined {
    const json = this.entries.get(id);
    if (json === undefined) return undefined;
    this.entries.delete(id);
    this.entries.set(id, json);
    return JSON.parse(json) as InstanceState;
  }

  /** Remember the state just committed (active instances only: finished ones take no more commands). */
  set(state: InstanceState): void {
    if (this.capacity <= 0) return;
    this.entries.delete(state.id);
    if (state.status !== 'active') return;
    this.entries.set(state.id, JSON.stringify(state));
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  get size(): number {
    return this.entries.size;
  }
}
