/**
 * Task query paging and order, shared by every store: validation of `limit`, `offset` and
 * `sort`, the order tasks come back in, and the page taken from the matches.
 *
 * Default order (no `sort`): the order the store first saw the tasks — the commit that
 * created each task, oldest first (a task keeps its place when it is later claimed or
 * completed). `sort: 'createdAt'` orders by `createdAt`, `'-createdAt'` newest first; ties
 * are broken by task id (ascending, by UTF-16 code units) in both. `sort: '-priority'` puts
 * the highest priority first (`'priority'` the lowest; a task without one counts as 50), ties
 * by `createdAt` then id.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';
import { DEFAULT_TASK_PRIORITY } from './taskDates';
import type { TaskQuery, TaskRecord } from './types';

/** The orders `tasks.query` offers besides the default (creation commit order). */
export const TASK_SORTS = ['createdAt', '-createdAt', 'priority', '-priority'] as const;

/** A task query order: `createdAt` or `priority`, ascending or descending (`-`); see {@link compareTasks} for ties. */
export type TaskSort = (typeof TASK_SORTS)[number];

const STATES = new Set(['waiting', 'open', 'claimed', 'completed', 'cancelled']);
const TEXT_FIELDS = ['role', 'assignee', 'candidateUser', 'processId', 'instanceId', 'elementId', 'businessKey'] as const;
const INSTANT_FIELDS = ['dueBefore', 'dueAfter', 'followUpBefore'] as const;

/**
 * Check a task query's fields; throws an `InvalidArgumentError` naming the field at fault
 * (`limit`, `offset`, `sort`, `state`, `roles`, or a text filter that is not a string).
 */
export function validateTaskQuery(q: TaskQuery): void {
  if (q === null || typeof q !== 'object') throw new InvalidArgumentError('task query', `expected an object, got ${JSON.stringify(q)}`, 'pass filters such as { role: "sales", state: "open", limit: 50 }.');
  checkCount('limit', q.limit);
  checkCount('offset', q.offset);
  if (q.sort !== undefined && !(TASK_SORTS as readonly unknown[]).includes(q.sort)) {
    throw new InvalidArgumentError('task query sort', `expected one of ${TASK_SORTS.map((s) => `'${s}'`).join(', ')}, got ${JSON.stringify(q.sort)}`, "leave it out for creation order, or pass 'createdAt' / '-createdAt' / 'priority' / '-priority'.");
  }
  for (const f of TEXT_FIELDS) {
    const v = q[f];
    if (v !== undefined && typeof v !== 'string') throw new InvalidArgumentError(`task query ${f}`, `expected a string, got ${JSON.stringify(v)}`, `pass ${f} as a string, or leave it out.`);
  }
  for (const f of INSTANT_FIELDS) {
    const v = q[f];
    if (v !== undefined && (typeof v !== 'number' || !Number.isSafeInteger(v))) throw new InvalidArgumentError(`task query ${f}`, `expected an instant in epoch ms, got ${JSON.stringify(v) ?? String(v)}`, `pass e.g. ${f}: Date.parse('2026-03-02T17:00:00Z'), or leave it out.`);
  }
  if (q.roles !== undefined && (!Array.isArray(q.roles) || q.roles.some((r) => typeof r !== 'string'))) {
    throw new InvalidArgumentError('task query roles', `expected an array of strings, got ${JSON.stringify(q.roles)}`, "pass e.g. roles: ['sales', 'desk'].");
  }
  if (q.state !== undefined) {
    const list: unknown[] = Array.isArray(q.state) ? q.state : [q.state];
    const bad = list.find((s) => typeof s !== 'string' || !STATES.has(s));
    if (bad !== undefined || (!Array.isArray(q.state) && typeof q.state !== 'string')) {
      throw new InvalidArgumentError('task query state', `expected one of waiting, open, claimed, completed, cancelled (or an array of them), got ${JSON.stringify(q.state)}`, "pass e.g. state: 'open' or state: ['open', 'claimed'].");
    }
  }
}

function checkCount(name: 'limit' | 'offset', v: unknown): void {
  if (v === undefined) return;
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw new InvalidArgumentError(`task query ${name}`, `expected a whole number >= 0, got ${JSON.stringify(v) ?? String(v)}`, name === 'limit' ? 'pass the page size, e.g. limit: 50.' : 'pass how many matches to skip, e.g. offset: 50 for the second page of 50.');
  }
}

/** Compare two tasks in a {@link TaskSort} order (ties by id). */
/**
 * Compare two tasks in a {@link TaskSort} order. By `createdAt`: ties by id. By priority (a
 * task without one counts as {@link DEFAULT_TASK_PRIORITY}): ties by `createdAt`, oldest
 * first, then id — in both directions.
 */
export function compareTasks(sort: TaskSort): (a: TaskRecord, b: TaskRecord) => number {
  const byId = (a: TaskRecord, b: TaskRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (sort === 'priority' || sort === '-priority') {
    const dir = sort === '-priority' ? -1 : 1;
    return (a, b) => ((a.priority ?? DEFAULT_TASK_PRIORITY) - (b.priority ?? DEFAULT_TASK_PRIORITY)) * dir || a.createdAt - b.createdAt || byId(a, b);
  }
  const dir = sort === '-createdAt' ? -1 : 1;
  return (a, b) => (a.createdAt - b.createdAt) * dir || byId(a, b);
}

/** The page `offset`, `limit` of matches already in query order. */
export function pageOf<T>(matches: T[], q: Pick<TaskQuery, 'limit' | 'offset'>): T[] {
  const from = q.offset ?? 0;
  return from === 0 && q.limit === undefined ? matches : matches.slice(from, q.limit === undefined ? undefined : from + q.limit);
}
