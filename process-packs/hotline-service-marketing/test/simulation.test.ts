import { describe, expect, it } from 'vitest';
import { DEFAULT_AGENTS, marketingShare, RECOMMENDATION_CHANNELS, simulateHotlineMarketing } from '../src/index';

describe('Feature: a simulated month of 10086 calls', () => {
  it('Scenario: the same seed gives the same days; every call is answered and ends; the report adds up', async () => {
    // given / when: three days, twice with seed 1 and once with seed 2
    const a = await simulateHotlineMarketing({ days: 3, seed: 1 });
    const b = await simulateHotlineMarketing({ days: 3, seed: 1 });
    const c = await simulateHotlineMarketing({ days: 3, seed: 2 });
    const strip = (s: typeof a) => ({ ...s, summary: { ...s.summary, wallSeconds: 0 } });
    // then
    expect(strip(b)).toEqual(strip(a));
    expect(c.summary.casesStarted).not.toBe(a.summary.casesStarted);
    expect(a.summary.casesStarted).toBeGreaterThan(350); // about 3 × 150
    expect(a.summary.casesStarted).toBeLessThan(550);
    expect(a.summary.active).toBe(0);
    const t = a.monthly.total;
    expect([t.calls, a.monthly.unanswered]).toEqual([a.summary.casesStarted, 0]);
    // every recommendation ended: ordered or expired, and each end is one outcome
    expect(t.pending).toBe(0);
    const o = a.summary.outcomes;
    expect(t.recommended.ivr).toBe((o.ivrOrdered ?? 0) + (o.ivrNotOrdered ?? 0));
    expect(t.succeeded.sms).toBe(o.smsHallOrdered ?? 0);
    expect(t.requirements).toBe(o.requirementRaised ?? 0);
    // the teams' days add up to the agents' month
    expect(a.dailyByTeam.rows.reduce((s, r) => s + r.calls, 0)).toBe(t.calls);
    expect(new Set(a.dailyByTeam.rows.map((r) => r.key))).toEqual(new Set(['一班', '二班']));
    // a 3-day run states its month as successes × 30 / 3, next to the counts it comes from
    for (const r of a.monthly.rows) expect(a.successesPer30Days[r.key]).toEqual({ calls: r.calls, successful: r.successful, per30Days: r.successful * 10 });
  }, 120_000);

  it('Scenario: a month (October 2012, phase 2): the share reaches 18% but not phase 3\'s 20%; agents range from a handful of successes to many', async () => {
    // when
    const { monthly, summary, sla } = await simulateHotlineMarketing({ seed: 1 });
    // then every agent handled calls, spread by the ACD
    expect(monthly.rows.map((r) => r.key)).toEqual(DEFAULT_AGENTS.map((a) => a.id));
    expect(monthly.rows.every((r) => r.period === '2012-10')).toBe(true);
    const calls = monthly.rows.map((r) => r.calls);
    expect(Math.min(...calls) / Math.max(...calls)).toBeGreaterThan(0.8);
    // the share against the targets
    expect(monthly.target.phase).toBe(2);
    expect(monthly.target.met).toBe(true);
    expect(monthly.target.share).toBeGreaterThan(0.18);
    expect(marketingShare(monthly.total.calls, monthly.total.marketingCalls, 3).met).toBe(false);
    // skill shows: the weakest agent's successful recommendations are a handful, the strongest's many times that
    const successes = monthly.rows.map((r) => r.successful);
    expect(Math.min(...successes)).toBeLessThanOrEqual(5);
    expect(Math.max(...successes)).toBeGreaterThanOrEqual(10 * Math.max(1, Math.min(...successes)));
    expect(monthly.rows[0]!.share).toBeLessThan(monthly.rows.at(-1)!.share);
    // every channel was recommended and some succeeded; some windows passed
    for (const c of RECOMMENDATION_CHANNELS) {
      expect(monthly.total.recommended[c], c).toBeGreaterThan(0);
      expect(monthly.total.succeeded[c], c).toBeGreaterThan(0);
      expect(monthly.total.succeeded[c], c).toBeLessThan(monthly.total.recommended[c]);
    }
    expect(sla.find((r) => r.key === 'smsHallWindow')!.breached).toBe(monthly.total.recommended.sms - monthly.total.succeeded.sms);
    expect(summary.casesStarted).toBeGreaterThan(4000);
  }, 240_000);
});
