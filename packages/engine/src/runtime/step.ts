/**
 * The step: the working context of one transition of one instance's state at a given time
 * (`runtime/apply.ts` drives it with `Command`s and turns what it recorded into `Effect`s).
 * It mutates the state it was given and records what the runtime must persist and publish.
 * It never reads a clock, never does I/O, never draws random numbers.
 *
 * Token movement is written once here (enter, leave, cancel, scope completion, boundary
 * events, error and escalation propagation, the step budget); element behaviours live in
 * `elements/`, event definitions in `elements/eventDefinitions/`, variable scopes in
 * `runtime/scope.ts`.
 *
 * @module
 */
import { behaviourOf } from '../elements/registry';
import { eventDefinitionOf } from '../elements/eventDefinitions';
import { loopMarkerOf, type LoopMarker } from '../elements/loop';
import type { EngineEventMap, InstanceEvent } from '../events/types';
import type { ExpressionResult } from '../model/expressions';
import type { NodeModel, ProcessModel } from '../model/types';
import type { SubscriptionRecord, TimerRecord } from '../store/types';
import { rolesOf, type Actor, type TaskRecord } from '../tasks/types';
import { closeAllSla, observeSla, slaDueFor } from '../sla/tracker';
import type { BusinessCalendar } from '../time/businessCalendar';
import { isCycle } from '../elements/eventDefinitions/timer';
import { applyInputs, applyOutputs, writeResult } from './ioMapping';
import { scopeView, writeVariables } from './scope';
import { dropCompensationOf, handlerCompleted, recordCompletion } from './compensation';
import { evaluateConditions, noteVariableWrites } from './conditions';
import type { CallRequest } from './calls';
import type { DecisionRequest } from '../dmn/request';
import type { Command } from './command';
import type { Execution, IncidentState, InstanceState, SubscriptionState, TimerState } from './state';
import { beginCancelingListeners, beginEndListeners, beginListeners, beginProcessEndListeners, listenerInfoOf, type ListenerInfo } from './listeners';
import { runningJobDef } from './scriptMappings';

/** A service-task job the runtime must hand to a host handler after commit. */
export interface JobRequest {
  jobId: string;
  instanceId: string;
  processId: string;
  businessKey?: string;
  elementId: string;
  /** The execution (activity instance) the job belongs to: `<instanceId>/<n>`. */
  executionId: string;
  /** Local id of the job. */
  jobLocalId: number;
  type: string;
  attempt: number;
  retriesLeft: number;
  headers: Record<string, string>;
  /** The variables the job's activity sees (its scope chain), as of the request. */
  variables: Record<string, unknown>;
  /** Set when the job is a listener's (`runtime/listeners.ts`). */
  listener?: ListenerInfo;
}

/** The actor named on task events the engine causes by itself (timers, messages, handlers, starts). */
export const ENGINE_ACTOR: Actor = Object.freeze({ id: 'engine', roles: Object.freeze([]) as readonly string[] });

/** The candidate groups of a task that has none: one frozen list shared by every such task record (records are frozen anyway). */
const NO_GROUPS: string[] = Object.freeze([]) as unknown as string[];

/** The payload of events that carry none beyond the element fields (one shared object, no allocation per event). */
export const NO_PAYLOAD: Readonly<Record<string, never>> = Object.freeze({});

/** Default job lease: 5 minutes. */
export const DEFAULT_JOB_LEASE = 5 * 60_000;

/** Is execution `e` waiting for a handler's result (not for a retry's backoff)? */
function runningJob(e: Execution): boolean {
  return e.job !== undefined && e.w === 'job' && e.job.retryTimer === undefined;
}

/** Engine-wide settings the step needs (all pure values). */
export interface StepSettings {
  /** Time zone for calendar parts of timer durations (P1D, P1M). */
  zone: string;
  /** Backoff before job attempt `n + 1` after attempt `n` failed, in ms. */
  retryBackoff(attempt: number): number;
  /** The business calendar of that name (validated at deploy). */
  calendar(name: string): BusinessCalendar;
  /** How long a node holds a job it hands to a handler before another node may hand it out again, in ms. Default 5 minutes. */
  jobLease?: number;
  /** Does role `role` have a resource pool? Its new user tasks then start `waiting` (docs/resources.md). */
  pooled?(role: string): boolean;
  /**
   * The step budget: how many activities one command may enter before the next one raises a
   * `STEP_LIMIT` incident instead (a cycle with no wait state must never hang the engine).
   * Default {@link DEFAULT_MAX_STEPS}.
   */
  maxSteps?: number;
}

/** Default step budget per command: activities entered by one command. */
export const DEFAULT_MAX_STEPS = 10_000;

type EventPayload<K extends keyof EngineEventMap> = Omit<EngineEventMap[K], 'type' | 'at' | 'instanceId' | 'processId' | 'businessKey' | 'elementId' | 'elementType' | 'elementName' | 'executionId'>;

/** One command's worth of change to one instance. */
export class Step {
  readonly events: InstanceEvent[] = [];
  readonly tasks = new Map<string, TaskRecord>();
  // Timers and subscriptions change in few commands: their collections are made on first use
  // (a step is made per command; empty Maps and Sets are most of what it would allocate).
  private tp: Map<string, TimerRecord> | undefined;
  private td: Set<string> | undefined;
  private sp: Map<string, SubscriptionRecord> | undefined;
  private sd: Set<string> | undefined;
  /** Timers to put, by id. */
  get timersPut(): Map<string, TimerRecord> {
    return (this.tp ??= new Map());
  }
  /** Ids of timers to delete. */
  get timersDeleted(): Set<string> {
    return (this.td ??= new Set());
  }
  /** Subscriptions to put, by id. */
  get subsPut(): Map<string, SubscriptionRecord> {
    return (this.sp ??= new Map());
  }
  /** Ids of subscriptions to delete. */
  get subsDeleted(): Set<string> {
    return (this.sd ??= new Set());
  }
  /** The timers and subscriptions this step changed, as far as it did (undefined: none; no empty collection is made). */
  get timersPutIfAny(): ReadonlyMap<string, TimerRecord> | undefined {
    return this.tp;
  }
  get timersDeletedIfAny(): ReadonlySet<string> | undefined {
    return this.td;
  }
  get subsPutIfAny(): ReadonlyMap<string, SubscriptionRecord> | undefined {
    return this.sp;
  }
  get subsDeletedIfAny(): ReadonlySet<string> | undefined {
    return this.sd;
  }
  readonly jobs: JobRequest[] = [];
  /** Signals thrown by this step, broadcast after commit. */
  readonly signals: { signal: string; variables: Record<string, unknown> }[] = [];
  /** Child instances to start (call activities), in the same transaction. */
  readonly calls: CallRequest[] = [];
  /** Commands for other instances (a child to terminate, a parent to notify), in the same transaction. */
  readonly crossCommands: { instanceId: string; command: Command }[] = [];
  /** Decisions business rule tasks ask for (`dmn/request.ts`), evaluated by the pipeline in the same transaction. */
  readonly decisions: DecisionRequest[] = [];
  /** Work queued within the step: an execution to enter (the common case: no closure made), or a function. */
  private readonly agenda: (Execution | (() => void))[] = [];
  /** The person whose command this step applies (task commands), if any. */
  actor: Actor | undefined;
  /** Activities entered so far by this step (the step budget counts them). */
  private entered = 0;

  constructor(
    readonly model: ProcessModel,
    readonly state: InstanceState,
    readonly now: number,
    readonly settings: StepSettings,
  ) {
    for (const e of state.ex) if (runningJob(e)) (this.jobsAtStart ??= new Set()).add(e.job!.id);
  }

  /** Jobs handed to a handler when the step began (their lease timers end with them); undefined: none. */
  private jobsAtStart: Set<number> | undefined;

  /** The id of the lease timer of job `local` (see {@link Step.requestJob}). */
  jobTimerId(local: number): string {
    return `${this.state.id}/job/${local}`;
  }

  /**
   * End the lease timers of jobs that stopped running in this step (completed, failed,
   * waiting for a retry, cancelled with their activity). Called once, before commit.
   */
  settleJobLeases(): void {
    if (this.jobsAtStart === undefined) return; // no job was running when the step began
    const running = new Set<number>();
    for (const e of this.state.ex) if (runningJob(e)) running.add(e.job!.id);
    for (const local of this.jobsAtStart) {
      if (running.has(local)) continue;
      const id = this.jobTimerId(local);
      this.timersPut.delete(id);
      this.timersDeleted.add(id);
    }
  }

  /**
   * A job's lease ran out (the node running its handler died, or the handler outlasted the
   * lease): hand it out again, same job id and attempt (handlers run at least once). Returns
   * false when the job no longer runs (its lease timer is then deleted).
   */
  redispatchJob(local: number, attempt: number): boolean {
    const e = this.state.ex.find((x) => x.job?.id === local);
    if (!e || !runningJob(e) || e.job!.attempt !== attempt) {
      this.timersDeleted.add(this.jobTimerId(local));
      return false;
    }
    this.requestJob(e);
    return true;
  }

  // ---------------------------------------------------------------- basics

  /** A fresh local id. */
  nextId(): number {
    return ++this.state.seq;
  }

  /** The global id of execution `ex`, one string per step (its events and task records share it: they are kept in memory). */
  executionId(ex: number): string {
    // Most steps name one execution: it is remembered alone; a map only for the second.
    if (ex === this.lastEx) return this.lastExId!;
    if (this.lastEx !== undefined) (this.exIds ??= new Map()).set(this.lastEx, this.lastExId!);
    const id = this.exIds?.get(ex) ?? this.globalId(ex);
    this.lastEx = ex;
    this.lastExId = id;
    return id;
  }
  private lastEx: number | undefined;
  private lastExId: string | undefined;
  private exIds: Map<number, string> | undefined;

  /** Globally unique id of a local object of this instance. */
  globalId(local: number): string {
    return `${this.state.id}/${local}`;
  }

  node(idx: number): NodeModel {
    return this.model.nodes[idx]!;
  }

  exec(id: number): Execution | undefined {
    return this.state.ex.find((e) => e.id === id);
  }

  /** Ask the pipeline to apply `command` to instance `instanceId` in this transaction. */
  commandFor(instanceId: string, command: Command): void {
    this.crossCommands.push({ instanceId, command });
  }

  /** Run queued work until none is left. */
  run(): void {
    for (;;) {
      for (let i = 0; i < this.agenda.length; i++) {
        const item = this.agenda[i]!;
        if (typeof item === 'function') item();
        else this.enterNow(item);
      }
      this.agenda.length = 0;
      if (this.checkInclusiveJoins()) continue;
      if (evaluateConditions(this)) continue; // conditional events the command's changes concern
      this.slaCursor = observeSla(this, this.slaCursor);
      if (!this.agenda.length) return;
    }
  }

  /** Events before this index have been applied to SLA clocks. */
  private slaCursor = 0;

  private schedule(fn: () => void): void {
    this.agenda.push(fn);
  }

  /** Evaluate a FEEL expression in the scope of execution `e` (the root scope without one). */
  evaluate(expr: { evaluate(v: Record<string, unknown>): ExpressionResult }, e?: Execution): ExpressionResult {
    return expr.evaluate(e ? scopeView(this.state, e) : this.state.variables);
  }

  /** The variables execution `e` sees (`runtime/scope.ts`). */
  variablesOf(e: Execution | undefined): Record<string, unknown> {
    return scopeView(this.state, e);
  }

  /** Write a result produced at `e` (task output, job variables, payload): local when its element maps outputs. */
  writeResult(e: Execution, vars: Readonly<Record<string, unknown>>): void {
    writeResult(this, e, vars);
  }

  /** Merge `vars` into the scope chain of `e`: each into the nearest scope holding it, else the root. */
  writeVariables(e: Execution | undefined, vars: Readonly<Record<string, unknown>>): void {
    noteVariableWrites(this, e, vars);
    writeVariables(this.state, e, vars);
  }

  // ---------------------------------------------------------------- events

  /** Record an instance-level event of any type (SLA and milestone events). */
  emitInstanceEvent(type: string, payload: Record<string, unknown>): void {
    this.events.push(Object.assign(this.base(type), payload) as unknown as InstanceEvent);
  }

  /** Record an instance-level event. */
  emitProcess<K extends 'process.started' | 'process.completed' | 'process.terminated' | 'instance.migrated'>(type: K, payload: EventPayload<K>): void {
    this.events.push(Object.assign(this.base(type), payload) as unknown as InstanceEvent);
  }

  /** Record an event about element `n`, on behalf of execution `ex` (its local id) when there is one. */
  emit<K extends Exclude<keyof EngineEventMap, 'process.started' | 'process.completed' | 'process.terminated' | 'instance.migrated' | 'message.buffered' | 'message.expired'>>(
    type: K,
    n: number,
    payload: EventPayload<K>,
    ex?: number,
  ): void {
    const ev = elementEvent(type, this.now, this.state, this.node(n), ex !== undefined && ex > 0 ? this.executionId(ex) : undefined);
    // Events are frozen when the command closes (apply.ts); one that holds no object is frozen now, without the walk.
    if ((payload as unknown) !== NO_PAYLOAD) Object.assign(ev, payload);
    else Object.freeze(ev);
    this.events.push(ev as unknown as InstanceEvent);
  }

  /** The fields every event of this instance shares, built without spreads (hot path). */
  private base(type: string): Record<string, unknown> {
    const s = this.state;
    const ev: Record<string, unknown> = { type, at: this.now, instanceId: s.id, processId: s.processId };
    if (s.businessKey !== undefined) ev.businessKey = s.businessKey;
    return ev;
  }

  // ---------------------------------------------------------------- tokens

  /** Create an execution on node `n` in scope `s` (not yet entered). */
  createExec(n: number, s: number, f?: number): Execution {
    const e: Execution = { id: this.nextId(), n, s, ...(f !== undefined ? { f } : {}) };
    this.state.ex.push(e);
    return e;
  }

  /**
   * Enter the execution's node: event, boundary events armed, then the behaviour. Past the
   * step budget, the token stops here with a `STEP_LIMIT` incident instead (retrying it
   * enters the node again, with a fresh budget).
   */
  enter(e: Execution): void {
    this.agenda.push(e);
  }

  /** {@link enter}, when its turn on the agenda comes. */
  private enterNow(e: Execution): void {
    if (!this.alive(e)) return;
    const limit = this.settings.maxSteps ?? DEFAULT_MAX_STEPS;
    if (++this.entered > limit) {
      this.incident(
        e,
        'STEP_LIMIT',
        `One command entered more than ${limit} activities without reaching a wait state; the token stopped before ${this.node(e.n).id}. The process probably has a cycle with no wait state (a user task, a message, a timer). Fix the model (or raise createEngine({ limits: { maxSteps } })) and retry the incident.`,
        'enter',
      );
      return;
    }
    // Camunda 7 take listeners of the flow the token crossed run before the target is entered.
    if (e.tk === undefined && e.f !== undefined && this.model.flows[e.f]?.listeners && beginListeners(this, e, 'take')) return;
    const node = this.node(e.n);
    // A loop marker's body enters instead of the activity; its inner instances start with its locals.
    const loop = this.loopOf(node);
    if (loop?.isBody(e)) {
      if (!loop.enterBody(this, e)) return;
    } else {
      if (!applyInputs(this, e, loop?.innerLocals(this, e) ?? this.seeds?.get(e))) return; // an incident, or a script input's job (runtime/scriptMappings.ts)
      this.afterInputs(e);
      return;
    }
    this.activate(e);
  }

  /** The element of `e` has its input mappings: it is entered, its start listeners run, then {@link activate}. */
  afterInputs(e: Execution): void {
    this.emit('activity.entered', e.n, NO_PAYLOAD, e.id);
    // Start listeners run after the input mappings, before boundary events and the behaviour.
    if (this.node(e.n).listeners?.start && beginListeners(this, e, 'start')) return;
    this.activate(e);
  }

  /** The element of `e` is entered (and its start listeners ran): boundary events armed, then its behaviour. */
  activate(e: Execution): void {
    const node = this.node(e.n);
    const loop = this.loopOf(node);
    if (!loop || loop.isBody(e)) {
      for (const b of node.boundaries) {
        eventDefinitionOf(this.node(b).event).arm?.(this, e, b);
        if (!this.alive(e) || e.inc !== undefined) return;
      }
    }
    this.execute(e);
  }

  /** Locals an execution starts with before its input mappings (an event subprocess: its trigger's payload). */
  private seeds: Map<Execution, Record<string, unknown>> | undefined; // rare: made on first use

  /** Give execution `e` (created, not yet entered) the locals it starts with (a compensation handler: its subprocess's). */
  seedLocals(e: Execution, locals: Record<string, unknown>): void {
    (this.seeds ??= new Map()).set(e, locals);
  }

  /** Run the node's behaviour (again, after an incident is retried); a loop marker's body runs the marker. */
  execute(e: Execution): void {
    const node = this.node(e.n);
    const loop = this.loopOf(node);
    if (loop?.isBody(e)) loop.executeBody(this, e);
    else behaviourOf(node.kind).execute(this, e);
  }

  /** The node's loop marker (multi-instance), if it has one: no call on the common path. */
  private loopOf(node: NodeModel): LoopMarker | undefined {
    return node.loop === undefined ? undefined : loopMarkerOf(node.loop);
  }

  /**
   * The execution holding the boundary events of `e`'s node: `e` itself, or — for an inner
   * instance of a loop marker — its body.
   */
  boundaryHost(e: Execution): Execution {
    const loop = this.loopOf(this.node(e.n));
    return loop && !loop.isBody(e) ? (this.exec(e.s) ?? e) : e;
  }

  /** Leave the node along `flows` (default: every outgoing flow). No flows: the token ends. */
  leave(e: Execution, flows?: readonly number[]): void {
    // With a loop marker: the body's results go out through the marker; an inner instance
    // maps its outputs from its own scope and is collected by its body instead of moving on.
    const loop = this.loopOf(this.node(e.n));
    const body = loop?.isBody(e) === true;
    const inner = loop !== undefined && !body;
    const out0 = body ? undefined : applyOutputs(this, e, inner, flows);
    if (out0 && 'wait' in out0) return; // a script output's job gives its value first (runtime/scriptMappings.ts)
    this.afterOutputs(e, flows, out0);
  }

  /** The rest of {@link leave} once the output mappings were evaluated (`out0`: their outcome, absent on a loop body). */
  afterOutputs(e: Execution, flows: readonly number[] | undefined, out0: { ok: true } | { ok: false; message: string } | undefined): void {
    const loop = this.loopOf(this.node(e.n));
    const body = loop?.isBody(e) === true;
    const inner = loop !== undefined && !body;
    const failed = out0 && !out0.ok ? { code: 'IO_MAPPING', message: out0.message } : inner ? loop.completeInner(this, e) : undefined;
    if (failed) {
      // The element's work is done (its task or job result is recorded); the token waits here
      // until the mapping is fixed and the incident retried.
      this.clearWaits(e, 'all');
      delete e.task;
      delete e.job;
      this.incident(e, failed.code, failed.message, 'leave');
      return;
    }
    // End listeners run after the output mappings, before the token moves on (runtime/listeners.ts).
    if (!body && beginEndListeners(this, e, flows)) return;
    this.finishLeave(e, flows);
  }

  /** The rest of {@link leave}, once the output mappings and end listeners are done. */
  finishLeave(e: Execution, flows?: readonly number[]): void {
    const loop = this.loopOf(this.node(e.n));
    const body = loop?.isBody(e) === true;
    const inner = loop !== undefined && !body;
    if (this.node(e.n).recordsCompletion || this.state.comp) recordCompletion(this, e); // for compensation
    if (body) loop!.leaveBody(this, e);
    this.clearWaits(e, 'all');
    // `delete` of an absent key costs a runtime lookup (~20 ns); a read is inlined: every token passes here.
    if (e.w !== undefined) delete e.w;
    if (e.task !== undefined) delete e.task;
    if (e.job !== undefined) delete e.job;
    if (e.v !== undefined) delete e.v;
    if (!body) this.emit('activity.left', e.n, NO_PAYLOAD, e.id);
    if (inner) {
      this.remove(e);
      loop!.innerEnded(this, e);
      return;
    }
    const out = flows ?? this.node(e.n).outgoing;
    if (out.length === 0) {
      if (e.s === 0 && beginProcessEndListeners(this, e)) return; // the process's end listeners, on its last token
      this.remove(e);
      if (e.ch !== undefined) handlerCompleted(this, e); // a compensation handler: the next one, or its throw moves on
      else this.checkScope(e.s);
      return;
    }
    // Branches start in document order: the token itself takes the first flow.
    const first = this.model.flows[out[0]!]!;
    this.moveTo(e, first.target, first.idx);
    this.enter(e);
    for (let i = 1; i < out.length; i++) {
      const f = this.model.flows[out[i]!]!;
      this.enter(this.createExec(f.target, e.s, f.idx));
    }
  }

  /**
   * Move token `e` to node `n`, arriving by flow `f`. A token keeps its execution id as it
   * moves along a sequence; parallel branches, boundary paths and inner instances are
   * executions of their own.
   */
  moveTo(e: Execution, n: number, f: number): void {
    e.n = n;
    e.f = f;
    if (e.tk !== undefined) delete e.tk;
  }

  /** Is the execution still part of the instance? */
  alive(e: Execution): boolean {
    return this.state.ex.includes(e);
  }

  /** Drop an execution without completing its scope. */
  remove(e: Execution): void {
    const i = this.state.ex.indexOf(e);
    if (i >= 0) this.state.ex.splice(i, 1);
  }

  /** After a token ended in scope `s`: complete the subprocess or the process when nothing is left. */
  checkScope(s: number): void {
    if (this.state.status !== 'active') return;
    if (this.state.ex.some((x) => x.s === s)) return;
    if (s === 0) {
      this.clearEventSubprocessWaits(0);
      if (this.state.comp !== undefined) delete this.state.comp;
      this.slaCursor = observeSla(this, this.slaCursor);
      closeAllSla(this, 'process completed');
      this.state.status = 'completed';
      this.state.endedAt = this.now;
      this.emitProcess('process.completed', { variables: this.state.variables });
      const parent = this.state.parent;
      if (parent) this.commandFor(parent.id, { type: 'child.completed', execution: parent.ex, child: this.state.id, variables: structuredClone(this.state.variables) });
      return;
    }
    const scope = this.exec(s);
    if (scope) this.schedule(() => this.alive(scope) && this.leave(scope));
  }

  /** Cancel an execution and everything inside it (tasks, jobs, timers, subscriptions, inner tokens). */
  cancel(e: Execution, reason: string): void {
    for (const child of this.state.ex.filter((x) => x.s === e.id)) this.cancel(child, reason);
    this.clearWaits(e, 'all');
    let cancelled: TaskRecord | undefined;
    if (e.task && e.l?.p !== 'creating') { // a task still in its creating listeners was never created
      const rec = { ...this.taskRecord(e), state: 'cancelled' as const, endedAt: this.now };
      this.tasks.set(rec.id, rec);
      this.emit('task.cancelled', e.n, { task: rec, actor: this.actorOfEvent(), reason }, e.id);
      cancelled = rec;
    }
    if (e.inc !== undefined) this.resolveIncident(e.inc, `cancelled: ${reason}`);
    if (this.state.comp) dropCompensationOf(this, e);
    if (e.call) this.commandFor(e.call.child, { type: 'cancel', reason: `its call activity ${this.node(e.n).id} was cancelled: ${reason}`, byParent: true });
    const loop = this.loopOf(this.node(e.n));
    if (loop?.isBody(e)) loop.bodyCancelled(this, e, reason);
    else this.emit('activity.cancelled', e.n, { reason }, e.id);
    // Canceling task listeners run after the cancellation, on the execution kept detached (runtime/listeners.ts).
    if (cancelled && beginCancelingListeners(this, e, cancelled, reason)) return;
    this.remove(e);
  }

  /** Terminate the whole instance (API cancel): status `terminated`. */
  terminate(reason: string): void {
    for (const e of this.state.ex.filter((x) => x.s === 0)) this.cancel(e, reason);
    this.clearEventSubprocessWaits(0);
    delete this.state.comp;
    this.slaCursor = observeSla(this, this.slaCursor);
    closeAllSla(this, `process terminated: ${reason}`);
    this.state.status = 'terminated';
    this.state.endedAt = this.now;
    this.emitProcess('process.terminated', { reason });
  }

  // ---------------------------------------------------------------- waits

  /** Add a timer to state and store. */
  addTimer(t: TimerState): void {
    this.state.timers.push(t);
    const id = this.globalId(t.id);
    this.timersDeleted.delete(id);
    this.timersPut.set(id, { id, kind: 'instance', dueAt: t.due, instanceId: this.state.id, localId: t.id });
    if (!t.r && t.s === undefined) this.emit('timer.scheduled', t.n, { timerId: id, dueAt: t.due, ...(isCycle(this, t.n) ? { cycle: t.k + 1 } : {}) }, t.ex);
  }

  /** Remove a timer from state and store; `cancelled` emits `timer.cancelled`. */
  removeTimer(t: TimerState, cancelled: boolean): void {
    const i = this.state.timers.indexOf(t);
    if (i >= 0) this.state.timers.splice(i, 1);
    const id = this.globalId(t.id);
    this.timersPut.delete(id);
    this.timersDeleted.add(id);
    if (cancelled && !t.r && t.s === undefined) this.emit('timer.cancelled', t.n, { timerId: id, dueAt: t.due }, t.ex);
  }

  removeSubscription(s: SubscriptionState): void {
    const i = this.state.subs.indexOf(s);
    if (i >= 0) this.state.subs.splice(i, 1);
    const id = this.globalId(s.id);
    this.subsPut.delete(id);
    this.subsDeleted.add(id);
  }

  /**
   * Remove timers and subscriptions owned by `e`: `all`, or only `own` (those of the node
   * itself or its event-gateway targets, keeping boundary events armed).
   */
  clearWaits(e: Execution, which: 'all' | 'own'): void {
    if (!this.state.timers.length && !this.state.subs.length) return;
    const boundaries = this.node(e.n).boundaries;
    const keep = (n: number) => which === 'own' && boundaries.includes(n);
    for (const t of this.state.timers.filter((t) => t.ex === e.id && !keep(t.n))) this.removeTimer(t, true);
    for (const s of this.state.subs.filter((s) => s.ex === e.id && !keep(s.n))) this.removeSubscription(s);
  }

  // ---------------------------------------------------------------- triggers

  /** Node `n` caught its event while `e` waited (on `n` itself, on an event gateway, or as a boundary host). */
  triggerCatch(e: Execution, n: number, payload?: Record<string, unknown>): void {
    const node = this.node(n);
    if (this.isEventSubprocessStart(n)) this.triggerEventSubprocess(e.id, n, payload);
    else if (node.kind === 'boundaryEvent') this.triggerBoundary(e, n);
    else if (e.n === n) this.leave(e);
    else behaviourOf(this.node(e.n).kind).trigger?.(this, e, n);
  }

  /** Boundary event `b` on the activity executed by `host` fires. */
  triggerBoundary(host: Execution, b: number): void {
    const node = this.node(b);
    const scope = host.s; // read first: a cancelled task with canceling listeners is detached from its scope
    if (node.cancelActivity !== false) this.cancel(host, `interrupted by boundary event ${node.id}`);
    const e = this.createExec(b, scope);
    this.emit('activity.entered', b, NO_PAYLOAD, e.id);
    this.leave(e);
  }

  /**
   * Throw a BPMN error or escalation from `thrower`. The search starts at the activity
   * itself (`fromSelf`, a service task's job) or at its enclosing subprocess (end and throw
   * events), and walks outwards. Returns whether it was handled: caught by a boundary event,
   * or — an error in a called instance — passed to the calling instance, which decides.
   */
  throwEvent(kind: 'error' | 'escalation', code: string, thrower: Execution, fromSelf: boolean): boolean {
    let cur = fromSelf ? thrower : this.exec(thrower.s);
    let from = thrower; // the execution on the path just inside `cur`
    let inside = !fromSelf; // thrown inside `cur` (its event subprocesses may catch it)
    while (cur) {
      if (inside) {
        const st = this.findEventSubprocessCatcher(kind, code, this.node(cur.n).eventSubprocesses, from);
        if (st !== undefined) return this.caughtByEventSubprocess(kind, code, thrower, fromSelf, cur.id, st);
      }
      cur = this.boundaryHost(cur); // an inner instance's boundary events are its body's
      const b = this.findCatcher(kind, code, cur.n);
      if (b !== undefined) {
        this.emit(kind === 'error' ? 'error.thrown' : 'escalation.thrown', thrower.n, { code, caughtBy: this.node(b).id }, thrower.id);
        if (!fromSelf && this.node(b).cancelActivity !== false) {
          this.emit('activity.left', thrower.n, NO_PAYLOAD, thrower.id); // the throw event is done; it is not cancelled
          this.remove(thrower);
        }
        this.triggerBoundary(cur, b);
        return true;
      }
      from = cur;
      inside = true;
      cur = cur.s === 0 ? undefined : this.exec(cur.s);
    }
    const st = this.findEventSubprocessCatcher(kind, code, this.model.eventSubprocesses, from);
    if (st !== undefined) return this.caughtByEventSubprocess(kind, code, thrower, fromSelf, 0, st);
    this.emit(kind === 'error' ? 'error.thrown' : 'escalation.thrown', thrower.n, { code }, thrower.id);
    // Nothing here catches it: a called instance passes it to its call activity.
    const parent = this.state.parent;
    if (parent) {
      if (kind === 'escalation') {
        this.commandFor(parent.id, { type: 'child.escalation', execution: parent.ex, child: this.state.id, code });
        return false;
      }
      this.commandFor(parent.id, { type: 'child.error', execution: parent.ex, child: this.state.id, code, thrower: thrower.id });
      // The thrower waits for the callers' answer: caught (this instance is terminated) or not (an incident here).
      if (thrower.inc === undefined) thrower.w = 'event';
      return true;
    }
    return false;
  }

  /**
   * The error or escalation start event, among a scope's event subprocesses `starts`, that
   * catches `code` (a specific code before a catch-all). An event thrown inside one of the
   * scope's own event subprocesses (`from`) is left to the scopes further out.
   */
  private findEventSubprocessCatcher(kind: 'error' | 'escalation', code: string, starts: readonly number[] | undefined, from: Execution): number | undefined {
    if (!starts?.length || this.node(from.n).triggeredByEvent) return undefined;
    return this.pickCatcher(kind, code, starts);
  }

  /** An event subprocess start `st` of scope `scope` caught the thrown error or escalation. */
  private caughtByEventSubprocess(kind: 'error' | 'escalation', code: string, thrower: Execution, fromSelf: boolean, scope: number, st: number): true {
    this.emit(kind === 'error' ? 'error.thrown' : 'escalation.thrown', thrower.n, { code, caughtBy: this.node(st).id }, thrower.id);
    if (!fromSelf && this.node(st).cancelActivity !== false) {
      this.emit('activity.left', thrower.n, NO_PAYLOAD, thrower.id); // the throw event is done; it is not cancelled
      this.remove(thrower);
    }
    this.triggerEventSubprocess(scope, st);
    return true;
  }

  // ---------------------------------------------------------------- event subprocesses

  /** Is node `n` the start event of an event subprocess? */
  isEventSubprocessStart(n: number): boolean {
    const node = this.node(n);
    return node.kind === 'startEvent' && node.parent >= 0 && this.node(node.parent).triggeredByEvent === true;
  }

  /**
   * The execution owning a wait of node `n` recorded with owner `ex`: the execution itself,
   * or — for a process-level event subprocess, whose subscriptions belong to the instance
   * (owner 0) — a stand-in for the process scope.
   */
  waitOwner(ex: number, n: number): Execution | undefined {
    return this.exec(ex) ?? (ex === 0 && this.isEventSubprocessStart(n) ? { id: 0, n, s: 0 } : undefined);
  }

  /**
   * A scope became active (the process: `scope` undefined; an embedded subprocess: its
   * execution): arm the timer, message and signal start events of its event subprocesses,
   * owned by the scope (error and escalation starts are caught as they are thrown). Returns
   * false when arming raised an incident on the subprocess (retrying it arms them again).
   */
  armEventSubprocesses(scope: Execution | undefined): boolean {
    const starts = scope ? this.node(scope.n).eventSubprocesses : this.model.eventSubprocesses;
    if (!starts) return true;
    for (const st of starts) {
      // At process level a failure is an incident on that start event alone (retrying it arms it); the instance runs on.
      if (!this.armEventSubprocessStart(scope, st) && scope) return false;
    }
    return true;
  }

  /** Arm one event subprocess start `st` of `scope` (undefined: the process). Returns false when it raised an incident. */
  armEventSubprocessStart(scope: Execution | undefined, st: number): boolean {
    const ev = this.node(st).event;
    if (ev?.type === 'error' || ev?.type === 'escalation') return true;
    return eventDefinitionOf(ev).arm?.(this, scope ?? { id: 0, n: st, s: 0 }, st) !== false;
  }

  /** Remove the timers and subscriptions of the event subprocess starts owned by scope `scope` (0: the process). */
  clearEventSubprocessWaits(scope: number): void {
    if (!this.state.timers.length && !this.state.subs.length) return;
    for (const t of this.state.timers.filter((t) => t.ex === scope && t.s === undefined && !t.r && this.isEventSubprocessStart(t.n))) this.removeTimer(t, true);
    for (const s of this.state.subs.filter((s) => s.ex === scope && this.isEventSubprocessStart(s.n))) this.removeSubscription(s);
  }

  /**
   * Start event `st` of an event subprocess of scope `scope` (0: the process) was triggered.
   * Interrupting: every other token of the scope is cancelled and its other event
   * subprocesses disarmed. Then a new instance of the event subprocess runs in the scope,
   * with the trigger's payload as its locals; a non-interrupting one stays armed (its waits
   * were kept) and may run again, concurrently.
   */
  triggerEventSubprocess(scope: number, st: number, payload?: Record<string, unknown>): void {
    const start = this.node(st);
    if (start.cancelActivity !== false) {
      const reason = `interrupted by event subprocess ${this.node(start.parent).id}`;
      for (const other of this.state.ex.filter((x) => x.s === scope)) this.cancel(other, reason);
      this.clearEventSubprocessWaits(scope);
    }
    const esp = this.createExec(start.parent, scope);
    if (payload && Object.keys(payload).length) (this.seeds ??= new Map()).set(esp, structuredClone(payload));
    this.enter(esp);
  }

  private findCatcher(kind: 'error' | 'escalation', code: string, n: number): number | undefined {
    return this.pickCatcher(kind, code, this.node(n).boundaries);
  }

  /** Among catch events `candidates`, the one of `kind` for `code`: a specific code before a catch-all (no code). */
  private pickCatcher(kind: 'error' | 'escalation', code: string, candidates: readonly number[]): number | undefined {
    let catchAll: number | undefined;
    for (const c of candidates) {
      const ev = this.node(c).event;
      if (ev?.type !== kind) continue;
      const caught = ev.type === 'error' ? ev.errorCode : ev.type === 'escalation' ? ev.escalationCode : undefined;
      if (caught === code) return c;
      if (caught === undefined && catchAll === undefined) catchAll = c;
    }
    return catchAll;
  }

  // ---------------------------------------------------------------- incidents

  /** Stop `e` with an incident; the host can fix variables and retry. */
  incident(e: Execution, code: string, message: string, phase: IncidentState['phase'] = 'execute'): void {
    if (phase === 'execute' && e.id !== 0) this.clearWaits(e, 'own'); // 0: a process-level event subprocess start (its siblings stay armed)
    const inc: IncidentState = { id: this.nextId(), ex: e.id, n: e.n, code, message, at: this.now, phase };
    this.state.incidents.push(inc);
    e.w = 'incident';
    e.inc = inc.id;
    this.emit('incident.raised', e.n, { incidentId: this.globalId(inc.id), code, message }, e.id);
  }

  /** Remove an incident (retried or its execution cancelled). */
  resolveIncident(localId: number, note: string): IncidentState | undefined {
    const i = this.state.incidents.findIndex((x) => x.id === localId);
    if (i < 0) return undefined;
    const [inc] = this.state.incidents.splice(i, 1);
    const e = this.exec(inc!.ex);
    if (e) {
      delete e.inc;
      if (e.w === 'incident') delete e.w;
    }
    this.emit('incident.resolved', inc!.n, { incidentId: this.globalId(inc!.id), code: inc!.code, message: note }, inc!.ex);
    return inc;
  }

  // ---------------------------------------------------------------- jobs & tasks

  /** Ask the runtime to run the job of service task execution `e`. */
  requestJob(e: Execution): void {
    const node = this.node(e.n);
    const job = e.job!;
    const def = runningJobDef(this, e); // the element's job, its running listener's, or its script mapping's
    const listener = listenerInfoOf(this, e);
    e.w = 'job';
    const s = this.state;
    this.jobs.push({
      jobId: this.globalId(job.id),
      instanceId: s.id,
      processId: s.processId,
      ...(s.businessKey !== undefined ? { businessKey: s.businessKey } : {}),
      elementId: node.id,
      executionId: this.globalId(e.id),
      jobLocalId: job.id,
      type: def.type,
      attempt: job.attempt,
      retriesLeft: job.left,
      headers: def.headers,
      variables: scopeView(s, e),
      ...(listener ? { listener } : {}),
    });
    // The job's lease: if no result is committed before it ends, the job is handed out again.
    const id = this.jobTimerId(job.id);
    this.timersDeleted.delete(id);
    this.timersPut.set(id, { id, kind: 'job', dueAt: this.now + (this.settings.jobLease ?? DEFAULT_JOB_LEASE), instanceId: s.id, localId: job.id, attempt: job.attempt });
  }

  /** The roles that may act on user-task execution `e`: its lane's role and its candidate groups. */
  taskRoles(e: Execution): string[] {
    const def = this.node(e.n).userTask;
    return rolesOf({ ...(def?.role ? { role: def.role } : {}), candidateGroups: e.task?.g ?? def?.candidateGroups ?? [] });
  }

  /** The task record of user-task execution `e`. */
  taskRecord(e: Execution): TaskRecord {
    const node = this.node(e.n);
    const def = node.userTask;
    const t = e.task!;
    const s = this.state;
    // Built by assignment, not spreads: this runs for every task event.
    const rec = { id: this.globalId(t.id), instanceId: s.id, processId: s.processId } as TaskRecord;
    if (s.businessKey !== undefined) rec.businessKey = s.businessKey;
    rec.elementId = node.id;
    rec.executionId = this.executionId(e.id);
    if (e.li !== undefined) rec.loopCounter = e.li + 1;
    if (node.name) rec.name = node.name;
    if (def?.role) rec.role = def.role;
    rec.candidateGroups = t.g ?? def?.candidateGroups ?? NO_GROUPS;
    if (t.u !== undefined) rec.candidateUsers = t.u;
    if (t.a !== undefined) rec.assignee = t.a;
    rec.state = t.st;
    rec.createdAt = t.at;
    // The task's own due date wins over SLA clocks (decision 0024).
    const due = t.due ?? (this.state.sla?.length ? slaDueFor(this, node.id, e.id) : undefined);
    if (due !== undefined) rec.dueAt = due;
    if (t.fu !== undefined) rec.followUpAt = t.fu;
    if (t.pr !== undefined) rec.priority = t.pr;
    if (def?.formKey) rec.formKey = def.formKey;
    return rec;
  }


  /** Record a task change in the projection and emit its event. */
  taskEvent<K extends 'task.created' | 'task.claimed' | 'task.unclaimed' | 'task.assigned'>(type: K, e: Execution): void {
    const task = this.taskRecord(e);
    this.tasks.set(task.id, task);
    this.emit(type, e.n, { task, actor: this.actorOfEvent() } as EventPayload<K>, e.id);
  }

  /** The actor behind this step's events: the person whose command it is, else the engine. */
  actorOfEvent(): Actor {
    const a = this.actor;
    if (!a) return ENGINE_ACTOR;
    // One copy per actor per step, shared by its events (they are frozen, and kept in history).
    if (this.actorCopy?.of !== a) this.actorCopy = { of: a, copy: { id: a.id, roles: [...a.roles] } };
    return this.actorCopy.copy;
  }
  private actorCopy: { of: Actor; copy: Actor } | undefined;

  // ---------------------------------------------------------------- inclusive joins

  /** Fire inclusive joins that no token can reach any more. Returns whether one fired. */
  private checkInclusiveJoins(): boolean {
    let fired = false;
    for (const e of this.state.ex) {
      if (e.w !== 'join') continue;
      const node = this.node(e.n);
      if (node.kind !== 'inclusiveGateway') continue;
      if (behaviourOf('inclusiveGateway').tryJoin!(this, e)) {
        fired = true;
        break;
      }
    }
    return fired;
  }

  /** Queue work to run within this step (used by behaviours). */
  later(fn: () => void): void {
    this.schedule(fn);
  }
}

/**
 * An element event's fields, in their documented order, made by one object literal per
 * combination of the optional ones: the event then holds them all in the object itself
 * (adding them one by one spills them into a separate property array — more heap for every
 * history record kept).
 */
function elementEvent(type: string, at: number, s: InstanceState, node: NodeModel, executionId: string | undefined): Record<string, unknown> {
  const instanceId = s.id;
  const processId = s.processId;
  const businessKey = s.businessKey;
  const elementId = node.id;
  const elementType = node.bpmnType;
  const elementName = node.name;
  if (businessKey === undefined) {
    if (elementName) {
      return executionId !== undefined
        ? { type, at, instanceId, processId, elementId, elementType, elementName, executionId }
        : { type, at, instanceId, processId, elementId, elementType, elementName };
    }
    return executionId !== undefined ? { type, at, instanceId, processId, elementId, elementType, executionId } : { type, at, instanceId, processId, elementId, elementType };
  }
  if (elementName) {
    return executionId !== undefined
      ? { type, at, instanceId, processId, businessKey, elementId, elementType, elementName, executionId }
      : { type, at, instanceId, processId, businessKey, elementId, elementType, elementName };
  }
  return executionId !== undefined
    ? { type, at, instanceId, processId, businessKey, elementId, elementType, executionId }
    : { type, at, instanceId, processId, businessKey, elementId, elementType };
}
