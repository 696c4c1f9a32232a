/**
 * History retention: how long an ended instance (completed or terminated) is kept with its
 * history, tasks and SLA clocks before the store removes it.
 *
 * The time to live of an instance is, first that found: the deploy's `historyTimeToLive`
 * (for the process), the BPMN attribute `camunda:historyTimeToLive` on the process, the
 * engine's `historyTimeToLive` option; none of them: kept forever (the default). When an
 * instance ends, its commit also writes a timer of kind `retention` due at `endedAt + ttl`;
 * the scheduler hands the retention timers of each firing round to
 * `store.purgeInstances` in one call (on PostgreSQL one statement, on the node that holds
 * the timers' lease). A running instance is never removed. See docs/retention.md.
 *
 * @module
 */
import type { HistoryRecord } from '../events/types';
import { retentionTimerId } from '../store/retention';
import type { Store, TimerRecord } from '../store/types';
import type { InstanceState } from './state';

/**
 * The retention timer to write with a commit: for an instance that ended in this command
 * (`events` hold its `process.completed` / `process.terminated`) when it has a time to live
 * and the store can purge. Otherwise none.
 */
export function retentionTimers(state: InstanceState, events: readonly HistoryRecord[], ttlMs: number | undefined, store: Store): TimerRecord[] {
  if (ttlMs === undefined || !store.purgeInstances || state.status === 'active' || state.endedAt === undefined) return [];
  if (!events.some((e) => e.type === 'process.completed' || e.type === 'process.terminated')) return [];
  return [{ id: retentionTimerId(state.id), kind: 'retention', dueAt: state.endedAt + ttlMs, instanceId: state.id }];
}

/**
 * Fire due retention timers: their instances are removed in one `purgeInstances` call.
 * Timers a store without `purgeInstances` holds (content carried over from another store)
 * are deleted, their instances kept.
 */
export async function purgeRetained(store: Store, timers: readonly TimerRecord[], now: number): Promise<string[]> {
  if (timers.length === 0) return [];
  if (!store.purgeInstances) {
    await store.commit({ instances: [], history: [], timers: { put: [], delete: timers.map((t) => t.id) }, tasks: [], subscriptions: { put: [], delete: [] }, messages: { put: [], delete: [] } });
    return [];
  }
  return store.purgeInstances(timers.flatMap((t) => (t.instanceId !== undefined ? [t.instanceId] : [])), now);
}
