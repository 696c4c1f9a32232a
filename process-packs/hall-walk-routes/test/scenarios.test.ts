import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, TaskWaitingError, ValidationError } from '@handoff/engine';
import { allAtCounterRouting, createHallPack, defaultRouting, divertCustomer, hallResources, openExtraCounter, routeFor, watchQueue, type QueueAlert } from '../src/index';
import { clerk, greeter, hall, kiosk, manager, MIN, T0 } from './support';

describe('Feature: every walk route of the hall', () => {
  it('Scenario: simple business (top-up) is diverted to self-service and the customer leaves without the counter', async () => {
    const h = await hall();
    const id = await h.visit('A001', 'topUp', 'low');
    expect((await h.status(id)).variables).toMatchObject({ route: 'simpleBusiness', recommendedOffer: 'data add-on pack' });
    await h.complete('A001', 'useSelfService', kiosk);
    expect((await h.status(id)).status).toBe('completed');
    expect(h.ended(id)).toEqual(['selfServiceDone']);
  });

  it('Scenario: a new card the kiosk finishes ends at the kiosk; one it cannot finish goes to the counter for the identity check', async () => {
    const h = await hall();
    const a = await h.visit('A001', 'newCard', 'mid');
    await h.complete('A001', 'openCardAtKiosk', kiosk, { kioskFinished: true, number: '13800000001' });
    expect(h.ended(a)).toEqual(['cardOpened']);
    const b = await h.visit('A002', 'chooseNumber', 'low');
    await h.complete('A002', 'openCardAtKiosk', kiosk, { kioskFinished: false });
    await h.complete('A002', 'verifyIdentityAtCounter', clerk);
    expect(h.ended(b)).toEqual(['cardIssuedAtCounter']);
  });

  it('Scenario: device purchase — the greeter runs the six steps, the counter takes contract and payment; no purchase ends at the greeter', async () => {
    const h = await hall();
    const a = await h.visit('A001', 'device', 'high');
    expect((await h.status(a)).variables.recommendedOffer).toBe('flagship handset with a 24-month plan');
    await h.complete('A001', 'terminalMarketing', greeter, { stepsDone: ['greet', 'discover', 'demonstrate', 'recommend', 'handleObjections', 'close'], purchase: true });
    await h.complete('A001', 'signContractAndPay', clerk);
    expect(h.ended(a)).toEqual(['devicePurchased']);
    const b = await h.visit('A002', 'device', 'low');
    await h.complete('A002', 'terminalMarketing', greeter, { stepsDone: ['greet', 'discover', 'demonstrate'], purchase: false });
    expect(h.ended(b)).toEqual(['leftWithoutPurchase']);
  });

  it('Scenario: the six-step output is validated — steps out of order or a purchase without closing are refused and change nothing', async () => {
    const h = await hall();
    await h.visit('A001', 'device', 'mid');
    const t = (await h.task('A001', 'terminalMarketing'))!;
    await expect(h.engine.tasks.complete(t.id, greeter, { stepsDone: ['demonstrate', 'greet'], purchase: false })).rejects.toBeInstanceOf(ValidationError);
    await expect(h.engine.tasks.complete(t.id, greeter, { stepsDone: ['greet'], purchase: true })).rejects.toThrow(/close/);
    expect((await h.engine.tasks.get(t.id))?.state).toBe('open');
  });

  it('Scenario: counter business waits in the waiting/experience area and is served at the counter', async () => {
    const h = await hall();
    const id = await h.visit('A001', 'counterOnly', 'mid');
    await h.complete('A001', 'serveAtCounter', clerk);
    expect(h.ended(id)).toEqual(['counterServed']);
    // a high-tier simple change is kept at the counter by the routing table
    expect(routeFor(defaultRouting(), 'simpleChange', 'high').route).toBe('counterBusiness');
    expect(routeFor(defaultRouting(), 'simpleChange', 'low').route).toBe('simpleBusiness');
  });

  it('Scenario: a complaint goes to the duty manager — resolved, or escalated', async () => {
    const h = await hall();
    const a = await h.visit('A001', 'complaint', 'low');
    await h.complete('A001', 'handleComplaint', manager, { resolved: true });
    expect(h.ended(a)).toEqual(['complaintResolved']);
    const b = await h.visit('A002', 'complaint', 'high');
    await h.complete('A002', 'handleComplaint', manager, { resolved: false, note: 'billing dispute' });
    expect(h.ended(b)).toEqual(['complaintEscalated']);
  });

  it('Scenario: a greeter diverts a waiting counter customer to self-service — the ticket leaves the queue', async () => {
    const h = await hall({ greeters: 1, counters: 1, kiosks: 1 });
    await h.visit('A001', 'counterOnly', 'mid');
    const b = await h.visit('A002', 'counterOnly', 'low');
    expect((await h.task('A002', 'serveAtCounter'))?.state).toBe('waiting');
    expect(await divertCustomer(h.engine, 'A002')).toBe(true);
    await h.engine.idle();
    expect((await h.engine.resources.status('counter')).waiting).toEqual([]);
    await h.complete('A002', 'useSelfService', kiosk);
    expect(h.ended(b)).toEqual(['selfServiceDone']);
    expect(await divertCustomer(h.engine, 'A404')).toBe(false);
  });
});

describe('Feature: routing is replaceable pack data', () => {
  it('Scenario: the old hall table sends every need to the counter', async () => {
    const h = await hall(undefined, { routing: allAtCounterRouting() });
    const id = await h.visit('A001', 'topUp', 'low');
    expect((await h.status(id)).variables.route).toBe('counterBusiness');
  });

  it('Scenario: a malformed table is refused naming the field; an unknown need is a typed error', () => {
    const bad = { ...defaultRouting(), rules: [{ need: 'teleport', route: 'simpleBusiness' }] };
    expect(() => createHallPack({ routing: bad })).toThrow(ValidationError);
    expect(() => createHallPack({ routing: bad })).toThrow(/rules\.0\.need/);
    expect(() => routeFor(defaultRouting(), 'teleport', 'low')).toThrow(InvalidArgumentError);
    expect(() => hallResources({ greeters: 1, counters: -1, kiosks: 1 })).toThrow(/staffing\.counters/);
  });
});

describe('Feature: the queue promise — ticket to counter call within 10 minutes', () => {
  it('Scenario: the warning fires at exactly 7 and the breach at exactly 10 minutes; the duty manager opens an extra counter and the ticket is called', async () => {
    // given one counter busy with A001 and A002 waiting from 09:00
    const h = await hall({ greeters: 2, counters: 1, kiosks: 1 });
    const alerts: QueueAlert[] = [];
    watchQueue(h.engine, {
      onWarning: (a) => alerts.push(a),
      onBreach: async (a) => {
        alerts.push(a);
        await openExtraCounter(h.engine);
      },
    });
    await h.visit('A001', 'counterOnly', 'mid');
    await h.visit('A002', 'counterOnly', 'mid');
    // when 12 minutes pass
    await h.clock.advance('PT12M');
    await h.engine.idle();
    // then
    expect(alerts.map((a) => [a.kind, a.ticket, (a.at - T0) / MIN, a.waitedMs / MIN, a.elementId])).toEqual([
      ['warning', 'A002', 7, 7, 'serveAtCounter'],
      ['breach', 'A002', 10, 10, 'serveAtCounter'],
    ]);
    // the extra counter called A002 at the breach
    const granted = h.events.find((e) => e.type === 'task.granted' && e.businessKey === 'A002' && e.elementId === 'serveAtCounter');
    expect(granted).toMatchObject({ at: T0 + 10 * MIN, pool: 'counter', waitedMs: 10 * MIN });
    expect((await h.engine.resources.status('counter')).capacity).toBe(2);
  });

  it('Scenario: a customer called within 10 minutes meets the promise without warning', async () => {
    const h = await hall({ greeters: 2, counters: 1, kiosks: 1 });
    await h.visit('A001', 'counterOnly', 'mid');
    await h.visit('A002', 'counterOnly', 'mid');
    await h.clock.advance('PT6M');
    await h.complete('A001', 'serveAtCounter', clerk);
    await h.clock.advance('PT10M');
    const sla = h.events.filter((e) => e.type.startsWith('sla.') && e.businessKey === 'A002').map((e) => `${e.type}@${(e.at - T0) / MIN}`);
    expect(sla).toEqual(['sla.started@0', 'sla.met@6']);
  });
});

describe('Feature: resource contention — a task waits for a free unit of its lane', () => {
  it('Scenario: a counter task never starts while the counter pool is full, and tickets are called FIFO', async () => {
    const h = await hall({ greeters: 3, counters: 2, kiosks: 1 });
    for (const [i, t] of ['A001', 'A002', 'A003', 'A004'].entries()) {
      await h.clock.advance(i ? 'PT1M' : 0);
      await h.visit(t, 'counterOnly', 'low');
    }
    expect((await h.task('A003', 'serveAtCounter'))?.state).toBe('waiting');
    await expect(h.engine.tasks.claim((await h.task('A003', 'serveAtCounter'))!.id, clerk)).rejects.toBeInstanceOf(TaskWaitingError);
    await h.complete('A002', 'serveAtCounter', clerk);
    await h.complete('A001', 'serveAtCounter', clerk);
    const calls = h.events.filter((e) => e.type === 'task.granted' && e.elementId === 'serveAtCounter').map((e) => e.businessKey);
    expect(calls).toEqual(['A001', 'A002', 'A003', 'A004']);
    // at no point were more than two counter tasks open
    let open = 0;
    let peak = 0;
    for (const e of h.events) {
      if (e.type === 'task.granted' && e.task.role === 'counter') peak = Math.max(peak, ++open);
      if (e.type === 'task.completed' && e.task.role === 'counter') open--;
    }
    expect(peak).toBe(2);
  });

  it('Scenario: the greeter lane is a pool too — a second customer waits for a free greeter at needs identification', async () => {
    const h = await hall({ greeters: 1, counters: 1, kiosks: 1 });
    await h.engine.start('hallWalkRoutes', { ticket: 'A001' }, { businessKey: 'A001' });
    await h.engine.start('hallWalkRoutes', { ticket: 'A002' }, { businessKey: 'A002' });
    await h.engine.idle();
    expect([(await h.task('A001', 'identifyNeeds'))?.state, (await h.task('A002', 'identifyNeeds'))?.state]).toEqual(['open', 'waiting']);
    await h.complete('A001', 'identifyNeeds', greeter, { need: 'topUp', spendingTier: 'low' });
    expect((await h.task('A002', 'identifyNeeds'))?.state).toBe('open');
  });
});
