/**
 * The typed event map of the host-facing bus. Every instance event is also a history
 * record: what a subscriber sees is exactly the audit trail. See docs/events.md.
 *
 * @module
 */
import type { Actor, TaskRecord } from '../tasks/types';

/** Fields every instance event carries. */
export interface EventBase {
  /** Epoch ms (engine clock) at which it happened. */
  at: number;
  instanceId: string;
  processId: string;
  businessKey?: string;
}

/** Fields of events about one element. */
export interface ElementEventBase extends EventBase {
  elementId: string;
  elementType: string;
  elementName?: string;
  /**
   * The execution (activity instance) the event belongs to, `<instanceId>/<n>`: every visit
   * of an element — each inner instance of a multi-instance task, each round of a loop, each
   * parallel branch — has its own. A boundary event's trigger names the activity it is
   * attached to.
   */
  executionId?: string;
}

export interface ProcessStartedEvent extends EventBase {
  type: 'process.started';
  processVersion: number;
  variables: Record<string, unknown>;
  startEventId: string;
  /** Started by a call activity: the calling instance, and the call activity's execution there. */
  parentId?: string;
  parentExecutionId?: string;
}
export interface ProcessCompletedEvent extends EventBase { type: 'process.completed'; variables: Record<string, unknown> }
export interface ProcessTerminatedEvent extends EventBase { type: 'process.terminated'; reason: string }
export interface ActivityEnteredEvent extends ElementEventBase { type: 'activity.entered' }
export interface ActivityLeftEvent extends ElementEventBase { type: 'activity.left' }
export interface ActivityCancelledEvent extends ElementEventBase { type: 'activity.cancelled'; reason: string }
/** Task events carry the actor whose command caused them; `{ id: 'engine', roles: [] }` when a timer, message, handler or start did. */
export interface TaskEvent<T extends string> extends ElementEventBase { type: T; task: TaskRecord; actor: Actor }
export interface TaskCompletedEvent extends TaskEvent<'task.completed'> { output: Record<string, unknown> }
export interface TaskCancelledEvent extends TaskEvent<'task.cancelled'> { reason: string }
/** A task listener denied a transition (`docs/listeners.md`): the task stays as it was; `actor` asked for the transition. */
export interface TaskDeniedEvent extends TaskEvent<'task.denied'> { transition: 'assigning' | 'updating' | 'completing'; reason?: string }
/** A task's candidates, dates or priority changed (`engine.tasks.update`, or a timeout listener's corrections); `changed` names the attributes. */
export interface TaskUpdatedEvent extends TaskEvent<'task.updated'> { changed: string[] }
/** A task waiting for its role's resource pool got a unit: `waiting → open` (docs/resources.md). */
export interface TaskGrantedEvent extends TaskEvent<'task.granted'> {
  /** The pool (role) that granted the unit. */
  pool: string;
  /** ms from the task's creation (its queue ticket) to this grant. */
  waitedMs: number;
}
export interface TimerEvent<T extends string> extends ElementEventBase { type: T; timerId: string; dueAt: number; cycle?: number }
/** `bufferedAt`: when the message arrived, for a message the case took later from the buffer (else it arrived at `at`). */
export interface MessageCorrelatedEvent extends ElementEventBase { type: 'message.correlated'; messageName: string; correlationKey?: string; payload: Record<string, unknown>; bufferedAt?: number }
/** A broadcast signal reached a waiting signal catch (intermediate, boundary, event subprocess start). */
export interface SignalReceivedEvent extends ElementEventBase { type: 'signal.received'; signalName: string; payload: Record<string, unknown> }
export interface JobEvent<T extends string> extends ElementEventBase { type: T; jobId: string; jobType: string; attempt: number; retriesLeft?: number; error?: string }
export interface IncidentEvent<T extends string> extends ElementEventBase { type: T; incidentId: string; code: string; message: string }
/** `caughtBy`: the id of the boundary event, or of the event subprocess start event, that caught it. */
export interface ThrowEvent<T extends string> extends ElementEventBase { type: T; code: string; caughtBy?: string }
/** A call activity started its child instance (`call.started`), or the child completed (`call.completed`). */
export interface CallEvent<T extends string> extends ElementEventBase { type: T; childId: string; calledProcessId?: string }
/**
 * Events of a multi-instance body (the activity's own token, `executionId` = the body). Its
 * inner instances are executions of their own and emit the usual `activity.*`, task, job
 * and timer events; the body emits these instead. Counts are as of the event.
 */
/** A matched rule of a decision table: its id and 0-based position. */
export interface DecisionRuleRef { id: string; index: number }
/**
 * A business rule task evaluated its DMN decision (docs/dmn.md): which version, which rules
 * matched (in the order the hit policy returned them), the inputs, the rule results and the
 * decision's value; `required`: the decisions it required, evaluated first.
 */
export interface DecisionEvaluatedEvent extends ElementEventBase {
  type: 'decision.evaluated';
  decisionId: string;
  decisionVersion: number;
  /** `${decisionId}:${decisionVersion}`. */
  decisionKey: string;
  matchedRules: DecisionRuleRef[];
  /** Input values by input label (else expression). */
  inputs: Record<string, unknown>;
  /** One entry per returned rule: output name → value (Camunda 7's result list). */
  resultList: Record<string, unknown>[];
  /** The decision's value (what a `zeebe:calledDecision` result variable gets). */
  result: unknown;
  required?: { decisionId: string; decisionVersion: number; matchedRules: DecisionRuleRef[]; result: unknown }[];
}
export interface MultiInstanceEvent<T extends string> extends ElementEventBase {
  type: T;
  /** numberOfInstances: the collection's size, or the loop cardinality. */
  instances: number;
  /** Inner instances completed so far. */
  completed: number;
  /** Inner instances cancelled because the completion condition was met. */
  terminated: number;
  sequential: boolean;
}
export interface MultiInstanceCancelledEvent extends MultiInstanceEvent<'multiInstance.cancelled'> { reason: string }

/**
 * SLA clock events. Times are epoch ms; `elapsed` and `remaining` are working milliseconds
 * on the clock's calendar; `dueAt` is when the limit is (or was) reached, absent while paused.
 */
export interface SlaEvent<T extends string> extends EventBase, SlaClockFields {
  type: T;
}

/** What SLA events and clock views (`engine.sla.clocks`) say about a clock. */
export interface SlaClockFields {
  /** The policy id. */
  slaId: string;
  /** This clock: `<instanceId>/<n>`. */
  clockId: string;
  calendar: string;
  /** The limit, working ms. */
  limit: number;
  startedAt: number;
  dueAt?: number;
  elapsed: number;
  remaining: number;
  /** The element the SLA is about (its task, activity), when the policy names one. */
  slaElementId?: string;
  /** The execution the clock measures, for an SLA about one activity (one clock per activity instance). */
  executionId?: string;
}
export interface SlaEscalatedEvent extends SlaEvent<'sla.escalated'> {
  /** Index of the escalation step in the policy. */
  step: number;
  notify?: string;
  reassignTo?: string;
  throwEscalation?: string;
}
export interface SlaStoppedEvent extends SlaEvent<'sla.stopped'> {
  /** Whether the limit had been breached before the clock stopped. */
  breached: boolean;
  /** Why it stopped without its stop anchor (e.g. the process ended), or `stop anchor` after a breach. */
  reason: string;
}
/** A named milestone a pack or host raised (`engine.milestone()`), usable as an SLA anchor. */
export interface MilestoneEvent extends EventBase {
  type: 'milestone.reached';
  name: string;
  data: Record<string, unknown>;
}

/** The host set variables of a running instance (`engine.instances.setVariables()`); conditional events re-evaluate. */
export interface VariablesSetEvent extends EventBase {
  type: 'variables.set';
  variables: Record<string, unknown>;
}

/**
 * The instance moved onto another version of its process (`engine.instances.migrate`,
 * docs/migration.md): tokens, tasks, timers, subscriptions and SLA clocks now follow
 * `toVersion`. `mapping` is the element mapping used (source id → target id), the same-id
 * defaults included.
 */
export interface InstanceMigratedEvent extends EventBase {
  type: 'instance.migrated';
  fromVersion: number;
  toVersion: number;
  mapping: Record<string, string>;
}

/** Events about buffered messages; they belong to no instance. */
export interface MessageBufferEvent<T extends string> {
  type: T;
  at: number;
  messageId: string;
  messageName: string;
  correlationKey?: string;
  businessKey?: string;
  expiresAt: number;
}

/** Every event, keyed by name. */
export interface EngineEventMap {
  'process.started': ProcessStartedEvent;
  'process.completed': ProcessCompletedEvent;
  'process.terminated': ProcessTerminatedEvent;
  'instance.migrated': InstanceMigratedEvent;
  'activity.entered': ActivityEnteredEvent;
  'activity.left': ActivityLeftEvent;
  'activity.cancelled': ActivityCancelledEvent;
  'task.created': TaskEvent<'task.created'>;
  'task.claimed': TaskEvent<'task.claimed'>;
  'task.unclaimed': TaskEvent<'task.unclaimed'>;
  'task.assigned': TaskEvent<'task.assigned'>;
  'task.completed': TaskCompletedEvent;
  'task.cancelled': TaskCancelledEvent;
  'task.granted': TaskGrantedEvent;
  'task.denied': TaskDeniedEvent;
  'task.updated': TaskUpdatedEvent;
  'timer.scheduled': TimerEvent<'timer.scheduled'>;
  'timer.fired': TimerEvent<'timer.fired'>;
  'timer.cancelled': TimerEvent<'timer.cancelled'>;
  'message.correlated': MessageCorrelatedEvent;
  'signal.received': SignalReceivedEvent;
  'message.buffered': MessageBufferEvent<'message.buffered'>;
  'message.expired': MessageBufferEvent<'message.expired'>;
  'job.created': JobEvent<'job.created'>;
  'job.completed': JobEvent<'job.completed'>;
  'job.failed': JobEvent<'job.failed'>;
  'incident.raised': IncidentEvent<'incident.raised'>;
  'incident.resolved': IncidentEvent<'incident.resolved'>;
  'error.thrown': ThrowEvent<'error.thrown'>;
  'escalation.thrown': ThrowEvent<'escalation.thrown'>;
  'call.started': CallEvent<'call.started'>;
  'call.completed': CallEvent<'call.completed'>;
  'decision.evaluated': DecisionEvaluatedEvent;
  'multiInstance.started': MultiInstanceEvent<'multiInstance.started'>;
  'multiInstance.completed': MultiInstanceEvent<'multiInstance.completed'>;
  'multiInstance.cancelled': MultiInstanceCancelledEvent;
  'milestone.reached': MilestoneEvent;
  'variables.set': VariablesSetEvent;
  'sla.started': SlaEvent<'sla.started'>;
  'sla.paused': SlaEvent<'sla.paused'>;
  'sla.resumed': SlaEvent<'sla.resumed'>;
  'sla.warning': SlaEvent<'sla.warning'>;
  'sla.breached': SlaEvent<'sla.breached'>;
  'sla.escalated': SlaEscalatedEvent;
  'sla.met': SlaEvent<'sla.met'>;
  'sla.stopped': SlaStoppedEvent;
}

/** The name of an event. */
export type EngineEventType = keyof EngineEventMap;
/** Any event. */
export type EngineEvent = EngineEventMap[EngineEventType];
/** Events recorded in an instance's history (all but the message-buffer ones). */
export type InstanceEvent = Exclude<EngineEvent, MessageBufferEvent<string>>;
/** A history record: an instance event. */
export type HistoryRecord = InstanceEvent;

/** Listener signatures for the typed eventemitter3 bus; `'event'` receives every event. */
export type EngineListeners = { [K in EngineEventType]: (event: EngineEventMap[K]) => void } & { event: (event: EngineEvent) => void };

/** All event names, for documentation and tests. */
export const EVENT_TYPES: readonly EngineEventType[] = [
  'process.started', 'process.completed', 'process.terminated', 'instance.migrated',
  'activity.entered', 'activity.left', 'activity.cancelled',
  'task.created', 'task.claimed', 'task.unclaimed', 'task.assigned', 'task.completed', 'task.cancelled', 'task.granted', 'task.denied', 'task.updated',
  'timer.scheduled', 'timer.fired', 'timer.cancelled',
  'message.correlated', 'message.buffered', 'message.expired',
  'signal.received',
  'job.created', 'job.completed', 'job.failed',
  'incident.raised', 'incident.resolved',
  'error.thrown', 'escalation.thrown',
  'call.started', 'call.completed',
  'decision.evaluated',
  'multiInstance.started', 'multiInstance.completed', 'multiInstance.cancelled',
  'milestone.reached',
  'sla.started', 'sla.paused', 'sla.resumed', 'sla.warning', 'sla.breached', 'sla.escalated', 'sla.met', 'sla.stopped',
];
