/**
 * Files as the modelers save them: Camunda Modeler 7 (`camunda:`), Camunda Modeler 8
 * (`zeebe:`, including modeler-template attributes that clash between the two
 * descriptors) and bpmn.io (not executable, plain elements). Each deploys, its lanes
 * become roles, and it runs end to end.
 */
import { describe, expect, it } from 'vitest';
import { ForbiddenError, type JobContext } from '../../src/index';
import { actor, testEngine } from '../support';
import { deployFixture } from './support';

const isTaskJobOrMessage = (e: { type: string }) =>
  e.type.startsWith('task.') || e.type.startsWith('job.') || e.type === 'message.correlated' || e.type.startsWith('process.');

describe('Feature: a Camunda Modeler 7 file', () => {
  it('Scenario: leave request with lanes, candidate groups, an external task, a message and an assignee runs to the end', async () => {
    // given
    const jobs: JobContext[] = [];
    const t = testEngine({
      handlers: {
        'book-leave': (job) => {
          jobs.push(job);
          return { bookingRef: 'HR-2026-031' };
        },
      },
    });
    const ids = await t.engine.deploy({ bpmn: deployFixture('dialects/camunda7-leave-request.bpmn'), name: 'leave-request' });
    const model = await t.engine.processes.model('leaveRequest');
    // when
    const inst = await t.engine.start('leaveRequest', { employeeId: 'eve', days: 3 }, { businessKey: 'leave-7' });
    const [approve] = await t.openTasks(inst.id);
    const asEmployee = await t.engine.tasks.complete(approve!.id, actor('eve', 'employee'), { approved: true }).catch((e: unknown) => e);
    await t.engine.tasks.complete(approve!.id, actor('tom', 'teamLeads'), { approved: true });
    await t.engine.idle();
    const waiting = await t.engine.instances.get(inst.id);
    const handover = await t.engine.messages.correlate('handoverDone', { businessKey: 'leave-7' }, { deputy: 'sam' });
    const [archive] = await t.openTasks(inst.id);
    const asOtherClerk = await t.engine.tasks.complete(archive!.id, actor('hal', 'hr'), {}).catch((e: unknown) => e);
    await t.engine.tasks.complete(archive!.id, actor('hr-clerk', 'hr'), { archived: true });
    // then
    expect(ids).toEqual(['leaveRequest']);
    expect(model.roles).toEqual(['employee', 'manager', 'hr']);
    expect(approve).toMatchObject({
      id: 'inst-1/2',
      elementId: 'approveLeave',
      name: 'Approve leave',
      role: 'manager',
      candidateGroups: ['teamLeads'],
      formKey: 'embedded:app:forms/approve-leave.html',
      state: 'open',
      businessKey: 'leave-7',
    });
    expect(approve!.assignee).toBeUndefined();
    expect(asEmployee).toBeInstanceOf(ForbiddenError);
    expect((asEmployee as ForbiddenError).requiredRoles).toEqual(['manager', 'teamLeads']);
    expect(jobs.map((j) => ({ type: j.type, elementId: j.elementId, businessKey: j.businessKey, approved: j.variables.approved }))).toEqual([
      { type: 'book-leave', elementId: 'bookLeave', businessKey: 'leave-7', approved: true },
    ]);
    expect(waiting?.activeElements).toEqual(['handoverDone']);
    expect(handover).toEqual({ correlated: [{ instanceId: 'inst-1', elementId: 'handoverDone' }], started: [] });
    expect(archive).toMatchObject({ elementId: 'archive', role: 'hr', assignee: 'hr-clerk', state: 'claimed' });
    expect(asOtherClerk).toBeInstanceOf(ForbiddenError);
    const done = await t.engine.instances.get(inst.id);
    expect(done?.status).toBe('completed');
    expect(done?.variables).toEqual({ employeeId: 'eve', days: 3, approved: true, bookingRef: 'HR-2026-031', deputy: 'sam', archived: true });
    expect(t.trail(isTaskJobOrMessage)).toEqual([
      'process.started',
      'task.created:approveLeave',
      'task.completed:approveLeave',
      'job.created:bookLeave',
      'job.completed:bookLeave',
      'message.correlated:handoverDone',
      'task.created:archive',
      'task.completed:archive',
      'process.completed',
    ]);
  });

  it('Scenario: a rejected leave request takes the default flow', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: deployFixture('dialects/camunda7-leave-request.bpmn') });
    const inst = await t.engine.start('leaveRequest', { employeeId: 'eve' });
    // when
    await t.completeTask(inst.id, 'approveLeave', actor('mia', 'manager'), { approved: false });
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.entered')).toEqual([
      'activity.entered:requested',
      'activity.entered:approveLeave',
      'activity.entered:isApproved',
      'activity.entered:rejected',
    ]);
  });
});

describe('Feature: a Camunda Modeler 8 file', () => {
  it('Scenario: claim handling with zeebe task definitions, assignment, script, headers, subscription and modeler templates runs to the end', async () => {
    // given
    const jobs: JobContext[] = [];
    const t = testEngine();
    t.engine.jobs.register('payment', (job) => {
      jobs.push(job);
      return { paymentId: 'PAY-1' };
    });
    const ids = await t.engine.deploy({ bpmn: deployFixture('dialects/camunda8-claim.bpmn'), name: 'claim' });
    const model = await t.engine.processes.model('claimHandling');
    // when
    const inst = await t.engine.start('claimHandling', { claimId: 'C-42', amount: 1000, closer: 'zoe' });
    const [assess] = await t.openTasks(inst.id);
    const asIntake = await t.engine.tasks.complete(assess!.id, actor('ian', 'intake'), {}).catch((e: unknown) => e);
    await t.engine.tasks.complete(assess!.id, actor('fay', 'fraudTeam'), { assessed: true });
    await t.engine.idle();
    const byBusinessKey = await t.engine.messages.correlate('paymentReceipt', { correlationKey: 'C-41' }, { receiptNo: 'wrong' }, { ttl: 0 });
    const receipt = await t.engine.messages.correlate('paymentReceipt', { correlationKey: 'C-42' }, { receiptNo: 'R-9' });
    const [close] = await t.openTasks(inst.id);
    await t.engine.tasks.complete(close!.id, actor('zoe', 'backOffice'), {});
    // then
    expect(ids).toEqual(['claimHandling']);
    expect(model.name).toBe('Claim handling');
    expect(model.roles).toEqual(['intake', 'adjuster', 'finance', 'backOffice']);
    expect(assess).toMatchObject({ elementId: 'assessClaim', role: 'adjuster', candidateGroups: ['seniorAdjusters', 'fraudTeam'], formKey: 'assess-claim', state: 'open' });
    expect(asIntake).toBeInstanceOf(ForbiddenError);
    expect(jobs).toHaveLength(1);
    expect(jobs[0]).toMatchObject({ type: 'payment', elementId: 'payClaim', attempt: 1, retriesLeft: 5, headers: { currency: 'EUR', channel: 'sepa' } });
    expect(jobs[0]!.variables).toEqual({ claimId: 'C-42', amount: 1000, closer: 'zoe', assessed: true, payout: 800 });
    expect(byBusinessKey).toEqual({ correlated: [], started: [] });
    expect(receipt).toEqual({ correlated: [{ instanceId: 'inst-1', elementId: 'receiptConfirmed' }], started: [] });
    expect(close).toMatchObject({ elementId: 'closeClaim', role: 'backOffice', assignee: 'zoe', state: 'claimed' });
    const done = await t.engine.instances.get(inst.id);
    expect(done?.status).toBe('completed');
    expect(done?.variables).toEqual({ claimId: 'C-42', amount: 1000, closer: 'zoe', assessed: true, payout: 800, paymentId: 'PAY-1', receiptNo: 'R-9' });
    expect(t.trail(isTaskJobOrMessage)).toEqual([
      'process.started',
      'task.created:assessClaim',
      'task.completed:assessClaim',
      'job.created:payClaim',
      'job.completed:payClaim',
      'message.correlated:receiptConfirmed',
      'task.created:closeClaim',
      'task.completed:closeClaim',
      'process.completed',
    ]);
  });
});

describe('Feature: a bpmn.io file', () => {
  it('Scenario: a process marked isExecutable="false" with plain elements and lanes runs to the end', async () => {
    // given
    const t = testEngine({ handlers: { checkStock: () => ({ available: true }) } });
    const ids = await t.engine.deploy({ bpmn: deployFixture('dialects/bpmnio-order.bpmn') });
    const model = await t.engine.processes.model('orderFulfilment');
    // when
    const inst = await t.engine.start('orderFulfilment', {}, { businessKey: 'order-7' });
    const [quote] = await t.openTasks(inst.id);
    await t.engine.tasks.complete(quote!.id, actor('sue', 'sales'), { price: 120 });
    await t.engine.idle();
    const accepted = await t.engine.messages.correlate('offerAccepted', { businessKey: 'order-7' });
    const [ship] = await t.openTasks(inst.id);
    const asSales = await t.engine.tasks.complete(ship!.id, actor('sue', 'sales'), {}).catch((e: unknown) => e);
    await t.engine.tasks.complete(ship!.id, actor('wes', 'warehouse'), { tracking: 'TRK-1' });
    // then
    expect(ids).toEqual(['orderFulfilment']);
    expect(model.roles).toEqual(['sales', 'warehouse']);
    expect(quote).toMatchObject({ elementId: 'prepareQuote', role: 'sales', candidateGroups: [] });
    expect(accepted.correlated).toEqual([{ instanceId: 'inst-1', elementId: 'offerAccepted' }]);
    expect(ship).toMatchObject({ elementId: 'ship', role: 'warehouse' });
    expect(asSales).toBeInstanceOf(ForbiddenError);
    const done = await t.engine.instances.get(inst.id);
    expect(done?.status).toBe('completed');
    expect(done?.variables).toEqual({ price: 120, available: true, tracking: 'TRK-1' });
    expect(t.trail((e) => e.type === 'activity.entered')).toEqual([
      'activity.entered:orderReceived',
      'activity.entered:prepareQuote',
      'activity.entered:checkStock',
      'activity.entered:inStock',
      'activity.entered:offerAccepted',
      'activity.entered:packGoods',
      'activity.entered:ship',
      'activity.entered:shipped',
    ]);
  });

  it('Scenario: the same file with the bpmn2: prefix bpmn-js writes for new diagrams', async () => {
    // given
    const xml = deployFixture('dialects/bpmnio-order.bpmn').replace(/bpmn:/g, 'bpmn2:').replace('xmlns:bpmn=', 'xmlns:bpmn2=');
    const t = testEngine();
    // when
    const ids = await t.engine.deploy({ bpmn: xml });
    const inst = await t.engine.start('orderFulfilment', {});
    // then
    expect(xml).not.toContain('<bpmn:');
    expect(ids).toEqual(['orderFulfilment']);
    expect((await t.engine.processes.model('orderFulfilment')).roles).toEqual(['sales', 'warehouse']);
    expect(await t.openTasks(inst.id)).toMatchObject([{ elementId: 'prepareQuote', role: 'sales' }]);
  });

  it('Scenario: a collaboration of two pools deploys both processes, and they talk through messages', async () => {
    // given
    const t = testEngine();
    t.engine.jobs.register('placeOrder', async (job) => {
      await t.engine.messages.correlate('order', { businessKey: job.businessKey! }, { item: 'lamp' });
    });
    t.engine.jobs.register('sendConfirmation', async (job) => {
      await t.engine.messages.correlate('orderConfirmed', { businessKey: job.businessKey! }, { confirmedBy: 'shop' });
    });
    // when
    const ids = await t.engine.deploy({ bpmn: deployFixture('dialects/two-pools.bpmn') });
    const customer = await t.engine.start('customerOrder', {}, { businessKey: 'order-9' });
    await t.engine.idle();
    const [shop] = await t.engine.instances.list({ processId: 'shopOrder' });
    const [confirm] = await t.openTasks(shop!.id);
    await t.engine.tasks.complete(confirm!.id, actor('sam'), { confirmed: true });
    await t.engine.idle();
    // then
    expect(ids).toEqual(['customerOrder', 'shopOrder']);
    expect((await t.engine.processes.list()).map((p) => p.key)).toEqual(['customerOrder:1', 'shopOrder:1']);
    expect(shop).toMatchObject({ id: 'inst-2', processId: 'shopOrder', businessKey: 'order-9' });
    expect(confirm).toMatchObject({ elementId: 'confirmOrder', candidateGroups: [] });
    expect(confirm!.role).toBeUndefined();
    expect(await t.engine.instances.get(shop!.id)).toMatchObject({ status: 'completed', variables: { item: 'lamp', confirmed: true } });
    expect(await t.engine.instances.get(customer.id)).toMatchObject({ status: 'completed', variables: { confirmedBy: 'shop' } });
  });
});
