/**
 * The `Store` contract over {@link Sql}: the SQL is written once and runs on PGlite and on
 * a PostgreSQL server alike.
 *
 * @module
 */
import {
  ConcurrencyError,
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
} from '@handoff/engine';
import type { Queryable, Sql } from './sql';

type Rec<T> = { record: T };
const records = <T>(rows: Rec<T>[]): T[] => rows.map((r) => r.record);
const json = (x: unknown): string => JSON.stringify(x);

/** Fail the commit: the instance's stored rev is not the expected one. */
async function conflict(tx: Queryable, id: string, expected: number | null): Promise<never> {
  const r = await tx.query<{ rev: number | string }>('SELECT rev FROM handoff_instances WHERE id = $1', [id]);
  const actual = r.rows[0] === undefined ? undefined : Number(r.rows[0].rev);
  throw new ConcurrencyError(id, expected ?? 0, actual);
}

async function writeInstances(tx: Queryable, items: CommitBatch['instances']): Promise<void> {
  // A fixed lock order (by id) keeps two batches touching the same instances from deadlocking.
  const sorted = [...items].sort((a, b) => (a.state.id < b.state.id ? -1 : a.state.id > b.state.id ? 1 : 0));
  for (const { state, expectedRev } of sorted) {
    const params = [state.id, state.processId, state.status, state.businessKey ?? null, state.rev, json(state)];
    if (expectedRev === null) {
      const r = await tx.query(
        `INSERT INTO handoff_instances (id, process_id, status, business_key, rev, state)
         VALUES ($1, $2, $3, $4, $5, $6::jsonb) ON CONFLICT (id) DO NOTHING`,
        params,
      );
      if (r.rowCount !== 1) await conflict(tx, state.id, null);
    } else {
      const r = await tx.query(
        `UPDATE handoff_instances SET process_id = $2, status = $3, business_key = $4, rev = $5, state = $6::jsonb
         WHERE id = $1 AND rev = $7`,
        [...params, expectedRev],
      );
      if (r.rowCount !== 1) await conflict(tx, state.id, expectedRev);
    }
  }
}

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

async function checkConditions(tx: Queryable, batch: CommitBatch): Promise<void> {
  const guards = batch.timers.guard ?? [];
  if (guards.length > 0) {
    const r = await tx.query<{ id: string; due_at: number | string }>('SELECT id, due_at FROM handoff_timers WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE', [guards.map((g) => g.id)]);
    const due = new Map(r.rows.map((row) => [row.id, Number(row.due_at)]));
    for (const g of guards) {
      if (due.get(g.id) !== g.dueAt) throw new ConcurrencyError('timer', `timer ${g.id} due at ${g.dueAt} is gone or rescheduled`);
    }
  }
  const take = [...new Set(batch.messages.take ?? [])];
  if (take.length > 0) {
    const r = await tx.query('DELETE FROM handoff_messages WHERE id = ANY($1::text[])', [take]);
    if (r.rowCount !== take.length) throw new ConcurrencyError('message', `a buffered message of [${take.join(', ')}] was taken or expired`);
  }
}

/** The batch's `checks`, after its writes (the key locks are held). */
async function checkAfterWrites(tx: Queryable, batch: CommitBatch): Promise<void> {
  for (const k of batch.checks?.noSubscriptions ?? []) {
    const r = await tx.query('SELECT 1 FROM handoff_subscriptions WHERE message_name = $1 AND key_kind = $2 AND key = $3 LIMIT 1', [k.name, k.keyKind, k.key]);
    if (r.rows.length > 0) throw new ConcurrencyError('subscription', `a subscription waits for message '${k.name}' (${k.keyKind} key '${k.key}')`);
  }
  const nm = batch.checks?.noMessages;
  for (const k of nm?.keys ?? []) {
    const r = await tx.query('SELECT 1 FROM handoff_messages WHERE message_name = $1 AND key_kind = $2 AND key = $3 AND expires_at > $4 LIMIT 1', [k.name, k.keyKind, k.key, nm!.now]);
    if (r.rows.length > 0) throw new ConcurrencyError('message', `a buffered message '${k.name}' (${k.keyKind} key '${k.key}') waits for the new subscription`);
  }
}

async function writeBatch(tx: Queryable, batch: CommitBatch, notify: string | undefined): Promise<void> {
  const locks = messageKeyLocks(batch);
  if (locks.length > 0) await tx.query('SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest($1::text[]) WITH ORDINALITY AS l(k, i) ORDER BY i', [locks]);
  await writeInstances(tx, batch.instances);
  await checkConditions(tx, batch);
  for (const d of batch.deployments ?? []) {
    const r = await tx.query(
      'INSERT INTO handoff_deployments (key, process_id, version, deployed_at, record) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (key) DO NOTHING',
      [d.key, d.processId, d.version, d.deployedAt, json(d)],
    );
    if (r.rowCount !== 1) throw new ConcurrencyError('deployment', `process version ${d.key} was deployed meanwhile`);
  }
  // Other nodes hear of this commit (on its commit): the earliest new timer, the new history rows.
  const earliest = batch.timers.put.length > 0 ? Math.min(...batch.timers.put.map((t) => t.dueAt)) : null;
  if (batch.history.length > 0) {
    // One statement for the whole list; WITH ORDINALITY keeps commit order in `seq`.
    const insert = `INSERT INTO handoff_history (instance_id, record)
       SELECT r->>'instanceId', r FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS h(r, i) ORDER BY i RETURNING seq`;
    if (notify === undefined) await tx.query(insert, [json(batch.history)]);
    else {
      await tx.query(
        `WITH ins AS (${insert})
         SELECT pg_notify('${NOTIFY_CHANNEL}', json_build_object('n', $2::text, 'x', txid_current(), 'f', min(seq), 't', max(seq), 'd', $3::bigint)::text) FROM ins`,
        [json(batch.history), notify, earliest],
      );
    }
  } else if (notify !== undefined && earliest !== null) {
    await tx.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', json_build_object('n', $1::text, 'd', $2::bigint)::text)`, [notify, earliest]);
  }
  if (batch.timers.delete.length > 0) await tx.query('DELETE FROM handoff_timers WHERE id = ANY($1::text[])', [batch.timers.delete]);
  for (const t of batch.timers.put) {
    // A put (new or replacing) takes a fresh seq: "creation order" among equal due times.
    await tx.query(
      `INSERT INTO handoff_timers (id, due_at, kind, instance_id, seq, record)
       VALUES ($1, $2, $3, $4, nextval('handoff_timer_seq'), $5::jsonb)
       ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at, kind = EXCLUDED.kind, instance_id = EXCLUDED.instance_id,
         seq = EXCLUDED.seq, record = EXCLUDED.record, lease_owner = NULL, lease_until = NULL`,
      [t.id, t.dueAt, t.kind, t.instanceId ?? null, json(t)],
    );
  }
  for (const t of batch.tasks) {
    await tx.query(
      `INSERT INTO handoff_tasks (id, instance_id, process_id, element_id, role, candidate_groups, assignee, state, business_key, created_at, record)
       VALUES ($1, $2, $3, $4, $5, $6::text[], $7, $8, $9, $10, $11::jsonb)
       ON CONFLICT (id) DO UPDATE SET instance_id = EXCLUDED.instance_id, process_id = EXCLUDED.process_id,
         element_id = EXCLUDED.element_id, role = EXCLUDED.role, candidate_groups = EXCLUDED.candidate_groups,
         assignee = EXCLUDED.assignee, state = EXCLUDED.state, business_key = EXCLUDED.business_key,
         created_at = EXCLUDED.created_at, record = EXCLUDED.record`,
      [t.id, t.instanceId, t.processId, t.elementId, t.role ?? null, [...t.candidateGroups], t.assignee ?? null, t.state, t.businessKey ?? null, t.createdAt, json(t)],
    );
  }
  if (batch.subscriptions.delete.length > 0) {
    await tx.query('DELETE FROM handoff_subscriptions WHERE id = ANY($1::text[])', [batch.subscriptions.delete]);
  }
  for (const s of batch.subscriptions.put) {
    await tx.query(
      `INSERT INTO handoff_subscriptions (id, message_name, key_kind, key, instance_id, created_at, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (id) DO UPDATE SET message_name = EXCLUDED.message_name, key_kind = EXCLUDED.key_kind, key = EXCLUDED.key,
         instance_id = EXCLUDED.instance_id, created_at = EXCLUDED.created_at, record = EXCLUDED.record`,
      // No key (an instance without a business key) is matched as '' like the memory store.
      [s.id, s.messageName, s.keyKind, s.key ?? '', s.instanceId, s.createdAt, json(s)],
    );
  }
  if (batch.messages.delete.length > 0) await tx.query('DELETE FROM handoff_messages WHERE id = ANY($1::text[])', [batch.messages.delete]);

  for (const m of batch.messages.put) {
    await tx.query(
      `INSERT INTO handoff_messages (id, message_name, key_kind, key, expires_at, buffered_at, record)
       VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
       ON CONFLICT (id) DO UPDATE SET message_name = EXCLUDED.message_name, key_kind = EXCLUDED.key_kind, key = EXCLUDED.key,
         expires_at = EXCLUDED.expires_at, buffered_at = EXCLUDED.buffered_at, record = EXCLUDED.record`,
      [m.id, m.messageName, m.keyKind, m.key, m.expiresAt, m.bufferedAt, json(m)],
    );
  }
  await checkAfterWrites(tx, batch);
}

/** Build the task query's WHERE clause (the SQL form of the engine's `matchesTaskQuery`). */
function taskWhere(q: TaskQuery): { where: string; params: unknown[] } {
  const conds: string[] = [];
  const params: unknown[] = [];
  const add = (cond: (p: string) => string, value: unknown) => {
    params.push(value);
    conds.push(cond(`$${params.length}`));
  };
  if (q.instanceId !== undefined) add((p) => `instance_id = ${p}`, q.instanceId);
  if (q.processId !== undefined) add((p) => `process_id = ${p}`, q.processId);
  if (q.elementId !== undefined) add((p) => `element_id = ${p}`, q.elementId);
  if (q.businessKey !== undefined) add((p) => `business_key = ${p}`, q.businessKey);
  if (q.assignee !== undefined) add((p) => `assignee = ${p}`, q.assignee);
  if (q.state !== undefined) {
    if (typeof q.state === 'string') add((p) => `state = ${p}`, q.state);
    else add((p) => `state = ANY(${p}::text[])`, [...q.state]);
  }
  const wanted = q.role !== undefined ? [q.role, ...(q.roles ?? [])] : q.roles;
  if (wanted !== undefined) add((p) => `(role = ANY(${p}::text[]) OR candidate_groups && ${p}::text[])`, [...wanted]);
  return { where: conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** The NOTIFY channel commits announce themselves on. */
export const NOTIFY_CHANNEL = 'handoff_commits';

/** Options of {@link sqlStore}. */
export interface SqlStoreOptions {
  /** This node's id (leases, and to skip its own notifications). */
  nodeId: string;
  /** Announce commits with NOTIFY for other nodes (servers; pointless on a single PGlite). */
  notify: boolean;
  /** Open a dedicated LISTEN connection (servers); without it, `listen` is not offered. */
  listen?: (channel: string, onPayload: (payload: string) => void) => Promise<() => Promise<void>>;
}

/** The `Store` over a ready (migrated) {@link Sql}. `ready` is awaited before every call. */
export function sqlStore(sql: Sql, ready: Promise<unknown>, options: SqlStoreOptions = { nodeId: 'local', notify: false }): Store {
  const notify = options.notify ? options.nodeId : undefined;
  const q = async <R>(text: string, params: unknown[] = []): Promise<R[]> => {
    await ready;
    return (await sql.query<R>(text, params)).rows;
  };
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
      await sql.transaction((tx) => writeBatch(tx, batch, notify));
    },
    async history(instanceId) {
      return records(await q<Rec<HistoryRecord>>('SELECT record FROM handoff_history WHERE instance_id = $1 ORDER BY seq', [instanceId]));
    },
    async getTask(id) {
      return (await q<Rec<TaskRecord>>('SELECT record FROM handoff_tasks WHERE id = $1', [id]))[0]?.record;
    },
    async queryTasks(query) {
      const { where, params } = taskWhere(query);
      return records(await q<Rec<TaskRecord>>(`SELECT record FROM handoff_tasks ${where} ORDER BY seq`, params));
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
      // A leased timer is not due for anyone before its lease ends (partial indexes keep both halves cheap).
      const rows = await q<{ d: number | string | null }>(
        `SELECT LEAST(
           (SELECT min(due_at) FROM handoff_timers WHERE lease_until IS NULL),
           (SELECT min(GREATEST(due_at, lease_until)) FROM handoff_timers WHERE lease_until IS NOT NULL)) AS d`,
      );
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
    ...(options.listen ? { listen: (listener: StoreListener) => listenCommits(q, options.nodeId, options.listen!, listener) } : {}),
    async getTimer(id) {
      return (await q<Rec<TimerRecord>>('SELECT record FROM handoff_timers WHERE id = $1', [id]))[0]?.record;
    },
    async close() {
      await ready.catch(() => undefined);
      await sql.close();
    },
  };
}

/** A commit announcement: node, history seq range, earliest new timer. */
interface Announcement {
  n: string;
  x?: number | string | null;
  f?: number | string | null;
  t?: number | string | null;
  d?: number | string | null;
}

/**
 * Listen for other nodes' commits: wake-ups for earlier timers at once, and their history
 * records read back by seq range and handed over in commit order (NOTIFY delivers in commit
 * order; the reads are chained to keep it).
 */
async function listenCommits(
  q: <R>(text: string, params?: unknown[]) => Promise<R[]>,
  nodeId: string,
  listen: NonNullable<SqlStoreOptions['listen']>,
  listener: StoreListener,
): Promise<() => Promise<void>> {
  let chain: Promise<void> = Promise.resolve();
  return listen(NOTIFY_CHANNEL, (payload) => {
    let a: Announcement;
    try {
      a = JSON.parse(payload) as Announcement;
    } catch {
      return;
    }
    if (a.n === nodeId) return;
    if (a.d !== null && a.d !== undefined) listener.timer(Number(a.d));
    if (a.f === null || a.f === undefined || a.t === null || a.t === undefined || a.x === null || a.x === undefined) return;
    const from = Number(a.f);
    const to = Number(a.t);
    const xid = String(a.x);
    chain = chain.then(async () => {
      const recs = records(await q<Rec<HistoryRecord>>('SELECT record FROM handoff_history WHERE seq BETWEEN $1 AND $2 AND xid = $3 ORDER BY seq', [from, to, xid]));
      if (recs.length > 0) listener.events(recs);
    }).catch(() => undefined);
  });
}
