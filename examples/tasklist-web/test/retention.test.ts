/**
 * The retention / win-back pack in the web tasklist, through the HTTP API: the marketing team
 * starts a round (action), IT support delivers the list, the marketing team approves it, the
 * community manager of the customer's community works the work order; the 10000 hotline
 * records an application and its work number (action) and the community manager's appointment
 * task opens. The server checks roles (403, code FORBIDDEN) and the pack's schemas (422, code
 * VALIDATION_FAILED, the field named) and a refused request changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn, startTestTasklist } from './support';

let app: Awaited<ReturnType<typeof startTestTasklist>>;

beforeAll(async () => {
  app = await startTestTasklist();
}, 120_000);
afterAll(async () => {
  await app?.close();
  expect(app?.errors ?? []).toEqual([]);
});

/** An SQ01 customer with 2 complaints in 3 months: high risk (the decision table's `complaints` row). */
const complaining = {
  customerId: 'W001', name: '陈静', phone: '13800000001', address: '天河路 1 号', community: 'SQ01', communityManager: 'cm-li',
  status: 'active', arpu: 88, localCallSpend: [60, 58, 61, 59], ipSpendOtherNetwork: 0, complaints3m: 2, repeatedFaults3m: 0,
};
const application = {
  applicationType: 'newLine', workNumber: '100001', community: 'SQ01', communityManager: 'cm-li',
  customer: { name: '林峰', phone: '13900000002', address: '体育西路 8 号' },
};
const complete = (c: Awaited<ReturnType<typeof signIn>>, taskId: string, output: unknown) => c.post(`/api/tasks/${encodeURIComponent(taskId)}/complete`, output);

describe('Feature: retention and win-back in the tasklist', () => {
  it('Scenario: the marketing team starts a round; IT support delivers the list; the community manager works the work order', async () => {
    // given the marketing team, whose forms offer the round
    const wei = await signIn(app.url, 'wei');
    const forms = (await wei.get('/api/forms')).body;
    expect(forms.actions.map((a: any) => a.id)).toEqual(['retention.startRound']);
    expect(forms.actions[0].schema.required).toEqual(['period']);
    // when a round starts
    const round = await wei.post('/api/actions/retention.startRound', { period: '2026-02' });
    expect(round.status).toBe(201);
    expect(round.body.message).toBe("Round 2026-02 started: IT support's list task is open.");
    expect((await app.engine.instances.get(round.body.instanceId))?.businessKey).toBe('retention-2026-02');
    // then IT support's task is open; IT support delivers one customer who complained twice
    const xu = await signIn(app.url, 'xu');
    const list = (await xu.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === round.body.instanceId);
    expect(list.elementId).toBe('provideList');
    expect((await complete(xu, list.id, { customers: [complaining] })).status).toBe(200);
    const review = (await wei.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === round.body.instanceId);
    expect(review.elementId).toBe('reviewList');
    expect((await complete(wei, review.id, { approved: true })).status).toBe(200);
    // and the work order is the SQ01 community manager's (candidate group and user), with its 3-working-day clock
    const li = await signIn(app.url, 'cm-li');
    const order = (await li.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === round.body.instanceId);
    expect(order).toMatchObject({ elementId: 'handleWorkOrder', candidateGroups: ['community:SQ01'], candidateUsers: ['cm-li'], loopCounter: 1 });
    expect(order.dueAt).toBe(Date.parse('2026-03-05T09:00:00+08:00'));
    // a self-contradicting result is refused with the field named, the task stays open
    const bad = await complete(li, order.id, { contacted: false, outcome: 'succeeded', actionsTaken: [] });
    expect(bad.status).toBe(422);
    expect(bad.body.error.code).toBe('VALIDATION_FAILED');
    expect(bad.body.error.issues.map((i: any) => i.field)).toEqual(['outcome']);
    expect((await complete(li, order.id, { contacted: true, outcome: 'succeeded', actionsTaken: ['apologyCall', 'gift'], reason: '多次断线' })).status).toBe(200);
    const summary = (await wei.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === round.body.instanceId);
    expect(summary.elementId).toBe('summaryAnalysis');
    expect((await app.engine.instances.get(round.body.instanceId))?.variables.feedback).toEqual({ workOrders: 1, succeeded: 1, retained: 1, wonBack: 0, declined: 0, unreachable: 0 });
  }, 60_000);

  it('Scenario: the 10000 hotline records a 10000 application; the community manager gets the appointment task', async () => {
    // given the 10000 hotline
    const yan = await signIn(app.url, 'yan');
    expect((await yan.get('/api/forms')).body.actions.map((a: any) => a.id)).toEqual(['retention.hotlineApplication']);
    // when the hotline records the application with its work number
    const res = await yan.post('/api/actions/retention.hotlineApplication', application);
    // then
    expect(res.status).toBe(201);
    expect(res.body.message).toBe('Application 100001 dispatched to the community manager cm-li.');
    expect((await app.engine.instances.get(res.body.instanceId))?.businessKey).toBe('100001');
    const li = await signIn(app.url, 'cm-li');
    const task = (await li.get('/api/tasks')).body.tasks.find((t: any) => t.instanceId === res.body.instanceId);
    expect(task).toMatchObject({ elementId: 'makeAppointment', candidateGroups: ['community:SQ01'], candidateUsers: ['cm-li'] });
  }, 60_000);

  it('Scenario: a role without the action is refused (403 FORBIDDEN); bad input is refused naming the field (422); nothing starts', async () => {
    const wei = await signIn(app.url, 'wei');
    const yan = await signIn(app.url, 'yan');
    const before = (await app.engine.instances.list({})).length;
    // the marketing team does not take 10000 applications; the hotline does not start rounds
    const a = await wei.post('/api/actions/retention.hotlineApplication', { ...application, workNumber: '100002' });
    expect([a.status, a.body.error.code]).toEqual([403, 'FORBIDDEN']);
    const b = await yan.post('/api/actions/retention.startRound', { period: '2026-03' });
    expect([b.status, b.body.error.code]).toEqual([403, 'FORBIDDEN']);
    // a month that does not exist; a work number with a letter; an unknown application type
    const c = await wei.post('/api/actions/retention.startRound', { period: '2026-13' });
    expect([c.status, c.body.error.code]).toEqual([422, 'VALIDATION_FAILED']);
    expect(c.body.error.issues.map((i: any) => [i.field, i.message])).toEqual([['period', expect.stringMatching(/period must be a month YYYY-MM/)]]);
    const d = await yan.post('/api/actions/retention.hotlineApplication', { ...application, workNumber: '12a', applicationType: 'upgrade' });
    expect([d.status, d.body.error.code]).toEqual([422, 'VALIDATION_FAILED']);
    expect(d.body.error.issues.map((i: any) => i.field).sort()).toEqual(['applicationType', 'workNumber']);
    // then nothing was started
    expect((await app.engine.instances.list({})).length).toBe(before);
  }, 60_000);
});
