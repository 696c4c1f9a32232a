/**
 * The compiled, immutable process model. Built once at deploy time from the BPMN XML;
 * instances refer to nodes and flows by numeric index and never re-read XML.
 *
 * @module
 */
import type { DeployProblem } from '../errors';
import type { TimerSpec } from '../time/timerSpec';
import type { SlaPolicy } from '../sla/policy';
import type { Expression } from './expressions';
import type { IoMapping } from './ioMapping';
import type { CallDef } from './callActivity';
import type { MultiInstanceDef } from './multiInstance';
import type { ListenerDef, NodeListeners } from './listeners';
import type { DecisionRef } from './compileBusinessRuleTask';

/** The behaviour a node runs; element types that behave alike share one kind. */
export type NodeKind =
  | 'startEvent'
  | 'endEvent'
  | 'intermediateCatchEvent'
  | 'intermediateThrowEvent'
  | 'boundaryEvent'
  | 'userTask'
  | 'serviceTask' // bpmn:serviceTask, bpmn:sendTask: a job for a host handler
  | 'task' // bpmn:task, bpmn:manualTask: passes through
  | 'receiveTask'
  | 'expressionTask' // bpmn:scriptTask, bpmn:businessRuleTask: FEEL into a variable
  | 'exclusiveGateway'
  | 'parallelGateway'
  | 'inclusiveGateway'
  | 'eventBasedGateway'
  | 'subProcess'
  | 'callActivity';

/** A timer as declared: a parsed spec, or a FEEL expression evaluated when armed. */
export type TimerDef = (
  | { kind: 'duration' | 'date' | 'cycle'; spec: TimerSpec; text: string }
  | { kind: 'duration' | 'date' | 'cycle'; expr: Expression; text: string }
) & {
  /** `handoff:calendar`: the duration is working time on this business calendar (a cron cycle runs in its zone). */
  calendar?: string;
  /** The file's dialect, for a FEEL timer that gives a cron expression at run time. */
  fileDialect?: 'camunda' | 'zeebe';
};

/** What an event listens for or throws. */
export type EventDef =
  | { type: 'none' }
  /** A Camunda 7 / Flowable receive task without a message: it waits until the host triggers it (`engine.instances.trigger`). */
  | { type: 'trigger' }
  | { type: 'terminate' }
  | { type: 'timer'; timer: TimerDef }
  | { type: 'message'; message: string; correlationKey?: Expression }
  | { type: 'error'; errorCode?: string; errorName?: string }
  | { type: 'escalation'; escalationCode?: string; escalationName?: string }
  /** A signal: broadcast by name to every waiting catch and signal start. */
  | { type: 'signal'; signal: string }
  /** A link: a throw jumps to the catch of the same name in the same scope (`target`, set on throws). */
  | { type: 'link'; link: string; target?: number }
  /**
   * Compensation (`model/compileCompensation.ts`). On a boundary event: it marks its activity
   * compensable (the handler is the activity's `compensation`). On a throw or end event: it
   * compensates the completed activities of its scope, or only `activity` (a node index, from
   * `activityRef`). `waitForCompletion` is read: the throw always waits (Camunda 7 and 8 do).
   */
  | { type: 'compensate'; activity?: number; waitForCompletion: boolean }
  /**
   * A conditional event (`model/compileConditional.ts`): fires when `condition` is true on
   * activation or after a change of a variable it reads (`reads`; absent: any variable).
   * `variableNames` / `variableEvents`: the Camunda 7 / Camunda 8 filters, when declared.
   */
  | { type: 'conditional'; condition: Expression; reads?: readonly string[]; variableNames?: readonly string[]; variableEvents?: readonly ('create' | 'update' | 'delete')[] };

/** A compiled FEEL expression with its source text. */
export type { Expression } from './expressions';

/** User task specifics. */
export interface UserTaskDef {
  /** The role the lane grants (lane id or the deploy-time lane→role mapping). */
  role?: string;
  /** Static candidate groups. */
  candidateGroups: string[];
  /** FEEL expression yielding a list (or comma-separated string) of candidate groups. */
  candidateGroupsExpr?: Expression;
  assignee?: string;
  assigneeExpr?: Expression;
  formKey?: string;
  /** Static candidate users (actor ids who may act in addition to the roles). */
  candidateUsers?: string[];
  /** Expression yielding a list (or comma-separated string) of candidate user ids. */
  candidateUsersExpr?: Expression;
  /** `camunda:dueDate` / `zeebe:taskSchedule dueDate`: resolved to `TaskRecord.dueAt` at creation (`tasks/taskDates.ts`). */
  dueDate?: TaskDateDef;
  /** `camunda:followUpDate` / `zeebe:taskSchedule followUpDate`: resolved to `TaskRecord.followUpAt`. */
  followUpDate?: TaskDateDef;
  /** `camunda:priority` / `zeebe:priorityDefinition priority`: `TaskRecord.priority`. */
  priority?: TaskPriorityDef;
}

/** A task date as written: a literal (ISO 8601 date-time, date, or — Camunda 7 — a duration from creation) or an expression. */
export type TaskDateDef = ({ text: string } | { expr: Expression }) & {
  /** Camunda 7 attributes also take an ISO 8601 duration counted from the task's creation. */
  durations?: true;
};

/** A task priority: a literal or an expression, and the range its value must fall in (Camunda 8: 0–100; Camunda 7: any int). */
export type TaskPriorityDef = ({ value: number } | { expr: Expression }) & { min: number; max: number };

/** Service / send task specifics. */
export interface JobDef {
  /** Handler key: `zeebe:taskDefinition type`, `camunda:topic`, `camunda:type`, or the element id. */
  type: string;
  retries: number;
  headers: Record<string, string>;
  /**
   * `camunda:failedJobRetryTimeCycle`: the wait before attempt 2, 3, … (ms; the last one
   * repeats). Absent: the engine's `retryBackoff` option.
   */
  retryIntervals?: readonly number[];
  /** `camunda:resultVariable` of an expression / delegate job (also in the `resultVariable` header): where the handler puts its result. */
  resultVariable?: string;
}

/** One flow node of a process. */
export interface NodeModel {
  readonly idx: number;
  readonly id: string;
  readonly name?: string;
  /** The BPMN type, e.g. `bpmn:UserTask`. */
  readonly bpmnType: string;
  readonly kind: NodeKind;
  /** Index of the enclosing subprocess node, or -1 for the process itself. */
  readonly parent: number;
  readonly incoming: readonly number[];
  readonly outgoing: readonly number[];
  /** Default flow index (exclusive / inclusive gateways). */
  readonly defaultFlow?: number;
  /** Boundary event node indices attached to this activity. */
  readonly boundaries: readonly number[];
  /** For boundary events: the activity node index it is attached to. */
  readonly attachedTo?: number;
  /** For boundary events: interrupting (default true). */
  readonly cancelActivity?: boolean;
  /** For timer boundary events with `handoff:sla`: the SLA it declares, its warning fraction, and the role its breach notifies (`handoff:slaEscalateTo`). */
  readonly sla?: { id: string; warning?: number; escalateTo?: string };
  readonly event?: EventDef;
  readonly userTask?: UserTaskDef;
  readonly job?: JobDef;
  /** Call activity: what it calls and which variables cross. */
  readonly call?: CallDef;
  /** Input / output variable mappings (`zeebe:ioMapping`, `camunda:inputOutput`). */
  readonly io?: IoMapping;
  /** Multi-instance marker (`bpmn:multiInstanceLoopCharacteristics`): the node runs once per item (`elements/loop/`). */
  readonly loop?: MultiInstanceDef;
  /** Execution and task listeners, run as blocking jobs (`model/listeners.ts`, `runtime/listeners.ts`). */
  readonly listeners?: NodeListeners;
  /** Script / business-rule task: the expression and the variable its result goes into. */
  readonly expression?: Expression;
  readonly resultVariable?: string;
  /** Business-rule task: the DMN decision it evaluates (`elements/businessRuleTask.ts`). */
  readonly decision?: DecisionRef;
  /** Subprocess: index of its none start event; event subprocess: index of its triggering start event. */
  readonly startNode?: number;
  /** `triggeredByEvent="true"`: an event subprocess, never entered by flows (started by its start event's trigger). */
  readonly triggeredByEvent?: true;
  /** Subprocess: the start events of its event subprocesses (armed while it runs). */
  readonly eventSubprocesses?: readonly number[];
  /** An activity with a compensation boundary event: that event and its handler (`isForCompensation`), node indices. */
  readonly compensation?: { readonly boundary: number; readonly handler: number };
  /** `isForCompensation="true"`: a compensation handler, never entered by flows (run by a compensation throw). */
  readonly forCompensation?: true;
  /**
   * Its completions are recorded for compensation (`runtime/compensation.ts`): a compensable
   * activity, or a subprocess holding one, with a compensation throw event that can reach
   * the record (in its scope, an enclosing scope, or their event subprocesses).
   */
  readonly recordsCompletion?: true;
  /** The lane (role) the node is drawn in, inherited from the enclosing subprocess. */
  readonly lane?: string;
  readonly documentation?: string;
  /**
   * Start events: `camunda:initiator` (also `flowable:` / `activiti:`), the variable that
   * receives `engine.start(…, { initiator })` — the id of the person starting the instance.
   */
  readonly initiator?: string;
  /** Node indices from which this node can be reached in the same scope (inclusive joins only). */
  readonly reachableFrom?: ReadonlySet<number>;
}

/** A sequence flow. */
export interface FlowModel {
  readonly idx: number;
  readonly id: string;
  readonly name?: string;
  readonly source: number;
  readonly target: number;
  readonly condition?: Expression;
  /** Camunda 7 `take` execution listeners, run as blocking jobs before the target is entered. */
  readonly listeners?: readonly ListenerDef[];
}

/** A compiled, immutable, executable process. */
export interface ProcessModel {
  readonly id: string;
  readonly name?: string;
  readonly version: number;
  /** `${id}:${version}`: the key instances are bound to. */
  readonly key: string;
  readonly nodes: readonly NodeModel[];
  readonly flows: readonly FlowModel[];
  readonly byId: ReadonlyMap<string, number>;
  /** The process-level none start event, if any. */
  readonly noneStart?: number;
  /** Process-level message start events. */
  readonly messageStarts: readonly number[];
  /** Process-level signal start events. */
  readonly signalStarts: readonly number[];
  /** Process-level timer start events. */
  readonly timerStarts: readonly number[];
  /** The process's own start and end execution listeners (`runtime/listeners.ts`). */
  readonly listeners?: NodeListeners;
  /** Start events of the process-level event subprocesses (armed while the instance runs). */
  readonly eventSubprocesses?: readonly number[];
  /** `camunda:versionTag` / `zeebe:versionTag` of the process, if set (call activities may bind to it). */
  readonly versionTag?: string;
  /** Every role granted by the process's lanes. */
  readonly roles: readonly string[];
  /**
   * Deploy warnings: things that run but are likely wrong, e.g. `CYCLE_WITHOUT_WAIT_STATE`
   * (model/cycles.ts). `engine.deploy(input, { strict: true })` refuses them as problems.
   */
  readonly warnings?: readonly DeployProblem[];
  /** SLA policies (BPMN `handoff:sla` merged with deploy config), attached at deploy. */
  readonly slas?: readonly SlaPolicy[];
  /**
   * How long an ended instance is kept, in ms: the deploy's `historyTimeToLive`, else the
   * process's `camunda:historyTimeToLive`; absent: the engine's option decides (docs/retention.md).
   */
  readonly historyTimeToLive?: number;
}
