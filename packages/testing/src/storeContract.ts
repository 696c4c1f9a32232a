/**
 * The store contract as a test suite: every `Store` adapter (memory, PGlite, PostgreSQL)
 * runs the same Given / When / Then scenarios, through the `Store` interface only, with
 * hand-built records. Call it from a vitest test file:
 *
 * @example
 * ```ts
 * import { memoryStore } from '@handoff/engine';
 * import { storeContract } from '@handoff/testing/contract';
 *
 * storeContract('memory', () => memoryStore());
 * ```
 *
 * Each test gets a fresh store from `createStore`; it is closed afterwards with
 * `options.close` (when given) or `store.close()`.
 *
 * @module
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ConcurrencyError,
  InvalidArgumentError,
  matchesTaskQuery,
  type BufferedMessage,
  type CommitBatch,
  type CorrelationKind,
  type DeploymentRecord,
  type HistoryRecord,
  type InstanceState,
  type Store,
  type SubscriptionRecord,
  type TaskQuery,
  type TaskRecord,
  type TimerRecord,
} from '@handoff/engine';

/** Options of {@link storeContract}. */
export interface StoreContractOptions {
  /** Release a store after each test; default `store.close?.()`. */
  close?: (s: Store) => Promise<void>;
}

// ------------------------------------------------------------------ builders

/** 2026-03-02T09:00+08:00 */
const T0 = Date.UTC(2026, 2, 2, 1, 0, 0);
const MIN = 60_000;
/** A far "until" that every SQL integer type accepts (unlike `Infinity`). */
const FAR = Number.MAX_SAFE_INTEGER;

/** `JSON.parse(JSON.stringify(x))`: what a store that persists JSON must give back. */
const json = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

const batch = (over: Partial<CommitBatch> = {}): CommitBatch => ({
  instances: [],
  history: [],
  timers: { put: [], delete: [] },
  tasks: [],
  subscriptions: { put: [], delete: [] },
  messages: { put: [], delete: [] },
  ...over,
});

const deployment = (processId: string, version: number, over: Partial<DeploymentRecord> = {}): DeploymentRecord => ({
  key: `${processId}:${version}`,
  processId,
  version,
  xml: `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d-${processId}"><bpmn:process id="${processId}" isExecutable="true" /></bpmn:definitions>`,
  deployedAt: T0 + version,
  ...over,
});

const instance = (id: string, over: Partial<InstanceState> = {}): InstanceState => ({
  v: 1,
  id,
  processId: 'order',
  processVersion: 1,
  businessKey: `bk-${id}`,
  status: 'active',
  variables: { amount: 120.5, customer: { name: 'Lǐ Wěi "quoted" \\ 😀', tags: ['vip', 'b2b'] }, approved: false, note: null, items: [[1, 2], []] },
  rev: 1,
  seq: 4,
  startedAt: T0,
  ex: [
    { id: 1, n: 0, s: 0 },
    { id: 2, n: 3, s: 0, f: 1, w: 'task', task: { id: 3, st: 'claimed', at: T0, a: 'ana', g: ['sales', 'desk'] } },
  ],
  timers: [{ id: 4, ex: 2, n: 5, due: T0 + 30 * MIN, k: 0 }],
  subs: [{ id: 5, ex: 2, n: 6, m: 'paid', ck: 'order-7' }],
  incidents: [{ id: 6, ex: 2, n: 3, code: 'JOB_FAILED', message: 'boom', at: T0, phase: 'job' }],
  ...over,
});

const task = (id: string, over: Partial<TaskRecord> = {}): TaskRecord => ({
  id,
  instanceId: id.split('/')[0]!,
  processId: 'order',
  businessKey: 'bk-1',
  elementId: 'review',
  name: 'Review order',
  role: 'sales',
  candidateGroups: [],
  state: 'open',
  createdAt: T0,
  ...over,
});

const entered = (instanceId: string, elementId: string, at = T0): HistoryRecord => ({
  type: 'activity.entered',
  at,
  instanceId,
  processId: 'order',
  businessKey: `bk-${instanceId}`,
  elementId,
  elementType: 'userTask',
  elementName: `Do ${elementId}`,
});

const taskCreated = (instanceId: string, t: TaskRecord): HistoryRecord => ({
  type: 'task.created',
  at: t.createdAt,
  instanceId,
  processId: t.processId,
  elementId: t.elementId,
  elementType: 'userTask',
  task: t,
  actor: { id: 'engine', roles: [] },
});

const timer = (id: string, dueAt: number, over: Partial<TimerRecord> = {}): TimerRecord => ({
  id,
  kind: 'instance',
  dueAt,
  ...(over.kind === undefined || over.kind === 'instance' ? { instanceId: id.split('/')[0]!, localId: Number(id.split('/')[1] ?? 0) } : {}),
  ...over,
});

const subscription = (id: string, messageName: string, keyKind: CorrelationKind, key: string | undefined, createdAt: number): SubscriptionRecord => ({
  id,
  instanceId: id.split('/')[0]!,
  localId: Number(id.split('/')[1] ?? 0),
  messageName,
  keyKind,
  ...(key !== undefined ? { key } : {}),
  createdAt,
});

const message = (id: string, messageName: string, keyKind: CorrelationKind, key: string, bufferedAt: number, expiresAt: number, payload: Record<string, unknown> = { id }): BufferedMessage => ({
  id,
  messageName,
  keyKind,
  key,
  payload,
  bufferedAt,
  expiresAt,
});

/** Mutate a value read from the store; a store may hand out frozen records, so a throw is fine too. */
const tryMutate = (fn: () => void): void => {
  try {
    fn();
  } catch {
    // frozen: the store is safe either way
  }
};

const ids = (xs: { id: string }[]): string[] => xs.map((x) => x.id);
const sortedIds = (xs: { id: string }[]): string[] => ids(xs).sort();

/** Commit new instances (`expectedRev: null`, `rev: 1`). */
const create = (store: Store, ...states: InstanceState[]): Promise<void> =>
  store.commit(batch({ instances: states.map((state) => ({ state, expectedRev: null })) }));

/** Everything observable about the given instances and message names, for all-or-nothing checks. */
async function contents(store: Store, instanceIds: string[], keys: [string, CorrelationKind, string][]) {
  return {
    deployments: await store.getDeployments(),
    instances: (await store.listInstances()).sort((a, b) => a.id.localeCompare(b.id)),
    history: await Promise.all(instanceIds.map((id) => store.history(id))),
    tasks: (await store.queryTasks({})).sort((a, b) => a.id.localeCompare(b.id)),
    timers: await store.dueTimers(FAR, 1000),
    nextDue: await store.nextDue(),
    subscriptions: await Promise.all(keys.map(([n, k, key]) => store.findSubscriptions(n, k, key))),
    messages: await Promise.all(keys.map(([n, k, key]) => store.findMessages(n, k, key, 0))),
  };
}

/** Assert `p` rejects with a `ConcurrencyError` for `instanceId`. */
async function expectConflict(p: Promise<unknown>, instanceId: string): Promise<void> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ConcurrencyError);
  expect((err as ConcurrencyError).code).toBe('VERSION_CONFLICT');
  expect((err as ConcurrencyError).instanceId).toBe(instanceId);
}

// ------------------------------------------------------------------ the suite

/**
 * Register the store contract suite (`describe('store contract: <name>')`) for a store
 * factory. Every adapter must pass it unchanged.
 */
export function storeContract(name: string, createStore: () => Promise<Store> | Store, options: StoreContractOptions = {}): void {
  describe(`store contract: ${name}`, () => {
    let store: Store;

    beforeEach(async () => {
      store = await createStore();
    });

    afterEach(async () => {
      if (options.close) await options.close(store);
      else await store.close?.();
    });

    describe('Feature: deployments', () => {
      it('Scenario: deployments are stored with every field and returned in insertion order', async () => {
        // given
        const a = deployment('order', 1, { name: 'Order', roles: { Lane_sales: 'sales', Lane_desk: 'desk' }, sla: [{ id: 'answer', limit: 'PT4H', calendar: 'office', escalate: [{ after: 'PT1H', notify: 'lead' }] }] });
        const b = deployment('invoice', 1);
        const c = deployment('order', 2, { name: 'Order v2' });
        // when
        await store.commit(batch({ deployments: [a, b] }));
        await store.commit(batch({ deployments: [c] }));
        // then
        expect(await store.getDeployments()).toStrictEqual(json([a, b, c]));
      });

      it('Scenario: a fresh store has no deployments, instances, timers or tasks', async () => {
        // then
        expect(await store.getDeployments()).toEqual([]);
        expect(await store.listInstances()).toEqual([]);
        expect(await store.getInstance('inst-1')).toBeUndefined();
        expect(await store.history('inst-1')).toEqual([]);
        expect(await store.getTask('inst-1/1')).toBeUndefined();
        expect(await store.queryTasks({})).toEqual([]);
        expect(await store.dueTimers(FAR, 10)).toEqual([]);
        expect(await store.nextDue()).toBeUndefined();
        expect(await store.getTimer('inst-1/1')).toBeUndefined();
        expect(await store.findSubscriptions('paid', 'business', 'bk-1')).toEqual([]);
        expect(await store.findMessages('paid', 'business', 'bk-1', T0)).toEqual([]);
      });

      it('Scenario: a returned deployment is a copy', async () => {
        // given
        await store.commit(batch({ deployments: [deployment('order', 1, { roles: { Lane_sales: 'sales' } })] }));
        // when
        const [d] = await store.getDeployments();
        tryMutate(() => {
          d!.xml = 'changed';
          d!.roles!.Lane_sales = 'hacked';
        });
        tryMutate(() => {
          d!.roles = {};
        });
        // then
        expect(await store.getDeployments()).toStrictEqual(json([deployment('order', 1, { roles: { Lane_sales: 'sales' } })]));
      });
    });

    describe('Feature: instances and optimistic concurrency', () => {
      it('Scenario: a new instance is created with expectedRev null and loads as it was committed, through JSON', async () => {
        // given
        const s = instance('inst-1', { sla: [{ id: 7, p: 'answer', t0: T0, seg: T0, acc: 0, stage: 0, timer: 8 }] });
        // when
        await create(store, s);
        // then
        expect(await store.getInstance('inst-1')).toStrictEqual(json(s));
        expect((await store.getInstance('inst-1'))?.rev).toBe(1);
      });

      it('Scenario: a state with compensation records and a running compensation queue loads as it was committed', async () => {
        // given: completed executions kept for compensation (one with a subprocess's locals), a throw waiting on its handlers
        const s = instance('inst-1', {
          comp: [{ id: 9, n: 4, s: 0 }, { id: 11, n: 7, s: 12, v: { passenger: 'ann', loopCounter: 1 } }, { id: 12, n: 6, s: 0 }],
          ex: [{ id: 2, n: 8, s: 0, w: 'event', cmp: { s: 0, run: 13, q: [{ h: 9, v: { passenger: 'bo' } }, { h: 10 }] } }, { id: 13, n: 10, s: 0, ch: 2 }],
        });
        // when
        await create(store, s);
        // then
        expect(await store.getInstance('inst-1')).toStrictEqual(json(s));
      });

      it('Scenario: a state with no business key and undefined fields round-trips like JSON.stringify', async () => {
        // given
        const s = instance('inst-1', { businessKey: undefined, endedAt: undefined, variables: { a: undefined, b: [1, null], c: 1e-7, d: -42, e: 2 ** 53 - 1 } });
        // when
        await create(store, s);
        // then
        const loaded = await store.getInstance('inst-1');
        expect(loaded).toStrictEqual(json(s));
        expect(loaded && 'businessKey' in loaded).toBe(false);
      });

      it('Scenario: executions waiting in listener phases (a listener job in flight, a task transition decided by listeners) round-trip through JSON', async () => {
        // given
        const s = instance('inst-1', {
          ex: [
            { id: 1, n: 2, s: 0, f: 0, w: 'job', l: { p: 'end', i: 1, fl: [3] }, job: { id: 7, left: 2, attempt: 2, retryTimer: 8 }, v: { local: 1 } },
            { id: 2, n: 3, s: 0, w: 'job', task: { id: 3, st: 'claimed', at: T0, a: 'ana' }, l: { p: 'completing', i: 0, o: { approved: true }, a: { id: 'ana', roles: ['sales'] } }, job: { id: 9, left: 3, attempt: 1 } },
            { id: 4, n: 4, s: 0, f: 2, tk: 1, w: 'job', l: { p: 'assigning', i: 0, as: null, ev: 'task.unclaimed', cor: 1 }, job: { id: 10, left: 1, attempt: 1 } },
          ],
        });
        // when
        await create(store, s);
        // then
        expect(await store.getInstance('inst-1')).toStrictEqual(json(s));
      });

      it('Scenario: a second create of the same id is a ConcurrencyError and writes nothing', async () => {
        // given
        const first = instance('inst-1');
        await create(store, first);
        const before = await contents(store, ['inst-1'], [['paid', 'business', 'bk-1']]);
        // when
        const again = instance('inst-1', { variables: { other: true } });
        const p = store.commit(batch({
          instances: [{ state: again, expectedRev: null }],
          history: [entered('inst-1', 'dup')],
          timers: { put: [timer('inst-1/9', T0)], delete: [] },
          tasks: [task('inst-1/9')],
          subscriptions: { put: [subscription('inst-1/9', 'paid', 'business', 'bk-1', T0)], delete: [] },
          messages: { put: [message('m-1', 'paid', 'business', 'bk-1', T0, T0 + 60 * MIN)], delete: [] },
          deployments: [deployment('dup', 1)],
        }));
        // then
        await expectConflict(p, 'inst-1');
        expect(await store.getInstance('inst-1')).toStrictEqual(json(first));
        expect(await contents(store, ['inst-1'], [['paid', 'business', 'bk-1']])).toStrictEqual(before);
      });

      it('Scenario: an update with the right expectedRev writes the new state', async () => {
        // given
        await create(store, instance('inst-1'));
        // when
        const next = instance('inst-1', { rev: 2, status: 'completed', endedAt: T0 + MIN, ex: [], timers: [], subs: [], incidents: [], variables: { amount: 99 } });
        await store.commit(batch({ instances: [{ state: next, expectedRev: 1 }] }));
        // then
        expect(await store.getInstance('inst-1')).toStrictEqual(json(next));
        // and the next update must name rev 2
        await expectConflict(store.commit(batch({ instances: [{ state: instance('inst-1', { rev: 2 }), expectedRev: 1 }] })), 'inst-1');
        await store.commit(batch({ instances: [{ state: instance('inst-1', { rev: 3 }), expectedRev: 2 }] }));
        expect((await store.getInstance('inst-1'))?.rev).toBe(3);
      });

      it('Scenario: an update of an instance that does not exist is a ConcurrencyError', async () => {
        // when
        const p = store.commit(batch({ instances: [{ state: instance('inst-404', { rev: 4 }), expectedRev: 3 }] }));
        // then
        await expectConflict(p, 'inst-404');
        expect(await store.getInstance('inst-404')).toBeUndefined();
      });

      it('Scenario: a stale expectedRev writes nothing of the whole batch (all-or-nothing)', async () => {
        // given an instance at rev 2 with history, a timer, a task, a subscription and a buffered message
        await store.commit(batch({
          instances: [{ state: instance('inst-1'), expectedRev: null }],
          history: [entered('inst-1', 'start')],
          timers: { put: [timer('inst-1/4', T0 + 30 * MIN)], delete: [] },
          tasks: [task('inst-1/3')],
          subscriptions: { put: [subscription('inst-1/5', 'paid', 'business', 'bk-inst-1', T0)], delete: [] },
          messages: { put: [message('m-1', 'shipped', 'correlation', 'order-7', T0, T0 + 60 * MIN)], delete: [] },
        }));
        await store.commit(batch({ instances: [{ state: instance('inst-1', { rev: 2 }), expectedRev: 1 }] }));
        const keys: [string, CorrelationKind, string][] = [['paid', 'business', 'bk-inst-1'], ['shipped', 'correlation', 'order-7']];
        const before = await contents(store, ['inst-1'], keys);
        // when a batch read at rev 1 arrives, changing and deleting everything
        const p = store.commit(batch({
          instances: [{ state: instance('inst-1', { rev: 2, status: 'terminated' }), expectedRev: 1 }],
          history: [entered('inst-1', 'late'), entered('inst-2', 'late')],
          timers: { put: [timer('inst-1/10', T0), timer('start/x', T0, { kind: 'start', processKey: 'order:1', node: 0, count: 1 })], delete: ['inst-1/4'] },
          tasks: [task('inst-1/3', { state: 'cancelled', endedAt: T0 }), task('inst-1/11')],
          subscriptions: { put: [subscription('inst-1/12', 'paid', 'business', 'bk-inst-1', T0 + 1)], delete: ['inst-1/5'] },
          messages: { put: [message('m-2', 'shipped', 'correlation', 'order-7', T0 + 1, T0 + 60 * MIN)], delete: ['m-1'] },
          deployments: [deployment('late', 1)],
        }));
        // then
        await expectConflict(p, 'inst-1');
        expect(await contents(store, ['inst-1', 'inst-2'], keys)).toStrictEqual({ ...before, history: [...before.history, []] });
        expect(await store.getTimer('start/x')).toBeUndefined();
        expect(await store.getTask('inst-1/11')).toBeUndefined();
      });

      it('Scenario: a batch of two instances where the second is stale writes neither', async () => {
        // given
        await create(store, instance('inst-1'), instance('inst-2'));
        await store.commit(batch({ instances: [{ state: instance('inst-2', { rev: 2 }), expectedRev: 1 }] }));
        // when
        const p = store.commit(batch({
          instances: [
            { state: instance('inst-1', { rev: 2, status: 'completed' }), expectedRev: 1 },
            { state: instance('inst-2', { rev: 2, status: 'completed' }), expectedRev: 1 },
          ],
          history: [entered('inst-1', 'end'), entered('inst-2', 'end')],
        }));
        // then
        await expectConflict(p, 'inst-2');
        expect(await store.getInstance('inst-1')).toStrictEqual(json(instance('inst-1')));
        expect(await store.getInstance('inst-2')).toStrictEqual(json(instance('inst-2', { rev: 2 })));
        expect(await store.history('inst-1')).toEqual([]);
        expect(await store.history('inst-2')).toEqual([]);
      });

      it('Scenario: a batch creating a new instance and updating another writes both', async () => {
        // given
        await create(store, instance('inst-1'));
        // when
        await store.commit(batch({
          instances: [
            { state: instance('inst-1', { rev: 2 }), expectedRev: 1 },
            { state: instance('inst-2'), expectedRev: null },
          ],
        }));
        // then
        expect((await store.getInstance('inst-1'))?.rev).toBe(2);
        expect((await store.getInstance('inst-2'))?.rev).toBe(1);
      });

      it('Scenario: loaded states are copies; mutating one, or the committed object, does not change the store', async () => {
        // given
        const s = instance('inst-1');
        await create(store, s);
        // when
        const loaded = (await store.getInstance('inst-1'))!;
        loaded.status = 'terminated';
        (loaded.variables.customer as { tags: string[] }).tags.push('hacked');
        loaded.ex[1]!.task!.g!.push('hacked');
        const [listed] = await store.listInstances();
        listed!.variables.amount = 0;
        tryMutate(() => {
          s.variables.amount = -1;
          s.ex.length = 0;
        });
        // then
        expect(await store.getInstance('inst-1')).toStrictEqual(json(instance('inst-1')));
        expect(await store.listInstances()).toStrictEqual([json(instance('inst-1'))]);
      });

      it('Scenario: listInstances filters by processId, status and businessKey, combined with AND', async () => {
        // given
        await create(
          store,
          instance('inst-1', { processId: 'order', status: 'active', businessKey: 'A' }),
          instance('inst-2', { processId: 'order', status: 'completed', businessKey: 'B' }),
          instance('inst-3', { processId: 'invoice', status: 'active', businessKey: 'A' }),
          instance('inst-4', { processId: 'invoice', status: 'terminated', businessKey: undefined }),
        );
        const list = async (q?: Parameters<Store['listInstances']>[0]) => sortedIds(await store.listInstances(q));
        // then
        expect(await list()).toEqual(['inst-1', 'inst-2', 'inst-3', 'inst-4']);
        expect(await list({})).toEqual(['inst-1', 'inst-2', 'inst-3', 'inst-4']);
        expect(await list({ processId: 'order' })).toEqual(['inst-1', 'inst-2']);
        expect(await list({ status: 'active' })).toEqual(['inst-1', 'inst-3']);
        expect(await list({ status: 'terminated' })).toEqual(['inst-4']);
        expect(await list({ businessKey: 'A' })).toEqual(['inst-1', 'inst-3']);
        expect(await list({ processId: 'invoice', status: 'active' })).toEqual(['inst-3']);
        expect(await list({ processId: 'order', businessKey: 'A', status: 'completed' })).toEqual([]);
        expect(await list({ processId: 'nope' })).toEqual([]);
      });

      it('Scenario: listInstances sees the latest committed state', async () => {
        // given
        await create(store, instance('inst-1'));
        // when
        await store.commit(batch({ instances: [{ state: instance('inst-1', { rev: 2, status: 'completed' }), expectedRev: 1 }] }));
        // then
        expect(sortedIds(await store.listInstances({ status: 'active' }))).toEqual([]);
        expect(await store.listInstances({ status: 'completed' })).toStrictEqual([json(instance('inst-1', { rev: 2, status: 'completed' }))]);
      });
    });

    describe('Feature: history', () => {
      it('Scenario: history is appended in commit order per instance, oldest first, equal to what was committed', async () => {
        // given
        const t = task('inst-1/3', { candidateGroups: ['desk'], assignee: 'ana', dueAt: T0 + 60 * MIN, formKey: 'review-form' });
        const h1 = [entered('inst-1', 'start'), taskCreated('inst-1', t)];
        const h2 = [entered('inst-2', 'start')];
        const h3 = [entered('inst-1', 'review', T0 - MIN)];
        const expected1 = json([...h1, ...h3]);
        const expected2 = json(h2);
        // when
        await store.commit(batch({ instances: [{ state: instance('inst-1'), expectedRev: null }], history: h1 }));
        await store.commit(batch({ instances: [{ state: instance('inst-2'), expectedRev: null }], history: h2 }));
        await store.commit(batch({ instances: [{ state: instance('inst-1', { rev: 2 }), expectedRev: 1 }], history: h3 }));
        // then commit order, not `at` order
        expect(await store.history('inst-1')).toStrictEqual(expected1);
        expect(await store.history('inst-2')).toStrictEqual(expected2);
        expect(await store.history('inst-3')).toEqual([]);
      });

      it('Scenario: one batch may carry history of several instances', async () => {
        // when
        await store.commit(batch({ history: [entered('inst-1', 'a'), entered('inst-2', 'b'), entered('inst-1', 'c')] }));
        // then
        expect((await store.history('inst-1')).map((h) => (h as { elementId: string }).elementId)).toEqual(['a', 'c']);
        expect((await store.history('inst-2')).map((h) => (h as { elementId: string }).elementId)).toEqual(['b']);
      });

      it('Scenario: returned history records are copies', async () => {
        // given
        const t = task('inst-1/3', { candidateGroups: ['desk'] });
        await store.commit(batch({ history: [taskCreated('inst-1', t)] }));
        const expected = json([taskCreated('inst-1', task('inst-1/3', { candidateGroups: ['desk'] }))]);
        // when
        const [rec] = await store.history('inst-1');
        tryMutate(() => {
          (rec as { at: number }).at = 0;
        });
        tryMutate(() => {
          (rec as { task: TaskRecord }).task.state = 'completed';
        });
        tryMutate(() => {
          (rec as { task: TaskRecord }).task.candidateGroups.push('hacked');
        });
        // then
        expect(await store.history('inst-1')).toStrictEqual(expected);
      });
    });

    describe('Feature: timers', () => {
      it('Scenario: dueTimers returns only timers due at or before `until`, by dueAt then commit order, at most `limit`', async () => {
        // given
        await store.commit(batch({ timers: { put: [timer('inst-1/1', T0 + 5 * MIN), timer('inst-2/1', T0 + MIN)], delete: [] } }));
        await store.commit(batch({ timers: { put: [timer('inst-3/1', T0 + MIN), timer('inst-0/1', T0 + MIN), timer('inst-4/1', T0 + 10 * MIN)], delete: [] } }));
        // then
        expect(ids(await store.dueTimers(T0 + 5 * MIN, 100))).toEqual(['inst-2/1', 'inst-3/1', 'inst-0/1', 'inst-1/1']);
        expect(ids(await store.dueTimers(T0 + 5 * MIN - 1, 100))).toEqual(['inst-2/1', 'inst-3/1', 'inst-0/1']);
        expect(ids(await store.dueTimers(T0 + 5 * MIN, 2))).toEqual(['inst-2/1', 'inst-3/1']);
        expect(ids(await store.dueTimers(T0 + 5 * MIN, 1))).toEqual(['inst-2/1']);
        expect(ids(await store.dueTimers(T0, 100))).toEqual([]);
        // and reading does not consume them
        expect(ids(await store.dueTimers(FAR, 100))).toEqual(['inst-2/1', 'inst-3/1', 'inst-0/1', 'inst-1/1', 'inst-4/1']);
      });

      it('Scenario: timers of every kind are returned with all their fields', async () => {
        // given
        const all = [
          timer('inst-1/4', T0 + 1),
          timer('start:order:1/2', T0 + 2, { kind: 'start', processKey: 'order:1', node: 2, count: 3 }),
          timer('message/m-1', T0 + 3, { kind: 'message-expiry', messageId: 'm-1', message: { name: 'paid', keyKind: 'correlation', key: 'order-7' } }),
        ];
        // when
        await store.commit(batch({ timers: { put: all, delete: [] } }));
        // then
        expect(await store.dueTimers(FAR, 10)).toStrictEqual(json(all));
        expect(await store.getTimer('message/m-1')).toStrictEqual(json(all[2]));
        expect(await store.getTimer('start:order:1/2')).toStrictEqual(json(all[1]));
        expect(await store.getTimer('nope')).toBeUndefined();
      });

      it('Scenario: nextDue is the earliest dueAt, and follows deletes', async () => {
        // given
        await store.commit(batch({ timers: { put: [timer('inst-1/1', T0 + 5 * MIN), timer('inst-2/1', T0 + 2 * MIN), timer('inst-3/1', T0 + 9 * MIN)], delete: [] } }));
        // then
        expect(await store.nextDue()).toBe(T0 + 2 * MIN);
        // when
        await store.commit(batch({ timers: { put: [], delete: ['inst-2/1', 'nope'] } }));
        // then
        expect(await store.nextDue()).toBe(T0 + 5 * MIN);
        expect(await store.getTimer('inst-2/1')).toBeUndefined();
        expect(ids(await store.dueTimers(FAR, 10))).toEqual(['inst-1/1', 'inst-3/1']);
        // when
        await store.commit(batch({ timers: { put: [], delete: ['inst-1/1', 'inst-3/1'] } }));
        // then
        expect(await store.nextDue()).toBeUndefined();
        expect(await store.dueTimers(FAR, 10)).toEqual([]);
      });

      it('Scenario: a put with an existing id replaces the timer; the old due time no longer returns it', async () => {
        // given
        await store.commit(batch({ timers: { put: [timer('inst-1/1', T0 + MIN), timer('inst-2/1', T0 + 3 * MIN)], delete: [] } }));
        // when
        await store.commit(batch({ timers: { put: [timer('inst-1/1', T0 + 5 * MIN, { localId: 1 })], delete: [] } }));
        // then
        expect(ids(await store.dueTimers(T0 + 2 * MIN, 10))).toEqual([]);
        expect(ids(await store.dueTimers(FAR, 10))).toEqual(['inst-2/1', 'inst-1/1']);
        expect(await store.nextDue()).toBe(T0 + 3 * MIN);
        expect(await store.getTimer('inst-1/1')).toStrictEqual(json(timer('inst-1/1', T0 + 5 * MIN)));
        // when moved earlier again
        await store.commit(batch({ timers: { put: [timer('inst-1/1', T0)], delete: [] } }));
        // then
        expect(await store.nextDue()).toBe(T0);
        expect(ids(await store.dueTimers(FAR, 10))).toEqual(['inst-1/1', 'inst-2/1']);
      });

      it('Scenario: in one batch, deletes apply before puts (a timer deleted and re-put exists afterwards)', async () => {
        // given
        await store.commit(batch({ timers: { put: [timer('inst-1/1', T0 + MIN)], delete: [] } }));
        // when
        await store.commit(batch({ timers: { put: [timer('inst-1/1', T0 + 2 * MIN)], delete: ['inst-1/1'] } }));
        // then
        expect(await store.getTimer('inst-1/1')).toStrictEqual(json(timer('inst-1/1', T0 + 2 * MIN)));
        expect(await store.nextDue()).toBe(T0 + 2 * MIN);
      });

      it('Scenario: a returned timer is a copy', async () => {
        // given
        await store.commit(batch({ timers: { put: [timer('message/m-1', T0, { kind: 'message-expiry', message: { name: 'paid', keyKind: 'business', key: 'A' } })], delete: [] } }));
        // when
        const [t] = await store.dueTimers(FAR, 1);
        tryMutate(() => {
          t!.dueAt = 0;
          t!.message = { name: 'other', keyKind: 'business', key: 'B' };
        });
        tryMutate(() => {
          t!.message!.key = 'B';
        });
        // then
        expect((await store.getTimer('message/m-1'))?.message).toEqual({ name: 'paid', keyKind: 'business', key: 'A' });
        expect(await store.nextDue()).toBe(T0);
      });
    });

    describe('Feature: task projection', () => {
      const tasks: TaskRecord[] = [
        task('inst-1/1', { role: 'sales', candidateGroups: [], candidateUsers: ['cy'], state: 'open', elementId: 'review', businessKey: 'A', dueAt: T0 + 60 * MIN, priority: 80 }),
        task('inst-1/2', { role: undefined, candidateGroups: ['desk', 'lead'], candidateUsers: ['cy', 'dee'], state: 'claimed', assignee: 'ana', elementId: 'approve', businessKey: 'A', dueAt: T0 + 120 * MIN, followUpAt: T0 + 30 * MIN }),
        task('inst-2/1', { role: 'sales', candidateGroups: ['lead'], state: 'completed', assignee: 'bo', completedBy: 'bo', endedAt: T0 + MIN, businessKey: 'B' }),
        task('inst-3/1', { processId: 'invoice', role: undefined, candidateGroups: [], state: 'cancelled', endedAt: T0 + MIN, businessKey: undefined, elementId: 'pay' }),
        task('inst-3/2', { processId: 'invoice', role: 'desk', candidateGroups: ['desk'], state: 'open', businessKey: undefined, elementId: 'pay', dueAt: T0 + 30 * MIN, followUpAt: T0 + 90 * MIN, priority: 10 }),
      ].map((t) => json(t));

      const table: [string, TaskQuery, string[]][] = [
        ['everything', {}, ['inst-1/1', 'inst-1/2', 'inst-2/1', 'inst-3/1', 'inst-3/2']],
        ['role: lane role', { role: 'sales' }, ['inst-1/1', 'inst-2/1']],
        ['role: candidate group', { role: 'lead' }, ['inst-1/2', 'inst-2/1']],
        ['role: lane role equal to a group', { role: 'desk' }, ['inst-1/2', 'inst-3/2']],
        ['role nobody has', { role: 'nobody' }, []],
        ['roles: any of', { roles: ['sales', 'desk'] }, ['inst-1/1', 'inst-1/2', 'inst-2/1', 'inst-3/2']],
        ['roles: empty list matches nothing', { roles: [] }, []],
        ['role and roles: any of both', { role: 'lead', roles: ['sales'] }, ['inst-1/1', 'inst-1/2', 'inst-2/1']],
        ['assignee', { assignee: 'ana' }, ['inst-1/2']],
        ['processId', { processId: 'invoice' }, ['inst-3/1', 'inst-3/2']],
        ['instanceId', { instanceId: 'inst-1' }, ['inst-1/1', 'inst-1/2']],
        ['elementId', { elementId: 'pay' }, ['inst-3/1', 'inst-3/2']],
        ['businessKey', { businessKey: 'A' }, ['inst-1/1', 'inst-1/2']],
        ['state: one', { state: 'open' }, ['inst-1/1', 'inst-3/2']],
        ['state: a list', { state: ['claimed', 'completed'] }, ['inst-1/2', 'inst-2/1']],
        ['state: empty list matches nothing', { state: [] }, []],
        ['combined with AND', { processId: 'order', role: 'lead', state: ['open', 'claimed'] }, ['inst-1/2']],
        ['role and assignee', { role: 'sales', assignee: 'bo' }, ['inst-2/1']],
        ['candidateUser', { candidateUser: 'cy' }, ['inst-1/1', 'inst-1/2']],
        ['candidateUser: an assignee is not a candidate', { candidateUser: 'ana' }, []],
        ['candidateUser and role', { candidateUser: 'cy', role: 'sales' }, ['inst-1/1']],
        ['dueBefore (strictly)', { dueBefore: T0 + 60 * MIN }, ['inst-3/2']],
        ['dueAfter (strictly)', { dueAfter: T0 + 60 * MIN }, ['inst-1/2']],
        ['dueAfter and dueBefore', { dueAfter: T0, dueBefore: T0 + 121 * MIN }, ['inst-1/1', 'inst-1/2', 'inst-3/2']],
        ['followUpBefore', { followUpBefore: T0 + 90 * MIN }, ['inst-1/2']],
      ];

      it.each(table)('Scenario: queryTasks by %s', async (_label, q, expected) => {
        // given
        await store.commit(batch({ tasks }));
        // when
        const found = await store.queryTasks(q);
        // then the store agrees with matchesTaskQuery, and with the expected ids
        expect(sortedIds(tasks.filter((t) => matchesTaskQuery(t, q)))).toEqual(expected);
        expect(sortedIds(found)).toEqual(expected);
        expect([...found].sort((a, b) => a.id.localeCompare(b.id))).toStrictEqual(tasks.filter((t) => expected.includes(t.id)));
      });

      it('Scenario: tasks are upserted by id; getTask and queryTasks see the latest record', async () => {
        // given
        await store.commit(batch({ tasks: [task('inst-1/1'), task('inst-1/2')] }));
        // when
        const done = task('inst-1/1', { state: 'completed', assignee: 'ana', completedBy: 'ana', endedAt: T0 + MIN });
        await store.commit(batch({ tasks: [done] }));
        // then
        expect(await store.getTask('inst-1/1')).toStrictEqual(json(done));
        expect(sortedIds(await store.queryTasks({}))).toEqual(['inst-1/1', 'inst-1/2']);
        expect(sortedIds(await store.queryTasks({ state: 'open' }))).toEqual(['inst-1/2']);
        expect(sortedIds(await store.queryTasks({ assignee: 'ana' }))).toEqual(['inst-1/1']);
        expect(await store.getTask('inst-9/1')).toBeUndefined();
      });

      it('Scenario: a returned task is a copy', async () => {
        // given
        await store.commit(batch({ tasks: [task('inst-1/1', { candidateGroups: ['desk'] })] }));
        // when
        const got = (await store.getTask('inst-1/1'))!;
        const [queried] = await store.queryTasks({});
        tryMutate(() => {
          got.state = 'completed';
          queried!.assignee = 'mallory';
        });
        tryMutate(() => {
          got.candidateGroups = ['hacked'];
          queried!.role = 'hacked';
        });
        // then
        expect(await store.getTask('inst-1/1')).toStrictEqual(json(task('inst-1/1', { candidateGroups: ['desk'] })));
        expect(await store.queryTasks({ role: 'hacked' })).toEqual([]);
      });

      it('Scenario: nested parts are not shared — neither with the committed record nor with what a read returns', async () => {
        // given
        const committed = task('inst-1/1', { candidateGroups: ['desk'] });
        await store.commit(batch({ tasks: [committed] }));
        // when
        tryMutate(() => committed.candidateGroups.push('after-commit'));
        const got = (await store.getTask('inst-1/1'))!;
        tryMutate(() => got.candidateGroups.push('after-read'));
        // then
        expect((await store.getTask('inst-1/1'))?.candidateGroups).toEqual(['desk']);
        expect(await store.queryTasks({ role: 'after-read' })).toEqual([]);
      });
    });

    describe('Feature: task query order and pages', () => {
      /** Five tasks committed in this order; createdAt ties between inst-2/1 and inst-1/2. */
      const seeded = async () => {
        await store.commit(batch({ tasks: [task('inst-3/1', { createdAt: T0 + 3 * MIN }), task('inst-1/2', { createdAt: T0 + MIN })] }));
        await store.commit(batch({ tasks: [task('inst-2/1', { createdAt: T0 + MIN }), task('inst-1/1', { createdAt: T0 })] }));
        await store.commit(batch({ tasks: [task('inst-4/1', { createdAt: T0 + 2 * MIN, role: 'desk' })] }));
      };

      it('Scenario: the default order is the order the store first saw the tasks, kept across updates', async () => {
        // given
        await seeded();
        // when the first task is claimed and a later one completed
        await store.commit(batch({ tasks: [task('inst-3/1', { createdAt: T0 + 3 * MIN, state: 'claimed', assignee: 'ana' }), task('inst-2/1', { createdAt: T0 + MIN, state: 'completed' })] }));
        // then
        expect(ids(await store.queryTasks({}))).toEqual(['inst-3/1', 'inst-1/2', 'inst-2/1', 'inst-1/1', 'inst-4/1']);
        expect(ids(await store.queryTasks({ role: 'sales' }))).toEqual(['inst-3/1', 'inst-1/2', 'inst-2/1', 'inst-1/1']);
        expect(ids(await store.queryTasks({ state: ['open', 'claimed'] }))).toEqual(['inst-3/1', 'inst-1/2', 'inst-1/1', 'inst-4/1']);
      });

      it("Scenario: sort 'createdAt' and '-createdAt' order by creation time, ties by id", async () => {
        // given
        await seeded();
        // then
        expect(ids(await store.queryTasks({ sort: 'createdAt' }))).toEqual(['inst-1/1', 'inst-1/2', 'inst-2/1', 'inst-4/1', 'inst-3/1']);
        expect(ids(await store.queryTasks({ sort: '-createdAt' }))).toEqual(['inst-3/1', 'inst-4/1', 'inst-1/2', 'inst-2/1', 'inst-1/1']);
      });

      it("Scenario: sort '-priority' puts the highest priority first, 'priority' the lowest; none counts as 50; ties oldest first, then by id", async () => {
        // given tasks of priority 90, 10, none (50), 50, and two of 90 created at once
        await store.commit(batch({ tasks: [task('inst-1/1', { createdAt: T0, priority: 90 }), task('inst-1/2', { createdAt: T0, priority: 10 }), task('inst-2/1', { createdAt: T0 + MIN })] }));
        await store.commit(batch({ tasks: [task('inst-2/2', { createdAt: T0 - MIN, priority: 50 }), task('inst-0/1', { createdAt: T0, priority: 90 })] }));
        // then
        expect(ids(await store.queryTasks({ sort: '-priority' }))).toEqual(['inst-0/1', 'inst-1/1', 'inst-2/2', 'inst-2/1', 'inst-1/2']);
        expect(ids(await store.queryTasks({ sort: 'priority' }))).toEqual(['inst-1/2', 'inst-2/2', 'inst-2/1', 'inst-0/1', 'inst-1/1']);
        expect(ids(await store.queryTasks({ sort: '-priority', limit: 2, offset: 1 }))).toEqual(['inst-1/1', 'inst-2/2']);
      });

      it('Scenario: limit and offset take one page of the matches, in the query order', async () => {
        // given
        await seeded();
        // then
        expect(ids(await store.queryTasks({ limit: 2 }))).toEqual(['inst-3/1', 'inst-1/2']);
        expect(ids(await store.queryTasks({ limit: 2, offset: 2 }))).toEqual(['inst-2/1', 'inst-1/1']);
        expect(ids(await store.queryTasks({ limit: 2, offset: 4 }))).toEqual(['inst-4/1']);
        expect(ids(await store.queryTasks({ offset: 5 }))).toEqual([]);
        expect(ids(await store.queryTasks({ limit: 0 }))).toEqual([]);
        expect(ids(await store.queryTasks({ role: 'sales', sort: 'createdAt', limit: 2, offset: 1 }))).toEqual(['inst-1/2', 'inst-2/1']);
        expect(ids(await store.queryTasks({ role: 'desk', limit: 50 }))).toEqual(['inst-4/1']);
      });

      it.each([
        ['limit', { limit: -1 }],
        ['limit', { limit: 2.5 }],
        ['limit', { limit: '10' as unknown as number }],
        ['offset', { offset: -3 }],
        ['sort', { sort: 'name' as unknown as 'createdAt' }],
        ['state', { state: 'done' as unknown as 'open' }],
        ['candidateUser', { candidateUser: 7 as unknown as string }],
        ['dueBefore', { dueBefore: '2026-03-02' as unknown as number }],
        ['followUpBefore', { followUpBefore: 1.5 }],
      ] as [string, TaskQuery][])('Scenario: a bad %s is an InvalidArgumentError naming it', async (field, q) => {
        // given
        await seeded();
        // when
        const err = await store.queryTasks(q).then(() => undefined, (e: unknown) => e);
        // then
        expect(err).toBeInstanceOf(InvalidArgumentError);
        expect((err as InvalidArgumentError).argument).toBe(`task query ${field}`);
        expect((err as InvalidArgumentError).hint).toMatch(/\.$/);
      });
    });

    describe('Feature: history retention (purgeInstances)', () => {
      /** An ended instance with everything an instance owns, and its retention timer due at `dueAt`. */
      const ended = async (id: string, dueAt: number, status: 'completed' | 'terminated' = 'completed') => {
        await store.commit(batch({
          instances: [{ state: instance(id, { status, endedAt: T0, ex: [], timers: [], subs: [] }), expectedRev: null }],
          history: [entered(id, 'start'), taskCreated(id, task(`${id}/3`))],
          tasks: [task(`${id}/3`, { state: 'completed', endedAt: T0 }), task(`${id}/7`, { state: 'cancelled', endedAt: T0 })],
          timers: { put: [timer(`${id}/4`, T0 + 30 * MIN), timer(`${id}/retention`, dueAt, { kind: 'retention', instanceId: id })], delete: [] },
          subscriptions: { put: [subscription(`${id}/5`, 'paid', 'business', `bk-${id}`, T0)], delete: [] },
        }));
      };
      const owned = async (id: string) => ({
        instance: await store.getInstance(id),
        history: (await store.history(id)).length,
        tasks: ids(await store.queryTasks({ instanceId: id })),
        timers: [await store.getTimer(`${id}/4`), await store.getTimer(`${id}/retention`)].filter(Boolean).length,
        subscriptions: (await store.findSubscriptions('paid', 'business', `bk-${id}`)).length,
      });

      it('Scenario: an instance past its time to live is gone with everything it owned', async () => {
        // given
        expect(store.purgeInstances).toBeTypeOf('function');
        await ended('inst-1', T0 + 60 * MIN);
        await ended('inst-2', T0 + 60 * MIN, 'terminated');
        // when
        const removed = await store.purgeInstances!(['inst-1', 'inst-2', 'inst-unknown'], T0 + 60 * MIN);
        // then
        expect([...removed].sort()).toEqual(['inst-1', 'inst-2']);
        for (const id of ['inst-1', 'inst-2']) expect(await owned(id)).toEqual({ instance: undefined, history: 0, tasks: [], timers: 0, subscriptions: 0 });
        expect(await store.listInstances()).toEqual([]);
        expect(await store.queryTasks({})).toEqual([]);
        expect(await store.dueTimers(FAR, 10)).toEqual([]);
        expect(await store.nextDue()).toBeUndefined();
      });

      it('Scenario: an instance inside its time to live, and its neighbours, are untouched', async () => {
        // given
        await ended('inst-1', T0 + 60 * MIN);
        await ended('inst-2', T0 + 60 * MIN);
        const before = await owned('inst-1');
        // when: too early for inst-1; inst-2 is not asked for
        const early = await store.purgeInstances!(['inst-1'], T0 + 60 * MIN - 1);
        const other = await store.purgeInstances!(['inst-2'], T0 + 60 * MIN);
        // then
        expect(early).toEqual([]);
        expect(other).toEqual(['inst-2']);
        expect(await owned('inst-1')).toEqual(before);
        expect(before).toMatchObject({ history: 2, tasks: ['inst-1/3', 'inst-1/7'], timers: 2, subscriptions: 1 });
      });

      it('Scenario: a running instance is never removed, even with a due retention timer', async () => {
        // given an active instance that somehow carries a due retention timer
        await create(store, instance('inst-1'));
        await store.commit(batch({ tasks: [task('inst-1/3')], timers: { put: [timer('inst-1/retention', T0, { kind: 'retention', instanceId: 'inst-1' })], delete: [] } }));
        // and an ended one without any
        await store.commit(batch({ instances: [{ state: instance('inst-2', { status: 'completed', endedAt: T0 }), expectedRev: null }] }));
        // when
        const removed = await store.purgeInstances!(['inst-1', 'inst-2'], FAR);
        // then both stay; the stray timer is gone
        expect(removed).toEqual([]);
        expect(sortedIds(await store.listInstances())).toEqual(['inst-1', 'inst-2']);
        expect(ids(await store.queryTasks({ instanceId: 'inst-1' }))).toEqual(['inst-1/3']);
        expect(await store.getTimer('inst-1/retention')).toBeUndefined();
      });
    });

    describe('Feature: message subscriptions', () => {
      it('Scenario: findSubscriptions returns only the matching name, kind and key, oldest first', async () => {
        // given
        await store.commit(batch({
          subscriptions: {
            put: [
              subscription('inst-2/1', 'paid', 'business', 'A', T0 + 2),
              subscription('inst-1/1', 'paid', 'business', 'A', T0 + 1),
              subscription('inst-3/1', 'paid', 'correlation', 'A', T0),
              subscription('inst-4/1', 'paid', 'business', 'B', T0),
              subscription('inst-5/1', 'shipped', 'business', 'A', T0),
              subscription('inst-6/1', 'paid', 'business', undefined, T0),
            ],
            delete: [],
          },
        }));
        await store.commit(batch({ subscriptions: { put: [subscription('inst-7/1', 'paid', 'business', 'A', T0)], delete: [] } }));
        // then
        expect(ids(await store.findSubscriptions('paid', 'business', 'A'))).toEqual(['inst-7/1', 'inst-1/1', 'inst-2/1']);
        expect(await store.findSubscriptions('paid', 'correlation', 'A')).toStrictEqual([json(subscription('inst-3/1', 'paid', 'correlation', 'A', T0))]);
        expect(ids(await store.findSubscriptions('shipped', 'business', 'A'))).toEqual(['inst-5/1']);
        expect(await store.findSubscriptions('paid', 'business', 'C')).toEqual([]);
        expect(await store.findSubscriptions('Paid', 'business', 'A')).toEqual([]);
      });

      it('Scenario: a deleted subscription is no longer found', async () => {
        // given
        await store.commit(batch({ subscriptions: { put: [subscription('inst-1/1', 'paid', 'business', 'A', T0), subscription('inst-2/1', 'paid', 'business', 'A', T0 + 1)], delete: [] } }));
        // when
        await store.commit(batch({ subscriptions: { put: [], delete: ['inst-1/1', 'nope'] } }));
        // then
        expect(ids(await store.findSubscriptions('paid', 'business', 'A'))).toEqual(['inst-2/1']);
      });

      it('Scenario: a returned subscription is a copy', async () => {
        // given
        await store.commit(batch({ subscriptions: { put: [subscription('inst-1/1', 'paid', 'business', 'A', T0)], delete: [] } }));
        // when
        const [s] = await store.findSubscriptions('paid', 'business', 'A');
        tryMutate(() => {
          s!.createdAt = 0;
          s!.instanceId = 'other';
        });
        // then
        expect(await store.findSubscriptions('paid', 'business', 'A')).toStrictEqual([json(subscription('inst-1/1', 'paid', 'business', 'A', T0))]);
      });
    });

    describe('Feature: signal subscriptions', () => {
      /** A signal subscription: keyKind `signal`, key `''` (a signal reaches every instance waiting for its name). */
      const signalSub = (id: string, name: string, createdAt: number): SubscriptionRecord => subscription(id, name, 'signal', '', createdAt);

      it('Scenario: signal subscriptions are found by name across instances, oldest first, and only by their name', async () => {
        // given three instances waiting on "alarm" (one twice) and one on "quiet"
        await create(store, instance('inst-1'), instance('inst-2'), instance('inst-3'));
        await store.commit(batch({
          subscriptions: {
            put: [signalSub('inst-2/7', 'alarm', T0 + 2), signalSub('inst-1/7', 'alarm', T0 + 1), signalSub('inst-3/7', 'quiet', T0), signalSub('inst-1/8', 'alarm', T0 + 3)],
            delete: [],
          },
        }));
        // then
        expect(ids(await store.findSubscriptions('alarm', 'signal', ''))).toEqual(['inst-1/7', 'inst-2/7', 'inst-1/8']);
        expect(await store.findSubscriptions('quiet', 'signal', '')).toStrictEqual([json(signalSub('inst-3/7', 'quiet', T0))]);
        expect(await store.findSubscriptions('Alarm', 'signal', '')).toEqual([]);
        expect(await store.findSubscriptions('alarm', 'business', '')).toEqual([]);
      });

      it('Scenario: a signal subscription does not collide with message subscriptions (or buffered messages) of the same name', async () => {
        // given a message subscription, a buffered message and a signal subscription, all named "alarm"
        await create(store, instance('inst-1'), instance('inst-2'));
        await store.commit(batch({ subscriptions: { put: [subscription('inst-1/5', 'alarm', 'business', '', T0), subscription('inst-1/6', 'alarm', 'correlation', '', T0)], delete: [] } }));
        await store.commit(batch({ messages: { put: [message('m-1', 'alarm', 'correlation', 'k', T0, T0 + 60 * MIN)], delete: [] } }));
        // when a signal subscription of the same name opens, checking no message waits for it
        await store.commit(batch({
          instances: [{ state: instance('inst-2', { rev: 2 }), expectedRev: 1 }],
          subscriptions: { put: [signalSub('inst-2/7', 'alarm', T0 + 1)], delete: [] },
          checks: { noMessages: { keys: [{ name: 'alarm', keyKind: 'signal', key: '' }], now: T0 } },
        }));
        // then each kind finds only its own
        expect(ids(await store.findSubscriptions('alarm', 'signal', ''))).toEqual(['inst-2/7']);
        expect(ids(await store.findSubscriptions('alarm', 'business', ''))).toEqual(['inst-1/5']);
        expect(ids(await store.findSubscriptions('alarm', 'correlation', ''))).toEqual(['inst-1/6']);
        expect(ids(await store.findMessages('alarm', 'correlation', 'k', T0))).toEqual(['m-1']);
        expect(await store.findMessages('alarm', 'signal', '', T0)).toEqual([]);
        // and deleting the message subscriptions leaves the signal one
        await store.commit(batch({ subscriptions: { put: [], delete: ['inst-1/5', 'inst-1/6'] } }));
        expect(ids(await store.findSubscriptions('alarm', 'signal', ''))).toEqual(['inst-2/7']);
      });

      it('Scenario: a signal subscription is removed with its instance\'s commit, and survives a stale one', async () => {
        // given an instance waiting on "alarm" twice
        await store.commit(batch({
          instances: [{ state: instance('inst-1'), expectedRev: null }],
          subscriptions: { put: [signalSub('inst-1/7', 'alarm', T0), signalSub('inst-1/8', 'alarm', T0 + 1)], delete: [] },
        }));
        // when a stale commit of the instance deletes one
        await expectConflict(store.commit(batch({ instances: [{ state: instance('inst-1', { rev: 2 }), expectedRev: 0 }], subscriptions: { put: [], delete: ['inst-1/7'] } })), 'inst-1');
        // then both are still there
        expect(ids(await store.findSubscriptions('alarm', 'signal', ''))).toEqual(['inst-1/7', 'inst-1/8']);
        // when the instance's current commit deletes it (the catch fired)
        await store.commit(batch({ instances: [{ state: instance('inst-1', { rev: 2 }), expectedRev: 1 }], history: [entered('inst-1', 'caught')], subscriptions: { put: [], delete: ['inst-1/7'] } }));
        // then only the other remains
        expect(ids(await store.findSubscriptions('alarm', 'signal', ''))).toEqual(['inst-1/8']);
      });

      it('Scenario: two commits taking the same signal subscription at once: exactly one wins (version check on the instance)', async () => {
        for (let round = 0; round < 10; round++) {
          // given an instance waiting on a signal
          const id = `inst-${round}`;
          await store.commit(batch({ instances: [{ state: instance(id), expectedRev: null }], subscriptions: { put: [signalSub(`${id}/7`, 'alarm', T0)], delete: [] } }));
          // when two nodes deliver the same broadcast to it at once
          const deliver = (node: string) => store.commit(batch({
            instances: [{ state: instance(id, { rev: 2, variables: { by: node } }), expectedRev: 1 }],
            history: [entered(id, `caught-by-${node}`)],
            subscriptions: { put: [], delete: [`${id}/7`] },
          }));
          const results = await Promise.allSettled([deliver('a'), deliver('b')]);
          // then exactly one lands, the other is a ConcurrencyError, and the catch happened once
          const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i === 0 ? 'a' : 'b'] : []));
          expect(won).toHaveLength(1);
          for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
          expect((await store.getInstance(id))?.variables).toEqual({ by: won[0] });
          expect((await store.history(id)).map((h) => (h as { elementId: string }).elementId)).toEqual([`caught-by-${won[0]}`]);
          expect(ids(await store.findSubscriptions('alarm', 'signal', ''))).toEqual([]);
        }
      });
    });

    describe('Feature: an instance migrated to another version (engine.instances.migrate) — one commit', () => {
      const migrated = (over: Partial<InstanceState> = {}): InstanceState => instance('mig-1', {
        rev: 2,
        processVersion: 2,
        seq: 7,
        ex: [
          { id: 1, n: 0, s: 0 },
          { id: 2, n: 4, s: 0, w: 'task', task: { id: 3, st: 'claimed', at: T0, a: 'ana', g: ['sales', 'desk'] } },
        ],
        timers: [{ id: 4, ex: 2, n: 7, due: T0 + 30 * MIN, k: 0 }, { id: 7, ex: 2, n: 8, due: T0 + 2 * 60 * MIN, k: 0 }],
        subs: [],
        incidents: [{ id: 6, ex: 2, n: 4, code: 'JOB_FAILED', message: 'boom', at: T0, phase: 'job' }],
        ...over,
      });
      const record: HistoryRecord = { type: 'instance.migrated', at: T0 + MIN, instanceId: 'mig-1', processId: 'order', businessKey: 'bk-mig-1', fromVersion: 1, toVersion: 2, mapping: { review: 'check' } };
      const migration = (expectedRev: number) => batch({
        instances: [{ state: migrated(), expectedRev }],
        history: [record],
        timers: { put: [timer('mig-1/7', T0 + 2 * 60 * MIN)], delete: [] },
        tasks: [task('mig-1/3', { elementId: 'check', name: 'Check order', assignee: 'ana', state: 'claimed' })],
        subscriptions: { put: [], delete: ['mig-1/5'] },
      });

      it('Scenario: the new version, the record, the task on its new element, the kept and the new timer and the ended subscription land together', async () => {
        // given an instance on version 1 with its task, timer and subscription
        await store.commit(batch({
          instances: [{ state: instance('mig-1'), expectedRev: null }],
          timers: { put: [timer('mig-1/4', T0 + 30 * MIN)], delete: [] },
          tasks: [task('mig-1/3', { assignee: 'ana', state: 'claimed' })],
          subscriptions: { put: [subscription('mig-1/5', 'paid', 'correlation', 'order-7', T0)], delete: [] },
        }));
        // when it is migrated
        await store.commit(migration(1));
        // then
        expect(await store.getInstance('mig-1')).toStrictEqual(json(migrated()));
        expect(await store.history('mig-1')).toStrictEqual([json(record)]);
        expect(await store.getTask('mig-1/3')).toMatchObject({ elementId: 'check', name: 'Check order', assignee: 'ana', state: 'claimed' });
        expect(ids(await store.queryTasks({ elementId: 'review' }))).toEqual([]);
        expect((await store.getTimer('mig-1/4'))?.dueAt).toBe(T0 + 30 * MIN);
        expect((await store.getTimer('mig-1/7'))?.dueAt).toBe(T0 + 2 * 60 * MIN);
        expect(await store.findSubscriptions('paid', 'correlation', 'order-7')).toEqual([]);
      });

      it('Scenario: a migration against a stale version writes nothing of it', async () => {
        // given an instance another command moved on
        await store.commit(batch({
          instances: [{ state: instance('mig-1'), expectedRev: null }],
          tasks: [task('mig-1/3', { assignee: 'ana', state: 'claimed' })],
          subscriptions: { put: [subscription('mig-1/5', 'paid', 'correlation', 'order-7', T0)], delete: [] },
        }));
        await store.commit(batch({ instances: [{ state: instance('mig-1', { rev: 2 }), expectedRev: 1 }] }));
        const keys: [string, CorrelationKind, string][] = [['paid', 'correlation', 'order-7']];
        const before = await contents(store, ['mig-1'], keys);
        // when a migration validated on rev 1 commits
        // then
        await expectConflict(store.commit(migration(1)), 'mig-1');
        expect(await contents(store, ['mig-1'], keys)).toStrictEqual(before);
      });
    });

    describe('Feature: call activities — parent and child committed together', () => {
      const parentState = (over: Partial<InstanceState> = {}): InstanceState => instance('parent-1', {
        ex: [{ id: 1, n: 0, s: 0 }, { id: 2, n: 3, s: 0, f: 1, w: 'call' }],
        ...over,
      });
      const childState = (over: Partial<InstanceState> = {}): InstanceState => instance('child-1', { processId: 'invoice', businessKey: 'bk-parent-1', parent: { id: 'parent-1', ex: 2 }, ...over });

      it('Scenario: a commit updating the parent and creating its child writes both; the child keeps its parent link', async () => {
        // given
        await create(store, parentState());
        // when the call activity starts its child
        await store.commit(batch({
          instances: [
            { state: parentState({ rev: 2 }), expectedRev: 1 },
            { state: childState(), expectedRev: null },
          ],
          history: [entered('parent-1', 'call'), entered('child-1', 'start')],
          tasks: [task('child-1/3')],
          subscriptions: { put: [subscription('child-1/5', 'alarm', 'signal', '', T0)], delete: [] },
        }));
        // then
        expect(await store.getInstance('child-1')).toStrictEqual(json(childState()));
        expect((await store.getInstance('child-1'))?.parent).toEqual({ id: 'parent-1', ex: 2 });
        expect((await store.getInstance('parent-1'))?.rev).toBe(2);
        expect('parent' in ((await store.getInstance('parent-1')) ?? {})).toBe(false);
        expect(sortedIds(await store.listInstances({ processId: 'invoice' }))).toEqual(['child-1']);
        expect((await store.history('child-1')).length).toBe(1);
      });

      it('Scenario: a stale parent version fails the whole commit: the child is not there, nor anything it owned', async () => {
        // given a parent another node has moved on
        await create(store, parentState());
        await store.commit(batch({ instances: [{ state: parentState({ rev: 2 }), expectedRev: 1 }] }));
        const keys: [string, CorrelationKind, string][] = [['alarm', 'signal', '']];
        const before = await contents(store, ['parent-1', 'child-1'], keys);
        // when a node that read rev 1 starts the child
        const p = store.commit(batch({
          instances: [
            { state: parentState({ rev: 2, variables: { late: true } }), expectedRev: 1 },
            { state: childState(), expectedRev: null },
          ],
          history: [entered('parent-1', 'call'), entered('child-1', 'start')],
          timers: { put: [timer('child-1/4', T0 + MIN)], delete: [] },
          tasks: [task('child-1/3')],
          subscriptions: { put: [subscription('child-1/5', 'alarm', 'signal', '', T0)], delete: [] },
        }));
        // then
        await expectConflict(p, 'parent-1');
        expect(await store.getInstance('child-1')).toBeUndefined();
        expect(await store.getTask('child-1/3')).toBeUndefined();
        expect(await store.getTimer('child-1/4')).toBeUndefined();
        expect(await contents(store, ['parent-1', 'child-1'], keys)).toStrictEqual(before);
      });

      it('Scenario: a child id that already exists fails the whole commit: the parent is not advanced', async () => {
        // given
        await create(store, parentState(), childState());
        // when
        const p = store.commit(batch({
          instances: [
            { state: parentState({ rev: 2, variables: { late: true } }), expectedRev: 1 },
            { state: childState({ variables: { second: true } }), expectedRev: null },
          ],
          history: [entered('parent-1', 'call')],
        }));
        // then
        await expectConflict(p, 'child-1');
        expect(await store.getInstance('parent-1')).toStrictEqual(json(parentState()));
        expect(await store.getInstance('child-1')).toStrictEqual(json(childState()));
        expect(await store.history('parent-1')).toEqual([]);
      });

      it('Scenario: the child completing and the parent continuing land together, or not at all', async () => {
        // given a parent waiting on its child
        await store.commit(batch({ instances: [{ state: parentState(), expectedRev: null }, { state: childState(), expectedRev: null }] }));
        const finish = (parentRev: number) => store.commit(batch({
          instances: [
            { state: childState({ rev: 2, status: 'completed', endedAt: T0 + MIN, ex: [], timers: [], subs: [], incidents: [] }), expectedRev: 1 },
            { state: parentState({ rev: parentRev + 1, variables: { result: 'paid' } }), expectedRev: parentRev },
          ],
          history: [entered('child-1', 'end'), entered('parent-1', 'after')],
        }));
        // when one node finishes the child against a stale parent
        await expectConflict(finish(7), 'parent-1');
        // then the child is still running
        expect((await store.getInstance('child-1'))?.status).toBe('active');
        expect(await store.history('child-1')).toEqual([]);
        // when it does so against the current parent
        await finish(1);
        // then both moved
        expect((await store.getInstance('child-1'))?.status).toBe('completed');
        expect((await store.getInstance('parent-1'))?.variables).toEqual({ result: 'paid' });
        // and a second finish (another node) fails on the child's version
        await expectConflict(finish(2), 'child-1');
        expect((await store.getInstance('parent-1'))?.rev).toBe(2);
      });
    });

    describe('Feature: buffered messages', () => {
      it('Scenario: findMessages returns unexpired messages of the name, kind and key, oldest first', async () => {
        // given
        await store.commit(batch({
          messages: {
            put: [
              message('m-2', 'paid', 'business', 'A', T0 + 2, T0 + 60 * MIN),
              message('m-1', 'paid', 'business', 'A', T0 + 1, T0 + 60 * MIN, { amount: 10, lines: [{ sku: 'x' }] }),
              message('m-3', 'paid', 'business', 'A', T0, T0 + 10 * MIN),
              message('m-4', 'paid', 'correlation', 'A', T0, T0 + 60 * MIN),
              message('m-5', 'paid', 'business', 'B', T0, T0 + 60 * MIN),
              message('m-6', 'shipped', 'business', 'A', T0, T0 + 60 * MIN),
            ],
            delete: [],
          },
        }));
        // then
        expect(ids(await store.findMessages('paid', 'business', 'A', T0))).toEqual(['m-3', 'm-1', 'm-2']);
        expect(ids(await store.findMessages('paid', 'business', 'A', T0 + 10 * MIN - 1))).toEqual(['m-3', 'm-1', 'm-2']);
        // expiresAt <= now is expired
        expect(ids(await store.findMessages('paid', 'business', 'A', T0 + 10 * MIN))).toEqual(['m-1', 'm-2']);
        expect(ids(await store.findMessages('paid', 'business', 'A', T0 + 60 * MIN))).toEqual([]);
        expect(ids(await store.findMessages('paid', 'correlation', 'A', T0))).toEqual(['m-4']);
        expect(ids(await store.findMessages('shipped', 'business', 'A', T0))).toEqual(['m-6']);
        expect((await store.findMessages('paid', 'business', 'A', T0))[1]).toStrictEqual(json(message('m-1', 'paid', 'business', 'A', T0 + 1, T0 + 60 * MIN, { amount: 10, lines: [{ sku: 'x' }] })));
      });

      it('Scenario: a deleted message is no longer found', async () => {
        // given
        await store.commit(batch({ messages: { put: [message('m-1', 'paid', 'business', 'A', T0, T0 + MIN), message('m-2', 'paid', 'business', 'A', T0 + 1, T0 + MIN)], delete: [] } }));
        // when
        await store.commit(batch({ messages: { put: [], delete: ['m-1', 'nope'] } }));
        // then
        expect(ids(await store.findMessages('paid', 'business', 'A', T0))).toEqual(['m-2']);
      });

      it('Scenario: returned payloads are deep copies', async () => {
        // given
        await store.commit(batch({ messages: { put: [message('m-1', 'paid', 'business', 'A', T0, T0 + MIN, { amount: 10, lines: [{ sku: 'x' }] })], delete: [] } }));
        // when
        const [m] = await store.findMessages('paid', 'business', 'A', T0);
        tryMutate(() => {
          m!.payload.amount = 0;
          (m!.payload.lines as { sku: string }[])[0]!.sku = 'y';
        });
        // then
        expect((await store.findMessages('paid', 'business', 'A', T0))[0]?.payload).toStrictEqual({ amount: 10, lines: [{ sku: 'x' }] });
      });

      it('Scenario: a committed payload is the store\'s own: changing the caller\'s object later changes nothing', async () => {
        // given
        const payload = { lines: [{ sku: 'x' }] };
        await store.commit(batch({ messages: { put: [message('m-1', 'paid', 'business', 'A', T0, T0 + MIN, payload)], delete: [] } }));
        // when
        payload.lines.push({ sku: 'late' });
        // then
        expect((await store.findMessages('paid', 'business', 'A', T0))[0]?.payload).toStrictEqual({ lines: [{ sku: 'x' }] });
      });
    });

    describe('Feature: concurrency', () => {
      it('Scenario: many commits in parallel on different instances all land', async () => {
        // given
        const n = 20;
        const range = Array.from({ length: n }, (_, i) => `inst-${i + 1}`);
        // when
        await Promise.all(range.map((id, i) => store.commit(batch({
          instances: [{ state: instance(id), expectedRev: null }],
          history: [entered(id, 'start')],
          timers: { put: [timer(`${id}/4`, T0 + i)], delete: [] },
          tasks: [task(`${id}/3`)],
          subscriptions: { put: [subscription(`${id}/5`, 'paid', 'business', 'A', T0 + i)], delete: [] },
        }))));
        await Promise.all(range.map((id) => store.commit(batch({
          instances: [{ state: instance(id, { rev: 2, status: 'completed' }), expectedRev: 1 }],
          history: [entered(id, 'end')],
        }))));
        // then
        expect(sortedIds(await store.listInstances({ status: 'completed' }))).toEqual([...range].sort());
        for (const id of range) expect((await store.history(id)).map((h) => (h as { elementId: string }).elementId)).toEqual(['start', 'end']);
        expect(ids(await store.dueTimers(FAR, 100))).toEqual(range.map((id) => `${id}/4`));
        expect(sortedIds(await store.queryTasks({}))).toEqual(range.map((id) => `${id}/3`).sort());
        expect(ids(await store.findSubscriptions('paid', 'business', 'A'))).toEqual(range.map((id) => `${id}/5`));
      });

      it('Scenario: parallel commits on one instance with the same expectedRev: exactly one wins, the others get ConcurrencyError', async () => {
        // given
        await create(store, instance('inst-1'));
        const n = 8;
        // when
        const results = await Promise.allSettled(Array.from({ length: n }, (_, i) => store.commit(batch({
          instances: [{ state: instance('inst-1', { rev: 2, variables: { winner: i } }), expectedRev: 1 }],
          history: [entered('inst-1', `by-${i}`)],
          tasks: [task(`inst-1/${100 + i}`)],
        }))));
        // then
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
        const w = won[0]!;
        expect(await store.getInstance('inst-1')).toStrictEqual(json(instance('inst-1', { rev: 2, variables: { winner: w } })));
        expect((await store.history('inst-1')).map((h) => (h as { elementId: string }).elementId)).toEqual([`by-${w}`]);
        expect(ids(await store.queryTasks({}))).toEqual([`inst-1/${100 + w}`]);
      });

      it('Scenario: parallel creates of the same id: exactly one wins', async () => {
        // when
        const results = await Promise.allSettled(Array.from({ length: 5 }, (_, i) => store.commit(batch({
          instances: [{ state: instance('inst-1', { variables: { winner: i } }), expectedRev: null }],
        }))));
        // then
        const won = results.flatMap((r, i) => (r.status === 'fulfilled' ? [i] : []));
        expect(won).toHaveLength(1);
        for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConcurrencyError);
        expect((await store.getInstance('inst-1'))?.variables).toEqual({ winner: won[0] });
      });
    });


    describe('Feature: many nodes — timer leases and commit conditions', () => {
      /** A rejection's ConcurrencyError reason, or 'ok'. */
      const outcome = async (p: Promise<unknown>): Promise<string> =>
        p.then(
          () => 'ok',
          (e: unknown) => {
            expect(e).toBeInstanceOf(ConcurrencyError);
            return (e as ConcurrencyError).reason;
          },
        );
      const acquire = (s: Store, until: number, limit: number, owner: string, leaseUntil: number) => {
        if (!s.acquireTimers) throw new Error('this store has no acquireTimers: pass { multiNode: false } to storeContract');
        return s.acquireTimers(until, limit, { owner, until: leaseUntil });
      };

      it('Scenario: acquiring leases due timers in due order; nobody acquires them again before the lease ends', async () => {
        // given
        await store.commit(batch({ timers: { put: [timer('i/3', T0 + 3 * MIN), timer('i/1', T0 + MIN), timer('i/2', T0 + 2 * MIN), timer('i/9', T0 + 60 * MIN)], delete: [] } }));
        // when node a acquires at T0+5min with a 1-minute lease
        const a = await acquire(store, T0 + 5 * MIN, 10, 'a', T0 + 6 * MIN);
        // then
        expect(ids(a)).toEqual(['i/1', 'i/2', 'i/3']);
        expect(a[0]).toStrictEqual(json(timer('i/1', T0 + MIN)));
        expect(await acquire(store, T0 + 5 * MIN, 10, 'b', T0 + 7 * MIN)).toEqual([]);
        expect(await acquire(store, T0 + 6 * MIN - 1, 10, 'b', T0 + 7 * MIN)).toEqual([]);
        // and when the lease has ended (node a died), node b takes them
        expect(ids(await acquire(store, T0 + 6 * MIN, 2, 'b', T0 + 7 * MIN))).toEqual(['i/1', 'i/2']);
      });

      it('Scenario: the next due time of a leased timer is its lease end; a put or delete ends the lease', async () => {
        // given
        await store.commit(batch({ timers: { put: [timer('i/1', T0 + MIN), timer('i/2', T0 + 10 * MIN)], delete: [] } }));
        await acquire(store, T0 + MIN, 10, 'a', T0 + 5 * MIN);
        // then
        expect(await store.nextDue()).toBe(T0 + 5 * MIN);
        // when the timer is put again (rescheduled)
        await store.commit(batch({ timers: { put: [timer('i/1', T0 + 2 * MIN)], delete: [] } }));
        // then it is free at its new due time
        expect(await store.nextDue()).toBe(T0 + 2 * MIN);
        expect(ids(await acquire(store, T0 + 2 * MIN, 10, 'b', T0 + 3 * MIN))).toEqual(['i/1']);
        // and when deleted, the other timer is next
        await store.commit(batch({ timers: { put: [], delete: ['i/1'] } }));
        expect(await store.nextDue()).toBe(T0 + 10 * MIN);
      });

      it('Scenario: four nodes acquiring 60 due timers at once each get a disjoint share, and together all of them', async () => {
        // given
        const all = Array.from({ length: 60 }, (_, i) => timer(`i${i}/1`, T0 + i));
        await store.commit(batch({ timers: { put: all, delete: [] } }));
        // when
        const shares = await Promise.all(['a', 'b', 'c', 'd'].map(async (owner) => {
          const got: TimerRecord[] = [];
          for (;;) {
            const more = await acquire(store, T0 + MIN, 7, owner, T0 + 10 * MIN);
            if (!more.length) return got;
            got.push(...more);
          }
        }));
        // then
        const taken = shares.flat().map((t) => t.id);
        expect(new Set(taken).size).toBe(taken.length);
        expect([...taken].sort()).toEqual(all.map((t) => t.id).sort());
      });

      it('Scenario: a commit guarded by a timer lands only while that timer is due at that time', async () => {
        // given
        await store.commit(batch({ timers: { put: [timer('start/p', T0 + MIN, { kind: 'start', processKey: 'p:1', node: 0, count: 0 })], delete: [] } }));
        const fire = (dueAt: number, id: string) => store.commit(batch({ instances: [{ state: instance(id), expectedRev: null }], timers: { put: [timer('start/p', T0 + 2 * MIN, { kind: 'start', processKey: 'p:1', node: 0, count: 1 })], delete: [], guard: [{ id: 'start/p', dueAt }] } }));
        // when two nodes fire the same start timer
        const first = await outcome(fire(T0 + MIN, 'inst-1'));
        const second = await outcome(fire(T0 + MIN, 'inst-2'));
        // then the second finds it rescheduled and writes nothing
        expect([first, second]).toEqual(['ok', 'timer']);
        expect(sortedIds(await store.listInstances())).toEqual(['inst-1']);
        expect((await store.getTimer('start/p'))?.count).toBe(1);
        expect(await outcome(store.commit(batch({ timers: { put: [], delete: [], guard: [{ id: 'missing', dueAt: T0 }] } })))).toBe('timer');
      });

      it('Scenario: taking a buffered message succeeds once; a second take writes nothing', async () => {
        // given
        await store.commit(batch({ messages: { put: [message('m1', 'paid', 'business', 'bk-1', T0, T0 + 60 * MIN)], delete: [] } }));
        await create(store, instance('inst-1'), instance('inst-2'));
        const take = (id: string) => store.commit(batch({ instances: [{ state: instance(id, { rev: 2 }), expectedRev: 1 }], history: [entered(id, 'got')], messages: { put: [], delete: [], take: ['m1'] } }));
        // when
        const results = await Promise.all([outcome(take('inst-1')), outcome(take('inst-2'))]);
        // then
        expect([...results].sort()).toEqual(['message', 'ok']);
        const winner = results[0] === 'ok' ? 'inst-1' : 'inst-2';
        const loser = winner === 'inst-1' ? 'inst-2' : 'inst-1';
        expect(await store.findMessages('paid', 'business', 'bk-1', T0)).toEqual([]);
        expect((await store.getInstance(loser))?.rev).toBe(1);
        expect(await store.history(loser)).toEqual([]);
        expect((await store.history(winner)).length).toBe(1);
      });

      it('Scenario: buffering a message fails while a subscription waits for it; opening a subscription fails while a message waits', async () => {
        // given
        await create(store, instance('inst-1'));
        await store.commit(batch({ subscriptions: { put: [subscription('inst-1/5', 'paid', 'business', 'bk-1', T0)], delete: [] } }));
        await store.commit(batch({ messages: { put: [message('old', 'shipped', 'business', 'bk-1', T0, T0 + MIN)], delete: [] } }));
        // when / then
        expect(await outcome(store.commit(batch({ messages: { put: [message('m1', 'paid', 'business', 'bk-1', T0, T0 + 60 * MIN)], delete: [] }, checks: { noSubscriptions: [{ name: 'paid', keyKind: 'business', key: 'bk-1' }] } })))).toBe('subscription');
        expect(await store.findMessages('paid', 'business', 'bk-1', T0)).toEqual([]);
        expect(await outcome(store.commit(batch({ messages: { put: [message('m2', 'paid', 'business', 'bk-2', T0, T0 + 60 * MIN)], delete: [] }, checks: { noSubscriptions: [{ name: 'paid', keyKind: 'business', key: 'bk-2' }] } })))).toBe('ok');
        const open = (now: number, take: string[] = []) => store.commit(batch({
          subscriptions: { put: [subscription('inst-1/6', 'shipped', 'business', 'bk-1', now)], delete: [] },
          messages: { put: [], delete: [], take },
          checks: { noMessages: { keys: [{ name: 'shipped', keyKind: 'business', key: 'bk-1' }], now } },
        }));
        expect(await outcome(open(T0))).toBe('message');
        expect(await store.findSubscriptions('shipped', 'business', 'bk-1')).toEqual([]);
        // an expired message does not count; one taken in the same commit does not either
        expect(await outcome(open(T0, ['old']))).toBe('ok');
        await store.commit(batch({ subscriptions: { put: [], delete: ['inst-1/6'] } }));
        await store.commit(batch({ messages: { put: [message('late', 'shipped', 'business', 'bk-1', T0, T0 + MIN)], delete: [] } }));
        expect(await outcome(open(T0 + MIN))).toBe('ok');
      });

      it('Scenario: a message buffered and a subscription opened for one key at the same moment: never both', async () => {
        for (let round = 0; round < 20; round++) {
          const key = `race-${round}`;
          // when
          const [buffered, opened] = await Promise.all([
            outcome(store.commit(batch({ messages: { put: [message(`m-${round}`, 'paid', 'business', key, T0, T0 + 60 * MIN)], delete: [] }, checks: { noSubscriptions: [{ name: 'paid', keyKind: 'business', key }] } }))),
            outcome(store.commit(batch({ subscriptions: { put: [subscription(`i${round}/1`, 'paid', 'business', key, T0)], delete: [] }, checks: { noMessages: { keys: [{ name: 'paid', keyKind: 'business', key }], now: T0 } } }))),
          ]);
          // then exactly one lands: the other is told, so the engine retries and they meet
          expect([buffered, opened].filter((o) => o === 'ok')).toHaveLength(1);
        }
      });

      it('Scenario: storing a process version that is already stored is a ConcurrencyError and writes nothing', async () => {
        // given
        await store.commit(batch({ deployments: [deployment('order', 1)] }));
        // when
        const result = await outcome(store.commit(batch({ deployments: [deployment('order', 2), deployment('order', 1, { name: 'other node' })] })));
        // then
        expect(result).toBe('deployment');
        expect((await store.getDeployments()).map((d) => d.key)).toEqual(['order:1']);
      });
    });
  });
}
