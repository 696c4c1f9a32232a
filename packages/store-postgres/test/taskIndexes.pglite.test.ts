/**
 * The task filters added with candidate users and dates (migration 10) are served by their
 * partial expression indexes: EXPLAIN of exactly the SQL the store sends (`taskQuerySql.ts`)
 * names the index once sequential scans are priced out (a handful of rows would otherwise
 * always be scanned).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TaskQuery } from '@handoff/engine';
import { taskOrderAndPage, taskWhere } from '../src/taskQuerySql';
import { sharedPglite } from './support';

const db = sharedPglite();
beforeAll(() => db.open(), 60_000);
afterAll(() => db.close());

describe('Feature: PostgreSQL indexes for candidate users and due dates', () => {
  it.each([
    ['candidateUser', { candidateUser: 'ann' }, 'handoff_tasks_candidate_users'],
    ['dueBefore', { dueBefore: 1_700_000_000_000 }, 'handoff_tasks_due'],
    ['dueAfter with a state', { dueAfter: 1_500_000_000_000, state: 'open' }, 'handoff_tasks_due'],
  ] as [string, TaskQuery, string][])('Scenario: a query by %s uses its partial index', async (_label, q, index) => {
    // given
    const store = await db.fresh();
    await store.commit({
      instances: [], history: [], timers: { put: [], delete: [] }, subscriptions: { put: [], delete: [] }, messages: { put: [], delete: [] },
      tasks: [
        { id: 'i1/1', instanceId: 'i1', processId: 'p', elementId: 'a', candidateGroups: [], candidateUsers: ['ann'], state: 'open', createdAt: 1, dueAt: 1_600_000_000_000 },
        { id: 'i1/2', instanceId: 'i1', processId: 'p', elementId: 'a', candidateGroups: [], state: 'open', createdAt: 2 },
      ],
    });
    // when
    const { where, params } = taskWhere(q);
    const sql = `SELECT record FROM handoff_tasks ${where} ${taskOrderAndPage(q, params)}`;
    await store.query('SET enable_seqscan = off');
    const plan = (await store.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${sql}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    await store.query('RESET enable_seqscan');
    // then
    expect(plan).toContain(index);
    expect((await store.queryTasks(q)).map((t) => t.id)).toEqual(['i1/1']);
  });
});
