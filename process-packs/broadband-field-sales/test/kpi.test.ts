import { describe, expect, it } from 'vitest';
import { broadbandKpis } from '../src/index';
import { aCase, agent, broadbandEngine, installer, rep, rep2, type BroadbandTestEngine } from './support';

const li = { id: 'li', roles: ['hotline'] };

/** Three cases: A (G01) activated with an on-time callback by bo; B (G02) called back late by li, not installable; C (G01) refused. */
async function threeCases(t: BroadbandTestEngine) {
  const a = await t.open(aCase({ phone: '13800000001', grid: 'G01' }));
  const b = await t.open(aCase({ phone: '13800000002', grid: 'G02' }));
  const c = await t.open(aCase({ phone: '13800000003', grid: 'G01' }));
  await t.complete(a, 'visitCustomer', rep, { interested: true });
  await t.complete(b, 'visitCustomer', rep2, { interested: true });
  await t.complete(c, 'visitCustomer', rep, { interested: false });
  await t.call('13800000001');
  await t.call('13800000002');
  await t.advance('PT10M');
  await t.complete(a, 'callBack', agent, { installable: true });
  await t.complete(a, 'secondMarketing', agent, { consent: true, passwordVerified: true });
  await t.complete(a, 'install', installer, { installed: true, payAtHall: false });
  await t.advance('PT30M');
  await t.complete(b, 'callBack', li, { installable: false });
  await t.complete(b, 'explainReason', li, { insists: false });
  await t.advance('PT1H');
  await t.complete(a, 'collectFee', rep, { feeReceipt: 'R-1', amount: 100 });
  await t.advance('PT1H');
  await t.complete(a, 'handleBusiness', rep, { agentName: '韩梅梅', agentPhone: '13900000000' });
  return { a, b, c };
}

describe('Feature: the pack KPI report, from history alone', () => {
  it('Scenario: totals — callback rate, callback timeliness, marketing success, activations, fee and handling timeliness', async () => {
    // given
    const t = await broadbandEngine();
    await threeCases(t);
    // when
    const [total] = await broadbandKpis(t.engine);
    // then
    expect(total).toEqual({
      key: 'total',
      cases: 3,
      suppressed: 0,
      refused: 1,
      reports: 2,
      callbacks: 2,
      callbackRate: 1,
      callbacksOnTime: 1,
      callbackTimeliness: 0.5,
      accountsOpened: 1,
      marketingSuccessRate: 0.5,
      activations: 1,
      feeOnTime: 1,
      feeTimeliness: 1,
      handlingOnTime: 1,
      handlingTimeliness: 1,
    });
  });

  it('Scenario: by grid and by hotline agent', async () => {
    const t = await broadbandEngine();
    await threeCases(t);
    const byGrid = await broadbandKpis(t.engine, { groupBy: 'grid' });
    expect(byGrid.map((r) => [r.key, r.cases, r.activations, r.refused, r.callbackTimeliness])).toEqual([
      ['G01', 2, 1, 1, 1],
      ['G02', 1, 0, 0, 0],
    ]);
    const byAgent = await broadbandKpis(t.engine, { groupBy: 'agent' });
    expect(byAgent.map((r) => [r.key, r.callbacks, r.callbacksOnTime, r.marketingSuccessRate])).toEqual([
      ['(none)', 0, 0, null],
      ['bo', 1, 1, 1],
      ['li', 1, 0, 0],
    ]);
  });

  it('Scenario: a time range counts the cases started in it', async () => {
    const t = await broadbandEngine();
    await threeCases(t);
    const start = t.clock.now();
    const [later] = await broadbandKpis(t.engine, { from: start });
    expect(later!.cases).toBe(0);
    const [all] = await broadbandKpis(t.engine, { to: start });
    expect(all!.cases).toBe(3);
  });
});

describe('Feature: callback timeliness counts from the customer\'s report', () => {
  it('Scenario: a report buffered at 09:10, the visit closed 09:25, the callback at 09:45 is late (35 minutes after the report)', async () => {
    // given the customer called during the visit
    const t = await broadbandEngine();
    const a = await t.open(aCase({ phone: '13800000001' }));
    await t.advance('PT10M');
    await t.call('13800000001');
    await t.advance('PT15M');
    await t.complete(a, 'visitCustomer', rep, { interested: true });
    // when the hotline calls back 20 minutes after taking the case (35 after the report)
    await t.advance('PT20M');
    await t.complete(a, 'callBack', agent, { installable: false });
    // then the callback is not on time
    const [total] = await broadbandKpis(t.engine);
    expect([total!.callbacks, total!.callbacksOnTime, total!.callbackTimeliness]).toEqual([1, 0, 0]);
  });
});
