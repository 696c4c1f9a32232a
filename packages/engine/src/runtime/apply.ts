/**
 * The transition function: `apply(model, state, command, now) → { state, effects }`.
 *
 * `apply` is pure: it copies the state it is given, never reads a clock, never does I/O,
 * never draws random numbers. What a command needs from the store (buffered messages for
 * the subscriptions it opened) is read by the caller and passed in as a further command
 * (`messages.deliver`) on the same {@link Transition} — between two applications, never
 * during one. The engine's pipeline uses a `Transition` directly on a state it owns (no
 * copy); tests and tools call `apply`.
 *
 * @module
 */
import { deepFreeze } from '../events/freeze';
import type { InstanceEvent } from '../events/types';
import { InstanceStateError, InvalidArgumentError } from '../errors';
import { triggerReceiveTask } from '../elements/eventDefinitions/trigger';
import { correlate } from '../elements/eventDefinitions/message';
import { fireTimer } from '../elements/eventDefinitions/timer';
import { receiveSignal } from '../elements/eventDefinitions/signal';
import type { ProcessModel } from '../model/types';
import { grantTask } from '../resources/grant';
import type { SubscriptionRecord } from '../store/types';
import { assignTask, claimTask, completeTask, unclaimTask, updateTask } from '../tasks/commands';
import { isDetached } from './listeners';
import type { TaskRecord } from '../tasks/types';
import { ALWAYS } from '../time/businessCalendar';
import type { Command } from './command';
import { callFailed, childCompleted, childError, childEscalation, errorUnhandled, type CallRequest } from './calls';
import { completeJob, failJob, retryIncident, startInstance, throwJobError } from './commands';
import type { Effect } from './effects';
import { defaultRetryBackoff } from './jobs';
import type { InstanceState } from './state';
import { Step, type StepSettings } from './step';
import { decisionResult } from '../elements/businessRuleTask';
import type { DecisionRequest } from '../dmn/request';
import { migrateInstance } from '../migration/apply';

/** What a command returns besides its effects: the task it acted on, the element that took a message, whether a grant happened. */
export type CommandResult = TaskRecord | string | boolean | undefined;

/** The outcome of {@link apply}. */
export interface ApplyResult {
  /** The next state (a copy; the input is untouched). */
  state: InstanceState;
  /** What the runtime must write and do, in order: history records first. */
  effects: Effect[];
  /** The command's answer: a task command's task record, the element id a correlated message reached, a grant's success. */
  result: CommandResult;
}

/** Settings for {@link apply} when none are given: UTC, the `24/7` calendar only, no pools. */
export const DEFAULT_STEP_SETTINGS: StepSettings = Object.freeze({
  zone: 'UTC',
  retryBackoff: defaultRetryBackoff,
  calendar: (name: string) => {
    if (name === ALWAYS.name) return ALWAYS;
    throw new InvalidArgumentError('calendar', `no business calendar named '${name}' is configured`, 'pass settings with a calendar(name) lookup to apply().');
  },
});

/**
 * Apply one command to a copy of `state` at instant `now` (epoch ms). Throws the command's
 * typed refusal (e.g. `ForbiddenError`, `TaskNotOpenError`) and then nothing has changed.
 *
 * @example
 * ```ts
 * const state = newInstanceState(model, 'i-1', { amount: 10 }, undefined, now);
 * const { state: next, effects } = apply(model, state, { type: 'start', startNode: model.noneStart! }, now);
 * effects.filter((e) => e.type === 'task.put'); // the user task the token now waits in
 * ```
 *
 * A `migrate` command is applied with the model of the version it migrates **to** (the state
 * is still on its own version; `migration/validate.ts` resolves the plan into the command).
 */
export function apply(model: ProcessModel, state: InstanceState, command: Command, now: number, settings: StepSettings = DEFAULT_STEP_SETTINGS): ApplyResult {
  const t = new Transition(model, structuredClone(state), now, settings);
  const result = t.apply(command);
  return { state: t.state, effects: t.finish(), result };
}

/**
 * One transition of one instance, possibly made of several commands (a command, then the
 * buffered messages for the subscriptions it opened). It owns and changes `state`.
 */
export class Transition {
  private readonly step: Step;
  /** Buffered messages taken by this transition. */
  private readonly taken: string[] = [];
  /** Subscriptions already offered their buffered messages (made on first use). */
  private offered: Set<string> | undefined;

  constructor(
    readonly model: ProcessModel,
    readonly state: InstanceState,
    readonly now: number,
    settings: StepSettings,
  ) {
    this.step = new Step(model, state, now, settings);
  }

  /** Apply `command` and run until every token waits. */
  apply(command: Command): CommandResult {
    const result = applyCommand(this.step, command, this.taken);
    this.step.run();
    return result;
  }

  /**
   * Subscriptions this transition opened that have not been offered buffered messages yet
   * (only those with a key can match one). The caller reads their messages and applies
   * `messages.deliver`.
   */
  subscriptionsToOffer(): SubscriptionRecord[] {
    const out: SubscriptionRecord[] = [];
    const subs = this.step.subsPutIfAny;
    if (!subs) return out;
    const offered = (this.offered ??= new Set());
    for (const sub of subs.values()) {
      if (offered.has(sub.id)) continue;
      offered.add(sub.id);
      if (sub.key !== undefined && sub.keyKind !== 'signal') out.push(sub);
    }
    return out;
  }

  /** The history records made so far, in order. */
  get records(): readonly InstanceEvent[] {
    return this.step.events;
  }

  /** Whether anything waits for the pipeline between applications: subscriptions to offer buffered messages, or cross-instance requests. */
  get unsettled(): boolean {
    if (this.hasCrossEffects()) return true;
    const subs = this.step.subsPutIfAny;
    if (subs) for (const sub of subs.values()) if (!this.offered?.has(sub.id) && sub.key !== undefined && sub.keyKind !== 'signal') return true;
    return false;
  }

  /** Whether cross-instance requests wait to be carried out (see {@link takeCrossEffects}). */
  hasCrossEffects(): boolean {
    return this.step.calls.length > this.callsSeen || this.step.crossCommands.length > this.commandsSeen || this.step.decisions.length > this.decisionsSeen;
  }

  /** Ids of the buffered messages taken so far. */
  takenMessages(): readonly string[] {
    return this.taken;
  }

  /**
   * Close the transition: job leases settled, records frozen, and everything it asks for
   * as effects. An empty list means nothing changed that must be written.
   */
  finish(): Effect[] {
    const step = this.step;
    step.settleJobLeases();
    const effects: Effect[] = [];
    if (step.events.length) {
      for (const ev of step.events) deepFreeze(ev);
      effects.push({ type: 'history', records: step.events });
    }
    if (step.timersDeletedIfAny) for (const id of step.timersDeletedIfAny) effects.push({ type: 'timer.delete', timerId: id });
    for (const id of this.taken) effects.push({ type: 'timer.delete', timerId: `message/${id}` });
    if (step.timersPutIfAny) for (const timer of step.timersPutIfAny.values()) effects.push({ type: 'timer.put', timer });
    for (const task of step.tasks.values()) effects.push({ type: 'task.put', task });
    if (step.subsDeletedIfAny) for (const id of step.subsDeletedIfAny) effects.push({ type: 'subscription.delete', subscriptionId: id });
    if (step.subsPutIfAny) for (const subscription of step.subsPutIfAny.values()) effects.push({ type: 'subscription.put', subscription });
    for (const id of this.taken) effects.push({ type: 'message.take', messageId: id });
    for (const job of step.jobs) effects.push({ type: 'job.dispatch', job });
    for (const s of step.signals) effects.push({ type: 'signal.broadcast', signal: s.signal, variables: s.variables });
    for (const call of step.calls) effects.push({ type: 'child.start', call });
    for (const c of step.crossCommands) effects.push({ type: 'instance.command', instanceId: c.instanceId, command: c.command });
    for (const request of step.decisions.slice(this.decisionsSeen)) effects.push({ type: 'decision.evaluate', request });
    return effects;
  }

  /**
   * The cross-instance requests made since the last call (children to start, commands for
   * other instances); the pipeline carries them out in the same transaction.
   */
  takeCrossEffects(): { calls: CallRequest[]; commands: { instanceId: string; command: Command }[]; decisions: DecisionRequest[] } {
    const calls = this.step.calls.slice(this.callsSeen);
    const commands = this.step.crossCommands.slice(this.commandsSeen);
    const decisions = this.step.decisions.slice(this.decisionsSeen);
    this.callsSeen = this.step.calls.length;
    this.commandsSeen = this.step.crossCommands.length;
    this.decisionsSeen = this.step.decisions.length;
    return { calls, commands, decisions };
  }
  private callsSeen = 0;
  private commandsSeen = 0;
  private decisionsSeen = 0;
}

function requireActive(state: InstanceState, action: string): void {
  if (state.status !== 'active') throw new InstanceStateError(state.id, state.status, action);
}

/** The task record a task command answers with: as changed by the command, or as it stands. */
function taskAfter(step: Step, local: number, taskId: string): TaskRecord | undefined {
  const changed = step.tasks.get(taskId);
  if (changed) return changed;
  const e = step.state.ex.find((x) => x.task?.id === local);
  // Frozen like every task record handed out: it shares lists with the state and the model.
  return e ? deepFreeze(step.taskRecord(e)) : undefined;
}

/** The one switch over command types: each case calls the element logic that handles it. */
function applyCommand(step: Step, c: Command, taken: string[]): CommandResult {
  switch (c.type) {
    case 'start':
      startInstance(step, c.startNode);
      return undefined;
    case 'cancel':
      if (c.byParent && step.state.status !== 'active') return undefined;
      requireActive(step.state, 'cancel');
      if (step.state.parent && !c.byParent) {
        throw new InvalidArgumentError('instance', `instance ${step.state.id} was started by a call activity of instance ${step.state.parent.id}; it ends with its caller`, `cancel the calling instance ${step.state.parent.id} instead (it terminates this one).`);
      }
      step.terminate(c.reason);
      return undefined;
    case 'milestone':
      requireActive(step.state, 'raise a milestone on');
      step.emitInstanceEvent('milestone.reached', { name: c.name, data: c.data });
      return undefined;
    case 'variables.set':
      requireActive(step.state, 'set variables on');
      step.emitInstanceEvent('variables.set', { variables: structuredClone(c.variables) });
      step.writeVariables(undefined, c.variables);
      return undefined;
    case 'task.claim':
      claimTask(step, c.task, c.taskId, c.actor);
      return taskAfter(step, c.task, c.taskId);
    case 'task.unclaim':
      unclaimTask(step, c.task, c.taskId, c.actor);
      return taskAfter(step, c.task, c.taskId);
    case 'task.assign':
      assignTask(step, c.task, c.taskId, c.actor, c.assignee);
      return taskAfter(step, c.task, c.taskId);
    case 'task.update':
      updateTask(step, c.task, c.taskId, c.actor, c.changes);
      return taskAfter(step, c.task, c.taskId);
    case 'task.complete':
      completeTask(step, c.task, c.taskId, c.actor, c.output);
      return taskAfter(step, c.task, c.taskId);
    case 'task.grant':
      return grantTask(step, c.task, c.role);
    case 'timer.fire':
      if (c.leaseUntil !== undefined && step.now >= c.leaseUntil) return undefined;
      // An ended instance still runs the canceling listeners of its cancelled tasks (their retry backoffs).
      if (step.state.status === 'active' || isDetached(step.exec(step.state.timers.find((x) => x.id === c.timer)?.ex ?? -2))) fireTimer(step, c.timer);
      else step.timersDeleted.add(step.globalId(c.timer));
      return undefined;
    case 'timer.refused': {
      const t = step.state.timers.find((x) => x.id === c.timer);
      step.timersDeleted.add(step.globalId(c.timer));
      if (!t) return undefined;
      step.removeTimer(t, true);
      // A token waiting on the timer itself stops with the incident (a retry arms it again);
      // a boundary timer just ends, and its activity goes on.
      const e = step.exec(t.ex);
      if (e && e.n === t.n && e.inc === undefined && step.state.status === 'active') step.incident(e, c.code, c.message);
      return undefined;
    }
    case 'timer.drop':
      step.timersDeleted.add(c.timerId);
      return undefined;
    case 'job.leaseExpired':
      if (c.leaseUntil !== undefined && step.now >= c.leaseUntil) return undefined;
      if (step.state.status === 'active' || isDetached(step.state.ex.find((x) => x.job?.id === c.job))) step.redispatchJob(c.job, c.attempt);
      else step.timersDeleted.add(step.jobTimerId(c.job));
      return undefined;
    case 'job.complete':
      return completeJob(step, c.job, c.attempt, c.output, c.listener);
    case 'job.fail':
      return failJob(step, c.job, c.attempt, c.message, c.retry ?? true, c.code ?? 'JOB_FAILED');
    case 'job.error':
      return throwJobError(step, c.job, c.attempt, c.errorCode, c.variables);
    case 'message.correlate': {
      const s = step.state.subs.find((x) => x.id === c.subscription);
      if (!s || !correlate(step, c.subscription, c.payload)) return undefined;
      return step.node(s.n).id;
    }
    case 'signal.receive': {
      const s = step.state.subs.find((x) => x.id === c.subscription);
      if (!s || step.state.status !== 'active' || !receiveSignal(step, c.subscription, c.payload)) return undefined;
      return step.node(s.n).id;
    }
    case 'messages.deliver':
      for (const offer of c.offers) {
        for (const m of offer.messages) {
          if (taken.includes(m.id)) continue;
          if (!step.state.subs.some((x) => x.id === offer.subscription)) break;
          if (correlate(step, offer.subscription, structuredClone(m.payload), m.bufferedAt)) {
            taken.push(m.id);
            step.run();
          }
        }
      }
      return undefined;
    case 'trigger':
      triggerReceiveTask(step, c.elementId, c.execution, c.variables);
      return c.elementId;
    case 'incident.retry':
      retryIncident(step, c.incident, c.incidentId, c.variables);
      return undefined;
    case 'child.completed':
      return childCompleted(step, c.execution, c.child, c.variables);
    case 'child.error':
      return childError(step, c.execution, c.child, c.code, c.thrower);
    case 'child.escalation':
      return childEscalation(step, c.execution, c.child, c.code);
    case 'call.failed':
      return callFailed(step, c.execution, c.child, c.code, c.message);
    case 'error.unhandled':
      return errorUnhandled(step, c.execution, c.code);
    case 'decision.result':
      return decisionResult(step, c.execution, c.outcome);
    case 'migrate':
      migrateInstance(step, c);
      return undefined;
  }
}
