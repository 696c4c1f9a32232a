import { describe, expect, it } from 'vitest';
import { broadbandProfile, simulateBroadband } from '../src/index';

/** Field-sales activations in 2013-02 (the source's figure), a 28-day month. */
const FEBRUARY_2013 = 4321;

describe('Feature: the pack simulation profile reproduces the source month', () => {
  it('Scenario: a 2-day run is deterministic for a seed, and its activations scale to the source month within ±25%', async () => {
    // given / when
    const a = await simulateBroadband({ days: 2, seed: 11, drainDays: 5 });
    const b = await simulateBroadband({ days: 2, seed: 11, drainDays: 5 });
    // then: the same seed, the same result
    expect({ ...b.summary, wallSeconds: 0 }).toEqual({ ...a.summary, wallSeconds: 0 });
    expect(b.kpis).toEqual(a.kpis);
    expect(b.sla).toEqual(a.sla);
    // then: the simulator and the KPI report agree
    expect(a.kpis.cases).toBe(a.summary.casesStarted);
    expect(a.kpis.activations).toBe(a.summary.outcomes.activated);
    expect(a.kpis.refused).toBe(a.summary.outcomes.refused);
    // then: a month of such days lands near the source's 4,321 activations
    const perMonth = (a.kpis.activations / 2) * 28;
    expect(perMonth).toBeGreaterThan(FEBRUARY_2013 * 0.75);
    expect(perMonth).toBeLessThan(FEBRUARY_2013 * 1.25);
    // then: SLA breaches occur, at a plausible rate, and every clock closed after the drain
    const callback = a.sla.find((r) => r.key === 'callback')!;
    expect(callback.breached).toBeGreaterThan(0);
    expect(callback.onTimeRate).toBeGreaterThan(0.85);
    expect(a.sla.map((r) => [r.key, r.open])).toEqual([
      ['callback', 0],
      ['fee', 0],
      ['handling', 0],
    ]);
    // then: work is done by the pools (grid staff act on their own grid's tasks only)
    expect(a.summary.pools.hotline!.completed).toBeGreaterThan(0);
    expect(Object.values(a.summary.pools).every((p) => p.waiting === 0)).toBe(true);
  });

  it('Scenario: the profile staffs 20 grids of 6, hotline, installers and hall clerks; options change it', () => {
    const p = broadbandProfile();
    expect(Object.keys(p.pools).filter((k) => k.startsWith('grid:'))).toHaveLength(20);
    expect(p.pools['grid:G01']).toBe(6);
    expect([p.pools.hotline, p.pools.installer, p.pools.hall]).toEqual([8, 20, 4]);
    expect(p.arrivals.perDay).toBe(640);
    const small = broadbandProfile({ grids: 2, staffPerGrid: 3, hotline: 1, visitsPerDay: 50 });
    expect(small.pools).toEqual({ 'grid:G01': 3, 'grid:G02': 3, hotline: 1, installer: 20, hall: 4 });
  });
});
