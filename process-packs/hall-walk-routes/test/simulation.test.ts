import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatHallReport, HALL_SCENARIOS, simulateHallDay, type HallScenario } from '../src/index';

const envSeed = process.env.HANDOFF_SEED;
const fcSeed = envSeed ? Number(envSeed) : (Date.now() ^ (Math.random() * 0x1_0000_0000)) | 0;
const runs = Number(process.env.HANDOFF_RUNS ?? 6);

describe('Feature: the hall-day simulation', () => {
  it('Scenario: the same seed gives the identical report; another seed a different one', async () => {
    const a = await simulateHallDay({ scenario: 'greetersDivert', seed: 11, includeCustomers: true });
    const b = await simulateHallDay({ scenario: 'greetersDivert', seed: 11, includeCustomers: true });
    const c = await simulateHallDay({ scenario: 'greetersDivert', seed: 12 });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(c.overall).not.toEqual(a.overall);
    expect(formatHallReport(b)).toBe(formatHallReport(a));
  }, 60_000);

  it('Scenario: the two built-in scenarios show the source\'s shape — old hall peak wait near 55 min, new hall average near 7 min', async () => {
    // the README's seed
    const before = await simulateHallDay({ scenario: 'allAtCounter' });
    const after = await simulateHallDay({ scenario: 'greetersDivert' });
    expect(before.overall.max).toBeGreaterThanOrEqual(45);
    expect(before.overall.max).toBeLessThanOrEqual(65);
    expect(after.overall.mean).toBeGreaterThanOrEqual(5);
    expect(after.overall.mean).toBeLessThanOrEqual(9);
    // the old hall serves everyone at the counter; the new one diverts and keeps the queue promise far better
    expect(before.diversionRate).toBe(0);
    expect(before.counterQueue.tickets).toBe(before.arrived);
    expect(after.diversionRate).toBeGreaterThan(0.3);
    expect(after.counterQueue.within10).toBeGreaterThan(before.counterQueue.within10);
    expect(after.counterQueue.mean).toBeLessThan(before.counterQueue.mean);
    // every route has customers in the new hall
    for (const r of Object.values(after.routes)) expect(r.customers).toBeGreaterThan(0);
    expect(formatHallReport(after)).toMatch(/Counter utilisation \d+\.\d%/);
  }, 60_000);

  it('Property: for random arrivals and staffing no customer is lost, and no wait exceeds the time in the hall', async () => {
    console.info(`[hall simulation] seed ${fcSeed}, ${runs} runs (replay: HANDOFF_SEED=${fcSeed})`);
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          seed: fc.nat(1_000_000),
          greeters: fc.integer({ min: 1, max: 4 }),
          counters: fc.integer({ min: 1, max: 4 }),
          kiosks: fc.integer({ min: 0, max: 4 }),
          rate: fc.integer({ min: 2, max: 40 }),
          closeHour: fc.integer({ min: 10, max: 23 }),
          divert: fc.double({ min: 0, max: 1, noNaN: true }),
          extra: fc.integer({ min: 0, max: 2 }),
        }),
        async (p) => {
          const base = HALL_SCENARIOS.greetersDivert;
          // kiosks 0 leaves self-service customers waiting all day: still in the hall, never lost
          const scenario: HallScenario = {
            ...base,
            staffing: { greeters: p.greeters, counters: p.counters, kiosks: p.kiosks },
            arrivalsPerHour: Array.from({ length: 24 }, (_, h) => (h >= 9 && h < p.closeHour ? p.rate : 0)),
            divertAtWarning: p.divert,
            extraCounters: p.extra,
          };
          const r = await simulateHallDay({ scenario, seed: p.seed, includeCustomers: true });
          const customers = r.customers!;
          expect(customers.length).toBe(r.arrived);
          expect(r.exited + r.inHall).toBe(r.arrived);
          const end = Date.parse(`${r.date}T00:00:00+08:00`) + 24 * 3_600_000;
          for (const c of customers) {
            const inHall = ((c.leftAt ?? end) - c.arrivedAt) / 60_000;
            expect(c.waitMinutes).toBeLessThanOrEqual(inHall + 1e-9);
            expect(c.waitMinutes).toBeGreaterThanOrEqual(0);
            if (c.counterWaitMinutes !== undefined) expect(c.counterWaitMinutes).toBeLessThanOrEqual(c.waitMinutes + 1e-9);
          }
        },
      ),
      { seed: fcSeed, numRuns: runs },
    );
  }, 300_000);
});
