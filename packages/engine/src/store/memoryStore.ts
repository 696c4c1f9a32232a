/**
 * The in-memory store: the default. Every load of an instance state is a fresh copy (no
 * aliasing between commands): recently written states are kept as objects and copied out,
 * parked ones as JSON text, which keeps them compact (`instanceTable.ts`).
 * Tasks and instances are indexed (`taskTable.ts`, `instanceTable.ts`): a query's cost
 * follows what can match, not how many instances exist. Ended instances past their history
 * retention leave with everything they own (`purgeInstances`, fired by retention timers).
 *
 * @module
 */
import { ConcurrencyError } from '../errors';
import { deepFreeze } from '../events/freeze';
import type { HistoryRecord } from '../events/types';
import type { InstanceState } from '../runtime/state';
import { validateTaskQuery } from '../tasks/query';
import type { TaskQuery, TaskRecord } from '../tasks/types';
import { MinHeap } from './heap';
import { InstanceTable, loadState, stateJson } from './instanceTable';
import { jsonCopy } from './jsonCopy';
import { retentionTimerId } from './retention';
import { TaskTable } from './taskTable';
import type {
  BufferedMessage,
  CommitBatch,
  CorrelationKind,
  DeploymentRecord,
  InstanceQuery,
  MessageKey,
  Store,
  SubscriptionRecord,
  TimerLease,
  TimerRecord,
} from './types';

/** A store kept in process memory, with `snapshot()` to carry its content elsewhere. */
export interface MemoryStore extends Store {
  readonly kind: 'memory';
  /** Everything in the store as a JSON string; `memoryStore({ snapshot })` restores it. */
  snapshot(): string;
}

/** Options of {@link memoryStore}. */
export interface MemoryStoreOptions {
  /** Content from `snapshot()` to start with. */
  snapshot?: string;
}

interface SnapshotShape {
  v: 1;
  deployments: DeploymentRecord[];
  instances: [string, string][];
  history: [string, Record<string, unknown>[]][];
  tasks: TaskRecord[];
  timers: TimerRecord[];
  subscriptions: SubscriptionRecord[];
  messages: BufferedMessage[];
}

const keyOf = (name: string, kind: CorrelationKind, key: string | undefined) => `${name}\u0000${kind}\u0000${key ?? ''}`;
const withoutSeq = ({ seq: _s, ...t }: TimerRecord & { seq: number }): TimerRecord => t;
const sameKey = (k: MessageKey, name: string, kind: CorrelationKind, key: string | undefined) => k.name === name && k.keyKind === kind && k.key === (key ?? '');

/**
 * What the store keeps is its own and immutable: a deeply frozen copy (records the engine
 * already froze — its events and their task records — are kept as they are). Reads hand out
 * shallow copies, whose nested parts are frozen: changing them throws instead of changing
 * the store.
 */
function owned<T>(value: T): T {
  return Object.isFrozen(value) ? value : deepFreeze(structuredClone(value));
}

/**
 * Create an in-memory store.
 *
 * @example
 * ```ts
 * const store = memoryStore();
 * const engine = createEngine({ store });
 * // later: carry the whole content into a fresh store
 * const copy = memoryStore({ snapshot: store.snapshot() });
 * ```
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const deployments: DeploymentRecord[] = [];
  const instances = new InstanceTable();
  // History records are the (frozen, immutable) event objects themselves: no copy, no
  // JSON. Strings from the model and the instance id are shared, so a record is small.
  const history = new Map<string, Readonly<Record<string, unknown>>[]>();
  const tasks = new TaskTable();
  const timers = new Map<string, TimerRecord & { seq: number }>();
  /** Instance id → ids of its timers (instance, job and retention timers), for purging. */
  const timersOf = new Map<string, string | Set<string>>();
  const timerHeap = new MinHeap<{ dueAt: number; seq: number; id: string }>((a, b) => a.dueAt - b.dueAt || a.seq - b.seq);
  let timerSeq = 0;
  /** Leases on acquired timers (`acquireTimers`); a put or delete ends a timer's lease. */
  const leases = new Map<string, TimerLease>();
  const subs = new Map<string, SubscriptionRecord>();
  const subsByKey = new Map<string, Set<string>>();
  const subsOf = new Map<string, string | Set<string>>();
  const messages = new Map<string, BufferedMessage>();
  const messagesByKey = new Map<string, Set<string>>();

  // Owner → ids: most owners have one (an instance's one timer), kept as the id itself; a set from the second.
  const link = (map: Map<string, string | Set<string>>, owner: string | undefined, id: string) => {
    if (owner === undefined) return;
    const cur = map.get(owner);
    if (cur === undefined) map.set(owner, id);
    else if (typeof cur === 'string') {
      if (cur !== id) map.set(owner, new Set([cur, id]));
    } else cur.add(id);
  };
  const unlink = (map: Map<string, string | Set<string>>, owner: string | undefined, id: string) => {
    if (owner === undefined) return;
    const cur = map.get(owner);
    if (cur === id) map.delete(owner);
    else if (typeof cur === 'object') {
      cur.delete(id);
      if (cur.size === 0) map.delete(owner);
    }
  };
  const linked = (map: Map<string, string | Set<string>>, owner: string): string[] => {
    const cur = map.get(owner);
    return cur === undefined ? [] : typeof cur === 'string' ? [cur] : [...cur];
  };
  const deleteTimer = (id: string) => {
    const t = timers.get(id);
    if (!t) return leases.delete(id);
    timers.delete(id);
    leases.delete(id);
    unlink(timersOf, t.instanceId, id);
  };
  const putTimer = (t: TimerRecord) => {
    const old = timers.get(t.id);
    if (old && old.instanceId !== t.instanceId) unlink(timersOf, old.instanceId, t.id);
    leases.delete(t.id);
    // The store's own copy (reads hand out shallow copies: the nested message key is frozen).
    const rec = jsonCopy(t) as TimerRecord & { seq: number };
    rec.seq = ++timerSeq;
    if (rec.message) Object.freeze(rec.message);
    timers.set(t.id, rec);
    link(timersOf, t.instanceId, t.id);
    timerHeap.push({ dueAt: t.dueAt, seq: rec.seq, id: t.id });
  };
  const putSub = (sub: SubscriptionRecord) => {
    deleteSub(sub.id);
    addIndexed(subs, subsByKey, subKey(sub), sub);
    link(subsOf, sub.instanceId, sub.id);
  };
  const deleteSub = (id: string) => {
    unlink(subsOf, subs.get(id)?.instanceId, id);
    removeIndexed(subs, subsByKey, id, subKey);
  };
  const addIndexed = <T extends { id: string }>(map: Map<string, T>, index: Map<string, Set<string>>, k: string, v: T) => {
    map.set(v.id, v);
    let set = index.get(k);
    if (!set) index.set(k, (set = new Set()));
    set.add(v.id);
  };
  const removeIndexed = <T>(map: Map<string, T>, index: Map<string, Set<string>>, id: string, k: (v: T) => string) => {
    const v = map.get(id);
    if (!v) return;
    map.delete(id);
    const key = k(v);
    const set = index.get(key);
    set?.delete(id);
    if (set && set.size === 0) index.delete(key);
  };
  const subKey = (s: SubscriptionRecord) => keyOf(s.messageName, s.keyKind, s.key);
  const msgKey = (m: BufferedMessage) => keyOf(m.messageName, m.keyKind, m.key);
  /**
   * Visit live timers in (dueAt, creation) order while `visit` returns true (each visited
   * one is popped), then push them back: the heap stays the index; callers delete by commit.
   */
  const walkTimers = (visit: (t: TimerRecord & { seq: number }) => boolean) => {
    const popped: { dueAt: number; seq: number; id: string }[] = [];
    for (let t = heapTop(); t && visit(t); t = heapTop()) popped.push(timerHeap.pop()!);
    for (const p of popped) timerHeap.push(p);
  };
  /** Drop heap entries whose timer was deleted or rescheduled. */
  const heapTop = () => {
    for (let top = timerHeap.peek(); top; top = timerHeap.peek()) {
      const t = timers.get(top.id);
      if (t && t.seq === top.seq) return t;
      timerHeap.pop();
    }
    return undefined;
  };

  if (options.snapshot) {
    const s = JSON.parse(options.snapshot) as SnapshotShape;
    deployments.push(...s.deployments.map((d) => deepFreeze(d)));
    for (const [, json] of s.instances) instances.put(JSON.parse(json) as InstanceState, json);
    for (const [id, recs] of s.history) history.set(id, recs.map((r) => deepFreeze(r)));
    for (const t of s.tasks) tasks.put(deepFreeze(t));
    for (const t of s.timers) putTimer(t);
    for (const sub of s.subscriptions) putSub(sub);
    for (const m of s.messages) addIndexed(messages, messagesByKey, msgKey(m), deepFreeze(m));
  }

  /** The batch's conditions, judged on the state its writes would leave. */
  const checkConditions = (batch: CommitBatch) => {
    const c = batch.checks;
    if (!c) return;
    for (const k of c.noSubscriptions ?? []) {
      const deleted = new Set(batch.subscriptions.delete);
      const stays = [...(subsByKey.get(keyOf(k.name, k.keyKind, k.key)) ?? [])].some((id) => !deleted.has(id));
      const added = batch.subscriptions.put.some((s) => sameKey(k, s.messageName, s.keyKind, s.key));
      if (stays || added) throw new ConcurrencyError('subscription', `a subscription waits for message '${k.name}' (${k.keyKind} key '${k.key}')`);
    }
    if (c.noMessages) {
      const gone = new Set([...batch.messages.delete, ...(batch.messages.take ?? [])]);
      for (const k of c.noMessages.keys) {
        const waiting = [...(messagesByKey.get(keyOf(k.name, k.keyKind, k.key)) ?? [])].some((id) => !gone.has(id) && messages.get(id)!.expiresAt > c.noMessages!.now);
        const added = batch.messages.put.some((m) => sameKey(k, m.messageName, m.keyKind, m.key) && m.expiresAt > c.noMessages!.now);
        if (waiting || added) throw new ConcurrencyError('message', `a buffered message '${k.name}' (${k.keyKind} key '${k.key}') waits for the new subscription`);
      }
    }
  };

  const store: MemoryStore = {
    kind: 'memory',
    async getDeployments() {
      return deployments.map((d) => ({ ...d }));
    },
    async getInstance(id) {
      const s = instances.get(id);
      return s ? loadState(s) : undefined;
    },
    async listInstances(q: InstanceQuery = {}) {
      return instances.list(q);
    },
    async commit(batch: CommitBatch) {
      // Check every version and condition first: all or nothing.
      for (const { state, expectedRev } of batch.instances) {
        const cur = instances.get(state.id);
        if (expectedRev === null ? cur !== undefined : cur?.rev !== expectedRev) {
          throw new ConcurrencyError(state.id, expectedRev ?? 0, cur?.rev);
        }
      }
      for (const g of batch.timers.guard ?? []) {
        if (timers.get(g.id)?.dueAt !== g.dueAt) throw new ConcurrencyError('timer', `timer ${g.id} due at ${g.dueAt} is gone or rescheduled`);
      }
      for (const id of batch.messages.take ?? []) {
        if (!messages.has(id)) throw new ConcurrencyError('message', `buffered message ${id} was taken or expired`);
      }
      checkConditions(batch);
      for (const d of batch.deployments ?? []) {
        if (deployments.some((x) => x.key === d.key)) throw new ConcurrencyError('deployment', `process version ${d.key} was deployed meanwhile`);
      }
      if (batch.deployments) deployments.push(...batch.deployments.map((d) => owned(d)));
      for (const { state } of batch.instances) instances.put(state, undefined, batch.handover === true);
      for (const h of batch.history) {
        let list = history.get(h.instanceId);
        if (!list) history.set(h.instanceId, (list = []));
        list.push(deepFreeze(h) as unknown as Readonly<Record<string, unknown>>);
      }
      for (const id of batch.timers.delete) deleteTimer(id);
      for (const t of batch.timers.put) putTimer(t);
      for (const t of batch.tasks) tasks.put(owned(t));
      for (const id of batch.subscriptions.delete) deleteSub(id);
      for (const s of batch.subscriptions.put) putSub({ ...s });
      for (const id of batch.messages.delete) removeIndexed(messages, messagesByKey, id, msgKey);
      for (const id of batch.messages.take ?? []) removeIndexed(messages, messagesByKey, id, msgKey);
      for (const m of batch.messages.put) addIndexed(messages, messagesByKey, msgKey(m), owned(m));
    },
    async history(instanceId) {
      const list = history.get(instanceId);
      return list ? list.map((r) => ({ ...r }) as unknown as HistoryRecord) : [];
    },
    async getTask(id) {
      const t = tasks.get(id);
      return t ? { ...t } : undefined;
    },
    async queryTasks(q: TaskQuery) {
      validateTaskQuery(q);
      return tasks.query(q).map((t) => ({ ...t }));
    },
    async purgeInstances(ids, now) {
      const removed: string[] = [];
      for (const id of new Set(ids)) {
        const s = instances.get(id);
        const ttl = timers.get(retentionTimerId(id));
        if (!s || s.status === 'active' || !ttl || ttl.kind !== 'retention' || ttl.dueAt > now) {
          // A running instance is never removed; a stray retention timer on it (or on no instance) goes.
          if ((!s || s.status === 'active') && ttl?.kind === 'retention') deleteTimer(ttl.id);
          continue;
        }
        instances.delete(id);
        history.delete(id);
        for (const t of tasks.idsOf(id)) tasks.delete(t);
        for (const t of linked(timersOf, id)) deleteTimer(t);
        for (const sub of linked(subsOf, id)) deleteSub(sub);
        removed.push(id);
      }
      return removed;
    },
    async findSubscriptions(name, kind, key) {
      const ids = subsByKey.get(keyOf(name, kind, key));
      if (!ids) return [];
      return [...ids].map((id) => ({ ...subs.get(id)! })).sort((a, b) => a.createdAt - b.createdAt);
    },
    async findMessages(name, kind, key, now) {
      const ids = messagesByKey.get(keyOf(name, kind, key));
      if (!ids) return [];
      return [...ids]
        .map((id) => messages.get(id)!)
        .filter((m) => m.expiresAt > now)
        .sort((a, b) => a.bufferedAt - b.bufferedAt)
        .map((m) => ({ ...m, payload: structuredClone(m.payload) }));
    },
    async dueTimers(until, limit) {
      const out: TimerRecord[] = [];
      walkTimers((t) => {
        if (out.length >= limit || t.dueAt > until) return false;
        out.push(withoutSeq(t));
        return true;
      });
      return out;
    },
    async nextDue() {
      // A leased timer is not due before its lease ends: look past leased ones at the top.
      let at: number | undefined;
      walkTimers((t) => {
        if (at !== undefined && t.dueAt >= at) return false;
        const held = leases.get(t.id);
        at = Math.min(at ?? Infinity, held ? Math.max(t.dueAt, held.until) : t.dueAt);
        return held !== undefined;
      });
      return at;
    },
    async acquireTimers(until, limit, lease) {
      const out: TimerRecord[] = [];
      walkTimers((t) => {
        if (out.length >= limit || t.dueAt > until) return false;
        const held = leases.get(t.id);
        if (held && held.until > until) return true;
        leases.set(t.id, { ...lease });
        out.push(withoutSeq(t));
        return true;
      });
      return out;
    },
    async getTimer(id) {
      const t = timers.get(id);
      return t ? withoutSeq(t) : undefined;
    },
    snapshot() {
      const shape: SnapshotShape = {
        v: 1,
        deployments,
        instances: [...instances.entries()].map(([id, s]) => [id, stateJson(s)]),
        history: [...history].map(([id, recs]) => [id, recs.map((r) => ({ ...r }))]),
        tasks: tasks.all(),
        timers: [...timers.values()].sort((a, b) => a.seq - b.seq).map(withoutSeq),
        subscriptions: [...subs.values()],
        messages: [...messages.values()],
      };
      return JSON.stringify(shape);
    },
  };
  return store;
}
