/**
 * Feature: migration carries every kind of state an instance holds — a call activity's child,
 * a multi-instance body, armed event subprocesses, a running job with compensation records
 * behind it, a running listener — or refuses it with a typed problem.
 */
import { describe, expect, it } from 'vitest';
import { MigrationError, migrationKind, type JobHandler } from '../../src/index';
import { actor, fixture, testEngine } from '../support';

/** The file again as a new version (a changed file is a new version). */
const v2 = (name: string, edit: (xml: string) => string = (x) => x) => ({ bpmn: `${edit(fixture(name))}\n<!-- version 2 -->\n` });

describe('Feature: migration of every state kind', () => {
  it('Scenario: a call activity\'s caller migrates while its child runs; the child stays linked and its completion continues the caller on version 2', async () => {
    // given an order whose payment child waits in its task
    const t = testEngine();
    await t.deploy('call-activity/c8-payment.bpmn');
    await t.deploy('call-activity/c8-order.bpmn');
    const order = await t.engine.start('order', { item: 'router', amount: 30 });
    const childId = (await t.engine.instances.get(order.id))!.children[0]!;
    // when the order and the child both migrate to new versions of their processes
    await t.engine.deploy(v2('call-activity/c8-order.bpmn'));
    await t.engine.deploy(v2('call-activity/c8-payment.bpmn'));
    expect(await t.engine.instances.migrate([order.id], { toVersion: 2 })).toEqual({ migrated: [order.id] });
    expect(await t.engine.instances.migrate([childId], { toVersion: 2 })).toEqual({ migrated: [childId] });
    // then the link holds both ways, and completing the child's task continues the caller
    expect(await t.engine.instances.get(order.id)).toMatchObject({ processVersion: 2, children: [childId] });
    expect(await t.engine.instances.get(childId)).toMatchObject({ processVersion: 2, parentId: order.id });
    await t.completeTask(childId, 'charge', actor('cat', 'cashier'), { charged: true, receipt: 'r-9' });
    expect((await t.engine.instances.get(childId))!.status).toBe('completed');
    expect((await t.engine.instances.get(order.id))!.variables).toMatchObject({ receipt: 'r-9' });
  });

  it('Scenario: a parallel multi-instance body keeps its progress; a target that is sequential is refused', async () => {
    // given a parallel review by three reviewers, one of whom has reviewed
    const t = testEngine();
    await t.deploy('multi-instance/c8-parallel-review.bpmn');
    const inst = await t.engine.start('parallelReview', { reviewers: ['a', 'b', 'c'] });
    const reviewer = (task: { assignee?: string }) => actor(task.assignee ?? 'x', 'board');
    const [first] = await t.openTasks(inst.id);
    await t.engine.tasks.complete(first!.id, reviewer(first!), { verdict: 'ok' });
    const before = JSON.stringify(await t.store.getInstance(inst.id));
    // when the target makes the review sequential, the plan is refused
    await t.engine.deploy(v2('multi-instance/c8-parallel-review.bpmn', (x) => x.replace('<bpmn:multiInstanceLoopCharacteristics', '<bpmn:multiInstanceLoopCharacteristics isSequential="true"')));
    const err = (await t.engine.instances.migrate([inst.id], { toVersion: 2 }).catch((e: unknown) => e)) as MigrationError;
    expect(err).toBeInstanceOf(MigrationError);
    expect(new Set(err.problems.map((p) => [p.code, p.elementId].join(' ')))).toEqual(new Set(['KIND_MISMATCH review']));
    expect(JSON.stringify(await t.store.getInstance(inst.id))).toBe(before);
    // when version 3 keeps it parallel, the body and its inner instances move, and the last two reviews complete it
    await t.engine.deploy({ bpmn: `${fixture('multi-instance/c8-parallel-review.bpmn')}\n<!-- version 3 -->\n` });
    await t.engine.instances.migrate([inst.id], { toVersion: 3 });
    const open = await t.openTasks(inst.id);
    expect(open.map((x) => x.assignee)).toEqual(['b', 'c']);
    for (const task of open) await t.engine.tasks.complete(task.id, reviewer(task), { verdict: 'ok' });
    expect((await t.engine.instances.get(inst.id))!.status).toBe('completed');
  });

  it('Scenario: armed event subprocesses stay armed (the cycle timer keeps its due time); a removed one is disarmed', async () => {
    // given an order waiting in its task, with a cancel message and a daily reminder armed
    const t = testEngine();
    await t.deploy('event-subprocess/order-cancel.bpmn');
    const order = await t.engine.start('order', {}, { businessKey: 'o-1' });
    const other = await t.engine.start('order', {}, { businessKey: 'o-2' });
    // when it migrates to a version without the reminders
    await t.engine.deploy(v2('event-subprocess/order-cancel.bpmn', (x) => x.replace(/<bpmn:subProcess id="reminders"[\s\S]*?<\/bpmn:subProcess>/, '')));
    await t.engine.instances.migrate([order.id], { toVersion: 2 });
    // then the reminder timer ended (recorded), the cancel subscription stayed
    expect(t.trail((e) => e.type === 'timer.cancelled')).toEqual(['timer.cancelled:daily']);
    const state = (await t.store.getInstance(order.id))!;
    expect(state.timers).toEqual([]);
    expect(state.subs.map((s) => s.m)).toEqual(['cancel order']);
    // and cancelling runs the event subprocess of version 2
    await t.engine.messages.correlate('cancel order', { businessKey: 'o-1' }, {});
    expect((await t.openTasks(order.id)).map((x) => x.elementId)).toEqual(['refund']);
    // and a plan moving the refund out of its event subprocess is refused: the scope would not hold
    await t.engine.deploy({ bpmn: `${fixture('event-subprocess/order-cancel.bpmn')}\n<!-- version 3 -->\n` });
    const err = (await t.engine.instances.migrate([order.id], { toVersion: 3, mapping: { refund: 'handle' } }).catch((e: unknown) => e)) as MigrationError;
    expect(err.problems?.map((p) => [p.code, p.elementId, p.targetElementId])).toEqual([['SCOPE_MISMATCH', 'refund', 'handle']]);
    // and a second instance migrated to a version that keeps the reminders keeps the timer's due time
    const otherTimers = (await t.store.getInstance(other.id))!.timers;
    expect(otherTimers).toHaveLength(1);
    await t.engine.instances.migrate([other.id], { toVersion: 3 });
    expect((await t.store.getInstance(other.id))!.timers).toEqual(otherTimers);
    await t.clock.advance('P1D');
    expect((await t.openTasks(other.id)).map((x) => x.elementId).sort()).toEqual(['handle', 'remind']);
  });

  it('Scenario: a running job and the compensation records behind it migrate; the handlers of version 2 undo the bookings; a target without a handler is refused', async () => {
    // given a trip whose hotel and flight are booked and whose charge is running at its handler
    const t = testEngine();
    const log: string[] = [];
    let release: (out: Record<string, unknown>) => void = () => undefined;
    const handlers: Record<string, JobHandler> = {
      'book-hotel': () => (log.push('book-hotel'), { hotelId: 'H1' }),
      'book-flight': () => (log.push('book-flight'), { flightId: 'F7' }),
      charge: () => new Promise((r) => (release = r)),
      'cancel-hotel': () => (log.push('cancel-hotel'), {}),
      'cancel-flight': () => (log.push('cancel-flight'), {}),
    };
    await t.deploy('compensation/c8-trip.bpmn', { handlers });
    const trip = await t.engine.start('trip', {});
    const charge = (await t.engine.processes.model('trip')).byId.get('charge');
    for (let i = 0; i < 50 && !(await t.store.getInstance(trip.id))!.ex.some((e) => e.w === 'job' && e.n === charge); i++) await new Promise((r) => setTimeout(r, 5));
    const before = (await t.store.getInstance(trip.id))!;
    expect(before.comp?.length).toBe(2);
    // when the target drops the hotel's compensation, the plan is refused
    await t.engine.deploy(v2('compensation/c8-trip.bpmn', (x) => x.replace(/<bpmn:boundaryEvent id="undoHotel"[\s\S]*?<\/bpmn:boundaryEvent>/, '').replace(/<bpmn:serviceTask id="cancelHotel"[\s\S]*?<\/bpmn:serviceTask>/, '').replace(/<bpmn:association id="a1"[^>]*\/>/, '')));
    const err = (await t.engine.instances.migrate([trip.id], { toVersion: 2 }).catch((e: unknown) => e)) as MigrationError;
    expect(err.problems?.map((p) => [p.code, p.elementId])).toEqual([['COMPENSATION_LOST', 'bookHotel']]);
    // when version 3 keeps both, the trip migrates with its running job and records
    await t.engine.deploy({ bpmn: `${fixture('compensation/c8-trip.bpmn')}\n<!-- version 3 -->\n` });
    await t.engine.instances.migrate([trip.id], { toVersion: 3 });
    const after = (await t.store.getInstance(trip.id))!;
    expect(after.comp).toEqual(before.comp);
    expect(after.ex.find((e) => e.job)!.job).toEqual(before.ex.find((e) => e.job)!.job);
    // and when the charge fails to pay, version 3's handlers undo both bookings, flight first
    release({ paid: false });
    await t.engine.idle();
    expect(log).toEqual(['book-hotel', 'book-flight', 'cancel-flight', 'cancel-hotel']);
    expect((await t.engine.instances.get(trip.id))!).toMatchObject({ status: 'completed', processVersion: 3 });
  });

  it('Scenario: a token in its start listeners migrates only onto an element running the same listeners', async () => {
    // given a token on work whose first start listener (audit-start) is running at its handler
    const t = testEngine();
    const log: string[] = [];
    let release: (out: Record<string, unknown>) => void = () => undefined;
    const done = (type: string): JobHandler => () => (log.push(type), {});
    const handlers: Record<string, JobHandler> = { 'process-start': done('process-start'), 'audit-start': () => new Promise((r) => (release = r)), prepare: done('prepare'), pack: done('pack'), 'audit-end': done('audit-end'), 'process-end': done('process-end') };
    await t.deploy('listeners/c8-execution.bpmn', { handlers });
    const inst = await t.engine.start('c8Listeners', { amount: 21 });
    for (let i = 0; i < 50 && !(await t.store.getInstance(inst.id))!.ex.some((e) => e.l?.p === 'start'); i++) await new Promise((r) => setTimeout(r, 5));
    // when the target drops the audit-start listener, the plan is refused
    await t.engine.deploy(v2('listeners/c8-execution.bpmn', (x) => x.replace(/<zeebe:executionListener eventType="start" type="audit-start"[^>]*\/>/, '')));
    const err = (await t.engine.instances.migrate([inst.id], { toVersion: 2 }).catch((e: unknown) => e)) as MigrationError;
    expect(err.problems?.map((p) => [p.code, p.elementId])).toEqual([['LISTENER_RUNNING', 'work']]);
    // when version 3 runs the same listeners, the token keeps its place in them
    await t.engine.deploy({ bpmn: `${fixture('listeners/c8-execution.bpmn')}\n<!-- version 3 -->\n` });
    await t.engine.instances.migrate([inst.id], { toVersion: 3 });
    release({});
    await t.engine.idle();
    expect(log).toEqual(['process-start', 'prepare', 'pack', 'audit-end', 'process-end']);
    expect((await t.engine.instances.get(inst.id))!.status).toBe('completed');
  });

  it('Rule: the kind of an element (a token moves only between elements of one kind)', async () => {
    const t = testEngine();
    const kinds = async (file: string, pid: string, ids: string[]) => {
      await t.deploy(file);
      const m = await t.engine.processes.model(pid);
      return ids.map((id) => migrationKind(m.nodes[m.byId.get(id)!]!));
    };
    expect(await kinds('migration/claim-v1.bpmn', 'claim', ['review', 'reviewLate', 'start', 'done'])).toEqual(['userTask', 'boundaryEvent:timer', 'startEvent:none', 'endEvent:none']);
    expect(await kinds('compensation/c8-trip.bpmn', 'trip', ['bookHotel', 'cancelHotel', 'undoHotel', 'paid', 'undoAll'])).toEqual(['serviceTask', 'serviceTask (compensation handler)', 'boundaryEvent:compensate', 'exclusiveGateway', 'endEvent:compensate']);
    expect(await kinds('multi-instance/c8-parallel-review.bpmn', 'parallelReview', ['review'])).toEqual(['userTask (parallel multi-instance)']);
    expect(await kinds('event-subprocess/order-cancel.bpmn', 'order', ['onCancel', 'cancelled', 'daily'])).toEqual(['eventSubProcess', 'startEvent:message', 'startEvent:timer']);
  });

  it('Scenario: an event-based gateway keeps its timer; a catch whose message the target renamed is subscribed again under the new name', async () => {
    // given an order waiting for its payment or one hour
    const t = testEngine();
    await t.deploy('flow/event-gateway.bpmn');
    const inst = await t.engine.start('eventGateway', {}, { businessKey: 'o-7' });
    const before = (await t.store.getInstance(inst.id))!;
    // when version 2 renames the message, and the instance migrates
    await t.engine.deploy(v2('flow/event-gateway.bpmn', (x) => x.replace('name="payment"', 'name="payment received"')));
    await t.engine.instances.migrate([inst.id], { toVersion: 2 });
    // then the timer is the same, the subscription is under the new name
    const after = (await t.store.getInstance(inst.id))!;
    expect(after.timers).toEqual(before.timers);
    expect(after.subs.map((x) => x.m)).toEqual(['payment received']);
    expect((await t.engine.messages.correlate('payment', { businessKey: 'o-7' }, {})).correlated).toEqual([]);
    expect((await t.engine.messages.correlate('payment received', { businessKey: 'o-7' }, {})).correlated).toEqual([{ instanceId: inst.id, elementId: 'paid' }]);
    expect((await t.engine.instances.get(inst.id))!.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.left').at(-1)).toBe('activity.left:paidEnd');
  });
});
