/**
 * The source's binding spread (员工月推荐成功量最高886, 最低仅3件): a month of the pilot profile —
 * the two extremes of the trial at a real agent's volume (100 calls a day each), not scaled.
 */
import { describe, expect, it } from 'vitest';
import { PILOT, PILOT_AGENTS, PILOT_CALLS_PER_AGENT_DAY, simulateHotlineMarketing } from '../src/index';

describe('Feature: the pilot month shows the source’s 3 to 886 successful recommendations per agent', () => {
  it('Scenario: 30 days of calls at 100 a day per agent: the weakest agent has a handful of successes, the strongest hundreds (≈886)', async () => {
    // given the pilot's extremes at the real per-agent volume, October 2012
    expect(PILOT.perDay).toBe(PILOT_AGENTS.length * PILOT_CALLS_PER_AGENT_DAY);
    // when a whole month runs on the engine (no scaling)
    const { monthly, successesPer30Days, summary } = await simulateHotlineMarketing({ seed: 1, days: 30, ...PILOT });
    // then each agent answered about 3,000 calls in the month
    expect(summary.active).toBe(0);
    expect(monthly.rows.map((r) => [r.key, r.period])).toEqual([['10086-P01', '2012-10'], ['10086-P02', '2012-10']]);
    for (const r of monthly.rows) {
      expect(r.calls, r.key).toBeGreaterThan(2500);
      expect(r.calls, r.key).toBeLessThan(3500);
    }
    // and the successful recommendations (推荐成功量) span the source's range: single digits to ≈886
    const [weakest, strongest] = monthly.rows.map((r) => r.successful) as [number, number];
    expect(weakest).toBeLessThanOrEqual(9);
    expect(strongest).toBeGreaterThanOrEqual(700);
    expect(strongest).toBeLessThanOrEqual(1100);
    expect(strongest).toBeGreaterThanOrEqual(100 * Math.max(1, weakest));
    // a 30-day run needs no scaling: the month is the run
    expect(successesPer30Days).toEqual(Object.fromEntries(monthly.rows.map((r) => [r.key, { calls: r.calls, successful: r.successful, per30Days: r.successful }])));
  }, 120_000);
});
