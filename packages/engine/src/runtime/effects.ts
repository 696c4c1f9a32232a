/**
 * Effects: what a transition asks the runtime to do, as plain data. The pipeline writes
 * the persistent ones in one commit (history, timers, tasks, subscriptions, messages taken)
 * and, once that commit is durable, carries out the rest (publish the history records on
 * the bus, hand jobs to handlers, arm the scheduler for the new timers).
 *
 * @module
 */
import type { InstanceEvent } from '../events/types';
import type { CommitBatch, SubscriptionRecord, TimerRecord } from '../store/types';
import type { TaskRecord } from '../tasks/types';
import type { InstanceState } from './state';
import type { CallRequest } from './calls';
import type { Command } from './command';
import type { JobRequest } from './step';
import type { DecisionRequest } from '../dmn/request';

/** One thing a transition asks for. */
export type Effect =
  /** Append these records (frozen, in order) to the instance's history, then publish them on the bus. */
  | { type: 'history'; records: readonly InstanceEvent[] }
  | { type: 'timer.put'; timer: TimerRecord }
  | { type: 'timer.delete'; timerId: string }
  /** Upsert the task projection (tasks.query reads it). */
  | { type: 'task.put'; task: TaskRecord }
  | { type: 'subscription.put'; subscription: SubscriptionRecord }
  | { type: 'subscription.delete'; subscriptionId: string }
  /** A buffered message was taken (deleted with its expiry timer, once in the cluster). */
  | { type: 'message.take'; messageId: string }
  /** After commit: hand the job to its handler. */
  | { type: 'job.dispatch'; job: JobRequest }
  /** After commit: broadcast a signal (a signal throw or end event). */
  | { type: 'signal.broadcast'; signal: string; variables: Record<string, unknown> }
  /** Before commit, in the same transaction: start a child instance (a call activity). */
  | { type: 'child.start'; call: CallRequest }
  /** Before commit, in the same transaction: apply `command` to another instance (a child to terminate, a parent to notify). */
  | { type: 'instance.command'; instanceId: string; command: Command }
  /** Before commit, in the same transaction: evaluate a business rule task's decision and apply its `decision.result`. */
  | { type: 'decision.evaluate'; request: DecisionRequest };

/** The name of an effect. */
export type EffectType = Effect['type'];

/** The effects of one type. */
export function effectsOf<T extends EffectType>(effects: readonly Effect[], type: T): Extract<Effect, { type: T }>[] {
  return effects.filter((e): e is Extract<Effect, { type: T }> => e.type === type);
}

/** One instance's part of a commit: its new state (`rev` already the new one), the version it replaces (null: a new instance), its effects. */
export interface CommitPart {
  readonly state: InstanceState;
  readonly expectedRev: number | null;
  readonly effects: readonly Effect[];
}

/**
 * The one store commit for a transaction's parts (an instance, and the children or parent
 * its command reached) at `now`. `extra` carries what is no instance's own (a start timer's
 * next firing and its guard).
 */
export function commitBatchOf(parts: readonly CommitPart[], now: number, extra?: Partial<CommitBatch>): CommitBatch {
  // One instance's records are already in order in its one history effect: used as they are.
  const only = parts.length === 1 ? parts[0]!.effects : undefined;
  const single = only && only[0]?.type === 'history' && !only.some((e, i) => i > 0 && e.type === 'history') ? (only[0] as { records: readonly InstanceEvent[] }).records : undefined;
  const history: InstanceEvent[] = single ? (single as InstanceEvent[]) : [];
  const put: TimerRecord[] = [];
  const del: string[] = [];
  const tasks: TaskRecord[] = [];
  const subsPut: SubscriptionRecord[] = [];
  const subsDel: string[] = [];
  const take: string[] = [];
  for (const { effects } of parts) {
    for (const e of effects) {
      switch (e.type) {
        case 'history':
          if (!single) for (const r of e.records) history.push(r);
          break;
        case 'timer.put':
          put.push(e.timer);
          break;
        case 'timer.delete':
          del.push(e.timerId);
          break;
        case 'task.put':
          tasks.push(e.task);
          break;
        case 'subscription.put':
          subsPut.push(e.subscription);
          break;
        case 'subscription.delete':
          subsDel.push(e.subscriptionId);
          break;
        case 'message.take':
          take.push(e.messageId);
          break;
        case 'job.dispatch':
        case 'signal.broadcast':
        case 'child.start':
        case 'instance.command':
        case 'decision.evaluate':
          break;
      }
    }
  }
  if (extra?.timers) {
    put.push(...extra.timers.put);
    del.push(...extra.timers.delete);
  }
  const timers: CommitBatch['timers'] = { put, delete: del };
  if (extra?.timers?.guard) timers.guard = extra.timers.guard;
  const batch: CommitBatch = {
    instances: parts.length === 1 ? [{ state: parts[0]!.state, expectedRev: parts[0]!.expectedRev }] : parts.map(({ state, expectedRev }) => ({ state, expectedRev })),
    history,
    timers,
    tasks,
    subscriptions: { put: subsPut, delete: subsDel },
    messages: { put: [], delete: [], take },
  };
  // Subscriptions left open must not miss a message buffered meanwhile (by any node).
  if (subsPut.length) {
    const waiting = subsPut.flatMap((sub) => (sub.key === undefined || sub.keyKind === 'signal' ? [] : [{ name: sub.messageName, keyKind: sub.keyKind, key: sub.key }]));
    if (waiting.length) batch.checks = { noMessages: { keys: waiting, now } };
  }
  return batch;
}
