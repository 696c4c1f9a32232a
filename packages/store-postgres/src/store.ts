/**
 * The `Store` contract over {@link Sql}: the SQL is written once and runs on PGlite and on
 * a PostgreSQL server alike.
 *
 * @module
 */
import {
  type BufferedMessage,
  type CommitBatch,
  type CorrelationKind,
  type DeploymentRecord,
  type HistoryRecord,
  type InstanceQuery,
  type InstanceState,
  type MessageKey,
  type Store,
  type StoreListener,
  type SubscriptionRecord,
  type TaskQuery,
  type TaskRecord,
  type TimerRecord,
  validateTaskQuery,
} from '@handoff/engine';
import { CommitQueue, type CommitAnnouncement } from './commitQueue';
import { taskOrderAndPage, taskWhere } from './taskQuerySql';
import { groupable, TaskReads } from './taskReads';
import type { Sql } from './sql';

type Rec<T> = { record: T };
const records = <T>(rows: Rec<T>[]): T[] => rows.map((r) => r.record);
const json = (x: unknown): string => JSON.stringify(x);

/** The advisory lock of a message key: commits that buffer, or open subscriptions for, one key are serialized. */
const keyLock = (k: MessageKey) => `${k.name}\u0001${k.keyKind}\u0001${k.key}`;

/** Message keys a batch must hold the lock of: those it checks and those it writes messages or subscriptions for. */
function messageKeyLocks(batch: CommitBatch): string[] {
  const keys = new Set<string>();
  for (const k of batch.checks?.noSubscriptions ?? []) keys.add(keyLock(k));
  for (const k of batch.checks?.noMessages?.keys ?? []) keys.add(keyLock(k));
  for (const m of batch.messages.put) keys.add(keyLock({ name: m.messageName, keyKind: m.keyKind, key: m.key }));
  for (const sub of batch.subscriptions.put) keys.add(keyLock({ name: sub.messageName, keyKind: sub.keyKind, key: sub.key ?? '' }));
  // A fixed order (and before any row lock) keeps two commits from deadlocking.
  return [...keys].sort();
}

/** The batch as `handoff_commit` reads it (schema migrations 3–4): empty parts are left out (the function skips them). */
function commitPayload(batch: CommitBatch): string {
  const parts: Record<string, unknown> = {
    locks: messageKeyLocks(batch),
    instances: batch.instances,
    guard: batch.timers.guard ?? [],
    take: batch.messages.take ?? [],
    deployments: batch.deployments ?? [],
    history: historyRuns(batch.history),
    timersDelete: batch.timers.delete,
    timersPut: batch.timers.put,
    tasks: batch.tasks,
    subsDelete: batch.subscriptions.delete,
    subsPut: batch.subscriptions.put,
    messagesDelete: batch.messages.delete,
    messagesPut: batch.messages.put,
    noSubscriptions: batch.checks?.noSubscriptions ?? [],
    noMessages: batch.checks?.noMessages?.keys ?? [],
  };
  for (const [k, v] of Object.entries(parts)) if ((v as unknown[]).length === 0) delete parts[k];
  if (batch.checks?.noMessages) parts.now = batch.checks.noMessages.now;
  return json(parts);
}

/** History as `handoff_commit` stores it (migration 7): `[instanceId, records]` per run of one instance's records, order kept. */
function historyRuns(history: readonly HistoryRecord[]): [string, HistoryRecord[]][] {
  const runs: [string, HistoryRecord[]][] = [];
  let last: [string, HistoryRecord[]] | undefined;
  for (const r of history) {
    if (last?.[0] === r.instanceId) last[1].push(r);
    else runs.push((last = [r.instanceId, [r]]));
  }
  return runs;
}

/** When the next timer is due: a leased timer is not due for anyone before its lease ends (partial indexes keep both halves cheap). */
const NEXT_DUE_SQL = `SELECT LEAST(
  (SELECT min(due_at) FROM handoff_timers WHERE lease_until IS NULL),
  (SELECT min(GREATEST(due_at, lease_until)) FROM handoff_timers WHERE lease_until IS NOT NULL)) AS d`;

/** The NOTIFY channel commits announce themselves on. */
export const NOTIFY_CHANNEL = 'handoff_commits';

/** Options of {@link sqlStore}. */
export interface SqlStoreOptions {
  /** This node's id (leases, and to skip its own notifications). */
  nodeId: string;
  /** Announce commits with NOTIFY for other nodes (servers; pointless on a single PGlite). */
  notify: boolean;
  /** Open a dedicated LISTEN connection (servers); without it, `listen` is not offered. */
  listen?: (channel: string, onPayload: (payload: string) => void, onReconnect?: () => void) => Promise<() => Promise<void>>;
  /** How often a listening node catches up on commits whose announcement it missed, in ms. Default 1000. */
  catchUpMs?: number;
  /** Group commit (see `CommitQueue`): statements on their way at once, commands per group. Default 1 and 1: every commit alone. */
  groupCommit?: { concurrency: number; maxCommands: number };
}

/** The `Store` over a ready (migrated) {@link Sql}. `ready` is awaited before every call. */
export function sqlStore(sql: Sql, ready: Promise<unknown>, options: SqlStoreOptions = { nodeId: 'local', notify: false }): Store & { readonly commitStats: CommitQueue['stats'] } {
  const notify = options.notify ? options.nodeId : undefined;
  const announcer = notify !== undefined ? new Announcer(sql, notify) : undefined;
  const group = options.groupCommit ?? { concurrency: 1, maxCommands: 1 };
  const commits = new CommitQueue(sql, notify ?? null, group.concurrency, group.maxCommands);
  /** The newest history seq this node wrote (the catch-up read need not look far behind it). */
  let ownNewest = 0;
  const q = async <R>(text: string, params: unknown[] = []): Promise<R[]> => {
    await ready;
    return (await sql.query<R>(text, params)).rows;
  };
  const taskReads = new TaskReads(q);
  return {
    async getDeployments() {
      return records(await q<Rec<DeploymentRecord>>('SELECT record FROM handoff_deployments ORDER BY seq'));
    },
    async getInstance(id) {
      const rows = await q<{ state: InstanceState }>('SELECT state FROM handoff_instances WHERE id = $1', [id]);
      return rows[0]?.state;
    },
    async listInstances(query: InstanceQuery = {}) {
      const conds: string[] = [];
      const params: unknown[] = [];
      for (const [col, v] of [['process_id', query.processId], ['status', query.status], ['business_key', query.businessKey]] as const) {
        if (v === undefined) continue;
        params.push(v);
        conds.push(`${col} = $${params.length}`);
      }
      const where = conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '';
      return (await q<{ state: InstanceState }>(`SELECT state FROM handoff_instances ${where} ORDER BY seq`, params)).map((r) => r.state);
    },
    async commit(batch) {
      await ready;
      // One statement per commit (schema migrations 3–7), or one per group of commits queued meanwhile (migration 8).
      const a = await commits.commit(commitPayload(batch));
      if (a.t !== null) ownNewest = Math.max(ownNewest, Number(a.t));
      if (announcer && (a.f !== null || a.d !== null)) announcer.add(a);
    },
    async history(instanceId) {
      return (await q<{ records: HistoryRecord[] }>('SELECT records FROM handoff_history WHERE instance_id = $1 ORDER BY seq', [instanceId])).flatMap((r) => r.records);
    },
    async getTask(id) {
      return (await q<Rec<TaskRecord>>('SELECT record FROM handoff_tasks WHERE id = $1', [id]))[0]?.record;
    },
    async queryTasks(query) {
      validateTaskQuery(query);
      // An instance's tasks, asked by many clients in one turn: one statement for all (taskReads.ts).
      if (groupable(query)) return taskReads.query(query);
      const { where, params } = taskWhere(query);
      return records(await q<Rec<TaskRecord>>(`SELECT record FROM handoff_tasks ${where} ${taskOrderAndPage(query, params)}`, params));
    },
    async purgeInstances(ids, now) {
      if (ids.length === 0) return [];
      const rows = await q<{ gone: string[] }>('SELECT handoff_purge($1::text[], $2) AS gone', [[...new Set(ids)], now]);
      return rows[0]?.gone ?? [];
    },
    async findSubscriptions(name: string, kind: CorrelationKind, key: string) {
      return records(
        await q<Rec<SubscriptionRecord>>(
          'SELECT record FROM handoff_subscriptions WHERE message_name = $1 AND key_kind = $2 AND key = $3 ORDER BY created_at, seq',
          [name, kind, key],
        ),
      );
    },
    async findMessages(name: string, kind: CorrelationKind, key: string, now: number) {
      return records(
        await q<Rec<BufferedMessage>>(
          'SELECT record FROM handoff_messages WHERE message_name = $1 AND key_kind = $2 AND key = $3 AND expires_at > $4 ORDER BY buffered_at, seq',
          [name, kind, key, now],
        ),
      );
    },
    async dueTimers(until, limit) {
      return records(await q<Rec<TimerRecord>>('SELECT record FROM handoff_timers WHERE due_at <= $1 ORDER BY due_at, seq LIMIT $2', [until, limit]));
    },
    async nextDue() {
      const rows = await q<{ d: number | string | null }>(NEXT_DUE_SQL);
      const d = rows[0]?.d;
      return d === null || d === undefined ? undefined : Number(d);
    },
    async acquireTimers(until, limit, lease) {
      // Skip rows another node is acquiring right now; take those with no live lease.
      const rows = await q<{ record: TimerRecord; due_at: number | string; seq: number | string }>(
        `WITH due AS (
           SELECT id FROM handoff_timers
           WHERE due_at <= $1 AND (lease_until IS NULL OR lease_until <= $1)
           ORDER BY due_at, seq LIMIT $2
           FOR UPDATE SKIP LOCKED
         )
         UPDATE handoff_timers t SET lease_owner = $3, lease_until = $4 FROM due WHERE t.id = due.id
         RETURNING t.record, t.due_at, t.seq`,
        [until, limit, lease.owner, lease.until],
      );
      return rows.sort((a, b) => Number(a.due_at) - Number(b.due_at) || Number(a.seq) - Number(b.seq)).map((r) => r.record);
    },
    nodeId: options.nodeId,
    commitStats: commits.stats,
    ...(options.listen ? { listen: (listener: StoreListener) => listenCommits(q, options.nodeId, options.listen!, listener, options.catchUpMs ?? 1000, () => ownNewest) } : {}),
    async getTimer(id) {
      return (await q<Rec<TimerRecord>>('SELECT record FROM handoff_timers WHERE id = $1', [id]))[0]?.record;
    },
    async close() {
      await ready.catch(() => undefined);
      await commits.drain();
      await announcer?.drain();
      await sql.close();
    },
  };
}

/** Largest NOTIFY payload we send (PostgreSQL's limit is 8000 bytes). */
const MAX_PAYLOAD = 7000;

/**
 * Announces this node's commits to the others, after they committed: one NOTIFY for every
 * commit made while the previous NOTIFY was on its way (so one at a time, larger under load).
 * A NOTIFY inside each commit would serialize all commits on the notification queue lock.
 * The announcing transaction skips the WAL flush wait: losing an announcement to a crash
 * loses a fan-out, never data (the commits themselves are durable).
 */
class Announcer {
  private pending: string[] = [];
  private flushing: Promise<void> | undefined;

  constructor(
    private readonly sql: Sql,
    private readonly nodeId: string,
  ) {}

  add(a: CommitAnnouncement): void {
    const num = (v: number | string | null) => (v === null ? null : Number(v));
    this.pending.push(JSON.stringify([String(a.x), num(a.f), num(a.t), num(a.d)]));
    // Start after the current turn: the other commands of a group resume in this one, and their
    // announcements go in the same notification.
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  /** Wait until everything added so far is announced. */
  async drain(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const head = `{"n":${JSON.stringify(this.nodeId)},"c":[`;
        let size = head.length + 2;
        let k = 0;
        while (k < this.pending.length && size + this.pending[k]!.length + 1 <= MAX_PAYLOAD) size += this.pending[k++]!.length + 1;
        const part = this.pending.splice(0, Math.max(k, 1));
        await this.sql
          .query(`SELECT set_config('synchronous_commit', 'off', true), pg_notify('${NOTIFY_CHANNEL}', $1)`, [`${head}${part.join(',')}]}`])
          .catch(() => undefined); // the connection may be gone: a lost fan-out, not lost data
      }
    } finally {
      this.flushing = undefined;
    }
  }
}

/**
 * History rows (commits) behind the newest seen or written that a catch-up re-reads: commits
 * land out of seq order (seq is taken at insert, not at commit).
 */
const CATCH_UP_WINDOW = 5_000;

/**
 * Listen for other nodes' commits: wake-ups for earlier timers at once, and their history
 * records read back by seq range and handed over in commit order (NOTIFY delivers in commit
 * order; the reads are chained to keep it). Announcements can be lost — a node killed between
 * its commit and its announcement, or this node's LISTEN connection down — so every
 * `catchUpMs` the node also reads the other nodes' history rows past the last ones it saw
 * (a window behind them: concurrent commits land out of seq order) and re-reads the next due
 * timer. Every record is delivered once: seen seqs are remembered for the window.
 */
async function listenCommits(
  q: <R>(text: string, params?: unknown[]) => Promise<R[]>,
  nodeId: string,
  listen: NonNullable<SqlStoreOptions['listen']>,
  listener: StoreListener,
  catchUpMs: number,
  ownNewest: () => number,
): Promise<() => Promise<void>> {
  let chain: Promise<void> = Promise.resolve();
  const seen = new Set<number>();
  /** The newest history seq known; undefined until read (the database may be down when listening starts). */
  let newest: number | undefined;
  const readNewest = async () => {
    newest ??= Number((await q<{ s: number | string | null }>('SELECT max(seq) AS s FROM handoff_history'))[0]?.s ?? 0);
    return newest;
  };
  await readNewest().catch(() => undefined);
  /** Hand over the rows not seen yet (in the order given), remembering them. */
  const deliver = (rows: { seq: number | string; records: HistoryRecord[] }[]) => {
    const fresh: HistoryRecord[] = [];
    for (const r of rows) {
      const seq = Number(r.seq);
      if (seen.has(seq)) continue;
      seen.add(seq);
      if (seq > (newest ?? 0)) newest = seq;
      fresh.push(...r.records);
    }
    if (seen.size > 2 * CATCH_UP_WINDOW) for (const s of seen) if (s < (newest ?? 0) - CATCH_UP_WINDOW) seen.delete(s);
    if (fresh.length > 0) listener.events(fresh);
  };
  /** A catch-up is queued and not begun: another would read the same rows (a stalled database must not pile them up). */
  let catchUpQueued = false;
  const catchUp = () => {
    if (catchUpQueued) return;
    catchUpQueued = true;
    chain = chain
      .then(async () => {
        catchUpQueued = false;
        const from = await readNewest();
        deliver(
          await q<{ seq: number; records: HistoryRecord[] }>(
            'SELECT seq, records FROM handoff_history WHERE seq > $1 AND node IS DISTINCT FROM $2 ORDER BY seq LIMIT 10000',
            // behind the newest row seen from others or written here: a node that mostly writes
            // alone would otherwise re-scan everything it wrote since it started
            [Math.max(from, ownNewest()) - CATCH_UP_WINDOW, nodeId],
          ),
        );
        const due = await q<{ d: number | string | null }>(NEXT_DUE_SQL);
        if (due[0]?.d !== null && due[0]?.d !== undefined) listener.timer(Number(due[0].d));
      })
      // The database may be down: the next round (or the LISTEN connection's return) tries again.
      .catch(() => undefined);
  };
  // `catchUp` is also the LISTEN connection's `onReconnect`: what was announced while it was away is read at once.
  const stop = await listen(NOTIFY_CHANNEL, (payload) => {
    let batch: { n: string; c: [string, number | null, number | null, number | null][] };
    try {
      batch = JSON.parse(payload) as typeof batch;
    } catch {
      return;
    }
    if (batch.n === nodeId || !Array.isArray(batch.c)) return;
    const earliest = Math.min(...batch.c.map(([, , , d]) => (d === null ? Infinity : Number(d))));
    if (earliest < Infinity) listener.timer(earliest);
    const commits = batch.c.filter(([, f, t]) => f !== null && t !== null);
    if (commits.length === 0) return;
    chain = chain
      .then(async () => {
        for (const [xid, f, t] of commits) {
          deliver(await q<{ seq: number; records: HistoryRecord[] }>('SELECT seq, records FROM handoff_history WHERE seq BETWEEN $1 AND $2 AND xid = $3 ORDER BY seq', [f, t, xid]));
        }
      })
      .catch(() => undefined);
  }, catchUp);
  const timer = setInterval(catchUp, catchUpMs);
  timer.unref();
  return async () => {
    clearInterval(timer);
    await stop();
    await chain;
  };
}

