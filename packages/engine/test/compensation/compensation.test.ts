/**
 * Feature: compensation (Camunda 8 semantics, decision 0025). Compensation boundary events
 * associated with handlers (`isForCompensation`); compensation throw and end events for the
 * whole scope or one `activityRef`; handlers run one at a time in reverse order of
 * completion, once per completion; completed subprocesses (and each completed inner
 * instance of a multi-instance subprocess, with its own variables) are compensated through
 * their content; a multi-instance task once, for its body; compensation from an error event
 * subprocess; nothing to compensate → the event moves on; both dialects.
 */
import { describe, expect, it } from 'vitest';
import { BpmnError, DeployError, type JobContext } from '../../src/index';
import { actor, fixture, testEngine } from '../support';

const clerk = actor('kim', 'clerk');

/** Handlers that log `type` (and what they saw) in the order they ran. */
function logging(types: string[], out: Record<string, (job: JobContext) => Record<string, unknown> | void> = {}) {
  const log: string[] = [];
  const seen: Record<string, unknown>[] = [];
  const handlers: Record<string, (job: JobContext) => Record<string, unknown> | void> = {};
  for (const type of types) {
    handlers[type] = (job) => {
      log.push(type);
      seen.push({ type, ...job.variables });
      return out[type]?.(job);
    };
  }
  return { log, seen, handlers };
}

describe('Feature: compensation throw and end events (Camunda 8)', () => {
  it('Scenario: an unpaid trip undoes its bookings, newest first, and ends', async () => {
    // given a trip whose card charge fails
    const t = testEngine();
    const h = logging(['book-hotel', 'book-flight', 'charge', 'cancel-hotel', 'cancel-flight'], {
      'book-hotel': () => ({ hotelId: 'H1' }),
      'book-flight': () => ({ flightId: 'F7' }),
      charge: () => ({ paid: false }),
    });
    await t.deploy('compensation/c8-trip.bpmn', { handlers: h.handlers });
    // when it runs
    const trip = await t.engine.start('trip', {});
    await t.engine.idle();
    // then the flight is cancelled first, then the hotel, each seeing the booking it undoes, and the process completes
    expect(h.log).toEqual(['book-hotel', 'book-flight', 'charge', 'cancel-flight', 'cancel-hotel']);
    expect(h.seen.find((s) => s.type === 'cancel-hotel')).toMatchObject({ hotelId: 'H1', flightId: 'F7' });
    const done = await t.engine.instances.get(trip.id);
    expect(done?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.left').slice(-3)).toEqual(['activity.left:cancelFlight', 'activity.left:cancelHotel', 'activity.left:undoAll']);
    // the end event waited for both handlers
    const entered = t.trail((e) => e.type === 'activity.entered');
    expect(entered.indexOf('activity.entered:undoAll')).toBeLessThan(entered.indexOf('activity.entered:cancelFlight'));
  });

  it('Scenario: a paid trip completes without running a handler and keeps no records', async () => {
    // given a trip whose charge succeeds
    const t = testEngine();
    const h = logging(['book-hotel', 'book-flight', 'charge', 'cancel-hotel', 'cancel-flight'], { charge: () => ({ paid: true }) });
    await t.deploy('compensation/c8-trip.bpmn', { handlers: h.handlers });
    // when it runs
    const trip = await t.engine.start('trip', {});
    await t.engine.idle();
    // then no handler runs, and the finished state holds no compensation records
    expect(h.log).toEqual(['book-hotel', 'book-flight', 'charge']);
    expect((await t.engine.instances.get(trip.id))?.status).toBe('completed');
    expect((await t.store.getInstance(trip.id))?.comp).toBeUndefined();
  });

  it('Scenario: activityRef compensates one activity first; a later throw compensates the rest once; a third finds nothing', async () => {
    // given bookings undone in a fixed order
    const t = testEngine();
    const h = logging(['book-flight', 'book-hotel', 'cancel-flight', 'cancel-hotel']);
    await t.deploy('compensation/c8-activity-ref.bpmn', { handlers: h.handlers });
    // when it runs
    const inst = await t.engine.start('tripRef', {});
    await t.engine.idle();
    // then the flight (activityRef) is undone before the hotel although it was booked first, and nothing twice
    expect(h.log).toEqual(['book-flight', 'book-hotel', 'cancel-flight', 'cancel-hotel']);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.left').filter((x) => /flightFirst|theRest|again|cancel/.test(x))).toEqual([
      'activity.left:cancelFlight',
      'activity.left:flightFirst',
      'activity.left:cancelHotel',
      'activity.left:theRest',
      'activity.left:again',
    ]);
  });

  it('Scenario: an error event subprocess compensates each seat reservation of each passenger with its own variables, and the billing once', async () => {
    // given three passengers, and a ticket issue that fails with a BPMN error
    const t = testEngine();
    const h = logging(['reserve', 'bill', 'release', 'refund-all', 'issue'], {
      reserve: (job) => ({ seat: `S-${String(job.variables.passenger)}` }),
      issue: () => {
        throw new BpmnError('ISSUE_FAILED', 'printer on fire');
      },
    });
    await t.deploy('compensation/c8-multi-instance.bpmn', { handlers: h.handlers });
    // when it runs
    const inst = await t.engine.start('seats', { passengers: ['ann', 'bo', 'cy'] });
    await t.engine.idle();
    // then the billing (completed last) is refunded once, then each reservation is released, newest first, with its passenger
    const undo = h.seen.filter((s) => s.type === 'release' || s.type === 'refund-all');
    expect(undo.map((s) => s.type)).toEqual(['refund-all', 'release', 'release', 'release']);
    const reserved = h.seen.filter((s) => s.type === 'reserve').map((s) => s.passenger);
    expect(undo.slice(1).map((s) => s.passenger)).toEqual([...reserved].reverse());
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect((await t.store.getInstance(inst.id))?.comp).toBeUndefined();
  });
});

describe('Feature: compensation scopes and handler kinds (Camunda 8)', () => {
  it('Scenario: a throw inside a subprocess compensates only its content; a subprocess and a call activity serve as handlers', async () => {
    // given
    const t = testEngine();
    const h = logging(['outer', 'inner', 'undo-inner', 'pay', 'refund', 'undo-outer-1', 'undo-outer-2']);
    await t.deploy('compensation/c8-scopes.bpmn', { handlers: h.handlers });
    // when
    const inst = await t.engine.start('scopes', {});
    await t.engine.idle();
    // then the inner throw undid the inner task only; the end event undid the payment (a child process), then the outer task (two steps)
    expect(h.log).toEqual(['outer', 'inner', 'undo-inner', 'pay', 'refund', 'undo-outer-1', 'undo-outer-2']);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    const children = (await t.engine.instances.list({ processId: 'refundProc' })).map((c) => [c.status, c.parentId]);
    expect(children).toEqual([['completed', inst.id]]);
  });
});

describe('Feature: compensation in Camunda 7 files', () => {
  it('Scenario: a cancellation request undoes the reservation by a user task (activityRef), then the order ends cancelled', async () => {
    // given an order packed after the stock was reserved
    const t = testEngine();
    await t.deploy('compensation/c7-order.bpmn');
    const order = await t.engine.start('c7order', {}, { businessKey: 'o-7' });
    await t.completeTask(order.id, 'reserve', clerk, { reserved: 3 });
    // when the customer cancels while packing
    await t.engine.messages.correlate('cancel', { businessKey: 'o-7' }, {});
    // then the clerk must put the stock back before the order ends
    expect((await t.openTasks(order.id)).map((x) => x.elementId)).toEqual(['unreserve']);
    expect((await t.engine.instances.get(order.id))?.activeElements.slice().sort()).toEqual(['undo', 'unreserve']);
    // the state (with its compensation queue) survives a JSON round trip
    const state = (await t.store.getInstance(order.id))!;
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    await t.completeTask(order.id, 'unreserve', clerk);
    expect((await t.engine.instances.get(order.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.entered').slice(-1)).toEqual(['activity.entered:cancelled']);
  });

  it('Scenario: a throw with nothing completed to compensate moves on at once', async () => {
    const t = testEngine();
    await t.deploy('compensation/c7-order.bpmn');
    const order = await t.engine.start('c7order', { abort: true });
    expect((await t.engine.instances.get(order.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.left').slice(-2)).toEqual(['activity.left:nothingYet', 'activity.left:aborted']);
  });
});

describe('Feature: compensation mistakes refused at deploy', () => {
  it('Scenario: handlers with flows, boundaries without handlers, unused handlers, activityRefs out of scope, compensate starts of event subprocesses', async () => {
    const t = testEngine();
    const err = await t.deploy('compensation/refused.bpmn').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    const problems = (err as DeployError).problems.map((p) => [p.code, p.elementId]);
    expect(problems).toEqual([
      ['INVALID_COMPENSATION', 'lonelyBoundary'],
      ['INVALID_FLOW', 'handlerWithFlow'],
      ['INVALID_COMPENSATION', 'unusedHandler'],
      ['INVALID_COMPENSATION', 'wrongRef'],
    ]);
    for (const p of (err as DeployError).problems) expect(p.hint).toMatch(/\.$/);
  });

  it('Scenario: waitForCompletion="false" deploys with a warning (the throw waits), and strict deploys refuse it', async () => {
    const xml = fixture('compensation/c8-trip.bpmn').replace('<bpmn:endEvent id="undoAll"><bpmn:compensateEventDefinition />', '<bpmn:endEvent id="undoAll"><bpmn:compensateEventDefinition waitForCompletion="false" />');
    const t = testEngine();
    await t.engine.deploy({ bpmn: xml, name: 'trip' });
    const warnings = (await t.engine.processes.model('trip')).warnings ?? [];
    expect(warnings.map((w) => [w.code, w.elementId])).toEqual([['COMPENSATION_WAITS', 'undoAll']]);
    const strict = await testEngine().engine.deploy({ bpmn: xml, name: 'trip' }, { strict: true }).catch((e: unknown) => e);
    expect(strict).toBeInstanceOf(DeployError);
  });
});
