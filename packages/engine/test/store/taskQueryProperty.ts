/**
 * The indexed task query equals a full scan, as a fast-check property over any `Store`:
 * random task sets, random updates of those tasks (claims, completions, reassignments, even
 * changed roles, candidate users, dates and priorities) over several commits, and random
 * queries with every filter (candidate user, due / follow-up bounds too), `limit`, `offset`
 * and `sort` (by creation or priority). The reference keeps every task in first-insertion order and filters
 * with `matchesTaskQuery`, then sorts and pages. Used by the memory store's test and by the
 * PGlite and PostgreSQL server tests (`packages/store-postgres/test`).
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { matchesTaskQuery, type CommitBatch, type Store, type TaskQuery, type TaskRecord, type TaskStateName } from '../../src/index';
import { fcParams } from '../fc';

const DAY0 = 1_750_000_000_000;
const HOUR = 3_600_000;
const STATES: TaskStateName[] = ['waiting', 'open', 'claimed', 'completed', 'cancelled'];
const ROLES = ['sales', 'desk', 'lead'];

const fields = fc.record({
  instance: fc.constantFrom('i1', 'i2', 'i3', 'i4'),
  processId: fc.constantFrom('order', 'invoice'),
  elementId: fc.constantFrom('review', 'approve', 'ship'),
  businessKey: fc.option(fc.constantFrom('b1', 'b2'), { nil: undefined }),
  role: fc.option(fc.constantFrom(...ROLES), { nil: undefined }),
  candidateGroups: fc.uniqueArray(fc.constantFrom(...ROLES, 'audit'), { maxLength: 2 }),
  assignee: fc.option(fc.constantFrom('ana', 'bo'), { nil: undefined }),
  state: fc.constantFrom(...STATES),
  // few distinct times: ties exercise the id tiebreak
  createdAt: fc.integer({ min: 0, max: 3 }),
  candidateUsers: fc.uniqueArray(fc.constantFrom('ana', 'bo', 'cy'), { maxLength: 2 }),
  dueAt: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  followUpAt: fc.option(fc.integer({ min: 0, max: 4 }), { nil: undefined }),
  // few priorities, and often none (it sorts as 50): ties exercise the createdAt / id tiebreaks
  priority: fc.option(fc.constantFrom(0, 50, 99), { nil: undefined }),
});

type Fields = typeof fields extends fc.Arbitrary<infer F> ? F : never;

/** A task record without undefined-valued keys (what a JSON store gives back). */
function record(n: number, f: Fields): TaskRecord {
  return {
    id: `${f.instance}/${n}`,
    instanceId: f.instance,
    processId: f.processId,
    ...(f.businessKey !== undefined ? { businessKey: f.businessKey } : {}),
    elementId: f.elementId,
    ...(f.role !== undefined ? { role: f.role } : {}),
    candidateGroups: f.candidateGroups,
    ...(f.assignee !== undefined ? { assignee: f.assignee } : {}),
    ...(f.candidateUsers.length ? { candidateUsers: f.candidateUsers } : {}),
    state: f.state,
    createdAt: 1_700_000_000_000 + f.createdAt * 1000,
    ...(f.dueAt !== undefined ? { dueAt: DAY0 + f.dueAt * HOUR } : {}),
    ...(f.followUpAt !== undefined ? { followUpAt: DAY0 + f.followUpAt * HOUR } : {}),
    ...(f.priority !== undefined ? { priority: f.priority } : {}),
  };
}

/** Commits: each writes new tasks (`n` fresh) or updates earlier ones (`n` < 0: the |n|-th task so far, fields replaced but its instance kept). */
const commits = fc.array(fc.array(fc.tuple(fc.boolean(), fc.nat(20), fields), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 6 });

const FILTERS = ['role', 'roles', 'assignee', 'candidateUser', 'dueBefore', 'dueAfter', 'followUpBefore', 'processId', 'instanceId', 'elementId', 'businessKey', 'state'] as const;

/** Up to three filters (more rarely match anything), and maybe a page and an order. */
const query: fc.Arbitrary<TaskQuery> = fc
  .tuple(
    fc.record({
      role: fc.constantFrom(...ROLES, 'audit', 'nobody'),
      roles: fc.uniqueArray(fc.constantFrom(...ROLES, 'audit'), { maxLength: 2 }),
      assignee: fc.constantFrom('ana', 'bo'),
      candidateUser: fc.constantFrom('ana', 'bo', 'cy', 'nobody'),
      // on and between the dates tasks have: strictness matters
      dueBefore: fc.integer({ min: 0, max: 8 }).map((h) => DAY0 + (h * HOUR) / 2),
      dueAfter: fc.integer({ min: 0, max: 8 }).map((h) => DAY0 + (h * HOUR) / 2),
      followUpBefore: fc.integer({ min: 0, max: 8 }).map((h) => DAY0 + (h * HOUR) / 2),
      processId: fc.constantFrom('order', 'invoice'),
      instanceId: fc.constantFrom('i1', 'i2', 'i3', 'i4'),
      elementId: fc.constantFrom('review', 'approve', 'ship'),
      businessKey: fc.constantFrom('b1', 'b2'),
      state: fc.oneof(fc.constantFrom(...STATES), fc.uniqueArray(fc.constantFrom(...STATES), { maxLength: 3 })),
    }),
    fc.subarray([...FILTERS], { maxLength: 3 }),
    // no page and no order in 3 of 5 queries (the common case a store may answer differently)
    fc.oneof(
      { weight: 3, arbitrary: fc.constant({}) },
      { weight: 2, arbitrary: fc.record({ limit: fc.integer({ min: 0, max: 6 }), offset: fc.integer({ min: 0, max: 6 }), sort: fc.constantFrom('createdAt' as const, '-createdAt' as const, 'priority' as const, '-priority' as const) }, { requiredKeys: [] }) },
    ),
  )
  .map(([all, keys, page]) => ({ ...Object.fromEntries(keys.map((k) => [k, all[k]])), ...page }) as TaskQuery);

/** The reference: every task in first-insertion order, filtered, sorted, paged. */
function fullScan(all: TaskRecord[], q: TaskQuery): TaskRecord[] {
  let out = all.filter((t) => matchesTaskQuery(t, q));
  const byId = (a: TaskRecord, b: TaskRecord) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  if (q.sort === 'createdAt' || q.sort === '-createdAt') {
    const dir = q.sort === '-createdAt' ? -1 : 1;
    out = [...out].sort((a, b) => dir * (a.createdAt - b.createdAt) || byId(a, b));
  } else if (q.sort) {
    // by priority (none counts as 50), ties oldest first, then by id — in both directions
    const dir = q.sort === '-priority' ? -1 : 1;
    out = [...out].sort((a, b) => dir * ((a.priority ?? 50) - (b.priority ?? 50)) || a.createdAt - b.createdAt || byId(a, b));
  }
  const from = q.offset ?? 0;
  return out.slice(from, q.limit === undefined ? undefined : from + q.limit);
}

const empty = (): Omit<CommitBatch, 'tasks'> => ({ instances: [], history: [], timers: { put: [], delete: [] }, subscriptions: { put: [], delete: [] }, messages: { put: [], delete: [] } });

/** Register the property as one test; `reopen` (optional) turns the written store into the one queried (e.g. restored from a snapshot). */
export function taskQueryProperty(name: string, path: string, createStore: () => Promise<Store> | Store, runs: number, reopen?: (s: Store) => Store): void {
  it(`Property (${name}): tasks.query on the store equals a full scan with matchesTaskQuery, in order, paged`, async () => {
    await fc.assert(
      fc.asyncProperty(commits, fc.array(query, { minLength: 1, maxLength: 12 }), async (plan, queries) => {
        let store = await createStore();
        try {
          const reference = new Map<string, TaskRecord>();
          let n = 0;
          for (const writes of plan) {
            // one record per task id and commit (as the engine writes them)
            const batch = new Map<string, TaskRecord>();
            for (const [update, pick, f] of writes) {
              const known = [...reference.values()];
              if (update && known.length > 0) {
                const old = known[pick % known.length]!;
                const local = Number(old.id.slice(old.id.indexOf('/') + 1));
                const rec = record(local, { ...f, instance: old.instanceId as Fields["instance"] });
                reference.set(rec.id, rec);
                batch.set(rec.id, rec);
              } else {
                const rec = record(++n, f);
                reference.set(rec.id, rec);
                batch.set(rec.id, rec);
              }
            }
            await store.commit({ ...empty(), tasks: [...batch.values()] });
          }
          if (reopen) store = reopen(store);
          const all = [...reference.values()];
          for (const q of [{}, ...queries]) expect(await store.queryTasks(q), JSON.stringify(q)).toEqual(fullScan(all, q));
          // the same queries at once (a store may group concurrent reads into one statement)
          const together = await Promise.all(queries.map((q) => store.queryTasks(q)));
          queries.forEach((q, i) => expect(together[i], `together: ${JSON.stringify(q)}`).toEqual(fullScan(all, q)));
        } finally {
          await store.close?.();
        }
      }),
      fcParams(`task query = full scan (${name})`, path, runs),
    );
  }, 120_000);
}
