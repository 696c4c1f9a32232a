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
  type Store,
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

async function writeBatch(tx: Queryable, batch: CommitBatch): Promise<void> {
  await writeInstances(tx, batch.instances);
  for (const d of batch.deployments ?? []) {
    await tx.query(
      'INSERT INTO handoff_deployments (key, process_id, version, deployed_at, record) VALUES ($1, $2, $3, $4, $5::jsonb)',
      [d.key, d.processId, d.version, d.deployedAt, json(d)],
    );
  }
  if (batch.history.length > 0) {
    // One statement for the whole list; WITH ORDINALITY keeps commit order in `seq`.
    await tx.query(
      `INSERT INTO handoff_history (instance_id, record)
       SELECT r->>'instanceId', r FROM jsonb_array_elements($1::jsonb) WITH ORDINALITY AS h(r, i) ORDER BY i`,
      [json(batch.history)],
    );
  }
  if (batch.timers.delete.length > 0) await tx.query('DELETE FROM handoff_timers WHERE id = ANY($1::text[])', [batch.timers.delete]);
  for (const t of batch.timers.put) {
    // A put (new or replacing) takes a fresh seq: "creation order" among equal due times.
    await tx.query(
      `INSERT INTO handoff_timers (id, due_at, kind, instance_id, seq, record)
       VALUES ($1, $2, $3, $4, nextval('handoff_timer_seq'), $5::jsonb)
       ON CONFLICT (id) DO UPDATE SET due_at = EXCLUDED.due_at, kind = EXCLUDED.kind, instance_id = EXCLUDED.instance_id,
         seq = EXCLUDED.seq, record = EXCLUDED.record`,
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

/** The `Store` over a ready (migrated) {@link Sql}. `ready` is awaited before every call. */
export function sqlStore(sql: Sql, ready: Promise<unknown>): Store {
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
      await sql.transaction((tx) => writeBatch(tx, batch));
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
      const rows = await q<{ d: number | string | null }>('SELECT min(due_at) AS d FROM handoff_timers');
      const d = rows[0]?.d;
      return d === null || d === undefined ? undefined : Number(d);
    },
    async getTimer(id) {
      return (await q<Rec<TimerRecord>>('SELECT record FROM handoff_timers WHERE id = $1', [id]))[0]?.record;
    },
    async close() {
      await ready.catch(() => undefined);
      await sql.close();
    },
  };
}
