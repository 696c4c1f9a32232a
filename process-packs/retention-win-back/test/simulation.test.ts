import { describe, expect, it } from 'vitest';
import { seededRandom } from '@handoff/simulator';
import { customerBase, extractList, simulateRetention } from '../src/index';

describe('Feature: the simulated customer base shows the source’s churn figure', () => {
  it('Scenario: of the users who churn, about 71% had fault or complaint records in the half year before (29% none)', () => {
    // given a large base (pure data: no engine)
    const base = customerBase(11, { customersPerCommunity: 25_000 });
    // when a month's churners are drawn
    const { list } = extractList(base, seededRandom(5), '2026-02-15');
    const churned = list.filter((c) => c.status === 'churned');
    const withRecords = churned.filter((c) => (c.serviceRecords6m ?? 0) > 0).length / churned.length;
    // then
    expect(churned.length).toBeGreaterThan(1200);
    expect(withRecords).toBeGreaterThan(0.68);
    expect(withRecords).toBeLessThan(0.74);
  });
});

describe('Feature: a simulated week on the engine', () => {
  it('Scenario: a round and a week of 10000 applications run; flagged customers churn more than the others; the same seed gives the same reports', async () => {
    const a = await simulateRetention({ days: 7, seed: 3 });
    const b = await simulateRetention({ days: 7, seed: 3 });
    expect(a.retention.rounds).toBe(1);
    expect(a.retention.workOrders.issued).toBeGreaterThan(50);
    expect(a.retention.workOrders.open).toBe(0);
    expect(a.retention.workOrders.wonBack).toBeGreaterThan(0);
    expect(a.retention.workOrders.retained).toBeGreaterThan(0);
    expect(Object.keys(a.retention.byCommunityManager).sort()).toEqual(['cm-SQ01', 'cm-SQ02', 'cm-SQ03', 'cm-SQ04']);
    expect(a.hotline.applications).toBeGreaterThan(30);
    expect(a.hotline.completed).toBeGreaterThan(a.hotline.incomplete);
    expect(a.churn.flagged.rate).toBeGreaterThan(a.churn.notFlagged.rate);
    expect(a.sla.map((r) => r.key)).toEqual(expect.arrayContaining(['appointment', 'hotlineClosure', 'listDelivery', 'listReview', 'summary', 'workOrder']));
    expect(b.retention).toEqual(a.retention);
    expect(b.hotline).toEqual(a.hotline);
    expect(b.churn).toEqual(a.churn);
  }, 120_000);
});
