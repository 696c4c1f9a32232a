import { describe, expect, it } from 'vitest';
import { opportunityReport } from '../src/index';
import { accountManager, agent, anOpportunity, dispatcher, groupEngine, webDesk } from './support';

describe('Feature: the transfer report, from history', () => {
  it('Scenario: five opportunities in March: channels, claim timeliness, returns, second transfers, conversion', async () => {
    // given a Monday with five opportunities
    const t = await groupEngine();
    const online = await t.capture(anOpportunity({ contactChannel: 'website', need: { product: '企信通' } }));
    await t.complete(online, 'handleOnWebsite', webDesk, { handled: true });
    const flagged = await t.capture(anOpportunity({ enterprise: { class: 'A', accountManagerFlag: true } }));
    await t.advance('PT1H');
    await t.complete(flagged, 'claimByAccountManager', accountManager, { accepted: true });
    await t.complete(flagged, 'followUpByAccountManager', accountManager, { stage: 'execution', won: true });
    const returned = await t.capture(anOpportunity({ contactChannel: 'serviceHall' }));
    await t.complete(returned, 'claimBySocialChannel', agent, { accepted: false, returnReason: '超出服务区域' });
    await t.complete(returned, 'dispatchByOperations', dispatcher, { dispatchTo: 'accountManager', reason: '大客户' });
    const undecided = await t.capture(anOpportunity({ contactChannel: 'experienceHall', enterprise: { class: 'unknown' } }));
    const forgotten = await t.capture(anOpportunity({ enterprise: { class: 'A', accountManagerFlag: true } }));
    await t.complete(returned, 'claimByAccountManager', accountManager, { accepted: true });
    await t.complete(returned, 'followUpByAccountManager', accountManager, { stage: 'communication', won: false });
    // when a day passes without a claim on the last one
    await t.advance('P1D');
    void undecided;
    void forgotten;
    // then
    const r = await opportunityReport(t.engine, { from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') });
    expect(r).toEqual({
      from: Date.parse('2026-03-01T00:00:00+08:00'),
      to: Date.parse('2026-04-01T00:00:00+08:00'),
      captured: 5,
      leads: 0,
      byContactChannel: { website: 1, groupHotline: 2, serviceHall: 1, experienceHall: 1 },
      bySalesServiceChannel: { none: 1, accountManager: 2, socialChannel: 1, operationsCenter: 1 },
      handledByContactChannel: 1,
      dualCoverage: 1,
      claims: { claimed: 2, onTime: 2, timedOut: 1, medianMs: 0 },
      returns: 1,
      secondTransfers: 1,
      conversionByStage: { communication: { closed: 1, won: 0 }, execution: { closed: 1, won: 1 }, acceptance: { closed: 0, won: 0 }, service: { closed: 0, won: 0 } },
    });
    // and an empty range is empty
    const none = await opportunityReport(t.engine, { from: Date.parse('2026-04-01T00:00:00+08:00'), to: Date.parse('2026-05-01T00:00:00+08:00') });
    expect([none.captured, none.byContactChannel]).toEqual([0, {}]);
  });
});
