/**
 * The SQL of a task query: the WHERE clause (the SQL form of the engine's `matchesTaskQuery`)
 * and the ORDER BY / paging (the engine's `compareTasks` and `pageOf`). Its own module so a
 * test can EXPLAIN exactly what the store sends.
 *
 * @module
 */
import { DEFAULT_TASK_PRIORITY, type TaskQuery } from '@handoff/engine';

/** Build the task query's WHERE clause (the SQL form of the engine's `matchesTaskQuery`). */
export function taskWhere(q: TaskQuery): { where: string; params: unknown[] } {
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
  // `record ? 'candidateUsers'` / `'dueAt'` / `'followUpAt'` match the partial indexes' predicates (migration 10).
  if (q.candidateUser !== undefined) add((p) => `(record ? 'candidateUsers' AND record->'candidateUsers' ? ${p})`, q.candidateUser);
  if (q.dueBefore !== undefined) add((p) => `(record ? 'dueAt' AND (record->>'dueAt')::bigint < ${p})`, q.dueBefore);
  if (q.dueAfter !== undefined) add((p) => `(record ? 'dueAt' AND (record->>'dueAt')::bigint > ${p})`, q.dueAfter);
  if (q.followUpBefore !== undefined) add((p) => `(record ? 'followUpAt' AND (record->>'followUpAt')::bigint < ${p})`, q.followUpBefore);
  if (q.state !== undefined) {
    if (typeof q.state === 'string') add((p) => `state = ${p}`, q.state);
    else add((p) => `state = ANY(${p}::text[])`, [...q.state]);
  }
  const wanted = q.role !== undefined ? [q.role, ...(q.roles ?? [])] : q.roles;
  // `candidate_groups <> '{}'` lets the planner use the partial GIN index (migration 7).
  if (wanted !== undefined) add((p) => `(role = ANY(${p}::text[]) OR (candidate_groups <> '{}' AND candidate_groups && ${p}::text[]))`, [...wanted]);
  return { where: conds.length > 0 ? `WHERE ${conds.join(' AND ')}` : '', params };
}

/** A task's priority as the engine sorts it: a task without one counts as 50 (`DEFAULT_TASK_PRIORITY`). */
const PRIORITY_SQL = `coalesce((record->>'priority')::integer, ${DEFAULT_TASK_PRIORITY})`;

/**
 * ORDER BY and paging of a task query: default the first-insertion `seq` (the memory store's
 * order), or `created_at` then id (in code-unit order like JavaScript: `COLLATE "C"`), or the
 * priority then `created_at` then id.
 */
export function taskOrderAndPage(q: TaskQuery, params: unknown[]): string {
  const order = q.sort === undefined ? 'seq' : q.sort === 'createdAt' ? 'created_at, id COLLATE "C"' : q.sort === '-createdAt' ? 'created_at DESC, id COLLATE "C"' : `${PRIORITY_SQL}${q.sort === '-priority' ? ' DESC' : ''}, created_at, id COLLATE "C"`;
  let sql = `ORDER BY ${order}`;
  if (q.limit !== undefined) {
    params.push(q.limit);
    sql += ` LIMIT $${params.length}`;
  }
  if (q.offset !== undefined && q.offset > 0) {
    params.push(q.offset);
    sql += ` OFFSET $${params.length}`;
  }
  return sql;
}
