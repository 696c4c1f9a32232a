import { createEngine, InvalidArgumentError, memoryStore, virtualClock } from '@handoff/engine';
import { describe, expect, it } from 'vitest';
import { PROCESS_ID, simulateHallDay } from '../src/index';

describe('Feature: a hall day on a given store, and several days on one store', () => {
  it('Scenario: a day on a store passed in gives the identical report to the default run', async () => {
    // given the same scenario and seed, once on the default engine and once on a store of ours
    const own = await simulateHallDay({ scenario: 'allAtCounter', seed: 9, maxCustomers: 60, includeCustomers: true });
    const store = memoryStore();
    // when
    const onStore = await simulateHallDay({ scenario: 'allAtCounter', seed: 9, maxCustomers: 60, includeCustomers: true, store });
    // then the report is the same, and the visits are in our store, dated
    expect(JSON.stringify(onStore)).toBe(JSON.stringify(own));
    const visits = await store.listInstances({ processId: PROCESS_ID });
    expect(visits.map((v) => v.id).sort()).toEqual(Array.from({ length: 60 }, (_, i) => `visit-2026-03-02-${i + 1}`).sort());
  }, 60_000);

  it('Scenario: two dates on one store are both there for a later engine (SLA clocks of both days), and a date twice is refused', async () => {
    // given two hall days on one store
    const store = memoryStore();
    const monday = await simulateHallDay({ scenario: 'greetersDivert', seed: 3, date: '2026-03-02', maxCustomers: 40, store });
    const tuesday = await simulateHallDay({ scenario: 'greetersDivert', seed: 4, date: '2026-03-03', maxCustomers: 50, store });
    expect([monday.date, tuesday.date]).toEqual(['2026-03-02', '2026-03-03']);
    // when another engine opens the store (a stopped clock: reading changes nothing)
    const reader = createEngine({ store, clock: virtualClock(0) });
    try {
      const visits = await reader.instances.list({ processId: PROCESS_ID });
      const report = await reader.sla.report({ processId: PROCESS_ID, from: 0, to: Number.MAX_SAFE_INTEGER });
      // then both days' visits and queue clocks are there: one clock per counter ticket
      expect(visits.length).toBe(90);
      expect(visits.filter((v) => v.id.startsWith('visit-2026-03-03-')).length).toBe(50);
      expect(visits.every((v) => v.status === 'completed')).toBe(true);
      expect(report.total.count).toBe(monday.counterQueue.tickets + tuesday.counterQueue.tickets);
      expect(report.total.breached).toBe(monday.counterQueue.breaches + tuesday.counterQueue.breaches);
    } finally {
      await reader.close();
    }
    // and simulating Tuesday again into the store is refused, with nothing added
    const again = simulateHallDay({ date: '2026-03-03', store });
    await expect(again).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(simulateHallDay({ date: '2026-03-03', store })).rejects.toThrow(/store: it already holds the hall day 2026-03-03/);
    expect((await store.listInstances({ processId: PROCESS_ID })).length).toBe(90);
  }, 60_000);

  it('Scenario: maxCustomers closes the doors after N customers and serves everyone inside', async () => {
    const r = await simulateHallDay({ scenario: 'allAtCounter', seed: 2, maxCustomers: 25 });
    expect(r).toMatchObject({ arrived: 25, exited: 25, inHall: 0 });
    expect(r.counterQueue.tickets).toBe(25);
  }, 60_000);

  it.each([0, 1.5, -3, Number.NaN])('Scenario: maxCustomers %s is refused with an InvalidArgumentError naming it', async (n) => {
    await expect(simulateHallDay({ maxCustomers: n })).rejects.toThrow(InvalidArgumentError);
    await expect(simulateHallDay({ maxCustomers: n })).rejects.toThrow(/Invalid maxCustomers: expected a whole number ≥ 1/);
  });
});
