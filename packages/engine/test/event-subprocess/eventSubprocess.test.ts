/**
 * Feature: event subprocesses (`triggeredByEvent="true"`), Camunda 8 semantics. Message,
 * timer, signal, error and escalation starts; interrupting (the rest of the scope is
 * cancelled, the scope completes through the event subprocess) or not (the scope goes on, the
 * event subprocess may run again, concurrently); at process level and inside an embedded
 * subprocess (only that subprocess is interrupted).
 */
import { describe, expect, it } from 'vitest';
import { BpmnError, DeployError, type EngineEvent } from '../../src/index';
import { actor, fixture, testEngine } from '../support';

const ana = actor('ana');
const elements = async (t: ReturnType<typeof testEngine>, id: string) => ((await t.engine.instances.get(id))?.activeElements ?? []).slice().sort();
const tasks = async (t: ReturnType<typeof testEngine>, id: string) => (await t.openTasks(id)).map((x) => x.elementId).sort();

describe('Feature: event subprocesses at process level', () => {
  it('Scenario: an interrupting message event subprocess cancels the main flow and completes the process', async () => {
    // given an order waiting in its task, with a daily reminder armed
    const t = testEngine();
    await t.deploy('event-subprocess/order-cancel.bpmn');
    const order = await t.engine.start('order', {}, { businessKey: 'o-1' });
    expect(await tasks(t, order.id)).toEqual(['handle']);
    // when the customer cancels
    const r = await t.engine.messages.correlate('cancel order', { businessKey: 'o-1' }, { reason: 'changed mind' });
    // then the task is cancelled, the reminders disarmed, and the refund runs in the event subprocess
    expect(r.correlated).toEqual([{ instanceId: order.id, elementId: 'cancelled' }]);
    expect(t.trail((e) => e.type === 'activity.cancelled' || e.type === 'timer.cancelled')).toEqual(['activity.cancelled:handle', 'timer.cancelled:daily']);
    expect(await tasks(t, order.id)).toEqual(['refund']);
    expect(await elements(t, order.id)).toEqual(['onCancel', 'refund']);
    expect(await t.store.nextDue()).toBeUndefined();
    // the payload is the event subprocess's, not the process's
    const refund = (await t.openTasks(order.id))[0]!;
    expect((await t.engine.instances.get(order.id))?.variables).toEqual({});
    expect(t.events.find((e) => e.type === 'activity.entered' && e.elementId === 'onCancel')).toBeDefined();
    // a second cancel reaches nobody: the event subprocess is not armed any more
    expect((await t.engine.messages.correlate('cancel order', { businessKey: 'o-1' }, {})).correlated).toEqual([]);
    // when the refund is done, the process completes through the event subprocess
    await t.engine.tasks.complete(refund.id, ana, {});
    const done = await t.engine.instances.get(order.id);
    expect(done?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.left').slice(-3)).toEqual(['activity.left:refund', 'activity.left:cancelDone', 'activity.left:onCancel']);
  });

  it('Scenario: a non-interrupting timer cycle fires while the main task stays open, twice, two instances at once', async () => {
    // given an order waiting in its task
    const t = testEngine();
    await t.deploy('event-subprocess/order-cancel.bpmn');
    const order = await t.engine.start('order', {}, { businessKey: 'o-2' });
    // when two days pass
    await t.clock.advance('P1D');
    await t.clock.advance('P1D');
    // then two reminders run concurrently and the main task stays open
    expect(await tasks(t, order.id)).toEqual(['handle', 'remind', 'remind']);
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual(['timer.fired:daily', 'timer.fired:daily']);
    expect(t.events.filter((e): e is Extract<EngineEvent, { type: 'timer.fired' }> => e.type === 'timer.fired').map((e) => e.cycle)).toEqual([1, 2]);
    const reminders = (await t.engine.instances.get(order.id))!;
    expect(reminders.activeElements.filter((x) => x === 'reminders')).toHaveLength(2);
    // when the clerk handles the order, the process waits for the running reminders
    await t.completeTask(order.id, 'handle', ana);
    expect((await t.engine.instances.get(order.id))?.status).toBe('active');
    for (const task of await t.openTasks(order.id)) await t.engine.tasks.complete(task.id, ana, {});
    // then it completes, and its cycle timer is gone
    expect((await t.engine.instances.get(order.id))?.status).toBe('completed');
    expect(await t.store.nextDue()).toBeUndefined();
    expect(t.trail((e) => e.type === 'timer.cancelled')).toEqual(['timer.cancelled:daily']);
  });

  it('Scenario: the process completes normally when no event subprocess triggered; nothing stays subscribed', async () => {
    const t = testEngine();
    await t.deploy('event-subprocess/order-cancel.bpmn');
    const order = await t.engine.start('order', {}, { businessKey: 'o-3' });
    const before = (await t.store.getInstance(order.id))!;
    expect(before.subs.map((s) => s.m)).toEqual(['cancel order']);
    expect(before.timers).toHaveLength(1);
    await t.completeTask(order.id, 'handle', ana);
    const after = (await t.store.getInstance(order.id))!;
    expect(after.status).toBe('completed');
    expect(after.subs).toEqual([]);
    expect(after.timers).toEqual([]);
    expect(await t.store.nextDue()).toBeUndefined();
    expect(await t.store.findSubscriptions('cancel order', 'business', 'o-3')).toEqual([]);
    expect(t.trail((e) => 'elementId' in e && (e.elementId === 'refund' || e.elementId === 'remind'))).toEqual([]);
  });

  it('Scenario: cancelling the instance removes the event subprocess subscriptions', async () => {
    const t = testEngine();
    await t.deploy('event-subprocess/order-cancel.bpmn');
    const order = await t.engine.start('order', {}, { businessKey: 'o-4' });
    await t.engine.instances.cancel(order.id, 'test');
    expect(await t.store.findSubscriptions('cancel order', 'business', 'o-4')).toEqual([]);
    expect(await t.store.nextDue()).toBeUndefined();
  });

  it('Scenario: an error end event inside a subprocess is caught by the error event subprocess with its code', async () => {
    // given the picking subprocess, which escalated "late" on its way in
    const t = testEngine();
    await t.deploy('event-subprocess/errors-escalations.bpmn');
    const f = await t.engine.start('fulfil', { path: 'pick' });
    // then the non-interrupting escalation event subprocess runs beside the picking
    expect(await tasks(t, f.id)).toEqual(['check', 'tellCustomer']);
    expect(t.events.find((e) => e.type === 'escalation.thrown')).toMatchObject({ elementId: 'late', code: 'LATE', caughtBy: 'lateStart' });
    // when the shelf is empty (error end event OUT_OF_STOCK)
    await t.completeTask(f.id, 'check', ana);
    // then the specific error event subprocess (not the catch-all) interrupts everything, the escalation's too
    expect(t.events.find((e) => e.type === 'error.thrown')).toMatchObject({ elementId: 'noStock', code: 'OUT_OF_STOCK', caughtBy: 'stockError' });
    expect(t.trail((e) => e.type === 'activity.cancelled').sort()).toEqual(['activity.cancelled:onLate', 'activity.cancelled:pick', 'activity.cancelled:tellCustomer']);
    expect(await tasks(t, f.id)).toEqual(['apologise']);
    await t.completeTask(f.id, 'apologise', ana);
    expect((await t.engine.instances.get(f.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'incident.raised')).toEqual([]);
  });

  it("Scenario: a job's BPMN error is caught by the catch-all error event subprocess", async () => {
    const t = testEngine({ handlers: { charge: () => { throw new BpmnError('DECLINED', 'card declined'); } } });
    await t.deploy('event-subprocess/errors-escalations.bpmn');
    const f = await t.engine.start('fulfil', { path: 'charge' });
    await t.engine.idle();
    expect(t.events.find((e) => e.type === 'error.thrown')).toMatchObject({ elementId: 'charge', code: 'DECLINED', caughtBy: 'anyError' });
    expect(await tasks(t, f.id)).toEqual(['investigate']);
    expect(await elements(t, f.id)).toEqual(['investigate', 'onAnyError']);
  });
});

describe('Feature: event subprocess starts that need the instance', () => {
  it('Scenario: a timer expression that fails is an incident on its start event; the main flow runs; a retry arms it', async () => {
    // given a chaser whose wait is not set
    const t = testEngine();
    await t.deploy('event-subprocess/timer-expression.bpmn');
    const c = await t.engine.start('chase', {}, { businessKey: 'c-1' });
    // then the start event has an incident, the task and the stop message are armed anyway
    const [incident] = await t.engine.incidents.list(c.id);
    expect(incident).toMatchObject({ elementId: 'after', code: 'TIMER_EXPRESSION' });
    expect(await tasks(t, c.id)).toEqual(['work']);
    expect((await t.store.findSubscriptions('stop', 'business', 'c-1')).length).toBe(1);
    // when it is retried with the wait set
    await t.engine.incidents.retry(incident!.id, { variables: { wait: 'PT2H' } });
    expect(await t.engine.incidents.list(c.id)).toEqual([]);
    await t.clock.advance('PT2H');
    // then the chaser runs beside the work
    expect(await tasks(t, c.id)).toEqual(['chase1', 'work']);
  });

  it('Scenario: a message buffered before the instance starts reaches its interrupting event subprocess', async () => {
    const t = testEngine();
    await t.deploy('event-subprocess/timer-expression.bpmn');
    await t.engine.messages.correlate('stop', { businessKey: 'c-2' }, { why: 'early' }, { ttl: 'PT1H' });
    const c = await t.engine.start('chase', { wait: 'PT1H' }, { businessKey: 'c-2' });
    await t.engine.idle();
    const info = await t.engine.instances.get(c.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ wait: 'PT1H' });
    expect(t.trail((e) => e.type === 'activity.cancelled' || e.type === 'timer.cancelled')).toEqual(['activity.cancelled:work', 'timer.cancelled:after']);
    expect(await t.store.nextDue()).toBeUndefined();
  });
});

describe('Feature: event subprocesses and call activities', () => {
  it("Scenario: a child's own escalation event subprocess catches its escalation; its uncaught error reaches the caller's error event subprocess", async () => {
    const t = testEngine();
    await t.deploy('event-subprocess/call-error.bpmn');
    const parent = await t.engine.start('caller', {});
    const child = (await t.engine.instances.get(parent.id))!.children[0]!;
    // the child caught its escalation itself: nothing reached the caller
    expect(await tasks(t, child)).toEqual(['helper', 'tryIt']);
    expect(t.trail((e) => e.type === 'activity.entered' && e.elementId === 'onHelpCaller')).toEqual([]);
    // when the child fails with FAILED
    await t.completeTask(child, 'tryIt', ana);
    await t.engine.idle();
    // then the caller's error event subprocess runs and the child is terminated
    expect((await t.engine.instances.get(child))?.status).toBe('terminated');
    expect(await tasks(t, parent.id)).toEqual(['repair']);
    await t.completeTask(parent.id, 'repair', ana);
    expect((await t.engine.instances.get(parent.id))?.status).toBe('completed');
  });
});

describe('Feature: event subprocesses inside an embedded subprocess', () => {
  it('Scenario: an interrupting signal event subprocess interrupts only its subprocess', async () => {
    // given shipping (packing in the subprocess) and a parallel audit
    const t = testEngine();
    await t.deploy('event-subprocess/nested-signal.bpmn');
    const s = await t.engine.start('shipping', { orderId: 'A7' });
    expect(await tasks(t, s.id)).toEqual(['audit', 'pack']);
    // when the recall signal is broadcast
    const r = await t.engine.signals.broadcast('recall', { why: 'defect' });
    // then packing is cancelled, unpacking runs, the audit goes on
    expect(r.received).toEqual([{ instanceId: s.id, elementId: 'recalled' }]);
    expect(t.trail((e) => e.type === 'activity.cancelled')).toEqual(['activity.cancelled:pack']);
    expect(await tasks(t, s.id)).toEqual(['audit', 'unpack']);
    // the note subscription of the interrupted subprocess is gone
    expect(await t.store.findSubscriptions('note', 'correlation', 'A7')).toEqual([]);
    // when unpacking is done, the subprocess completes and the flow after it runs
    await t.completeTask(s.id, 'unpack', ana);
    expect(t.trail((e) => e.type === 'activity.left' && (e.elementId === 'ship' || e.elementId === 'shipped'))).toEqual(['activity.left:ship', 'activity.left:shipped']);
    expect(await elements(t, s.id)).toEqual(['audit']);
    await t.completeTask(s.id, 'audit', ana);
    expect((await t.engine.instances.get(s.id))?.status).toBe('completed');
  });

  it('Scenario: a non-interrupting message event subprocess runs with the payload as its locals, as often as messages come', async () => {
    const t = testEngine();
    await t.deploy('event-subprocess/nested-signal.bpmn');
    const s = await t.engine.start('shipping', { orderId: 'A8' });
    // when two notes arrive
    await t.engine.messages.correlate('note', { correlationKey: 'A8' }, { text: 'fragile' });
    await t.engine.messages.correlate('note', { correlationKey: 'A8' }, { text: 'gift' });
    // then each ran its own event subprocess; packing is still open; the payload stayed local
    expect(t.trail((e) => e.type === 'activity.left' && e.elementId === 'onNote')).toHaveLength(2);
    expect(await tasks(t, s.id)).toEqual(['audit', 'pack']);
    const vars = (await t.engine.instances.get(s.id))!.variables;
    expect(vars).toEqual({ orderId: 'A8', lastNote: 'read: gift' });
    // when packing ends the subprocess completes and its subscription is removed
    await t.completeTask(s.id, 'pack', ana);
    expect(await t.store.findSubscriptions('note', 'correlation', 'A8')).toEqual([]);
    expect(await elements(t, s.id)).toEqual(['audit']);
  });
});

describe('Feature: event subprocesses refused at deploy', () => {
  it('Scenario: compensate starts, flows, several or no start events, a non-interrupting error, boundary events are refused with their element', async () => {
    const t = testEngine();
    const err = await t.engine.deploy({ bpmn: fixture('event-subprocess/refused.bpmn'), name: 'refused' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    const problems = (err as DeployError).problems.map((p) => [p.code, p.elementId]);
    expect(problems).toEqual(
      expect.arrayContaining([
        ['UNSUPPORTED_ELEMENT', 'condStart'],
        ['INVALID_EVENT_SUBPROCESS', 'withFlow'],
        ['INVALID_EVENT_SUBPROCESS', 'twoStarts'],
        ['INVALID_EVENT_SUBPROCESS', 'seStart'],
        ['UNSUPPORTED_ELEMENT', 'ntStart'],
        ['INVALID_BOUNDARY', 'onEsp'],
      ]),
    );
    for (const p of (err as DeployError).problems) {
      expect(p.hint.length).toBeGreaterThan(10);
      expect(p.line).toBeGreaterThan(0);
    }
    expect((err as DeployError).problems.find((p) => p.elementId === 'condStart')?.message).toMatch(/compensate start event of an event subprocess is not supported/);
  });
});
