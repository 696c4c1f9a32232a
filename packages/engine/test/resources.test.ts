import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, NotFoundError, TaskWaitingError, createEngine, nextTaskState, virtualClock, type EngineEvent, type EngineOptions, type SlaPolicyConfig } from '../src/index';
import { actor, fixture, testEngine } from './support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;
const gina = actor('gina', 'greeter');
const clerk = (n: number) => actor(`clerk-${n}`, 'counter');

/** A hall with pooled counters: deploy the queue fixture; `arrive()` brings a customer to the counter queue. */
async function hall(options: EngineOptions & { sla?: SlaPolicyConfig[] } = {}) {
  const t = testEngine({ resources: { counter: { capacity: 2 } }, ...options });
  await t.engine.deploy({ bpmn: fixture('resources/counter-queue.bpmn'), ...(options.sla ? { sla: options.sla } : {}) });
  const customers: string[] = [];
  return {
    ...t,
    customers,
    /** A customer arrives, the greeter welcomes them, and they take a counter ticket. Returns the counter task id. */
    async arrive(name = `c${customers.length + 1}`): Promise<string> {
      const inst = await t.engine.start('counterQueue', {}, { businessKey: name });
      customers.push(inst.id);
      await t.completeTask(inst.id, 'welcome', gina);
      await t.engine.idle();
      const [task] = await t.engine.tasks.query({ instanceId: inst.id, elementId: 'serve' });
      return task!.id;
    },
    async state(taskId: string) {
      return (await t.engine.tasks.get(taskId))?.state;
    },
    granted: () => t.events.filter((e): e is Extract<EngineEvent, { type: 'task.granted' }> => e.type === 'task.granted').map((e) => e.task.id),
  };
}

describe('Feature: resource pools per role (a task waits for a free unit of its lane)', () => {
  it('Scenario: a counter task never starts while the counter pool is full', async () => {
    // given two counters
    const h = await hall();
    // when three customers take a ticket
    const [a, b, c] = [await h.arrive(), await h.arrive(), await h.arrive()];
    // then two are called, the third waits
    expect([await h.state(a), await h.state(b), await h.state(c)]).toEqual(['open', 'open', 'waiting']);
    expect(await h.engine.resources.status('counter')).toEqual({ role: 'counter', capacity: 2, busy: [a, b], waiting: [c] });
    // the waiting customer's ticket was announced (task.created shows it waiting) and not granted
    const created = h.events.find((e) => e.type === 'task.created' && e.task.id === c);
    expect(created).toMatchObject({ task: { state: 'waiting', role: 'counter' } });
    expect(h.granted()).toEqual([a, b]);
    // the greeter lane has no pool: its tasks open at once
    expect(h.events.filter((e) => e.type === 'task.created' && e.elementId === 'welcome').every((e) => (e as { task: { state: string } }).task.state === 'open')).toBe(true);
  });

  it('Scenario: completing a counter task releases its unit to the oldest waiting ticket (FIFO)', async () => {
    // given two counters, both busy, and three tickets waiting (taken at the same instant)
    const h = await hall();
    const [a, b, c, d, e] = [await h.arrive(), await h.arrive(), await h.arrive(), await h.arrive(), await h.arrive()];
    expect((await h.engine.resources.status('counter')).waiting).toEqual([c, d, e]);
    // when the second counter finishes after 5 minutes
    await h.clock.advance('PT5M');
    await h.engine.tasks.complete(b, clerk(2));
    await h.engine.idle();
    // then the oldest ticket is called, at that time, with its wait
    expect(await h.state(c)).toBe('open');
    const grant = h.events.find((x) => x.type === 'task.granted' && x.task.id === c);
    expect(grant).toMatchObject({ pool: 'counter', at: T0 + 5 * MIN, waitedMs: 5 * MIN, actor: { id: 'engine' } });
    // and the next completions call d, then e, in order
    await h.engine.tasks.complete(a, clerk(1));
    await h.engine.tasks.complete(c, clerk(2));
    await h.engine.idle();
    expect(h.granted()).toEqual([a, b, c, d, e]);
    expect(await h.engine.resources.status('counter')).toEqual({ role: 'counter', capacity: 2, busy: [d, e], waiting: [] });
  });

  it('Scenario: FIFO holds across arrival times — a later ticket never overtakes an earlier one', async () => {
    // given one counter and tickets taken at 0, 1 and 2 minutes
    const h = await hall({ resources: { counter: { capacity: 1 } } });
    const first = await h.arrive();
    await h.clock.advance('PT1M');
    const second = await h.arrive();
    await h.clock.advance('PT1M');
    const third = await h.arrive();
    // when the counter serves three times
    for (const id of [first, second]) {
      await h.engine.tasks.complete(id, clerk(1));
      await h.engine.idle();
    }
    // then they were called in arrival order
    expect(h.granted()).toEqual([first, second, third]);
  });

  it('Scenario: the duty manager opens an extra counter — raising the capacity grants waiting tickets at once', async () => {
    // given two counters busy and two tickets waiting
    const h = await hall();
    const ids = [await h.arrive(), await h.arrive(), await h.arrive(), await h.arrive()];
    // when the capacity goes to 3
    const status = await h.engine.resources.setCapacity('counter', 3);
    // then the oldest waiting ticket is called before setCapacity resolves
    expect(status).toEqual({ role: 'counter', capacity: 3, busy: ids.slice(0, 3), waiting: [ids[3]] });
    expect(await h.state(ids[2]!)).toBe('open');
    // and lowering it takes no unit back, but stops calling until enough finish
    await h.engine.resources.setCapacity('counter', 1);
    await h.engine.tasks.complete(ids[0]!, clerk(1));
    await h.engine.idle();
    expect(await h.state(ids[3]!)).toBe('waiting');
    await h.engine.tasks.complete(ids[1]!, clerk(2));
    await h.engine.tasks.complete(ids[2]!, clerk(3));
    await h.engine.idle();
    expect(await h.state(ids[3]!)).toBe('open');
  });

  it('Scenario: a customer who leaves the queue — the cancelled waiting ticket leaves the queue and takes no unit', async () => {
    // given one counter busy and two tickets waiting
    const h = await hall({ resources: { counter: { capacity: 1 } } });
    const [a, b, c] = [await h.arrive('c1'), await h.arrive('c2'), await h.arrive('c3')];
    // when the second customer leaves the hall
    await h.engine.messages.correlate('leave', { businessKey: 'c2' });
    await h.engine.idle();
    // then the ticket is cancelled and gone from the queue
    expect(await h.state(b)).toBe('cancelled');
    expect(await h.engine.resources.status('counter')).toMatchObject({ busy: [a], waiting: [c] });
    // and when the counter frees up, the next customer is called
    await h.engine.tasks.complete(a, clerk(1));
    await h.engine.idle();
    expect(h.granted()).toEqual([a, c]);
  });

  it('Scenario: claiming or completing a waiting task is refused with TaskWaitingError and changes nothing', async () => {
    // given a waiting ticket
    const h = await hall({ resources: { counter: { capacity: 0 } } });
    const id = await h.arrive();
    const before = await h.engine.tasks.get(id);
    const history = (await h.engine.history(h.customers[0]!)).length;
    // when a clerk claims, completes or assigns it
    const claim = await h.engine.tasks.claim(id, clerk(1)).catch((e: unknown) => e);
    const complete = await h.engine.tasks.complete(id, clerk(1)).catch((e: unknown) => e);
    const assign = await h.engine.tasks.assign(id, clerk(1), 'clerk-1').catch((e: unknown) => e);
    // then each is refused with the typed error
    for (const err of [claim, complete, assign]) {
      expect(err).toBeInstanceOf(TaskWaitingError);
      expect(err).toMatchObject({ code: 'TASK_WAITING', taskId: id, role: 'counter', elementId: 'serve' });
      expect((err as Error).message).toMatch(/waits for a free 'counter' resource/);
    }
    // and nothing changed
    expect(await h.engine.tasks.get(id)).toEqual(before);
    expect((await h.engine.history(h.customers[0]!)).length).toBe(history);
  });

  it('Scenario: a pooled task with an assignee is granted straight into claimed', async () => {
    // the lifecycle table: waiting moves only by a grant or a cancel
    expect(nextTaskState('waiting', 'GRANT')).toBe('open');
    expect(nextTaskState('waiting', 'GRANT_ASSIGNED')).toBe('claimed');
    expect(nextTaskState('waiting', 'CANCEL')).toBe('cancelled');
    for (const ev of ['CLAIM', 'UNCLAIM', 'ASSIGN', 'COMPLETE'] as const) expect(nextTaskState('waiting', ev)).toBeUndefined();
    expect(nextTaskState('open', 'GRANT')).toBeUndefined();
  });

  it('Scenario: the queue SLA "ticket → counter call" warns at 7 and breaches at 10 minutes on task.granted', async () => {
    // given one counter, busy, and a queue SLA of 10 minutes with a warning at 7
    const sla: SlaPolicyConfig[] = [{ id: 'queue', start: { on: 'task.created', elementId: 'serve' }, stop: { on: 'task.granted', elementId: 'serve' }, limit: 'PT10M', warning: 0.7 }];
    const h = await hall({ resources: { counter: { capacity: 1 } }, sla });
    const first = await h.arrive();
    const second = await h.arrive();
    // when the counter needs 12 minutes for the first customer
    await h.clock.advance('PT12M');
    await h.engine.tasks.complete(first, clerk(1));
    await h.engine.idle();
    // then the first ticket's clock met at once; the second warned at 7 and breached at 10 minutes, stopped at the call
    const trail = h.events.filter((e) => e.type.startsWith('sla.')).map((e) => `${e.type}@${(e.at - T0) / MIN}m:${(e as { instanceId: string }).instanceId}`);
    const [i1, i2] = h.customers;
    expect(trail).toEqual([`sla.started@0m:${i1}`, `sla.met@0m:${i1}`, `sla.started@0m:${i2}`, `sla.warning@7m:${i2}`, `sla.breached@10m:${i2}`, `sla.stopped@12m:${i2}`]);
    expect(h.granted()).toEqual([first, second]);
    // and the waiting task showed the queue promise as its due time
    expect(h.events.find((e) => e.type === 'task.created' && e.task.id === second)).toMatchObject({ task: { dueAt: T0 + 10 * MIN } });
  });

  it('Scenario: bad pool configuration and unknown pools are refused with typed errors naming the field', async () => {
    const clock = virtualClock(T0);
    for (const [resources, field] of [
      [{ counter: { capacity: -1 } }, 'resources.counter.capacity'],
      [{ counter: { capacity: 1.5 } }, 'resources.counter.capacity'],
      [{ counter: {} }, 'resources.counter.capacity'],
      [[1], 'resources'],
    ] as const) {
      expect(() => createEngine({ clock, resources: resources as never })).toThrow(InvalidArgumentError);
      try {
        createEngine({ clock, resources: resources as never });
      } catch (err) {
        expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: field });
        expect((err as InvalidArgumentError).hint).toBeTruthy();
      }
    }
    const h = await hall();
    await expect(h.engine.resources.setCapacity('counter', -2)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'capacity' });
    await expect(h.engine.resources.setCapacity('kiosk', 2)).rejects.toBeInstanceOf(NotFoundError);
    await expect(h.engine.resources.status('kiosk')).rejects.toMatchObject({ code: 'NOT_FOUND', kind: 'resource pool', id: 'kiosk' });
    expect((await h.engine.resources.status('counter')).capacity).toBe(2);
    expect(h.engine.resources.roles()).toEqual(['counter']);
  });
});
