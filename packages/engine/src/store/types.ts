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
  deployedAt: number;
}

/** Kinds of scheduled work. */
export type TimerKind = 'instance' | 'start' | 'message-expiry';

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
}

/** How a subscription or message is keyed. */
export type CorrelationKind = 'business' | 'correlation';

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
  timers: { put: TimerRecord[]; delete: string[] };
  tasks: TaskRecord[];
  subscriptions: { put: SubscriptionRecord[]; delete: string[] };
  messages: { put: BufferedMessage[]; delete: string[] };
  deployments?: DeploymentRecord[];
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
  queryTasks(q: TaskQuery): Promise<TaskRecord[]>;
  /** Open subscriptions for a message name and key, oldest first. */
  findSubscriptions(messageName: string, keyKind: CorrelationKind, key: string): Promise<SubscriptionRecord[]>;
  /** Unexpired buffered messages for a name and key, oldest first. */
  findMessages(messageName: string, keyKind: CorrelationKind, key: string, now: number): Promise<BufferedMessage[]>;
  /** Timers due at or before `until`, in (dueAt, creation) order, at most `limit`. */
  dueTimers(until: number, limit: number): Promise<TimerRecord[]>;
  /** The earliest dueAt of any timer, or undefined. */
  nextDue(): Promise<number | undefined>;
  getTimer(id: string): Promise<TimerRecord | undefined>;
  /** Release resources (connections, files). */
  close?(): Promise<void>;
}
