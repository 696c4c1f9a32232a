/**
 * The community manager + 10000 hotline pairing through the public API: the application and
 * its work number, the appointment within 1 working day, the visit at the appointment time,
 * the work-number check (a wrong number stops the visit), the face-to-face steps, closing.
 */
import { describe, expect, it } from 'vitest';
import { applyOnHotline, hotlineReport, suspensionGraceUntil } from '../src/index';
import { anApplication, hotline, managerLi, retentionEngine } from './support';

async function visit(application = anApplication()) {
  const t = await retentionEngine();
  const app = await applyOnHotline(t.engine, application);
  await t.engine.idle();
  await t.complete(app.id, 'makeAppointment', managerLi, { appointmentAt: '2026-03-03T10:00:00+08:00' });
  return { t, app };
}

describe('Feature: an application on 10000 is visited and closed', () => {
  it('Scenario: the visit waits for the appointment; the right work number; all steps done: completed', async () => {
    const { t, app } = await visit();
    expect(app.businessKey).toBe('100001');
    expect(await t.holders(app.id)).toEqual([]);
    await t.advance('P1DT59M');
    expect(await t.holders(app.id)).toEqual([]);
    await t.advance('PT1M');
    expect(await t.holders(app.id)).toEqual(['verifyWorkNumber@community:SQ01,cm-li']);
    await t.complete(app.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '100001', customerAccepted: true });
    await expect(t.complete(app.id, 'faceToFace', managerLi, { stepsDone: ['form', 'idCopy', 'payment', 'install'] })).rejects.toThrow(/paymentYuan is required/);
    await t.complete(app.id, 'faceToFace', managerLi, { stepsDone: ['form', 'idCopy', 'payment', 'install'], paymentYuan: 100 });
    await t.complete(app.id, 'closeOnHotline', hotline, { closed: true, customerSatisfied: true });
    expect(t.trail(['activity.entered']).at(-1)).toBe('activity.entered:applicationCompleted');
    const r = await hotlineReport(t.engine, { from: 0, to: Date.parse('2027-01-01T00:00:00Z') });
    expect(r).toMatchObject({ applications: 1, completed: 1, appointments: { made: 1, onTime: 1 } });
    await t.close();
  });

  it('Scenario: a wrong work number stops the visit before anything is done; the hotline checks it', async () => {
    const { t, app } = await visit();
    await t.advance('P1DT1H');
    await t.complete(app.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '100002', customerAccepted: false });
    expect(await t.holders(app.id)).toEqual(['reviewStoppedVisit@hotline10000']);
    await t.complete(app.id, 'reviewStoppedVisit', hotline, { customerInformed: true, note: '工作号不符' });
    expect(t.trail(['activity.entered']).filter((e) => /faceToFace|visitStopped/.test(e))).toEqual(['activity.entered:visitStopped']);
    expect((await hotlineReport(t.engine, { from: 0, to: Date.parse('2027-01-01T00:00:00Z') })).stopped).toBe(1);
    await t.close();
  });

  it('Scenario: the right number but the customer does not accept it also stops the visit', async () => {
    const { t, app } = await visit();
    await t.advance('P1DT1H');
    await t.complete(app.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '100001', customerAccepted: false });
    expect(await t.holders(app.id)).toEqual(['reviewStoppedVisit@hotline10000']);
    await t.close();
  });

  it.each([
    ['newLine', ['form', 'idCopy', 'payment', 'install']],
    ['newService', ['form', 'idCopy']],
    ['move', ['form', 'idCopy', 'uninstall', 'install']],
    ['cancel', ['form', 'idCopy', 'uninstall']],
    ['transfer', ['form', 'idCopy']],
    ['fault', ['repair']],
  ] as const)('Scenario: a %s visit missing its last required step closes as incomplete', async (applicationType, steps) => {
    const { t, app } = await visit(anApplication({ applicationType }));
    await t.advance('P1DT1H');
    await t.complete(app.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '100001', customerAccepted: true });
    const done = steps.slice(0, -1);
    await t.complete(app.id, 'faceToFace', managerLi, { stepsDone: done, ...(done.includes('payment' as never) ? { paymentYuan: 80 } : {}) });
    expect((await t.engine.instances.get(app.id))?.variables.visit).toEqual({ required: steps, missing: [steps.at(-1)], complete: false });
    await t.complete(app.id, 'closeOnHotline', hotline, { closed: true, customerSatisfied: false });
    expect(t.trail(['activity.entered']).at(-1)).toBe('activity.entered:applicationIncomplete');
    await t.close();
  });

  it('Scenario: an appointment made after 1 working day breaches its clock (application Friday 17:00 → due Monday 17:00)', async () => {
    const t = await retentionEngine({ start: '2026-03-06T17:00:00+08:00' });
    const app = await applyOnHotline(t.engine, anApplication());
    await t.engine.idle();
    const [task] = await t.openTasks({ instanceId: app.id, elementId: 'makeAppointment' });
    expect(new Date(task!.dueAt!).toISOString()).toBe('2026-03-09T09:00:00.000Z');
    await t.advance('P3DT1M');
    expect(t.trail(['sla.breached'])).toEqual(['sla.breached']);
    await t.close();
  });

  it('Scenario: a bad application is refused naming the fields; the grace period is 10 days', async () => {
    const t = await retentionEngine();
    await expect(applyOnHotline(t.engine, anApplication({ workNumber: '12a' } as never))).rejects.toThrow(/workNumber must be 6 to 12 digits/);
    await expect(applyOnHotline(t.engine, anApplication({ applicationType: 'upgrade' } as never))).rejects.toThrow(/applicationType must be one of 'newLine', 'newService', 'move', 'cancel', 'transfer', 'fault'/);
    expect(suspensionGraceUntil('2026-03-31T23:59:59+08:00')).toBe(Date.parse('2026-04-10T23:59:59+08:00'));
    await t.close();
  });

  it('Scenario: the 10000 report counts every outcome by type and manager, late appointments and the missing steps; its range keeps to the applications taken in it', async () => {
    // given four applications on Monday 09:00: completed, incomplete (no install), stopped, open; and a fifth on Tuesday
    const t = await retentionEngine();
    const apps: Awaited<ReturnType<typeof applyOnHotline>>[] = [];
    for (const [n, over] of [[1, {}], [2, { applicationType: 'move' }], [3, {}], [4, { communityManager: 'cm-wang', community: 'SQ02' }]] as const) apps.push(await applyOnHotline(t.engine, anApplication({ workNumber: `10000${n}`, ...over } as never)));
    await t.engine.idle();
    for (const app of apps.slice(0, 2)) await t.complete(app.id, 'makeAppointment', managerLi, { appointmentAt: '2026-03-02T14:00:00+08:00' });
    await t.advance('P1DT1M'); // the third appointment is made late (Tuesday 09:01)
    await t.complete(apps[2]!.id, 'makeAppointment', managerLi, { appointmentAt: '2026-03-03T14:00:00+08:00' });
    const tuesday = await applyOnHotline(t.engine, anApplication({ workNumber: '100005', applicationType: 'fault' }));
    await t.engine.idle();
    await t.complete(apps[0]!.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '100001', customerAccepted: true });
    await t.complete(apps[0]!.id, 'faceToFace', managerLi, { stepsDone: ['form', 'idCopy', 'payment', 'install'], paymentYuan: 100 });
    await t.complete(apps[0]!.id, 'closeOnHotline', hotline, { closed: true, customerSatisfied: true });
    await t.complete(apps[1]!.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '100002', customerAccepted: true });
    await t.complete(apps[1]!.id, 'faceToFace', managerLi, { stepsDone: ['form', 'idCopy', 'uninstall'] });
    await t.complete(apps[1]!.id, 'closeOnHotline', hotline, { closed: true, customerSatisfied: false });
    await t.advance('PT5H');
    await t.complete(apps[2]!.id, 'verifyWorkNumber', managerLi, { shownWorkNumber: '999999', customerAccepted: true });
    await t.complete(apps[2]!.id, 'reviewStoppedVisit', hotline, { customerInformed: true, note: '工作号不符' });
    // when the report covers Monday only, then Monday and Tuesday
    const monday = await hotlineReport(t.engine, { from: Date.parse('2026-03-02T00:00:00+08:00'), to: Date.parse('2026-03-03T00:00:00+08:00') });
    const both = await hotlineReport(t.engine, { from: Date.parse('2026-03-02T00:00:00+08:00'), to: Date.parse('2026-03-04T00:00:00+08:00') });
    // then
    expect(monday).toMatchObject({ applications: 4, completed: 1, incomplete: 1, stopped: 1, open: 1, appointments: { made: 3, onTime: 2 } });
    expect(monday.byType.newLine).toEqual({ applications: 3, completed: 1, incomplete: 0, stopped: 1, open: 1 });
    expect(monday.byType.move).toEqual({ applications: 1, completed: 0, incomplete: 1, stopped: 0, open: 0 });
    expect(monday.byCommunityManager).toEqual({ 'cm-li': { applications: 3, completed: 1, incomplete: 1, stopped: 1, open: 0 }, 'cm-wang': { applications: 1, completed: 0, incomplete: 0, stopped: 0, open: 1 } });
    expect(monday.missingSteps).toMatchObject({ install: 1, form: 0, idCopy: 0, uninstall: 0 });
    expect(both).toMatchObject({ applications: 5, open: 2 });
    expect(both.byType.fault.open).toBe(1);
    expect(tuesday.businessKey).toBe('100005');
    await t.close();
  });
});
