/**
 * The store contract. A store persists deployments, instance states, history, timers, the
 * task projection, message subscriptions and buffered messages. Everything one engine
 * command changes is written by **one** {@link Store.commit} call, atomically, with an
 * optimistic version check on each instance.
 *
 * `memoryStore()` implements it in process; `@handoff/store-postgres` on PostgreSQL.
 *
 * @module
 */
import type { HistoryRecord } from '../events/types';
import type { InstanceState, InstanceStatus } from '../runtime/state';
import type { TaskQuery, TaskRecord } from '../tasks/types';

/** A deployed BPMN resource. The engine recompiles it from `xml` after a restart. */
export interface DeploymentRecord {
  /** `${processId}:${version}` */
  key: string;
  processId: string;
  /** The process's name in the BPMN file. */
  name?: string;
  version: number;
  xml: string;
  /** Lane id → role mapping given at deploy. */
  roles?: Record<string, string>;
  /** SLA policy configs given at deploy (JSON data). */
  sla?: unknown[];
  /** History time to live given at deploy for this process, in ms (overrides `camunda:historyTimeToLive`). */
  historyTimeToLive?: number;
  deployedAt: number;
  /**
   * `dmn`: a DMN decision's version (`key` is `dmn:<decisionId>:<version>`, `processId` the
   * decision id, `xml` its whole DMN file). Absent: a BPMN process.
   */
  kind?: 'dmn';
}

/**
 * Kinds of scheduled work. `retention`: an ended instance's history retention ends (id
 * `<instanceId>/retention`); firing it calls {@link Store.purgeInstances}.
 */
export type TimerKind = 'instance' | 'start' | 'message-expiry' | 'job' | 'retention';

/** Scheduled work, found by due time. */
export interface TimerRecord {
  /** Unique id: `<instanceId>/<localId>` for instance timers. */
  id: string;
  kind: TimerKind;
  dueAt: number;
  /** Instance timers: the instance and the timer's local id. */
  instanceId?: string;
  localId?: number;
  /** Start timers: the process key and start node, and firings so far. */
  processKey?: string;
  node?: number;
  count?: number;
  /** Message expiry: the buffered message id, name and key. */
  messageId?: string;
  message?: { name: string; keyKind: CorrelationKind; key: string };
  /** Job leases: the job's attempt. A `job` timer exists while a service-task job runs; it falls due when its lease ends (the node running it died or it ran too long) and the job is handed out again. */
  attempt?: number;
}

/** A lease on acquired timers: no other node acquires them before `until` (epoch ms). */
export interface TimerLease {
  owner: string;
  until: number;
}

/** A message name and key (of a subscription or a buffered message). */
export interface MessageKey {
  name: string;
  keyKind: CorrelationKind;
  key: string;
}

/** What other nodes committed, as the store tells a listening engine. */
export interface StoreListener {
  /** A timer due at `dueAt` was scheduled (wake up if that is earlier than the armed time). */
  timer(dueAt: number): void;
  /** History records another node committed, in its commit order. */
  events(records: HistoryRecord[]): void;
}

/** How a subscription or message is keyed. */
export type CorrelationKind = 'business' | 'correlation' | 'signal';

/** An open message subscription, queryable by name and key. */
export interface SubscriptionRecord {
  /** `<instanceId>/<localId>` */
  id: string;
  instanceId: string;
  localId: number;
  messageName: string;
  keyKind: CorrelationKind;
  /** The key to match; `undefined` when the instance has no business key. */
  key?: string;
  /** Creation order, for oldest-first correlation. */
  createdAt: number;
}

/** A message waiting for a subscription. */
export interface BufferedMessage {
  id: string;
  messageName: string;
  keyKind: CorrelationKind;
  key: string;
  payload: Record<string, unknown>;
  bufferedAt: number;
  expiresAt: number;
}

/** Everything one command writes. */
export interface CommitBatch {
  /** New or changed instances. `expectedRev` is the rev read (null for a new instance); the state carries rev + 1. */
  instances: { state: InstanceState; expectedRev: number | null }[];
  history: HistoryRecord[];
  /**
   * Timers to put (new or replacing: a put clears any lease) and to delete (absent ids are
   * fine). `guard`: timers that must still exist with exactly this `dueAt`, or the commit
   * fails with a `ConcurrencyError` — firing a timer that is not an instance's (a start
   * timer, a message expiry) happens once even when two nodes hold it.
   */
  timers: { put: TimerRecord[]; delete: string[]; guard?: { id: string; dueAt: number }[] };
  tasks: TaskRecord[];
  subscriptions: { put: SubscriptionRecord[]; delete: string[] };
  /** Buffered messages to put and delete; `take`: ids that must still exist (deleted here), or the commit fails with a `ConcurrencyError` — a message is taken once across nodes. */
  messages: { put: BufferedMessage[]; delete: string[]; take?: string[] };
  deployments?: DeploymentRecord[];
  /**
   * Conditions checked inside the transaction, after its writes, serialized with every
   * other commit that checks or writes the same message keys; a failed check fails the
   * commit with a `ConcurrencyError` (nothing written) and the engine retries the command.
   * - `noSubscriptions`: buffering a message — no subscription waits for it meanwhile.
   * - `noMessages`: opening subscriptions — no unexpired message (at `now`) waits for them meanwhile.
   */
  checks?: { noSubscriptions?: MessageKey[]; noMessages?: { keys: MessageKey[]; now: number } };
  /**
   * The caller hands the instance states over: it will not change them, nor anything
   * reachable from them, once the commit resolved (the engine's pipeline commits so). A store
   * that keeps states as objects may then keep these as they are instead of copying them;
   * without it, a store must keep its own copy (`storeContract` checks that mutating a
   * committed object changes nothing stored). Stores that serialize ignore it.
   */
  handover?: boolean;
}

/** Filters for listing instances. */
export interface InstanceQuery {
  processId?: string;
  status?: InstanceStatus;
  businessKey?: string;
}

/**
 * The store contract every adapter implements. All methods may be called concurrently for
 * different instances; `commit` must be atomic and reject with `ConcurrencyError` when an
 * instance's stored `rev` differs from `expectedRev` (writing nothing).
 */
export interface Store {
  getDeployments(): Promise<DeploymentRecord[]>;
  getInstance(id: string): Promise<InstanceState | undefined>;
  listInstances(q?: InstanceQuery): Promise<InstanceState[]>;
  commit(batch: CommitBatch): Promise<void>;
  history(instanceId: string): Promise<HistoryRecord[]>;
  getTask(id: string): Promise<TaskRecord | undefined>;
  /**
   * Tasks matching every filter given, in the query's order (default: the order the store
   * first saw them; `sort: 'createdAt' | '-createdAt'`, ties by id), the page `offset`,
   * `limit`. A bad query (e.g. a negative `limit`) is an `InvalidArgumentError` naming the
   * field (`validateTaskQuery`).
   */
  queryTasks(q: TaskQuery): Promise<TaskRecord[]>;
  /**
   * History retention: remove the given instances that have ended (not `active`) and whose
   * retention timer (`<instanceId>/retention`, kind `retention`) is due at or before `now`,
   * with everything they own — state (and so its SLA clocks), history, tasks, timers,
   * subscriptions — in one go. A running instance is never removed (a retention timer on it
   * is deleted); unknown ids and instances whose time has not come are left alone. Resolves
   * to the ids removed. Stores without it keep every instance (the engine then refuses a
   * `historyTimeToLive`).
   */
  purgeInstances?(instanceIds: readonly string[], now: number): Promise<string[]>;
  /** Open subscriptions for a message name and key, oldest first. */
  findSubscriptions(messageName: string, keyKind: CorrelationKind, key: string): Promise<SubscriptionRecord[]>;
  /** Unexpired buffered messages for a name and key, oldest first. */
  findMessages(messageName: string, keyKind: CorrelationKind, key: string, now: number): Promise<BufferedMessage[]>;
  /** Timers due at or before `until`, in (dueAt, creation) order, at most `limit`. */
  dueTimers(until: number, limit: number): Promise<TimerRecord[]>;
  /** When the next timer is due, or undefined: its dueAt, or for a timer under a live lease ({@link Store.acquireTimers}) the lease's end if later. */
  nextDue(): Promise<number | undefined>;
  getTimer(id: string): Promise<TimerRecord | undefined>;
  /**
   * Many nodes on one database: lease timers due at or before `until` (the current time)
   * that no live lease holds (none, or one ending at or before `until`), in (dueAt,
   * creation) order, at most `limit`; nobody acquires them again before `lease.until`,
   * unless a commit puts or deletes them first. Stores without it serve one node, which
   * uses `dueTimers`.
   */
  acquireTimers?(until: number, limit: number, lease: TimerLease): Promise<TimerRecord[]>;
  /**
   * Many nodes: hear what other nodes commit (timers scheduled, history records). Resolves
   * once listening, to a function that stops listening. Stores without it serve one node.
   */
  listen?(listener: StoreListener): Promise<() => Promise<void>>;
  /** This node's id, for leases (default `local`). */
  readonly nodeId?: string;
  /** Release resources (connections, files). */
  close?(): Promise<void>;
}
