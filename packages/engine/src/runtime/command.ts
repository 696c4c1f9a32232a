/**
 * Commands: everything that can happen to one instance, as plain data. `apply` (in
 * `runtime/apply.ts`) is the only way a command changes a state; the engine's pipeline
 * loads the state, applies one command, commits, and carries out the effects.
 *
 * Local ids (`task`, `timer`, `job`, `subscription`, `incident`) are the instance-local
 * numbers behind the global ids (`<instanceId>/<n>`).
 *
 * @module
 */
import type { ListenerJobResult } from './listeners';
import type { BufferedMessage } from '../store/types';
import type { Actor, TaskChanges } from '../tasks/types';
import type { DecisionCallOutcome } from '../dmn/request';

/** Start the instance: `process.started` and a token on start event `startNode` (node index). */
export interface StartCommand { type: 'start'; startNode: number }
/** Terminate an active instance (API cancel). `byParent`: its call activity was cancelled (a called instance refuses any other cancel). */
export interface CancelCommand { type: 'cancel'; reason: string; byParent?: boolean }
/** Set variables of the instance (root scope), as a host changes data; conditional events re-evaluate. */
export interface VariablesSetCommand { type: 'variables.set'; variables: Record<string, unknown> }
/** Raise a named milestone (an SLA anchor). */
export interface MilestoneCommand { type: 'milestone'; name: string; data: Record<string, unknown> }
/** User-task commands by an actor (`taskId` is the global id, for error messages). */
export interface TaskClaimCommand { type: 'task.claim'; task: number; taskId: string; actor: Actor }
export interface TaskUnclaimCommand { type: 'task.unclaim'; task: number; taskId: string; actor: Actor }
export interface TaskAssignCommand { type: 'task.assign'; task: number; taskId: string; actor: Actor; assignee: string }
/** Update an open task's candidates, dates or priority (`engine.tasks.update`); updating listeners decide first. */
export interface TaskUpdateCommand { type: 'task.update'; task: number; taskId: string; actor: Actor; changes: TaskChanges }
/** Update an open task's candidates, dates or priority (`engine.tasks.update`); updating listeners decide first. */
export interface TaskUpdateCommand { type: 'task.update'; task: number; taskId: string; actor: Actor; changes: TaskChanges }
export interface TaskCompleteCommand { type: 'task.complete'; task: number; taskId: string; actor: Actor; output: Record<string, unknown> }
/** A resource pool granted the waiting task a unit of `role`. */
export interface TaskGrantCommand { type: 'task.grant'; task: number; role: string }
/**
 * A timer fell due. `leaseUntil`: the firing node's lease on the timer; a command applied at
 * or after it changes nothing (another node may hold the timer now).
 */
export interface TimerFireCommand { type: 'timer.fire'; timer: number; leaseUntil?: number }
/** A job's lease ran out without a result: hand it out again (same job id and attempt). */
export interface JobLeaseExpiredCommand { type: 'job.leaseExpired'; job: number; attempt: number; leaseUntil?: number }
/** A timer's firing was refused (its outcome broke a limit): the timer ends; a token waiting on it gets an incident. */
export interface TimerRefusedCommand { type: 'timer.refused'; timer: number; code: string; message: string }
/** A timer record the instance no longer owns (it ended): drop it. */
export interface TimerDropCommand { type: 'timer.drop'; timerId: string }
/** Job results from a handler. */
export interface JobCompleteCommand {
  type: 'job.complete';
  job: number;
  attempt: number;
  output: Record<string, unknown>;
  /** A task listener's corrections or denial (`runtime/listeners.ts`). */
  listener?: ListenerJobResult;
}
export interface JobFailCommand { type: 'job.fail'; job: number; attempt: number; message: string; retry?: boolean; code?: string }
export interface JobErrorCommand { type: 'job.error'; job: number; attempt: number; errorCode: string; variables: Record<string, unknown> }
/** A message correlated to the instance's open subscription. */
export interface CorrelateCommand { type: 'message.correlate'; subscription: number; payload: Record<string, unknown> }
/**
 * Buffered messages read for subscriptions the transition opened: each subscription takes
 * its messages in order while it stays open. The pipeline reads them from the store
 * between two applications, never during one.
 */
export interface DeliverCommand { type: 'messages.deliver'; offers: readonly { subscription: number; messages: readonly BufferedMessage[] }[] }
/** Call activities (`runtime/calls.ts`): the child completed, threw an error or escalation it did not catch, or could not start. */
export interface ChildCompletedCommand { type: 'child.completed'; execution: number; child: string; variables: Record<string, unknown> }
export interface ChildErrorCommand { type: 'child.error'; execution: number; child: string; code: string; thrower: number }
export interface ChildEscalationCommand { type: 'child.escalation'; execution: number; child: string; code: string }
export interface CallFailedCommand { type: 'call.failed'; execution: number; child: string; code: string; message: string }
/** No calling instance caught the error execution `execution` threw. */
export interface ErrorUnhandledCommand { type: 'error.unhandled'; execution: number; code: string }
/** A broadcast signal reached the instance's signal subscription. */
export interface SignalReceiveCommand { type: 'signal.receive'; subscription: number; payload: Record<string, unknown> }
/** A business rule task's decision, evaluated by the pipeline (`dmn/request.ts`): the evaluation, or why there is none. */
export interface DecisionResultCommand { type: 'decision.result'; execution: number; outcome: DecisionCallOutcome }
/** Continue a receive task without a message (`engine.instances.trigger`): `variables` merged as its result; `execution` picks one of several waiting. */
export interface TriggerCommand { type: 'trigger'; elementId: string; execution?: number; variables: Record<string, unknown> }
/** Retry an incident after the host fixed its cause; `variables` are written first. */
export interface RetryIncidentCommand { type: 'incident.retry'; incident: number; incidentId: string; variables: Record<string, unknown> }

/**
 * Move the instance onto another version of its process (`engine.instances.migrate`,
 * `migration/`). Applied with the **target** version's model; everything about the source
 * version it needs is resolved into plain data by the validation (`migration/validate.ts`).
 */
export interface MigrateCommand {
  type: 'migrate';
  /** The instance's version before (the command is refused when it is no longer on it). */
  fromVersion: number;
  toVersion: number;
  /** The element mapping used, source id → target id (explicit entries and the same-id defaults the instance needed). */
  mapping: Record<string, string>;
  /** Source node index → target node index, for every node the state refers to and keeps. */
  nodes: [number, number][];
  /** Source flow index → target flow index for the arrival flows that exist in the target (others are forgotten). */
  flows: [number, number][];
  /** Waits (timers, subscriptions) that end: their element is not in the target or was mapped to none, or a subscription reopened (its message or key changed). */
  drop: { kind: 'timer' | 'subscription'; id: number; elementId: string; elementType: string }[];
  /** Target waits to arm: node `n` (target index) for owner execution `ex` (0: the process scope); reopened subscriptions too. */
  arm: { ex: number; n: number }[];
  /** SLA clocks: the source policy's calendar, the stages that fired, and whether the limit changed. */
  clocks: { id: number; calendar: string; fired: string[]; limitChanged: boolean }[];
  /** Task local id → the candidate groups it had (kept: candidates were decided at creation). */
  groups: [number, string[]][];
}

/** Everything that can happen to an instance. */
export type Command =
  | StartCommand
  | CancelCommand
  | MilestoneCommand
  | VariablesSetCommand
  | TaskClaimCommand
  | TaskUnclaimCommand
  | TaskAssignCommand
  | TaskCompleteCommand
  | TaskUpdateCommand
  | TaskGrantCommand
  | TimerFireCommand
  | TimerDropCommand
  | TimerRefusedCommand
  | JobLeaseExpiredCommand
  | JobCompleteCommand
  | JobFailCommand
  | JobErrorCommand
  | CorrelateCommand
  | SignalReceiveCommand
  | DeliverCommand
  | RetryIncidentCommand
  | TriggerCommand
  | ChildCompletedCommand
  | ChildErrorCommand
  | ChildEscalationCommand
  | CallFailedCommand
  | ErrorUnhandledCommand
  | DecisionResultCommand
  | MigrateCommand;

/** The name of a command. */
export type CommandType = Command['type'];
