/**
 * An instance's state: plain JSON, versioned. Everything the engine knows about a running
 * instance is here (tokens, waits, variables, open tasks, timers, subscriptions, incidents),
 * so a state that round-trips through `JSON.stringify` continues exactly where it stopped.
 *
 * Local ids (executions, timers, subscriptions, incidents) are small integers drawn from
 * `seq`; externally visible ids are derived from the instance id (`<instanceId>/<n>`), so
 * the core needs no id source of its own.
 *
 * @module
 */
import type { TaskRecord } from '../tasks/types';
import type { TimerSpec } from '../time/timerSpec';

/** Current schema version of {@link InstanceState}. */
export const STATE_SCHEMA_VERSION = 1;

/** Lifecycle status of an instance. */
export type InstanceStatus = 'active' | 'completed' | 'terminated';

/** What an execution waits for. */
export type WaitKind = 'join' | 'task' | 'job' | 'message' | 'timer' | 'scope' | 'event' | 'incident' | 'call' | 'decision' | 'trigger';

/** User task state kept on its execution (the projection in the store has the full record). */
export interface TaskState {
  /** Local id; the task's global id is `<instanceId>/<id>`. */
  id: number;
  /** `waiting` (for a resource-pool unit), `open` (unclaimed) or `claimed`. Completed and cancelled tasks leave the state. */
  st: 'waiting' | 'open' | 'claimed';
  /** Created at, epoch ms. */
  at: number;
  /** Assignee (actor id). */
  a?: string;
  /** Candidate groups, evaluated when the task was created. */
  g?: string[];
  /** Candidate users, evaluated when the task was created. */
  u?: string[];
  /** Due date, epoch ms, resolved when the task was created. */
  due?: number;
  /** Follow-up date, epoch ms, resolved when the task was created. */
  fu?: number;
  /** Priority, resolved when the task was created. */
  pr?: number;
}

/** A service-task job kept on its execution. */
export interface JobState {
  /** Local id; the job's global id (stable across retries) is `<instanceId>/<id>`. */
  id: number;
  /** Attempts left, including the running one. */
  left: number;
  /** Attempt number of the current / next run, from 1. */
  attempt: number;
  /** When waiting for a retry: the local timer id of the backoff. */
  retryTimer?: number;
}

/** A token on a node: an activity instance. */
export interface Execution {
  /** Local id, unique within the instance. */
  id: number;
  /** Node index in the process model. */
  n: number;
  /** Scope: id of the enclosing subprocess execution, 0 for the process. */
  s: number;
  /** The flow index it arrived by (used by joins). */
  f?: number;
  /** What it waits for, if it waits. */
  w?: WaitKind;
  task?: TaskState;
  job?: JobState;
  /** Local id of an open incident blocking it. */
  inc?: number;
  /**
   * Local variables of this scope (input mappings, a subprocess's own variables), absent
   * when it has none. Reads see the innermost scope first, then the enclosing scopes, then
   * the instance's variables (`runtime/scope.ts`).
   */
  v?: Record<string, unknown>;
  /**
   * A call activity's running child instance. `thrower`: the child delegated an error it
   * could not catch to this call activity, from its execution `thrower` (see `runtime/calls.ts`).
   */
  call?: { child: string; thrower?: number };
  /** On a multi-instance body: its progress (`elements/loop/multiInstance.ts`). */
  mi?: MultiInstanceState;
  /** On an inner instance of a multi-instance body: its 0-based index in the collection (`loopCounter` − 1). */
  li?: number;
  /** While listeners run (`runtime/listeners.ts`): the phase and the listener whose job is `job`. */
  l?: ListenerState;
  /** 1 once the take listeners of the flow it arrived by (`f`) ran. */
  tk?: 1;
  /** Timeout task listeners (their indices) whose timers fell due while another listener phase ran: they run after it. */
  tq?: number[];
  /** On a compensation throw or end event: the handlers still to run, one at a time (`runtime/compensation.ts`). */
  cmp?: CompensationQueue;
  /** On a compensation handler's execution: the execution of the throw event it runs for. */
  ch?: number;
  /** While the job of a script input or output mapping runs (`runtime/scriptMappings.ts`). */
  sm?: ScriptMappingState;
}

/** The script mapping whose job an execution waits for (decision 0031). */
export interface ScriptMappingState {
  /** Input mappings (the element is being entered) or output mappings (it is completing). */
  side: 'in' | 'out';
  /** Index of the mapping in the element's inputs or outputs. */
  i: number;
  /** Outputs: 1 when they map from the execution's own scope (a multi-instance inner instance). */
  own?: 1;
  /** Outputs: the values of the outputs before it, written together once all are evaluated. */
  w?: [string, unknown][];
  /** Outputs: the flows the token leaves by (absent: every outgoing flow). */
  fl?: number[];
}

/** Which listeners an execution waits for (`runtime/listeners.ts`). */
export type ListenerPhase = 'take' | 'pstart' | 'start' | 'end' | 'pend' | 'creating' | 'assigning' | 'updating' | 'completing' | 'canceling' | 'timeout';

/** The execution scope of a cancelled task's execution kept while its canceling listeners run: no scope matches it. */
export const DETACHED = -1;

/** An execution's running listener phase. */
export interface ListenerState {
  p: ListenerPhase;
  /** Index of the running listener in the phase's list. */
  i: number;
  /** `end`: the flows the token leaves by (absent: every outgoing flow). */
  fl?: number[];
  /** `completing`: the output the task is completed with once the listeners accept. */
  o?: Record<string, unknown>;
  /** `assigning`: the assignee being set (null: unassigned). */
  as?: string | null;
  /** `assigning`: 1 when a listener corrected the assignee. */
  cor?: 1;
  /** `assigning`: the event the transition emits. */
  ev?: 'task.claimed' | 'task.assigned' | 'task.unclaimed';
  /** The actor whose command began the transition (task listeners). */
  a?: { id: string; roles: string[] };
  /** `assigning`, `updating`, `completing`: the task before the transition, restored when a listener denies it. */
  bk?: TaskState;
  /** `timeout`: the index of the timeout listener among the task's timeout listeners. */
  ti?: number;
  /** `canceling`: the cancelled task, and why it was cancelled. */
  t?: TaskRecord;
  r?: string;
}

/** A completed execution kept for compensation (only where a compensation throw can reach it: `runtime/compensation.ts`). */
export interface CompensationRecord {
  /** Local id drawn at completion: the order of completion. A completed subprocess's content records have it as their scope. */
  id: number;
  /** The node that completed: a compensable activity, or a subprocess holding completed compensable ones. */
  n: number;
  /** The scope it completed in: a running scope's execution id (0: the process), or a completed subprocess's record id. */
  s: number;
  /** A completed subprocess's locals at completion, for the handlers of its content. */
  v?: Record<string, unknown>;
}

/** The handlers a compensation throw still runs, in order (reverse order of completion). */
export interface CompensationQueue {
  /** The scope the handlers run in. */
  s: number;
  /** The handler running now (its execution id), if one runs. */
  run?: number;
  /** Handlers to run next: handler node, and the locals of the completed subprocesses around the record. */
  q: { h: number; v?: Record<string, unknown> }[];
}

/** The progress of a multi-instance body. Active inner instances are its executions (`s` = the body). */
export interface MultiInstanceState {
  /** numberOfInstances. */
  n: number;
  /** The input collection as evaluated when the body was entered (absent for a loop cardinality). */
  items?: unknown[];
  /** Inner instances created so far (sequential: the index of the next one). */
  started: number;
  /** Inner instances completed. */
  done: number;
  /** Inner instances cancelled because the completion condition was met. */
  term: number;
  /** Set once the completion condition was met. */
  met?: 1;
}

/** A scheduled timer owned by an execution. */
export interface TimerState {
  id: number;
  /** Owning execution id. */
  ex: number;
  /** Node whose timer this is (catch event, boundary event, event-gateway target, or the task for a job retry). */
  n: number;
  /** Due at, epoch ms. */
  due: number;
  /** Firings so far (cycles). */
  k: number;
  /** 1 when this is a job retry backoff rather than a BPMN timer. */
  r?: 1;
  /** A cycle given by a FEEL expression, as evaluated when armed: later firings follow it. */
  c?: TimerSpec;
  /** Set when this is the next stage of SLA clock `s` (then `ex` is 0 and `n` is -1). */
  s?: number;
  /** Set when this is the timer of the user task's timeout listener of that index (`n` is the user task). */
  tl?: number;
}

/** An open SLA clock. Due times are derived from these fields, the policy and its calendar. */
export interface SlaClockState {
  id: number;
  /** Policy id. */
  p: string;
  /** Started at. */
  t0: number;
  /** Start of the current running segment (start or last resume). */
  seg: number;
  /** Working ms counted before `seg`. */
  acc: number;
  /** Paused since (absent while running). */
  paused?: number;
  /** Index of the next stage to fire. */
  stage: number;
  breached?: 1;
  /** Local id of the pending stage timer. */
  timer?: number;
  /** The execution this clock measures, for a policy about one activity (one clock per execution). */
  ex?: number;
  /** This clock's limit in working ms when it has its own: a working-day limit (resolved at the start), or `limit: 'dueDate'` (the working time from the start to the task's due date). */
  lim?: number;
  /** A working-day clock's deadline (epoch ms): where the limit falls when the clock is never paused. */
  dl?: number;
}

/** An open message subscription owned by an execution. */
export interface SubscriptionState {
  id: number;
  ex: number;
  /** Node that catches the message. */
  n: number;
  /** Message name. */
  m: string;
  /** Correlation key (from a FEEL expression); absent means the instance's business key. */
  ck?: string;
  /** Set for a signal subscription (`m` is then the signal name). */
  k?: 'signal';
}

/** An open incident: something the engine cannot continue without help. */
export interface IncidentState {
  id: number;
  ex: number;
  n: number;
  code: string;
  message: string;
  at: number;
  /**
   * What a retry re-runs: entering the node (input mappings, boundary events, then its
   * behaviour — after a `STEP_LIMIT` or a failed input mapping), the node's behaviour, the
   * job, or leaving the node (its output mappings failed).
   */
  phase: 'enter' | 'execute' | 'job' | 'leave';
}

/** The whole state of one process instance. */
export interface InstanceState {
  /** Schema version of this object. */
  v: typeof STATE_SCHEMA_VERSION;
  id: string;
  processId: string;
  processVersion: number;
  businessKey?: string;
  status: InstanceStatus;
  variables: Record<string, unknown>;
  /** Store version for optimistic concurrency; +1 per committed command. */
  rev: number;
  /** Last local id handed out. */
  seq: number;
  startedAt: number;
  endedAt?: number;
  ex: Execution[];
  timers: TimerState[];
  subs: SubscriptionState[];
  incidents: IncidentState[];
  /** Open SLA clocks (absent until the first one starts). */
  sla?: SlaClockState[];
  /** For an instance started by a call activity: the calling instance and its call activity's execution. */
  parent?: { id: string; ex: number };
  /** Completed executions a compensation throw may still compensate, oldest first (absent when none). */
  comp?: CompensationRecord[];
}
