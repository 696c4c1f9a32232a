/**
 * The retention / win-back round through the public API: the list, the classification,
 * one work order per customer to its community manager with its own 3-working-day clock,
 * the feedback and the summary; the list sent back; a list nobody meets; the report.
 */
import { describe, expect, it } from 'vitest';
import { ForbiddenError, HandoffError, ValidationError } from '@handoff/engine';
import { retentionReport, startCampaign, workOrdersOf } from '../src/index';
import { aCustomer, it as itSupport, local, managerLi, managerWang, marketing, retentionEngine } from './support';

const LIST = [
  aCustomer(), // not flagged
  aCustomer({ customerId: 'C002', complaints3m: 2, community: 'SQ02', communityManager: 'cm-wang' }),
  aCustomer({ customerId: 'C003', status: 'churned', churnedOn: '2026-02-10', serviceRecords6m: 2 }),
  aCustomer({ customerId: 'C004', localCallSpend: [100, 75, 56, 42], arpu: 120 }),
];

describe('Feature: a campaign round from the list to the summary', () => {
  it('Scenario: three of four customers meet a criterion; each gets a work order for its own manager, each with its own clock; the round closes with the feedback', async () => {
    // given a round started Monday 09:00 and IT support's list
    const t = await retentionEngine();
    const round = await startCampaign(t.engine, { period: '2026-02' });
    await t.engine.idle();
    expect(round.businessKey).toBe('retention-2026-02');
    expect(await t.holders(round.id)).toEqual(['provideList@itSupport']);
    await t.complete(round.id, 'provideList', itSupport, { customers: LIST });
    // when the marketing team approves the classified list
    await t.complete(round.id, 'reviewList', marketing, { approved: true });
    // then one work order per flagged customer, for the manager on the list
    expect(await t.holders(round.id)).toEqual(['handleWorkOrder@community:SQ01,cm-li', 'handleWorkOrder@community:SQ01,cm-li', 'handleWorkOrder@community:SQ02,cm-wang']);
    const orders = await workOrdersOf(t.engine, round.id);
    expect(orders.map((o) => [o.customer.customerId, o.customer.plan.criteria, o.customer.plan.grade, o.communityManager])).toEqual([
      ['C002', ['complaintsOrFaults'], 'silver', 'cm-wang'],
      ['C003', ['churned'], 'silver', 'cm-li'],
      ['C004', ['fallingSpend'], 'gold', 'cm-li'],
    ]);
    const tasks = await t.openTasks({ instanceId: round.id, elementId: 'handleWorkOrder' });
    expect(tasks.map((k) => local(k.dueAt!))).toEqual(['03-05 09:00', '03-05 09:00', '03-05 09:00']); // P3D from Monday 09:00 = Thursday 09:00
    // a manager of another community may not act on it
    await expect(t.engine.tasks.complete(tasks[0]!.id, managerLi, { contacted: true, outcome: 'succeeded', actionsTaken: ['apologyCall'] })).rejects.toBeInstanceOf(ForbiddenError);
    // and a result that contradicts itself is refused with the field named
    await expect(t.engine.tasks.complete(tasks[0]!.id, managerWang, { contacted: false, outcome: 'succeeded', actionsTaken: [] })).rejects.toBeInstanceOf(ValidationError);
    // when C002 is retained on Tuesday, C003 won back on Wednesday, C004 declines late, on Thursday 10:00
    await t.advance('P1D');
    await t.engine.tasks.complete(tasks[0]!.id, managerWang, { contacted: true, outcome: 'succeeded', actionsTaken: ['apologyCall', 'gift'], reason: '多次断线' });
    await t.advance('P1D');
    await t.engine.tasks.complete(tasks[1]!.id, managerLi, { contacted: true, outcome: 'succeeded', actionsTaken: ['winBack'] });
    await t.advance('P1DT1H');
    await t.engine.tasks.complete(tasks[2]!.id, managerLi, { contacted: true, outcome: 'declined', actionsTaken: ['callToLearnWhy', 'packageOffer30for40'], reason: '改用手机' });
    await t.engine.idle();
    // then the feedback reaches the marketing team
    const inst = await t.engine.instances.get(round.id);
    expect(inst?.variables.feedback).toEqual({ workOrders: 3, succeeded: 2, retained: 1, wonBack: 1, declined: 1, unreachable: 0 });
    expect(t.trail(['sla.breached'])).toEqual(['sla.breached']);
    await t.complete(round.id, 'summaryAnalysis', marketing, { findings: '投诉客户挽留有效' });
    expect((await t.engine.instances.get(round.id))?.status).toBe('completed');
    // and the report counts per manager and per criterion
    const r = await retentionReport(t.engine, { from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
    expect(r.workOrders).toEqual({ issued: 3, done: 3, onTime: 2, breached: 1, retained: 1, wonBack: 1, declined: 1, unreachable: 0, open: 0 });
    expect(r.byCommunityManager['cm-li']).toMatchObject({ issued: 2, onTime: 1, wonBack: 1, declined: 1 });
    expect(r.byCommunityManager['cm-wang']).toMatchObject({ issued: 1, onTime: 1, retained: 1 });
    expect(r.byCriterion.fallingSpend).toMatchObject({ issued: 1, done: 1, onTime: 0, breached: 1 });
    expect(r.byCriterion.churned).toMatchObject({ issued: 1, wonBack: 1 });
    expect(r.byGrade.gold.issued).toBe(1);
    expect(r.churnedWithServiceRecords).toEqual({ churned: 1, known: 1, withRecords: 1, share: 1 });
    await t.close();
  });

  it('Scenario: each work order is matched to its customer by its loopCounter (the customer the task itself sees); a round whose list was overwritten is refused, not miscounted', async () => {
    // given a dispatched round of three work orders
    const t = await retentionEngine();
    const round = await startCampaign(t.engine, { period: '2026-02' });
    await t.engine.idle();
    await t.complete(round.id, 'provideList', itSupport, { customers: LIST });
    await t.complete(round.id, 'reviewList', marketing, { approved: true });
    // when the report reads the work orders
    const orders = await workOrdersOf(t.engine, round.id);
    const tasks = await t.openTasks({ instanceId: round.id, elementId: 'handleWorkOrder' });
    // then each view's customer is the one in the task's own variables, at the task's loopCounter
    expect(tasks.map((k) => k.loopCounter)).toEqual([1, 2, 3]);
    for (const task of tasks) {
      const seen = (await t.engine.tasks.variables(task.id)) as { workOrder: { customerId: string }; loopCounter: number };
      expect(seen.loopCounter).toBe(task.loopCounter);
      expect(orders.find((o) => o.taskId === task.id)?.customer.customerId).toBe(seen.workOrder.customerId);
    }
    // when the classified list is overwritten under the running work orders
    await t.engine.instances.setVariables(round.id, { classified: [] });
    // then the report refuses, naming the work order, instead of crediting another customer
    const err = await retentionReport(t.engine, { from: 0, to: Date.parse('2027-01-01T00:00:00Z') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HandoffError);
    expect(err).toMatchObject({ code: 'WORK_ORDER_UNMATCHED', elementId: 'handleWorkOrder' });
    expect((err as Error).message).toMatch(new RegExp(`work order ${tasks[0]!.id} is for position 1 of the classified list, which holds 0`));
    await t.close();
  });

  it('Scenario: the report counts unreachable and open work orders, the IP criterion and the bronze grade; a range before the round has none of it', async () => {
    // given a round with an IP user (bronze), a customer who complained twice and one with falling spend
    const t = await retentionEngine();
    const round = await startCampaign(t.engine, { period: '2026-02' });
    await t.engine.idle();
    await t.complete(round.id, 'provideList', itSupport, {
      customers: [aCustomer({ customerId: 'I1', ipSpendOtherNetwork: 60, arpu: 40 }), aCustomer({ customerId: 'K1', complaints3m: 2 }), aCustomer({ customerId: 'F1', localCallSpend: [100, 75, 56, 42] })],
    });
    await t.complete(round.id, 'reviewList', marketing, { approved: true });
    const tasks = await t.openTasks({ instanceId: round.id, elementId: 'handleWorkOrder' });
    // when the IP user cannot be reached and the complaint customer declines; the third stays open
    await t.engine.tasks.complete(tasks[0]!.id, managerLi, { contacted: false, outcome: 'unreachable', actionsTaken: [] });
    await t.engine.tasks.complete(tasks[1]!.id, managerLi, { contacted: true, outcome: 'declined', actionsTaken: ['apologyCall'], reason: '已签约异网' });
    await t.engine.idle();
    // then
    const r = await retentionReport(t.engine, { from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') });
    expect(r).toMatchObject({ rounds: 1, listed: 3 });
    expect(r.workOrders).toEqual({ issued: 3, done: 2, onTime: 2, breached: 0, retained: 0, wonBack: 0, declined: 1, unreachable: 1, open: 1 });
    expect(r.byCriterion.otherNetworkIp).toMatchObject({ issued: 1, unreachable: 1 });
    expect(r.byCriterion.complaintsOrFaults).toMatchObject({ issued: 1, declined: 1 });
    expect(r.byCriterion.fallingSpend).toMatchObject({ issued: 1, open: 1 });
    expect(r.byCriterion.churned.issued).toBe(0);
    expect(r.byGrade).toMatchObject({ bronze: { issued: 1 }, silver: { issued: 2 }, gold: { issued: 0 } });
    expect(r.churnedWithServiceRecords).toEqual({ churned: 0, known: 0, withRecords: 0, share: null });
    expect((await t.engine.instances.get(round.id))?.status).toBe('active'); // the summary waits for the last work order
    const before = await retentionReport(t.engine, { from: Date.parse('2026-02-01T00:00:00+08:00'), to: Date.parse('2026-03-01T00:00:00+08:00') });
    expect([before.rounds, before.listed, before.workOrders.issued]).toEqual([0, 0, 0]);
    await t.close();
  });

  it('Scenario: the marketing team sends the list back; IT support delivers again; then nobody meets a criterion', async () => {
    const t = await retentionEngine();
    const round = await startCampaign(t.engine, { period: '2026-02' });
    await t.engine.idle();
    await t.complete(round.id, 'provideList', itSupport, { customers: [aCustomer({ complaints3m: 3 })] });
    await expect(t.complete(round.id, 'reviewList', marketing, { approved: false })).rejects.toThrow(/returnReason is required/);
    await t.complete(round.id, 'reviewList', marketing, { approved: false, returnReason: '账期错误' });
    expect(await t.holders(round.id)).toEqual(['provideList@itSupport']);
    await t.complete(round.id, 'provideList', itSupport, { customers: [aCustomer({ ipSpendOtherNetwork: 50 })] });
    await t.complete(round.id, 'reviewList', marketing, { approved: true });
    expect((await t.engine.instances.get(round.id))?.status).toBe('completed');
    expect(t.trail(['activity.entered']).filter((e) => e.endsWith('nothingToDispatch') || e.endsWith('handleWorkOrder'))).toEqual(['activity.entered:nothingToDispatch']);
    await t.close();
  });

  it('Scenario: a list with a customer twice, or a churned user without a date, is refused naming the entry', async () => {
    const t = await retentionEngine();
    const round = await startCampaign(t.engine, { period: '2026-02' });
    await t.engine.idle();
    const err = await t.complete(round.id, 'provideList', itSupport, { customers: [aCustomer(), aCustomer(), aCustomer({ customerId: 'C9', status: 'churned' })] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path.join('.'))).toEqual(['customers.2.churnedOn', 'customers.1.customerId']);
    await expect(startCampaign(t.engine, { period: '2026-13' })).rejects.toThrow(/period must be a month YYYY-MM/);
    await t.close();
  });
});
