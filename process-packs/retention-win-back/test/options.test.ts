/**
 * The defaults the source leaves open, through the public API: every SLA's default limit as
 * the due time of its task on the working-day calendar, the limits overridden, bad options
 * refused with the option named (nothing built), the calendar required at deploy, a supervisor
 * notified on a breach, lanes renamed, host programmes accepted on the work order, the required
 * steps replaced.
 */
import { describe, expect, it } from 'vitest';
import { DeployError, ForbiddenError, InvalidArgumentError, ValidationError, createEngine, type Actor } from '@handoff/engine';
import { DEFAULT_LIMITS, applyOnHotline, createRetentionPack, retentionCalendar, startCampaign, type Programme, type RetentionPackOptions } from '../src/index';
import { aCustomer, anApplication, hotline, it as itSupport, local, managerLi, marketing, retentionEngine } from './support';

const flagged = aCustomer({ complaints3m: 2 });

describe('Feature: every SLA default (working days on retention-workdays, Mon–Fri 09:00–18:00)', () => {
  it('Scenario: a round on Monday 09:00, each step an hour later: list Tue 09:00, review Tue 10:00, work order Thu 11:00, summary Wed 12:00', async () => {
    // given the defaults README states
    expect(DEFAULT_LIMITS).toEqual({ listDelivery: 'P1D', listReview: 'P1D', workOrder: 'P3D', summary: 'P2D', appointment: 'P1D', stoppedVisitReview: 'PT4H', hotlineClosure: 'P1D' });
    const t = await retentionEngine();
    const round = await startCampaign(t.engine, { period: '2026-02' });
    await t.engine.idle();
    const due = async (elementId: string) => (await t.openTasks({ instanceId: round.id, elementId })).map((k) => local(k.dueAt!));
    // when / then
    expect(await due('provideList')).toEqual(['03-03 09:00']);
    await t.advance('PT1H');
    await t.complete(round.id, 'provideList', itSupport, { customers: [flagged] });
    expect(await due('reviewList')).toEqual(['03-03 10:00']);
    await t.advance('PT1H');
    await t.complete(round.id, 'reviewList', marketing, { approved: true });
    expect(await due('handleWorkOrder')).toEqual(['03-05 11:00']);
    await t.advance('PT1H');
    await t.complete(round.id, 'handleWorkOrder', managerLi, { contacted: false, outcome: 'unreachable', actionsTaken: [] });
    expect(await due('summaryAnalysis')).toEqual(['03-04 12:00']);
    await t.close();
  });

  it('Scenario: an application Monday 09:00: appointment Tue 09:00; a wrong number at 14:00 is checked by 18:00 (PT4H, the day\'s close); closure 1 working day after the visit', async () => {
    const t = await retentionEngine();
    const stopped = await applyOnHotline(t.engine, anApplication());
    const closed = await applyOnHotline(t.engine, anApplication({ workNumber: '100002' }));
    await t.engine.idle();
    expect((await t.openTasks({ instanceId: stopped.id, elementId: 'makeAppointment' })).map((k) => local(k.dueAt!))).toEqual(['03-03 09:00']);
    for (const app of [stopped, closed]) await t.complete(app.id, 'makeAppointment', managerLi, { appointmentAt: '2026-03-02T14:00:00+08:00' });
    await t.advance('PT5H');
    await t.complete(stopped.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '999999', customerAccepted: true });
    expect((await t.openTasks({ instanceId: stopped.id, elementId: 'reviewStoppedVisit' })).map((k) => local(k.dueAt!))).toEqual(['03-02 18:00']);
    await t.complete(closed.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '100002', customerAccepted: true });
    await t.complete(closed.id, 'faceToFace', managerLi, { stepsDone: ['form', 'idCopy', 'payment', 'install'], paymentYuan: 100 });
    expect((await t.openTasks({ instanceId: closed.id, elementId: 'closeOnHotline' })).map((k) => local(k.dueAt!))).toEqual(['03-03 14:00']);
    // the stopped visit's check breaches at 18:00 exactly, not before
    await t.advance('PT3H59M');
    expect(t.trail(['sla.breached'])).toEqual([]);
    await t.advance('PT1M');
    expect(t.trail(['sla.breached'])).toEqual(['sla.breached']);
    await t.close();
  });
});

describe('Feature: the limits, calendar, roles and programmes are the host\'s to change', () => {
  it('Scenario: limits override the defaults (a work order in 2 working days is due Wednesday)', async () => {
    const pack = createRetentionPack({ limits: { workOrder: 'P2D', stoppedVisitReview: 'PT2H' } });
    expect(Object.fromEntries(pack.sla.map((p) => [p.id, p.limit]))).toEqual({ ...DEFAULT_LIMITS, workOrder: 'P2D', stoppedVisitReview: 'PT2H' });
    const t = await retentionEngine({ pack: { limits: { workOrder: 'P2D' } } });
    const round = await startCampaign(t.engine, { period: '2026-02' });
    await t.engine.idle();
    await t.complete(round.id, 'provideList', itSupport, { customers: [flagged] });
    await t.complete(round.id, 'reviewList', marketing, { approved: true });
    expect((await t.openTasks({ instanceId: round.id, elementId: 'handleWorkOrder' })).map((k) => local(k.dueAt!))).toEqual(['03-04 09:00']);
    await t.close();
  });

  it.each<[string, RetentionPackOptions, string, RegExp]>([
    ['a limit that is not working time', { limits: { workOrder: '3 days' } }, 'limits.workOrder', /expected working time .* got "3 days"/],
    ['a limit in months', { limits: { summary: 'P1M' } }, 'limits.summary', /got "P1M"/],
    ['an unknown SLA', { limits: { speed: 'P1D' } as never }, 'limits', /unknown SLA 'speed'/],
    ['an empty calendar name', { calendar: ' ' }, 'calendar', /expected a calendar name/],
    ['an unknown lane', { roles: { boss: 'x' } as never }, 'roles', /unknown lane 'boss'/],
    ['an empty role', { roles: { hotline10000: '' } }, 'roles.hotline10000', /expected a role name/],
  ])('Scenario: %s is refused naming the option', (_name, options, argument, message) => {
    const err = (() => {
      try {
        createRetentionPack(options);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument });
    expect((err as Error).message).toMatch(message);
  });

  it('Scenario: without the calendar the deploy is refused, naming the SLA and the calendar; nothing is deployed', async () => {
    const engine = createEngine();
    const err = await engine.deploy(createRetentionPack()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect((err as Error).message).toMatch(/retention-workdays/);
    expect(await engine.processes.list()).toEqual([]);
    await engine.close();
  });

  it('Scenario: a supervisor is notified when a work order breaches', async () => {
    const t = await retentionEngine({ pack: { supervisor: 'retentionLead' } });
    const round = await startCampaign(t.engine, { period: '2026-02' });
    await t.engine.idle();
    await t.complete(round.id, 'provideList', itSupport, { customers: [flagged] });
    await t.complete(round.id, 'reviewList', marketing, { approved: true });
    await t.advance('P3DT1M');
    const escalated = t.events.filter((e) => e.type === 'sla.escalated');
    expect(escalated).toHaveLength(1);
    expect(escalated[0]).toMatchObject({ slaId: 'workOrder', notify: 'retentionLead' });
    await t.close();
  });

  it('Scenario: the hotline lane renamed: its tasks need the host\'s role, the lane id no longer opens them', async () => {
    const t = await retentionEngine({ pack: { roles: { hotline10000: 'hotline' } } });
    const app = await applyOnHotline(t.engine, anApplication());
    await t.engine.idle();
    await t.complete(app.id, 'makeAppointment', managerLi, { appointmentAt: '2026-03-02T14:00:00+08:00' });
    await t.advance('PT5H');
    await t.complete(app.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '999999', customerAccepted: true });
    const [task] = await t.openTasks({ instanceId: app.id, elementId: 'reviewStoppedVisit' });
    expect(task!.role).toBe('hotline');
    await expect(t.engine.tasks.complete(task!.id, hotline, { customerInformed: true, note: '工作号不符' })).rejects.toBeInstanceOf(ForbiddenError);
    const renamed: Actor = { id: 'hl-zhou', roles: ['hotline'] };
    await t.engine.tasks.complete(task!.id, renamed, { customerInformed: true, note: '工作号不符' });
    expect((await t.engine.instances.get(app.id))?.status).toBe('completed');
    await t.close();
  });

  it('Scenario: a host programme is a valid action on the work order; without it the same action is refused naming the field', async () => {
    const familyPlan: Programme = { id: 'familyPlan', name: '亲情号码套餐', origin: 'host', target: '家庭用户', benefit: '亲情号码免费通话', english: 'Family numbers: free calls between them' };
    for (const [programmes, accepted] of [[[familyPlan], true], [[], false]] as const) {
      const t = await retentionEngine({ pack: { programmes } });
      const round = await startCampaign(t.engine, { period: '2026-02' });
      await t.engine.idle();
      await t.complete(round.id, 'provideList', itSupport, { customers: [flagged] });
      await t.complete(round.id, 'reviewList', marketing, { approved: true });
      const done = t.complete(round.id, 'handleWorkOrder', managerLi, { contacted: true, outcome: 'succeeded', actionsTaken: ['apologyCall', 'familyPlan'] });
      if (accepted) await done;
      else {
        const err = await done.catch((e: unknown) => e);
        expect(err).toBeInstanceOf(ValidationError);
        expect((err as ValidationError).issues.map((i) => i.path.join('.'))).toEqual(['actionsTaken.1']);
      }
      await t.close();
    }
    expect(createRetentionPack({ programmes: [familyPlan] }).programmes.map((p) => p.id)).toContain('familyPlan');
  });

  it('Scenario: a required-steps table with an unknown step or a missing type is refused naming the field', () => {
    const err = (() => {
      try {
        createRetentionPack({ requiredSteps: { newLine: ['form', 'paint'], newService: ['form'], move: ['form'], cancel: ['form'], transfer: ['form'] } as never });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path.join('.')).sort()).toEqual(['fault', 'newLine.1']);
  });

  it('Scenario: replaced required steps: a new line that needs the form and the install only is complete with those two', async () => {
    const t = await retentionEngine({ pack: { requiredSteps: { newLine: ['form', 'install'], newService: ['form'], move: ['form'], cancel: ['form'], transfer: ['form'], fault: ['repair'] } } });
    const app = await applyOnHotline(t.engine, anApplication());
    await t.engine.idle();
    await t.complete(app.id, 'makeAppointment', managerLi, { appointmentAt: '2026-03-02T14:00:00+08:00' });
    await t.advance('PT5H');
    await t.complete(app.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '100001', customerAccepted: true });
    await t.complete(app.id, 'faceToFace', managerLi, { stepsDone: ['form', 'install'] });
    expect((await t.engine.instances.get(app.id))?.variables.visit).toEqual({ required: ['form', 'install'], missing: [], complete: true });
    await t.close();
  });
});

describe('Feature: the calendar\'s holidays move the limits', () => {
  it('Scenario: a work order issued Friday 2026-04-03 09:00 with Monday 04-06 a holiday is due Thursday 04-09 09:00', async () => {
    const t = await retentionEngine({ start: '2026-04-03T09:00:00+08:00', calendars: [retentionCalendar({ holidays: ['2026-04-06'] })] });
    const round = await startCampaign(t.engine, { period: '2026-03' });
    await t.engine.idle();
    await t.complete(round.id, 'provideList', itSupport, { customers: [flagged] });
    await t.complete(round.id, 'reviewList', marketing, { approved: true });
    expect((await t.openTasks({ instanceId: round.id, elementId: 'handleWorkOrder' })).map((k) => local(k.dueAt!))).toEqual(['04-09 09:00']);
    await t.close();
  });
});
