/**
 * `createEngine()`: the public API around the transition function. Every instance change
 * is a `Command` sent through the one command pipeline (`runtime/pipeline.ts`: load →
 * `apply` → commit with one retry policy → carry out the effects); this file validates the
 * host's input, builds the commands, and carries out effects after commit: publishing
 * events, running service-task handlers, arming the clock for the next due timer.
 *
 * @module
 */
import { EventEmitter } from 'eventemitter3';
import { ConcurrencyError, InvalidArgumentError, LimitError, NotFoundError, StoreUnavailableError, TaskNotOpenError } from './errors';
import type { EngineEvent, EngineEventType, EngineListeners, HistoryRecord } from './events/types';
import { uuidIds, type IdSource } from './ids';
import type { ProcessModel } from './model/types';
import type { Command } from './runtime/command';
import { newInstanceState } from './runtime/commands';
import type { Effect } from './runtime/effects';
import { CommandPipeline, type CommandInput } from './runtime/pipeline';
import { COMMIT_ATTEMPTS, withRetry } from './runtime/retry';
import { Deployments, type DeployInput, type ProcessInfo } from './runtime/deployments';
import { evaluateDecision } from './dmn/evaluate';
import type { DecisionInfo } from './dmn/registry';
import type { DecisionEvaluation } from './dmn/types';
import { defaultRetryBackoff, runHandler, type JobHandler } from './runtime/jobs';
import { correlationKeyOf, messageEvent, type CorrelationKeys } from './runtime/messaging';
import { Scheduler } from './runtime/scheduler';
import { afterStartTimer, splitProcessKey, startTimerChanges } from './runtime/startTimers';
import type { InstanceState } from './runtime/state';
import { Step, type JobRequest, type StepSettings } from './runtime/step';
import { checkActor, checkCommandResult, validateVariables, type SchemaLike } from './runtime/variables';
import { resolveLimits, type EngineLimits } from './runtime/limits';
import { StateCache } from './runtime/stateCache';
import { scopeView } from './runtime/scope';
import { Work } from './runtime/work';
import { ResourcePools, type ResourcesApi } from './resources/pools';
import { buildSlaReport, clockFacts, type SlaReport, type SlaReportQuery } from './sla/report';
import { slaClocks, type SlaClockInfo } from './sla/tracker';
import { memoryStore } from './store/memoryStore';
import { jsonCopy } from './store/jsonCopy';
import type { BufferedMessage, CommitBatch, InstanceQuery, Store, TimerRecord } from './store/types';
import type { Actor, TaskQuery, TaskRecord, TaskUpdate } from './tasks/types';
import { taskChangesOf } from './tasks/taskUpdate';
import { DETACHED } from './runtime/state';
import { ALWAYS, type BusinessCalendar } from './time/businessCalendar';
import type { Clock } from './time/clock';
import { toMs } from './time/duration';
import { systemClock } from './time/systemClock';
import { retentionTimers } from './runtime/retention';
import { timeToLiveMs, type TimeToLive } from './time/timeToLive';
import { migrateInstances, previewMigration, type MigrationHost, type MigrationPlan, type MigrationPreview, type MigrationResult } from './migration/migrate';

/** Options of {@link createEngine}; all optional. */
export interface EngineOptions {
  /** Where state lives. Default: `memoryStore()`. */
  store?: Store;
  /** The time source. Default: `systemClock()`; tests pass `virtualClock(…)`. */
  clock?: Clock;
  /** Instance and message ids. Default: random UUIDs. */
  ids?: IdSource;
  /** IANA zone for calendar parts of timer durations (P1D, P1M) and zone-less dates. Default `UTC`. */
  zone?: string;
  /** How long a message that nothing waits for is buffered: ISO 8601 duration or ms. Default `PT1H`; 0 disables buffering. */
  messageTtl?: string | number;
  /** Service-task handlers by job type (more can come with `deploy` or `jobs.register`). */
  handlers?: Readonly<Record<string, JobHandler>>;
  /** Delay in ms before job attempt n+1 after attempt n failed. Default: 1 s doubling to 5 min. */
  retryBackoff?: (attempt: number) => number;
  /** Largest BPMN file deploy accepts, in bytes. Default 10 MB. */
  maxXmlBytes?: number;
  /**
   * Many nodes: how long a node holds the due timers it acquired before another node may
   * take them (its firing failed or it died). ISO 8601 duration or ms. Default `PT1M`.
   */
  timerLease?: string | number;
  /**
   * How long a node holds a service-task job it handed to a handler: with no result by then
   * (the node died, or the handler is still running), the job is handed out again, with the
   * same `jobId` and `attempt` (handlers run at least once — docs/scaling.md). Default `PT5M`.
   */
  jobLease?: string | number;
  /**
   * How many recently used instances' states this node keeps between commands, so a command
   * does not first read back what this node just wrote (stale entries are caught by the
   * version check and re-read). Default: 0 with the memory store (reads are local), 10,000
   * otherwise.
   */
  instanceCache?: number;
  /** Business calendars by name (or a list, named by their `name`), for SLAs and `handoff:calendar` timers. `24/7` is always there. */
  calendars?: Readonly<Record<string, BusinessCalendar>> | readonly BusinessCalendar[];
  /**
   * Resource pools by role, e.g. `{ counter: { capacity: 3 } }`: a user task of a pooled
   * role starts `waiting` and is granted a unit (FIFO) when one is free. See docs/resources.md.
   */
  resources?: Readonly<Record<string, { capacity: number }>>;
  /**
   * History retention: how long completed and terminated instances are kept (state, history,
   * tasks, SLA clocks) — a number of days or an ISO 8601 duration (`'P30D'`) — for processes
   * whose deploy or BPMN (`camunda:historyTimeToLive`) sets none. Default: kept forever, so the
   * memory store grows with every instance (docs/retention.md).
   */
  historyTimeToLive?: TimeToLive;
  /**
   * Limits that keep one bad model or request from harming the node (docs/security.md):
   * `maxSteps` (activities one command may enter, default 10,000; past it a `STEP_LIMIT`
   * incident), `maxVariableDepth` (default 64 levels), `maxVariableBytes` per command
   * (default 4 MB of JSON), `maxInstanceVariablesBytes` per instance after a command
   * (default 16 MB). A command past a variable limit is refused with a LimitError.
   */
  limits?: Partial<EngineLimits>;
}

/** Options of `engine.deploy`. */
export interface DeployOptions {
  /** Refuse deploy warnings (e.g. `CYCLE_WITHOUT_WAIT_STATE`) as problems, like errors. Default false. */
  strict?: boolean;
}

/** An instance as the host sees it. */
export interface InstanceInfo extends Pick<InstanceState, 'id' | 'processId' | 'processVersion' | 'businessKey' | 'status' | 'variables' | 'startedAt' | 'endedAt'> {
  /** For an instance started by a call activity: the calling instance. */
  parentId?: string;
  /** The running child instances of this instance's call activities. */
  children: string[];
  /** Open incidents. */
  incidents: IncidentInfo[];
  /** Element ids where tokens currently are. */
  activeElements: string[];
}

/** An open incident. */
export interface IncidentInfo {
  id: string;
  instanceId: string;
  elementId: string;
  code: string;
  message: string;
  at: number;
}

/** What `messages.correlate` did. */
export interface CorrelationResult {
  /** Instances whose waiting subscription took the message. */
  correlated: { instanceId: string; elementId: string }[];
  /** Instances started by a message start event. */
  started: string[];
  /** Set when nothing took the message and it was buffered. */
  buffered?: { messageId: string; expiresAt: number };
}

export type { CorrelationKeys } from './runtime/messaging';

/** What `signals.broadcast` did. */
export interface SignalResult {
  /** The waiting signal catches that received it. */
  received: { instanceId: string; elementId: string }[];
  /** Instances started by signal start events. */
  started: string[];
}

/** Engine-level events that are not instance history. */
export interface EngineErrorEvent {
  type: 'engine.error';
  error: unknown;
  context: string;
}

type BusListeners = EngineListeners & { 'engine.error': (e: EngineErrorEvent) => void };

/** The engine. Create it with {@link createEngine}. */
/** Options of {@link Engine.start}. */
export interface StartOptions {
  /** The instance's business key (messages correlate on it). */
  businessKey?: string;
  /**
   * Who starts the instance (a user id). A start event with `camunda:initiator="starter"`
   * (also `flowable:` / `activiti:initiator`) stores it in that variable — `null` when not
   * given, as Camunda 7 stores the missing authenticated user. Without the attribute it is unused.
   */
  initiator?: string;
  /** Start this deployed version instead of the latest (`engine.processes.list()` lists them). @throws NotFoundError when it is not deployed. */
  version?: number;
  /** Start the latest version carrying this `camunda:versionTag` / `zeebe:versionTag`. @throws NotFoundError when none does. */
  versionTag?: string;
}

export class Engine {
  private readonly store: Store;
  private readonly clock: Clock;
  private readonly ids: IdSource;
  private readonly settings: StepSettings;
  /** Variable limits (runtime/limits.ts). */
  private readonly limits: EngineLimits;
  private readonly messageTtl: number;
  private readonly deployments: Deployments;
  /** Business calendars by name (always with `24/7`). */
  readonly calendars: ReadonlyMap<string, BusinessCalendar>;
  private readonly bus = new EventEmitter<BusListeners>();
  private readonly handlers = new Map<string, JobHandler>();
  private readonly startSchemas = new Map<string, SchemaLike>();
  private readonly taskSchemas = new Map<string, SchemaLike>();
  private readonly work = new Work((error, context) => this.reportError(error, context));
  private readonly scheduler: Scheduler;
  private readonly cache: StateCache;
  private readonly pipeline: CommandPipeline;
  private readonly pools: ResourcePools;
  /** Resource pools: `status(role)`, `setCapacity(role, n)`, `roles()` (docs/resources.md). */
  readonly resources: ResourcesApi;
  /** Stops listening to other nodes' commits (stores that serve many nodes). */
  private unlisten: Promise<(() => Promise<void>) | undefined> = Promise.resolve(undefined);
  private closed = false;
  /** History retention: the engine's default time to live of ended instances (ms), if any. */
  private readonly historyTtl: number | undefined;

  constructor(options: EngineOptions = {}) {
    this.limits = resolveLimits(options.limits);
    this.store = options.store ?? memoryStore();
    this.historyTtl = options.historyTimeToLive === undefined ? undefined : timeToLiveMs(options.historyTimeToLive, 'historyTimeToLive');
    if (this.historyTtl !== undefined && !this.store.purgeInstances) {
      throw new InvalidArgumentError('historyTimeToLive', 'the store cannot remove instances (it has no purgeInstances)', 'use memoryStore() or postgresStore(), or leave historyTimeToLive out to keep every instance.');
    }
    this.clock = options.clock ?? systemClock();
    this.ids = options.ids ?? uuidIds();
    const calendars = calendarMap(options.calendars);
    this.pools = new ResourcePools(options.resources, {
      store: this.store,
      work: this.work,
      grant: async (task, role) => {
        const local = Number(task.id.slice(task.id.lastIndexOf('/') + 1));
        const granted = await this.command(task.instanceId, { type: 'task.grant', task: local, role }).catch((err) => {
          if (!(err instanceof NotFoundError)) throw err;
          return false;
        });
        return granted === true;
      },
    });
    this.resources = this.pools.api();
    this.settings = {
      pooled: (role) => this.pools.has(role),
      zone: options.zone ?? 'UTC',
      retryBackoff: options.retryBackoff ?? defaultRetryBackoff,
      calendar: (name) => {
        const cal = calendars.get(name);
        if (!cal) throw new InvalidArgumentError('calendar', `no business calendar named '${name}' is configured`, `pass it to createEngine({ calendars }); known: [${[...calendars.keys()].join(', ')}].`);
        return cal;
      },
      maxSteps: this.limits.maxSteps,
    };
    this.calendars = calendars;
    this.messageTtl = toMs(options.messageTtl ?? 'PT1H');
    const cacheSize = options.instanceCache ?? ((this.store as { kind?: string }).kind === 'memory' ? 0 : 10_000);
    if (!Number.isInteger(cacheSize) || cacheSize < 0) throw new InvalidArgumentError('instanceCache', `expected a whole number >= 0, got ${JSON.stringify(options.instanceCache)}`, 'pass how many instance states to keep, e.g. 10000, or 0 for none.');
    this.cache = new StateCache(cacheSize);
    const timerLease = leaseOption('timerLease', options.timerLease ?? 'PT1M');
    this.settings.jobLease = leaseOption('jobLease', options.jobLease ?? 'PT5M');
    this.deployments = new Deployments(this.store, options.maxXmlBytes, new Set(calendars.keys()));
    this.pipeline = new CommandPipeline({
      store: this.store,
      clock: this.clock,
      settings: this.settings,
      cache: this.cache,
      work: this.work,
      model: (pid, v) => this.deployments.model(pid, v),
      compiled: (pid, v) => this.deployments.compiled(pid, v),
      resolveCall: (call) => this.deployments.resolve(call.processId, call.binding, call.parentProcessKey),
      resolveDecision: (request) => this.deployments.resolveDecision(request.decisionId, request.binding, request.processKey),
      check: (state, history) => checkCommandResult(state.variables, history, this.limits, state.id),
      // faults: a commit that may have landed may have put timers: the scheduler re-reads the next due one.
      commitUnknown: () => this.scheduler.resync(),
      // History retention: an instance that ended gets its retention timer in the same commit (runtime/retention.ts).
      retention: (state, model, history) => retentionTimers(state, history, model.historyTimeToLive ?? this.historyTtl, this.store),
      committed: (effects, extra) => this.committed(effects, extra),
    });
    for (const [type, h] of Object.entries(options.handlers ?? {})) this.handlers.set(type, h);
    this.scheduler = new Scheduler(this.clock, this.store, this.work, (t, leaseUntil) => this.fire(t, leaseUntil), { owner: this.store.nodeId ?? 'local', lease: timerLease });
    // Many nodes: wake up for timers other nodes schedule, and publish their events here too.
    if (this.store.listen) {
      const listening = this.store.listen({
        timer: (at) => this.scheduler.armAt(at),
        events: (records) => {
          for (const r of records) this.publish(r);
        },
      });
      this.unlisten = listening.catch((err: unknown) => {
        this.reportError(err, 'listening to other nodes');
        return undefined;
      });
    }
    // Timers already in the store (a restarted engine) are armed without waiting for a command;
    // `await engine.idle()` before advancing a virtual clock over a restored store.
    this.scheduler.start();
  }

  // ------------------------------------------------------------------ events

  /** Subscribe to a typed event (`'event'` receives every event). */
  on<K extends keyof BusListeners>(type: K, listener: BusListeners[K]): this {
    this.bus.on(type, listener as never);
    return this;
  }
  /** Subscribe for one event. */
  once<K extends keyof BusListeners>(type: K, listener: BusListeners[K]): this {
    this.bus.once(type, listener as never);
    return this;
  }
  /** Unsubscribe. */
  off<K extends keyof BusListeners>(type: K, listener: BusListeners[K]): this {
    this.bus.off(type, listener as never);
    return this;
  }

  // ------------------------------------------------------------------ deploy

  /**
   * Deploy BPMN and DMN (a pack, `{ bpmn: xml }`, `{ dmn: xml }`, or both). Returns the
   * deployed process ids, then the deployed decision ids. An unchanged
   * file keeps its version; a changed one becomes a new version, and new instances use it.
   * Warnings (a cycle with no wait state, …) do not stop a deploy: read them from
   * `engine.processes.model(id).warnings`, or pass `{ strict: true }` to refuse them too.
   * @throws DeployError listing every problem; nothing is deployed then.
   */
  async deploy(input: DeployInput, options: DeployOptions = {}): Promise<string[]> {
    this.assertOpen();
    const now = this.clock.now();
    const { prepared, timers } = await withRetry(
      async (attempt) => {
        // Another node stored a version of these processes meanwhile: read it and decide again (the same file is then unchanged).
        if (attempt > 1) await this.deployments.reload();
        const prepared = await this.deployments.prepare(input, now, options.strict === true);
        // An unchanged version keeps its start timers; new versions replace the old ones'.
        const fresh = prepared.models.filter((m) => prepared.records.some((r) => r.key === m.key));
        const timers = startTimerChanges(fresh, prepared.replaced, now, this.settings.zone, (c) => this.settings.calendar(c).zone);
        await this.store.commit({ ...emptyBatch(), deployments: prepared.records, timers });
        return { prepared, timers };
      },
      (err) => err.reason === 'deployment',
    );
    this.deployments.activate(prepared);
    for (const m of prepared.models) {
      const start = input.schemas?.start?.[m.id];
      if (start) this.startSchemas.set(m.id, start);
      for (const [el, schema] of Object.entries(input.schemas?.tasks ?? {})) if (m.byId.has(el)) this.taskSchemas.set(`${m.id}\u0000${el}`, schema);
    }
    for (const [type, h] of Object.entries(input.handlers ?? {})) this.handlers.set(type, h);
    for (const t of timers.put) this.scheduler.armAt(t.dueAt);
    return [...prepared.models.map((m) => m.id), ...prepared.decisions.map((d) => d.id)];
  }

  /** Deployed processes and versions. */
  readonly processes = {
    list: (): Promise<ProcessInfo[]> => this.deployments.list(),
    /** The compiled model of the current version (read-only). */
    model: (processId: string): Promise<ProcessModel> => this.deployments.current(processId),
    /**
     * The BPMN XML a version was deployed from: the latest, or `version` (e.g. the one an
     * instance runs, `InstanceInfo.processVersion`) — what a diagram or a designer opens.
     * @throws NotFoundError for a process or version never deployed.
     */
    bpmn: (processId: string, options: { version?: number } = {}): Promise<string> => {
      if (options.version !== undefined && (!Number.isInteger(options.version) || options.version < 1)) {
        return Promise.reject(new InvalidArgumentError('version', `expected a version number >= 1, got ${JSON.stringify(options.version)}`, 'pass a deployed version, e.g. { version: 2 }; engine.processes.list() lists them.'));
      }
      return this.deployments.xml(processId, options.version);
    },
  };

  /** Deployed DMN decisions (`engine.deploy({ dmn })`; docs/dmn.md). */
  readonly decisions = {
    /**
     * Evaluate a deployed decision (the latest version, or `version` / `versionTag`) over
     * `variables`, with its required decisions first. Changes nothing; records nothing.
     * @throws NotFoundError for an unknown decision or version; DecisionError when the
     * evaluation fails (`DECISION_UNIQUE_VIOLATION`, `DECISION_INPUT_NOT_ALLOWED`, …).
     * @example
     * ```ts
     * await engine.deploy({ dmn: readFileSync('dish.dmn', 'utf8') });
     * const { value, matchedRules } = await engine.decisions.evaluate('dish', { season: 'Fall', guestCount: 4 });
     * ```
     */
    evaluate: async (decisionId: string, variables: Record<string, unknown> = {}, options: { version?: number; versionTag?: string } = {}): Promise<DecisionEvaluation> => {
      this.assertOpen();
      if (typeof decisionId !== 'string' || !decisionId) throw new InvalidArgumentError('decisionId', `expected a decision id, got ${JSON.stringify(decisionId)}`, 'pass the id of a deployed DMN decision.');
      if (variables === null || typeof variables !== 'object' || Array.isArray(variables)) throw new InvalidArgumentError('variables', 'expected an object of variables', 'pass the decision\'s inputs as { name: value }.');
      const binding = options.version !== undefined ? { kind: 'version' as const, version: options.version } : options.versionTag !== undefined ? { kind: 'versionTag' as const, versionTag: options.versionTag } : { kind: 'latest' as const };
      const model = await this.deployments.resolveDecision(decisionId, binding, '');
      return structuredClone(evaluateDecision(model, variables));
    },
    /** Every deployed decision version. */
    list: async (): Promise<DecisionInfo[]> => {
      await this.deployments.load();
      return this.deployments.decisions.list();
    },
  };

  // ------------------------------------------------------------------ instances

  /**
   * Start an instance at the process's none start event.
   * @throws NotFoundError for an unknown process; ValidationError for bad variables.
   */
  async start(processId: string, variables: Record<string, unknown> = {}, options: StartOptions = {}): Promise<InstanceInfo> {
    this.assertOpen();
    const model = await this.startVersion(processId, options);
    if (model.noneStart === undefined) {
      throw new InvalidArgumentError('processId', `process '${processId}' has no none start event`, 'start it by correlating its start message (engine.messages.correlate) or let its timer start it.');
    }
    if (options.businessKey !== undefined && typeof options.businessKey !== 'string') {
      throw new InvalidArgumentError('businessKey', `expected a string, got ${typeof options.businessKey}`, 'pass the business key as a string.');
    }
    if (options.initiator !== undefined && typeof options.initiator !== 'string') {
      throw new InvalidArgumentError('initiator', `expected a string, got ${typeof options.initiator}`, 'pass the id of the person starting the instance as a string.');
    }
    const vars = validateVariables(variables, `start variables of process ${processId}`, this.startSchemas.get(processId), undefined, this.limits);
    // camunda:initiator: the start event names the variable that holds who started the instance (null when not given, as in Camunda 7).
    const initiatorVar = model.nodes[model.noneStart]!.initiator;
    if (initiatorVar !== undefined && (options.initiator !== undefined || !(initiatorVar in vars))) vars[initiatorVar] = options.initiator ?? null;
    return this.createInstance(model, model.noneStart, vars, options.businessKey);
  }

  /** The version `start` runs: the latest, or the one `options` names by number or tag. */
  private startVersion(processId: string, options: StartOptions): ProcessModel | Promise<ProcessModel> {
    const { version, versionTag } = options;
    if (version !== undefined && versionTag !== undefined) {
      throw new InvalidArgumentError('version', 'both version and versionTag are given', 'pass one of them: version (a number) or versionTag (camunda:versionTag / zeebe:versionTag).');
    }
    if (version !== undefined) {
      if (!Number.isInteger(version) || version < 1) throw new InvalidArgumentError('version', `expected a version number >= 1, got ${JSON.stringify(version)}`, 'pass a deployed version, e.g. { version: 2 }; engine.processes.list() lists them.');
      return this.deployments.resolve(processId, { kind: 'version', version }, '');
    }
    if (versionTag !== undefined) {
      if (typeof versionTag !== 'string' || !versionTag.trim()) throw new InvalidArgumentError('versionTag', `expected a non-empty string, got ${JSON.stringify(versionTag)}`, "pass the tag a version carries, e.g. { versionTag: '2026.1' }.");
      return this.deployments.resolve(processId, { kind: 'versionTag', versionTag }, '');
    }
    return this.deployments.currentCompiled(processId) ?? this.deployments.current(processId);
  }

  private async createInstance(model: ProcessModel, startNode: number, vars: Record<string, unknown>, businessKey: string | undefined, extra?: Partial<CommitBatch>): Promise<InstanceInfo> {
    const id = this.ids();
    // `vars` is the caller's checked copy: the first attempt takes it, a retry (a conflict) a fresh copy of it.
    let own: Record<string, unknown> | undefined = vars;
    const state = await this.pipeline.create(
      id,
      () => {
        const v = own ?? jsonCopy(vars);
        own = undefined;
        return newInstanceState(model, id, v, businessKey, this.clock.now());
      },
      startNode,
      extra,
    );
    // The committed state was handed to the store (CommitBatch.handover): the caller gets its own variables.
    return toInfo(state, model, true);
  }

  /** Instance queries and admin commands. */
  readonly instances = {
    /** The instance, or undefined. */
    get: async (id: string): Promise<InstanceInfo | undefined> => {
      const s = await this.store.getInstance(id);
      return s ? toInfo(s, await this.deployments.model(s.processId, s.processVersion)) : undefined;
    },
    list: async (q: InstanceQuery = {}): Promise<InstanceInfo[]> => {
      const states = await this.store.listInstances(q);
      return Promise.all(states.map(async (s) => toInfo(s, await this.deployments.model(s.processId, s.processVersion))));
    },
    /**
     * Set variables of an active instance, in its root scope (a name a subprocess holds
     * locally is not changed: that subprocess keeps its own). Recorded as `variables.set`;
     * conditional events that read a changed variable are re-evaluated (docs/bpmn-coverage.md).
     * @throws NotFoundError for an unknown instance; InstanceStateError when it has ended; ValidationError for bad values.
     * @example
     * ```ts
     * await engine.instances.setVariables(inst.id, { stock: 3 }); // a conditional catch `=stock > 0` passes
     * ```
     */
    setVariables: async (id: string, variables: Record<string, unknown>): Promise<void> => {
      const vars = validateVariables(variables, `variables for instance ${id}`, undefined, undefined, this.limits);
      await this.command(id, { type: 'variables.set', variables: vars });
    },
    /**
     * Continue a receive task that has no message (a Camunda 7 / Flowable file, where
     * `runtimeService.signal` / `trigger` does this): the token waiting at `elementId` leaves it,
     * with `variables` merged as the task's result. When several tokens wait there (a
     * multi-instance receive task, parallel branches), `executionId` names one.
     * @throws InvalidArgumentError (not such a receive task, nothing waits there, several wait), NotFoundError, InstanceStateError.
     * @example
     * ```ts
     * await engine.instances.trigger(inst.id, 'waitForPayment', { variables: { paid: true } });
     * ```
     */
    trigger: async (id: string, elementId: string, options: { variables?: Record<string, unknown>; executionId?: string } = {}): Promise<void> => {
      if (typeof elementId !== 'string' || !elementId) throw new InvalidArgumentError('elementId', `expected the id of a receive task, got ${JSON.stringify(elementId)}`, 'pass the receive task\'s element id.');
      let execution: number | undefined;
      if (options.executionId !== undefined) {
        const ref = localRef(options.executionId);
        if (!ref || ref.instanceId !== id) throw new InvalidArgumentError('executionId', `'${String(options.executionId)}' is not an execution of instance ${id}`, 'pass an executionId from the instance\'s events or tasks (<instanceId>/<n>).');
        execution = ref.local;
      }
      const vars = validateVariables(options.variables ?? {}, `variables triggering ${elementId} of instance ${id}`, undefined, undefined, this.limits);
      await this.command(id, { type: 'trigger', elementId, variables: vars, ...(execution !== undefined ? { execution } : {}) });
    },
    /** Terminate an active instance: every task, job and timer is cancelled. */
    cancel: async (id: string, reason = 'cancelled by the host'): Promise<void> => {
      await this.command(id, { type: 'cancel', reason });
    },
    /**
     * Move running instances onto another version of their process (docs/migration.md).
     * `mapping` maps source element ids to target element ids; elements not named map by the
     * same id. Every instance is validated first — every token's element mapped onto one of
     * the same kind, waits re-armed for the target, SLA policies kept — and when any problem is
     * found a MigrationError lists them all (instance, element, hint) and **no instance
     * changes**. Then each instance migrates atomically (one commit: state, history
     * `instance.migrated`, timers, tasks, subscriptions). Tasks keep their ids, assignees and
     * claims; timers their due times; SLA clocks their elapsed time; child instances their link.
     * @throws MigrationError (`.problems`), InvalidArgumentError for malformed arguments.
     * @example
     * ```ts
     * await engine.deploy({ bpmn: changedXml });                  // version 2
     * const { migrated } = await engine.instances.migrate([inst.id], { toVersion: 2, mapping: { review: 'check' } });
     * ```
     */
    migrate: (instanceIds: readonly string[], plan: MigrationPlan): Promise<MigrationResult> => {
      this.assertOpen();
      return migrateInstances(this.migrationHost, instanceIds, plan);
    },
    /**
     * What `migrate` would do, validated the same way, without writing anything: per
     * instance, the tokens' elements before and after, the tasks rewritten, the waits ended
     * and armed, and the history records it would write.
     * @throws MigrationError (`.problems`), as `migrate` would.
     */
    planMigration: (instanceIds: readonly string[], plan: MigrationPlan): Promise<MigrationPreview[]> => {
      this.assertOpen();
      return previewMigration(this.migrationHost, instanceIds, plan);
    },
  };

  private get migrationHost(): MigrationHost {
    return {
      store: this.store,
      settings: this.settings,
      now: () => this.clock.now(),
      model: (pid, v) => this.deployments.model(pid, v),
      run: (id, input) => this.command(id, input),
    };
  }

  /**
   * Raise a named milestone on an instance (`milestone.reached`): an anchor for SLA clocks
   * that no BPMN element marks, e.g. "installed reminder sent".
   */
  async milestone(instanceId: string, name: string, data: Record<string, unknown> = {}): Promise<void> {
    if (typeof name !== 'string' || !name) throw new InvalidArgumentError('milestone name', `expected a non-empty string, got ${JSON.stringify(name)}`, "pass the milestone's name, as the SLA policy names it.");
    const payload = validateVariables(data, `data of milestone ${name}`, undefined, undefined, this.limits);
    await this.command(instanceId, { type: 'milestone', name, data: payload });
  }

  /** SLA clocks: open clocks with their due time, elapsed and remaining working time. */
  readonly sla = {
    /** The open SLA clocks of an instance, computed from its state at the engine's current time. */
    clocks: async (instanceId: string): Promise<SlaClockInfo[]> => {
      const state = await this.store.getInstance(instanceId);
      if (!state) throw new NotFoundError('instance', instanceId);
      const model = await this.deployments.model(state.processId, state.processVersion);
      return slaClocks(new Step(model, state, this.clock.now(), this.settings));
    },
    /**
     * A report over the SLA clocks started in [from, to), from history: per SLA, task or
     * lane — count, met, breached, open and at risk, on-time rate, p50/p90/p95/max elapsed
     * working time. `formatSlaReport(report)` renders it as a text table.
     */
    report: async (q: SlaReportQuery = {}): Promise<SlaReport> => {
      const instances = await this.store.listInstances(q.processId !== undefined ? { processId: q.processId } : {});
      const facts = (await Promise.all(instances.map(async (s) => clockFacts(await this.store.history(s.id), `${s.processId}:${s.processVersion}`)))).flat();
      const models = new Map<string, ProcessModel>();
      for (const key of new Set(facts.map((f) => f.processKey))) {
        const [pid, v] = splitProcessKey(key);
        models.set(key, await this.deployments.model(pid, v));
      }
      return buildSlaReport(facts, { from: q.from ?? 0, to: q.to ?? this.clock.now() + 1, groupBy: q.groupBy ?? 'sla', ...(q.processId !== undefined ? { processId: q.processId } : {}) }, (k) => models.get(k));
    },
  };

  /**
   * The instance's audit trail, oldest first; optionally only some event types, or those
   * about one element.
   * @example
   * ```ts
   * await engine.history(id, { types: ['task.completed'], elementId: 'callBack' });
   * ```
   */
  async history(instanceId: string, filter: { types?: readonly EngineEventType[]; elementId?: string } = {}): Promise<HistoryRecord[]> {
    const all = await this.store.history(instanceId);
    if (!filter.types && filter.elementId === undefined) return all;
    const types = filter.types ? new Set<string>(filter.types) : undefined;
    return all.filter((h) => (!types || types.has(h.type)) && (filter.elementId === undefined || (h as { elementId?: string }).elementId === filter.elementId));
  }

  // ------------------------------------------------------------------ tasks

  /** User tasks: query, claim, unclaim, assign, complete. */
  readonly tasks = {
    query: (q: TaskQuery = {}): Promise<TaskRecord[]> => this.store.queryTasks(q),
    get: (taskId: string): Promise<TaskRecord | undefined> => this.store.getTask(taskId),
    /**
     * The variables an open task sees: its own locals (input mappings) over those of the
     * scopes around it, over the instance's variables — what a form for the task shows.
     * @throws NotFoundError when the task is not open (completed, cancelled, unknown).
     */
    variables: async (taskId: string): Promise<Record<string, unknown>> => {
      const ref = localRef(taskId);
      const state = ref ? await this.store.getInstance(ref.instanceId) : undefined;
      const e = state?.ex.find((x) => x.task?.id === ref!.local);
      if (!state || !e) throw new NotFoundError('task', String(taskId), 'ask for the variables of an open task; list them with engine.tasks.query({ state: [\'open\', \'claimed\'] }).');
      return structuredClone(scopeView(state, e));
    },
    /** @throws ForbiddenError (role), TaskNotOpenError (state), NotFoundError. */
    claim: (taskId: string, actor: Actor): Promise<TaskRecord> => this.taskCommand(taskId, actor, (task) => ({ type: 'task.claim', task, taskId, actor })),
    unclaim: (taskId: string, actor: Actor): Promise<TaskRecord> => this.taskCommand(taskId, actor, (task) => ({ type: 'task.unclaim', task, taskId, actor })),
    assign: (taskId: string, actor: Actor, assignee: string): Promise<TaskRecord> => {
      if (typeof assignee !== 'string' || !assignee) throw new InvalidArgumentError('assignee', 'expected a non-empty actor id', 'pass the id of the person who should work on the task.');
      return this.taskCommand(taskId, actor, (task) => ({ type: 'task.assign', task, taskId, actor, assignee }));
    },
    /**
     * Update an open task's candidate groups / users, due and follow-up dates or priority, as
     * an actor holding its role. Updating listeners decide first (`docs/listeners.md`): the
     * task returned is as it stands; the outcome is `task.updated` or `task.denied`.
     * @throws InvalidArgumentError (a field of the wrong type, a priority outside the model's range), ForbiddenError, TaskNotOpenError, TaskWaitingError, TaskListenerPendingError, NotFoundError.
     * @example
     * ```ts
     * await engine.tasks.update(task.id, { id: 'lead', roles: ['sales'] }, { priority: 80, dueAt: '2026-03-05T18:00:00+08:00', candidateGroups: ['sales', 'seniors'] });
     * ```
     */
    update: async (taskId: string, actor: Actor, update: TaskUpdate): Promise<TaskRecord> => {
      const changes = taskChangesOf(update);
      return this.taskCommand(taskId, actor, (task) => ({ type: 'task.update', task, taskId, actor, changes }));
    },
    /**
     * Complete with output variables (validated by the task's schema, then merged).
     * @throws ForbiddenError, TaskNotOpenError, ValidationError, NotFoundError.
     */
    complete: async (taskId: string, actor: Actor, output: Record<string, unknown> = {}): Promise<TaskRecord> => {
      checkActor(actor);
      return this.taskCommand(taskId, actor, (task) => (state, model) => {
        // The output is checked against the task's schema first (the task's element and process come from the state).
        const e = state.ex.find((x) => x.task?.id === task);
        const el = e ? model.nodes[e.n]!.id : undefined;
        const schema = this.taskSchemas.size ? this.taskSchemas.get(`${model.id}\u0000${el}`) : undefined;
        const vars = el !== undefined ? validateVariables(output, () => `output of task ${taskId} (${el})`, schema, el, this.limits) : {};
        return { type: 'task.complete', task, taskId, actor, output: vars };
      });
    },
  };

  /**
   * A task command, applied to the task's instance (its id is the task id's prefix: no read
   * of the task projection first). A task gone from the state is explained from its record.
   */
  private async taskCommand(taskId: string, actor: Actor, build: (local: number) => CommandInput): Promise<TaskRecord> {
    this.assertOpen();
    checkActor(actor);
    const ref = localRef(taskId);
    if (!ref) throw new NotFoundError('task', String(taskId), 'list tasks with engine.tasks.query().');
    try {
      return (await this.command(ref.instanceId, build(ref.local))) as TaskRecord;
    } catch (err) {
      if (err instanceof NotFoundError && err.kind === 'instance') throw new NotFoundError('task', taskId, 'list tasks with engine.tasks.query().');
      if (err instanceof TaskNotOpenError && err.elementId === undefined) {
        // Not in the state: completed or cancelled (say which, from the record), or never existed.
        const rec = await this.store.getTask(taskId);
        if (!rec) throw new NotFoundError('task', taskId, 'list tasks with engine.tasks.query().');
        throw new TaskNotOpenError(taskId, rec.state, err.action, rec.elementId);
      }
      throw err;
    }
  }

  // ------------------------------------------------------------------ messages

  /** Messages: correlate to waiting instances, start instances, or buffer. */
  readonly messages = {
    /**
     * Correlate message `name` by business key or correlation key. Every instance with a
     * matching open subscription takes it (once); otherwise message start events start
     * instances; otherwise it is buffered for `ttl` (default: the engine's `messageTtl`)
     * and taken by the first matching subscription that opens.
     */
    correlate: (name: string, keys: CorrelationKeys, payload: Record<string, unknown> = {}, options: { ttl?: string | number } = {}): Promise<CorrelationResult> =>
      this.correlate(name, keys, payload, options),
  };

  private async correlate(name: string, keys: CorrelationKeys, payload: Record<string, unknown>, options: { ttl?: string | number }, attempt = 1): Promise<CorrelationResult> {
    this.assertOpen();
    if (typeof name !== 'string' || !name) throw new InvalidArgumentError('message name', `expected a non-empty string, got ${JSON.stringify(name)}`, 'pass the message name as drawn in the BPMN file.');
    const { kind, key } = correlationKeyOf(keys);
    const vars = validateVariables(payload, `payload of message ${name}`, undefined, undefined, this.limits);
    const ttl = options.ttl === undefined ? this.messageTtl : toMs(options.ttl);
    const result: CorrelationResult = { correlated: [], started: [] };
    const seen = new Set<string>();
    for (const sub of await this.store.findSubscriptions(name, kind, key)) {
      if (seen.has(sub.instanceId)) continue;
      const elementId = await this.command(sub.instanceId, { type: 'message.correlate', subscription: sub.localId, payload: structuredClone(vars) }).catch((err) => {
        if (!(err instanceof NotFoundError)) throw err;
        return undefined;
      });
      if (typeof elementId === 'string') {
        seen.add(sub.instanceId);
        result.correlated.push({ instanceId: sub.instanceId, elementId });
      }
    }
    if (result.correlated.length) return result;
    result.started = await this.startByEvent('message', name, vars, kind === 'business' ? key : undefined);
    if (result.started.length || ttl <= 0) return result;
    // Buffer, on condition that no subscription opened since the search above (on any node):
    // the store checks it in the commit, serialized with commits opening subscriptions for the key.
    const now = this.clock.now();
    const msg: BufferedMessage = { id: this.ids(), messageName: name, keyKind: kind, key, payload: vars, bufferedAt: now, expiresAt: now + ttl };
    const timer: TimerRecord = { id: `message/${msg.id}`, kind: 'message-expiry', dueAt: msg.expiresAt, messageId: msg.id, message: { name, keyKind: kind, key } };
    try {
      await this.store.commit({ ...emptyBatch(), messages: { put: [msg], delete: [] }, timers: { put: [timer], delete: [] }, checks: { noSubscriptions: [{ name, keyKind: kind, key }] } });
    } catch (err) {
      // A subscription opened meanwhile (on any node): correlate again, from the start.
      if (err instanceof ConcurrencyError && err.reason === 'subscription' && attempt < COMMIT_ATTEMPTS) return this.correlate(name, keys, payload, options, attempt + 1);
      throw err;
    }
    this.publish(messageEvent('message.buffered', msg, now));
    this.scheduler.armAt(timer.dueAt);
    result.buffered = { messageId: msg.id, expiresAt: msg.expiresAt };
    return result;
  }

  // ------------------------------------------------------------------ signals

  /** Signals: broadcast to every waiting signal catch and signal start. */
  readonly signals = {
    /**
     * Broadcast signal `name`: every signal subscription waiting now (intermediate catch,
     * boundary, event-based gateway) receives it once, with `variables`; every current
     * process with a signal start event of that name starts once. Signals are not buffered:
     * a catch that opens later does not see this broadcast.
     */
    broadcast: (name: string, variables: Record<string, unknown> = {}): Promise<SignalResult> => this.broadcast(name, variables),
  };

  private async broadcast(name: string, variables: Record<string, unknown>): Promise<SignalResult> {
    this.assertOpen();
    if (typeof name !== 'string' || !name) throw new InvalidArgumentError('signal name', `expected a non-empty string, got ${JSON.stringify(name)}`, 'pass the signal name as drawn in the BPMN file.');
    const vars = validateVariables(variables, `variables of signal ${name}`, undefined, undefined, this.limits);
    const result: SignalResult = { received: [], started: [] };
    for (const sub of await this.store.findSubscriptions(name, 'signal', '')) {
      const elementId = await this.command(sub.instanceId, { type: 'signal.receive', subscription: sub.localId, payload: structuredClone(vars) }).catch((err) => {
        if (!(err instanceof NotFoundError)) throw err;
        return undefined;
      });
      if (typeof elementId === 'string') result.received.push({ instanceId: sub.instanceId, elementId });
    }
    result.started = await this.startByEvent('signal', name, vars, undefined);
    return result;
  }

  /** Start one instance at every current process's message or signal start event named `name`; their ids. */
  private async startByEvent(type: 'message' | 'signal', name: string, vars: Record<string, unknown>, businessKey: string | undefined): Promise<string[]> {
    const started: string[] = [];
    for (const m of await this.deployments.currentModels()) {
      for (const n of type === 'message' ? m.messageStarts : m.signalStarts) {
        const ev = m.nodes[n]!.event;
        const evName = ev?.type === 'message' ? ev.message : ev?.type === 'signal' ? ev.signal : undefined;
        if (ev?.type !== type || evName !== name) continue;
        started.push((await this.createInstance(m, n, structuredClone(vars), businessKey)).id);
      }
    }
    return started;
  }

  // ------------------------------------------------------------------ jobs & incidents

  /** Service-task handlers. */
  readonly jobs = {
    /** Register (or replace) the handler for a job type. */
    register: (type: string, handler: JobHandler): void => {
      if (typeof handler !== 'function') throw new InvalidArgumentError('handler', `expected a function for job type '${type}'`, 'pass an (async) function receiving the job context.');
      this.handlers.set(type, handler);
    },
  };

  /** Incidents: list and retry. */
  readonly incidents = {
    list: async (instanceId: string): Promise<IncidentInfo[]> => {
      const s = await this.store.getInstance(instanceId);
      if (!s) throw new NotFoundError('instance', instanceId);
      return toInfo(s, await this.deployments.model(s.processId, s.processVersion)).incidents;
    },
    /** Retry after fixing the cause; `variables` are set first. */
    retry: async (incidentId: string, options: { variables?: Record<string, unknown> } = {}): Promise<void> => {
      const ref = localRef(incidentId);
      if (!ref) throw new NotFoundError('incident', String(incidentId));
      const vars = validateVariables(options.variables ?? {}, `variables for incident ${incidentId}`, undefined, undefined, this.limits);
      await this.command(ref.instanceId, { type: 'incident.retry', incident: ref.local, incidentId, variables: vars });
    },
  };

  private dispatchJob(req: JobRequest, variables: Record<string, unknown>): void {
    this.work.track(
      (async () => {
        const handler = this.handlers.get(req.type);
        const send = async (command: Command) => {
          // faults: the handler's outcome is applied again through a store outage (bounded backoff).
          await this.work.retryOutage(
            () =>
              this.command(req.instanceId, command).catch((err) => {
                if (!(err instanceof NotFoundError)) throw err;
              }),
            `job ${req.jobId}`,
            this.clock,
          );
        };
        const job = req.jobLocalId;
        const attempt = req.attempt;
        if (!handler) {
          await send({ type: 'job.fail', job, attempt, message: `no handler is registered for job type '${req.type}'; register one with engine.jobs.register('${req.type}', handler) and retry the incident`, retry: false, code: 'NO_HANDLER' });
          return;
        }
        const outcome = await runHandler(handler, {
          jobId: req.jobId,
          type: req.type,
          instanceId: req.instanceId,
          processId: req.processId,
          ...(req.businessKey !== undefined ? { businessKey: req.businessKey } : {}),
          elementId: req.elementId,
          attempt: req.attempt,
          retriesLeft: req.retriesLeft,
          headers: req.headers,
          variables,
          now: this.clock.now(),
          ...(req.listener ? { listener: req.listener } : {}),
        }, this.limits);
        // limits: a result that would grow the instance past maxInstanceVariablesBytes becomes an incident.
        const orIncident = (err: unknown) => {
          if (!(err instanceof LimitError)) throw err;
          return send({ type: 'job.fail', job, attempt, message: err.message, retry: false, code: err.code });
        };
        if (outcome.kind === 'completed') await send({ type: 'job.complete', job, attempt, output: outcome.output, ...(outcome.listener ? { listener: outcome.listener } : {}) }).catch(orIncident);
        else if (outcome.kind === 'bpmnError') await send({ type: 'job.error', job, attempt, errorCode: outcome.code, variables: outcome.variables }).catch(orIncident);
        else await send({ type: 'job.fail', job, attempt, message: outcome.message, retry: outcome.retry ?? true, code: outcome.code ?? 'JOB_FAILED' });
      })(),
      `job ${req.jobId}`,
    );
  }

  // ------------------------------------------------------------------ command pipeline

  /** Send one command through the pipeline (load → apply → commit → effects). */
  private command(instanceId: string, input: CommandInput): ReturnType<CommandPipeline['run']> {
    this.assertOpen();
    return this.pipeline.run(instanceId, input);
  }

  /** After a durable commit: publish its records, hand out its jobs, arm the scheduler for its timers. */
  private committed(effects: readonly Effect[], extra?: Partial<CommitBatch>): void {
    let earliest = Infinity;
    const tasks: TaskRecord[] = [];
    const jobs: JobRequest[] = [];
    for (const e of effects) {
      if (e.type === 'history') for (const r of e.records) this.publish(r);
      else if (e.type === 'task.put') tasks.push(e.task);
      else if (e.type === 'job.dispatch') jobs.push(e.job);
      else if (e.type === 'timer.put') earliest = Math.min(earliest, e.timer.dueAt);
      else if (e.type === 'signal.broadcast') {
        const { signal, variables } = e;
        this.work.track(this.broadcast(signal, variables), `broadcasting signal ${signal}`);
      }
    }
    this.pools.afterCommit(tasks);
    // Handlers see the variables as committed (a copy each, so a handler cannot change the state).
    for (const j of jobs) this.dispatchJob(j, structuredClone(j.variables));
    for (const t of extra?.timers?.put ?? []) earliest = Math.min(earliest, t.dueAt);
    if (earliest < Infinity) this.scheduler.armAt(earliest);
  }

  private publish(ev: EngineEvent): void {
    try {
      this.bus.emit(ev.type, ev as never);
      this.bus.emit('event', ev);
    } catch (error) {
      this.reportError(error, `a listener of ${ev.type}`);
    }
  }

  private reportError(error: unknown, context: string): void {
    if (this.bus.listenerCount('engine.error')) this.bus.emit('engine.error', { type: 'engine.error', error, context });
    else queueMicrotask(() => {
      throw error;
    });
  }

  /** Resolves when no job handler, timer firing or follow-up work is running. */
  idle(): Promise<void> {
    return this.work.idle();
  }

  // ------------------------------------------------------------------ timers

  /**
   * Fire one due timer. `leaseUntil`: the timer was acquired with a lease ending then; a
   * command that starts (reads the clock) at or after it does nothing — another node may have
   * acquired the timer since — so a firing's time always lies inside the firing node's lease.
   */
  private async fire(t: TimerRecord, leaseUntil?: number): Promise<void> {
    const held = (now: number) => leaseUntil === undefined || now < leaseUntil;
    try {
      if (t.kind === 'instance') {
        await this.command(t.instanceId!, { type: 'timer.fire', timer: t.localId!, ...(leaseUntil !== undefined ? { leaseUntil } : {}) });
      } else if (t.kind === 'job') {
        await this.command(t.instanceId!, { type: 'job.leaseExpired', job: t.localId!, attempt: t.attempt!, ...(leaseUntil !== undefined ? { leaseUntil } : {}) });
      } else if (!held(this.clock.now())) {
        return;
      } else if (t.kind === 'start') {
        await this.fireStartTimer(t);
      } else {
        const msg = t.messageId;
        // Guarded: when two nodes hold this timer, one expires the message.
        await this.store.commit({ ...emptyBatch(), messages: { put: [], delete: msg ? [msg] : [] }, timers: { put: [], delete: [t.id], guard: [{ id: t.id, dueAt: t.dueAt }] } });
        const m = t.message!;
        this.publish(messageEvent('message.expired', { id: msg!, messageName: m.name, keyKind: m.keyKind, key: m.key, expiresAt: t.dueAt }, this.clock.now()));
      }
    } catch (err) {
      // faults: a store outage goes to the scheduler, which backs off and tries again.
      if (err instanceof StoreUnavailableError) throw err;
      if (err instanceof NotFoundError) {
        await this.store.commit({ ...emptyBatch(), timers: { put: [], delete: [t.id] } });
        return;
      }
      // Fired by another node meanwhile.
      if (err instanceof ConcurrencyError && err.reason === 'timer') return;
      // limits: a firing whose outcome breaks a limit (e.g. a cycle appending to a variable)
      // would be refused at every lease: the timer ends, and its token gets the incident.
      if (err instanceof LimitError && t.kind === 'instance') {
        await this.command(t.instanceId!, { type: 'timer.refused', timer: t.localId!, code: err.code, message: `Timer ${t.id} fired, but ${err.message}` }).catch((e2) => this.reportError(e2, `refusing timer ${t.id}`));
        this.reportError(err, `firing timer ${t.id} (refused: the timer ended; a token waiting on it has an incident)`);
        return;
      }
      this.reportError(err, `firing timer ${t.id}`);
    }
  }

  private async fireStartTimer(t: TimerRecord): Promise<void> {
    const [pid, v] = splitProcessKey(t.processKey!);
    const model = await this.deployments.model(pid, v);
    // Guarded: when two nodes hold this timer, one starts the instance.
    await this.createInstance(model, t.node!, {}, undefined, { timers: { ...afterStartTimer(t, model, this.settings.zone, (c) => this.settings.calendar(c).zone), guard: [{ id: t.id, dueAt: t.dueAt }] } });
  }

  // ------------------------------------------------------------------ lifecycle

  /** Stop timers and wait for running work. The store is not closed (it may be shared). */
  async close(): Promise<void> {
    this.scheduler.stop();
    const stop = await this.unlisten;
    this.unlisten = Promise.resolve(undefined);
    await stop?.().catch(() => undefined);
    await this.idle();
    this.closed = true;
  }

  private assertOpen(): void {
    if (this.closed) throw new InvalidArgumentError('engine', 'the engine is closed', 'create a new engine.');
  }
}

/**
 * Create an engine. Every option is optional: memory store, system clock, random ids.
 *
 * @example
 * ```ts
 * import { createEngine, virtualClock } from '@handoff/engine';
 * const clock = virtualClock('2026-03-02T09:00:00+08:00');
 * const engine = createEngine({ clock });
 * await engine.deploy({ bpmn: xml });
 * const inst = await engine.start('order', { amount: 120 });
 * const [task] = await engine.tasks.query({ instanceId: inst.id });
 * await engine.tasks.complete(task.id, { id: 'ana', roles: ['sales'] }, { approved: true });
 * await clock.advance('PT31M'); // fires due timers, in order
 * ```
 */
/** Options of {@link Engine.start}. */
export function createEngine(options: EngineOptions = {}): Engine {
  return new Engine(options);
}

// ------------------------------------------------------------------ helpers

/** A global id `<instanceId>/<n>` (task, incident) as its instance and local number; undefined when it is not one. */
function localRef(id: unknown): { instanceId: string; local: number } | undefined {
  const cut = typeof id === 'string' ? id.lastIndexOf('/') : -1;
  const local = cut > 0 ? Number((id as string).slice(cut + 1)) : NaN;
  return Number.isInteger(local) ? { instanceId: (id as string).slice(0, cut), local } : undefined;
}

function emptyBatch(): CommitBatch {
  return { instances: [], history: [], timers: { put: [], delete: [] }, tasks: [], subscriptions: { put: [], delete: [] }, messages: { put: [], delete: [] } };
}

/** The public view of a state; `copyVariables` when the state is not the caller's to share (one handed to the store). */
function toInfo(s: InstanceState, model: ProcessModel, copyVariables = false): InstanceInfo {
  // Built without spreads (every start and every `instances.get` makes one); keys in the documented order.
  const info: Record<string, unknown> = { id: s.id, processId: s.processId, processVersion: s.processVersion };
  if (s.businessKey !== undefined) info.businessKey = s.businessKey;
  info.status = s.status;
  if (s.parent) info.parentId = s.parent.id;
  const children: string[] = [];
  const activeElements: string[] = [];
  for (const e of s.ex) {
    if (e.call) children.push(e.call.child);
    // A cancelled task's execution kept for its canceling listeners is not an active element.
    if (e.s !== DETACHED) activeElements.push(model.nodes[e.n]!.id);
  }
  info.children = children;
  info.variables = copyVariables ? jsonCopy(s.variables) : s.variables;
  info.startedAt = s.startedAt;
  if (s.endedAt !== undefined) info.endedAt = s.endedAt;
  info.incidents = s.incidents.map((i) => ({ id: `${s.id}/${i.id}`, instanceId: s.id, elementId: model.nodes[i.n]!.id, code: i.code, message: i.message, at: i.at }));
  info.activeElements = activeElements;
  return info as unknown as InstanceInfo;
}

/** A lease option as positive milliseconds, or an error naming the option. */
function leaseOption(name: 'timerLease' | 'jobLease', value: string | number): number {
  let ms: number;
  try {
    ms = toMs(value);
  } catch {
    ms = NaN;
  }
  if (!(ms > 0)) throw new InvalidArgumentError(name, `expected a positive duration, got ${JSON.stringify(value)}`, "pass an ISO 8601 duration such as 'PT1M', or milliseconds.");
  return ms;
}

function calendarMap(input: EngineOptions['calendars']): Map<string, BusinessCalendar> {
  const map = new Map<string, BusinessCalendar>([[ALWAYS.name, ALWAYS]]);
  const list = Array.isArray(input) ? (input as readonly BusinessCalendar[]).map((c) => [c.name, c] as const) : Object.entries((input ?? {}) as Record<string, BusinessCalendar>);
  for (const [name, cal] of list) {
    if (!cal || typeof cal.addWorkingTime !== 'function') {
      throw new InvalidArgumentError(`calendars.${name}`, 'not a business calendar', 'build calendars with businessCalendar({ … }) or calendarFromJson(json).');
    }
    map.set(name, cal);
  }
  return map;
}
