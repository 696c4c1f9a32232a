import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@handoff/engine';
import { aggregateCalls, formatMarketingReport, marketingReport, marketingReportTable, marketingShare, MARKETING_TARGETS, NO_TEAM, recordChannelOrder, type CallRecord } from '../src/index';
import { aCall, agentLi, agentWang, hotlineEngine, reviewer, ROUTED } from './support';

const OCT = { from: Date.parse('2012-10-01T00:00:00+08:00'), to: Date.parse('2012-11-01T00:00:00+08:00') };

describe('Feature: the marketing share against the phase target (binding: 18% in phase 2, 20% in phase 3)', () => {
  it('Scenario: the targets are the source\'s', () => {
    expect(MARKETING_TARGETS).toEqual({ 1: null, 2: 0.18, 3: 0.2 });
  });

  it.each([
    [100, 18, 2, true], // exactly 18% reaches the target
    [100, 17, 2, false],
    [50, 9, 2, true], // 18.0%
    [1000, 179, 2, false], // 17.9%
    [100, 20, 3, true], // exactly 20%
    [100, 19, 3, false],
    [1000, 199, 3, false], // 19.9%
    [5, 1, 3, true], // 20%
    [100, 18, 3, false], // phase 2's share misses phase 3's target
    [0, 0, 2, false], // no calls: 0% is not 18%
  ] as const)('Scenario: %i calls, %i marketing calls, phase %i → met %s', (calls, marketing, phase, met) => {
    const s = marketingShare(calls, marketing, phase);
    expect(s.met).toBe(met);
    expect(s.target).toBe(MARKETING_TARGETS[phase]);
    expect(s.share).toBe(calls ? marketing / calls : 0);
  });

  it('Scenario: phase 1 (preparation) has no target; bad counts and phases are refused', () => {
    expect(marketingShare(100, 5, 1)).toEqual({ calls: 100, marketingCalls: 5, share: 0.05, phase: 1, target: null, met: null });
    expect(() => marketingShare(10, 11, 2)).toThrow(InvalidArgumentError);
    expect(() => marketingShare(10, 1.5, 2)).toThrow(/whole counts/);
    expect(() => marketingShare(10, 1, 4 as never)).toThrow(/phase/);
  });
});

/** Calls of two agents over two days in two months: every outcome the report counts. */
async function twoDays() {
  const t = await hotlineEngine({ start: '2012-10-30T09:00:00+08:00' });
  const handle = async (callId: string, actor = agentWang, marketing: Record<string, unknown> = { type: 'none' }, request: Record<string, unknown> = { kind: 'query' }) => {
    const id = await t.call(aCall({ callId, request: request as never }));
    await t.complete(id, 'handleRequest', actor, { resolved: true, marketing });
    return id;
  };
  // Tuesday 30 Oct: Wang — 3 calls: a hotline sale, an SMS recommendation that succeeds, a quiet call
  const sale = await handle('C1', agentWang, { type: 'precision', productId: ROUTED.hotline.id, accepted: true });
  await t.complete(sale, 'completeOnHotline', agentWang, { result: 'ordered' });
  await handle('C2', agentWang, { type: 'precision', productId: ROUTED.sms.id, accepted: true });
  await recordChannelOrder(t.engine, { callId: 'C2', channel: 'sms' });
  await handle('C3');
  // Li — an IVR recommendation that succeeds, an app recommendation that expires, a declined offer, a customer's own order of uncarried business
  await handle('C4', agentLi, { type: 'precision', productId: ROUTED.ivr.id, accepted: true });
  await recordChannelOrder(t.engine, { callId: 'C4', channel: 'ivr' });
  await handle('C5', agentLi, { type: 'precision', productId: ROUTED.app.id, accepted: true });
  await handle('C6', agentLi, { type: 'active', productId: 'P001', accepted: false });
  const uncarried = await handle('C7', agentLi, { type: 'service', productId: ROUTED.none.id, accepted: true }, { kind: 'order', productId: ROUTED.none.id });
  await t.complete(uncarried, 'raiseRequirement', reviewer, { requirement: '短厅支持办理该业务', channel: 'sms' });
  // Friday 2 Nov (after the app window): Wang — a web recommendation still open; one call nobody answered yet
  await t.advanceTo('2012-11-02T10:00:00+08:00');
  await handle('C8', agentWang, { type: 'precision', productId: ROUTED.web.id, accepted: true });
  await t.call(aCall({ callId: 'C9' }));
  return t;
}

describe('Feature: the report the source requires — agent or team, business handled, recommended / succeeded per channel, by day and by month', () => {
  it('Scenario: by day per agent, from history', async () => {
    const t = await twoDays();
    const r = await marketingReport(t.engine, { from: OCT.from, to: Date.parse('2012-12-01T00:00:00+08:00'), by: 'day', phase: 2 });
    const view = r.rows.map((x) => [x.period, x.key, x.calls, x.marketingCalls, x.businessHandled, x.successful, x.recommended, x.succeeded, x.pending, x.requirements]);
    expect(view).toEqual([
      ['2012-10-30', '10086-A01', 3, 2, 1, 2, { ivr: 0, sms: 1, app: 0, web: 0 }, { ivr: 0, sms: 1, app: 0, web: 0 }, 0, 0],
      ['2012-10-30', '10086-B01', 4, 4, 0, 1, { ivr: 1, sms: 0, app: 1, web: 0 }, { ivr: 1, sms: 0, app: 0, web: 0 }, 0, 1],
      ['2012-11-02', '10086-A01', 1, 1, 0, 0, { ivr: 0, sms: 0, app: 0, web: 1 }, { ivr: 0, sms: 0, app: 0, web: 0 }, 1, 0],
    ]);
    expect(r.rows[1]!.byType).toEqual({ service: 1, crossSell: 0, precision: 2, active: 1 });
    expect(r.rows[1]!.accepted).toBe(3);
    expect(r.periods.map((p) => [p.period, p.calls, p.marketingCalls])).toEqual([['2012-10-30', 7, 6], ['2012-11-02', 1, 1]]);
    expect([r.total.calls, r.total.marketingCalls, r.unanswered]).toEqual([8, 7, 1]);
    expect(r.target).toEqual({ calls: 8, marketingCalls: 7, share: 7 / 8, phase: 2, target: 0.18, met: true });
  });

  it('Scenario: by month per team; agents missing from the roster are reported as such; a range keeps to its calls', async () => {
    const t = await twoDays();
    const r = await marketingReport(t.engine, { from: OCT.from, to: Date.parse('2012-12-01T00:00:00+08:00'), by: 'month', per: 'team', teams: { '10086-A01': '一班' } });
    expect(r.rows.map((x) => [x.period, x.key, x.calls, x.businessHandled, x.recommended.sms, x.succeeded.ivr])).toEqual([
      ['2012-10', NO_TEAM, 4, 0, 0, 1],
      ['2012-10', '一班', 3, 1, 1, 0],
      ['2012-11', '一班', 1, 0, 0, 0],
    ]);
    const october = await marketingReport(t.engine, { ...OCT, by: 'month', phase: 3 });
    expect([october.total.calls, october.unanswered, october.target.met]).toEqual([7, 0, true]);
  });

  it('Scenario: the table has the source\'s columns, and the terminal lines say the share against the target', async () => {
    const t = await twoDays();
    const r = await marketingReport(t.engine, { ...OCT, by: 'month' });
    const table = marketingReportTable(r);
    expect(table.head).toEqual(['日期', '工号/班组', '话务量', '营销量', '营销占比', '业务办理量', '推荐成功量', 'IVR推荐量', 'IVR成功量', '短厅推荐量', '短厅成功量', '掌厅推荐量', '掌厅成功量', '网厅推荐量', '网厅成功量']);
    expect(table.rows.at(-1)).toEqual(['*', '*', 7, 6, '85.7%', 1, 3, 1, 1, 1, 1, 1, 0, 0, 0]);
    const lines = formatMarketingReport(r);
    expect(lines[0]).toBe('marketing calls 6 of 7 (85.7%) — phase 2 target 18.0%: met; unanswered 0');
    expect(lines[3]).toMatch(/^\s+日期\s+工号\/班组\s+话务量/);
    expect(lines).toHaveLength(4 + table.rows.length);
  });

  it('Scenario: a report per team without the roster, or with a bad range, is refused', () => {
    const none: CallRecord[] = [];
    expect(() => aggregateCalls(none, { ...OCT, per: 'team' })).toThrow(/teams/);
    expect(() => aggregateCalls(none, { from: OCT.to, to: OCT.from })).toThrow(InvalidArgumentError);
    expect(() => aggregateCalls(none, { ...OCT, by: 'week' as never })).toThrow(/by/);
  });
});
