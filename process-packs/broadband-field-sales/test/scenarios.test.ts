import { businessCalendar, DeployError, ForbiddenError, ValidationError, type EngineEvent } from '@handoff/engine';
import { createTestEngine } from '@handoff/testing';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { createBroadbandPack, JOB_TYPES, memoryDoNotDisturbRegister, reportCustomerCall, simulatedOpenAccount } from '../src/index';
import { InvalidArgumentError } from '@handoff/engine';
import { aCase, agent, broadbandEngine, clerk, installer, local, PHONE, rep, rep2, ZONE, type BroadbandTestEngine } from './support';

const T0 = DateTime.fromISO('2026-03-02T09:00:00+08:00', { zone: ZONE });
const at = (iso: string) => DateTime.fromISO(iso, { zone: ZONE }).toMillis();
const entered = (t: BroadbandTestEngine) => t.trail(['activity.entered']).map((s) => s.slice('activity.entered:'.length));

const HEAD = ['caseOpened', 'checkDoNotDisturb', 'suppressedGateway', 'visitCustomer', 'pitchOutcome', 'customerReport', 'callBack', 'installableGateway'];
const TAIL = ['accountGateway', 'openAccount', 'install', 'paymentGateway'];
const AFTER_FEE = ['feeCollected', 'handleBusiness', 'activated'];

/** Given a case at 09:00 whose customer is interested and has called the hotline at once. */
async function atCallBack(t: BroadbandTestEngine): Promise<string> {
  const id = await t.open();
  await t.complete(id, 'visitCustomer', rep, { interested: true });
  await t.call();
  return id;
}

/** Given a case at the install task: callback at 09:10, consent and password at 09:10. */
async function atInstall(t: BroadbandTestEngine): Promise<string> {
  const id = await atCallBack(t);
  await t.advance('PT10M');
  await t.complete(id, 'callBack', agent, { installable: true });
  await t.complete(id, 'secondMarketing', agent, { consent: true, passwordVerified: true });
  return id;
}

describe('Feature: the do-not-disturb rule (3 calendar months)', () => {
  it('Scenario: a customer who refused 2 months ago — the case ends at once as suppressedDoNotDisturb, no task is created', async () => {
    // given
    const t = await broadbandEngine();
    await t.register.recordRefusal(PHONE, T0.minus({ months: 2 }).toMillis());
    // when
    const id = await t.open();
    // then
    expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['suppressedDoNotDisturb'] });
    expect(entered(t)).toEqual(['caseOpened', 'checkDoNotDisturb', 'suppressedGateway', 'suppressedDoNotDisturb']);
    expect(t.trail(['task.created'])).toEqual([]);
    expect(await t.engine.tasks.query({})).toEqual([]);
    expect((await t.engine.instances.get(id))?.variables.suppressed).toBe(true);
  });

  it('Scenario: a customer who refused 3 months and 1 day ago is visited again', async () => {
    // given
    const t = await broadbandEngine();
    await t.register.recordRefusal(PHONE, T0.minus({ months: 3, days: 1 }).toMillis());
    // when
    const id = await t.open();
    // then
    expect((await t.engine.instances.get(id))?.variables.suppressed).toBe(false);
    expect((await t.openTasks({ instanceId: id })).map((x) => [x.elementId, x.role, x.candidateGroups])).toEqual([['visitCustomer', 'fieldSales', ['grid:G01']]]);
  });

  it('Scenario: the refusal of another phone does not suppress this customer', async () => {
    const t = await broadbandEngine();
    await t.register.recordRefusal('13900000009', T0.minus({ days: 1 }).toMillis());
    const id = await t.open();
    expect((await t.openTasks({ instanceId: id })).map((x) => x.elementId)).toEqual(['visitCustomer']);
  });
});

describe('Feature: one scenario per outcome', () => {
  it('Scenario: refused — the refusal is recorded; a new case for the phone within 3 months is suppressed, after 3 months it is visited', async () => {
    // given
    const t = await broadbandEngine();
    const id = await t.open();
    await t.advance('PT5M');
    // when
    await t.complete(id, 'visitCustomer', rep, { interested: false });
    // then
    expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['refused'] });
    expect(entered(t)).toEqual(['caseOpened', 'checkDoNotDisturb', 'suppressedGateway', 'visitCustomer', 'pitchOutcome', 'recordRefusal', 'refused']);
    expect([...t.register.refusals()]).toEqual([[PHONE, at('2026-03-02T09:05:00+08:00')]]);
    expect((await t.engine.instances.get(id))?.variables.doNotDisturbUntil).toBe('2026-06-02T09:05:00.000+08:00');
    // when: 2 months 29 days later, a rep opens a new case for the same phone
    await t.advance('P2M29D');
    const again = await t.open();
    // then
    expect(await t.outcome(again)).toEqual({ status: 'completed', end: ['suppressedDoNotDisturb'] });
    // when: at 2026-06-02 09:05, the window has ended
    await t.advanceTo('2026-06-02T09:05:00+08:00');
    const third = await t.open();
    // then
    expect((await t.openTasks({ instanceId: third })).map((x) => x.elementId)).toEqual(['visitCustomer']);
  });

  it('Scenario: notInstallable — the reason is explained, the customer does not insist', async () => {
    const t = await broadbandEngine();
    const id = await atCallBack(t);
    await t.complete(id, 'callBack', agent, { installable: false });
    await t.complete(id, 'explainReason', agent, { insists: false, reason: 'no free port at the cabinet' });
    expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['notInstallable'] });
    expect(entered(t)).toEqual([...HEAD, 'explainReason', 'insistGateway', 'notInstallable']);
  });

  it('Scenario: notInstallable — the customer insists but there is no way to handle it', async () => {
    const t = await broadbandEngine();
    const id = await atCallBack(t);
    await t.complete(id, 'callBack', agent, { installable: false });
    await t.complete(id, 'explainReason', agent, { insists: true });
    expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['notInstallable'] });
    expect(t.trail(['task.created'])).toEqual(['task.created:visitCustomer', 'task.created:callBack', 'task.created:explainReason']);
  });

  it('Scenario: insist and collaborate — the grid rep resolves it, second marketing, activated', async () => {
    // given
    const t = await broadbandEngine();
    const id = await atCallBack(t);
    await t.complete(id, 'callBack', agent, { installable: false });
    // when
    await t.complete(id, 'explainReason', agent, { insists: true, handlingPath: 'extend the fibre from the neighbouring box', reason: 'no free port' });
    // then: the case is handed to the grid's field rep
    expect((await t.openTasks({ instanceId: id })).map((x) => [x.elementId, x.role, x.candidateGroups])).toEqual([['collaborate', 'fieldSales', ['grid:G01']]]);
    // when
    await t.complete(id, 'collaborate', rep, { resolved: true });
    await t.complete(id, 'secondMarketing', agent, { consent: true, passwordVerified: true });
    await t.complete(id, 'install', installer, { installed: true, payAtHall: false });
    await t.complete(id, 'collectFee', rep, { feeReceipt: 'R-001', amount: 100 });
    await t.complete(id, 'handleBusiness', rep, { agentName: '韩梅梅', agentPhone: '13900000002' });
    // then
    expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['activated'] });
    expect(entered(t)).toEqual([...HEAD, 'explainReason', 'insistGateway', 'collaborate', 'resolvedGateway', 'secondMarketing', ...TAIL, 'collectFee', ...AFTER_FEE]);
  });

  it('Scenario: insist and collaborate — not resolved ends notInstallable', async () => {
    const t = await broadbandEngine();
    const id = await atCallBack(t);
    await t.complete(id, 'callBack', agent, { installable: false });
    await t.complete(id, 'explainReason', agent, { insists: true, handlingPath: 'wait for the new cabinet' });
    await t.complete(id, 'collaborate', rep, { resolved: false });
    expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['notInstallable'] });
    expect(entered(t)).toEqual([...HEAD, 'explainReason', 'insistGateway', 'collaborate', 'resolvedGateway', 'notInstallable']);
  });

  it.each([
    ['the customer declines (no password check needed)', { consent: false }],
    ['the customer consents but the service-password check fails', { consent: true, passwordVerified: false }],
  ])('Scenario: declinedAtCallback — %s', async (_, output) => {
    const t = await broadbandEngine();
    const id = await atCallBack(t);
    await t.complete(id, 'callBack', agent, { installable: true });
    await t.complete(id, 'secondMarketing', agent, output);
    expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['declinedAtCallback'] });
    expect(entered(t)).toEqual([...HEAD, 'secondMarketing', 'accountGateway', 'declinedAtCallback']);
    expect((await t.engine.instances.get(id))?.variables).toMatchObject({ consent: output.consent, passwordVerified: false });
    expect(t.trail(['job.created'])).toEqual(['job.created:checkDoNotDisturb']);
  });

  it('Scenario: activated — the full path, the rep collects the fee', async () => {
    // given
    const t = await broadbandEngine();
    const id = await atInstall(t);
    // when
    await t.complete(id, 'install', installer, { installed: true, payAtHall: false });
    const [fee] = await t.openTasks({ instanceId: id });
    await t.complete(id, 'collectFee', rep, { feeReceipt: 'R-001', amount: 120, appointmentAt: '2026-03-03T10:00:00+08:00' });
    await t.complete(id, 'handleBusiness', rep, { agentName: '韩梅梅', agentPhone: '0571-88888888' });
    // then
    expect([fee?.elementId, fee?.role, fee?.candidateGroups]).toEqual(['collectFee', 'fieldSales', ['grid:G01']]);
    expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['activated'] });
    expect(entered(t)).toEqual([...HEAD, 'secondMarketing', ...TAIL, 'collectFee', ...AFTER_FEE]);
    expect(t.trail(['task.completed'])).toEqual([
      'task.completed:visitCustomer',
      'task.completed:callBack',
      'task.completed:secondMarketing',
      'task.completed:install',
      'task.completed:collectFee',
      'task.completed:handleBusiness',
    ]);
    expect((await t.engine.tasks.query({ instanceId: id })).map((x) => x.completedBy)).toEqual(['ana', 'bo', 'bo', 'cai', 'ana', 'ana']);
    expect((await t.engine.instances.get(id))?.variables).toEqual({
      ...aCase(),
      channel: 'door-to-door',
      suppressed: false,
      interested: true,
      installable: true,
      consent: true,
      passwordVerified: true,
      accountNo: 'BB-inst-1',
      installed: true,
      payAtHall: false,
      feeReceipt: 'R-001',
      amount: 120,
      appointmentAt: '2026-03-03T10:00:00+08:00',
      agentName: '韩梅梅',
      agentPhone: '0571-88888888',
    });
  });

  it('Scenario: activated — the customer pays at the hall; the hall lane collects', async () => {
    // given
    const t = await broadbandEngine();
    const id = await atInstall(t);
    // when
    await t.complete(id, 'install', installer, { installed: true, payAtHall: true });
    // then: the fee task is the hall's, not the grid's
    expect((await t.openTasks({ role: 'hall' })).map((x) => x.elementId)).toEqual(['collectFeeAtHall']);
    expect(await t.openTasks({ role: 'grid:G01' })).toEqual([]);
    const [task] = await t.openTasks({ instanceId: id });
    await expect(t.engine.tasks.complete(task!.id, rep, { feeReceipt: 'H-9', amount: 120 })).rejects.toBeInstanceOf(ForbiddenError);
    // when
    await t.complete(id, 'collectFeeAtHall', clerk, { feeReceipt: 'H-9', amount: 120 });
    await t.complete(id, 'handleBusiness', rep, { agentName: '韩梅梅', agentPhone: '13900000002' });
    // then
    expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['activated'] });
    expect(entered(t)).toEqual([...HEAD, 'secondMarketing', ...TAIL, 'collectFeeAtHall', ...AFTER_FEE]);
  });

  it('Scenario: the account system fails once — the job is retried after 1 s and the case goes on', async () => {
    let calls = 0;
    const t = await broadbandEngine({
      openAccount: async () => {
        calls++;
        if (calls === 1) throw new Error('provisioning timeout');
        return { accountNo: 'HZ-0001' };
      },
    });
    const id = await atInstall(t);
    expect((await t.openTasks({ instanceId: id })).map((x) => x.elementId)).toEqual([]);
    await t.advance('PT1S');
    expect((await t.openTasks({ instanceId: id })).map((x) => x.elementId)).toEqual(['install']);
    expect((await t.engine.instances.get(id))?.variables.accountNo).toBe('HZ-0001');
    expect(t.trail(['job.failed', 'job.completed'])).toEqual(['job.completed:checkDoNotDisturb', 'job.failed:openAccount', 'job.completed:openAccount']);
  });

  it('Scenario: an account opener that returns no account number fails the job, then raises an incident', async () => {
    const t = await broadbandEngine({ openAccount: async () => ({}) as { accountNo: string } });
    const id = await atInstall(t);
    await t.advance('PT10S');
    const [incident] = await t.engine.incidents.list(id);
    expect([incident?.elementId, incident?.code]).toEqual(['openAccount', 'JOB_FAILED']);
    expect(incident?.message).toContain("it must return { accountNo: '<non-empty string>' }");
  });
});

describe('Feature: the customer reports before the case waits for it', () => {
  it('Scenario: the customer calls while the rep is still on site — the report is buffered for 1 day, then taken', async () => {
    // given
    const t = await broadbandEngine();
    const id = await t.open();
    // when: the customer calls at 09:05, the rep completes the visit at 09:20
    await t.advance('PT5M');
    const r = await t.call();
    // then
    expect(r).toEqual({ correlated: [], started: [], buffered: { messageId: 'inst-2', expiresAt: at('2026-03-03T09:05:00+08:00') } });
    expect(t.trail(['message.buffered'])).toEqual(['message.buffered']);
    // when
    await t.advance('PT15M');
    await t.complete(id, 'visitCustomer', rep, { interested: true });
    // then: the case took the report at 09:20; the callback clock counts from the call at 09:05
    expect(t.trail(['message.correlated', 'task.created'])).toEqual(['task.created:visitCustomer', 'message.correlated:customerReport', 'task.created:callBack']);
    expect(t.sla(id)).toEqual(['03-02 09:20 sla.started:callback']);
    const started = t.events.find((e): e is Extract<EngineEvent, { type: 'sla.started' }> => e.type === 'sla.started');
    expect([local(started!.startedAt), local(started!.dueAt!), started!.elapsed]).toEqual(['03-02 09:05', '03-02 09:35', 15 * 60_000]);
    expect((await t.openTasks({ role: 'hotline' })).map((x) => x.elementId)).toEqual(['callBack']);
  });

  it('Scenario: a report at 09:10 during a visit closed at 09:25 breaches at 09:40 (30 minutes from the report)', async () => {
    // given a case opened at 09:00; the customer calls at 09:10 while the rep is on site
    const t = await broadbandEngine();
    const id = await t.open();
    await t.advance('PT10M');
    await t.call();
    // when the rep closes the visit at 09:25 and nobody calls back
    await t.advance('PT15M');
    await t.complete(id, 'visitCustomer', rep, { interested: true });
    await t.advance('PT30M');
    // then the warning is at 09:34 (80%) and the breach at 09:40, not 09:55
    expect(t.sla(id)).toEqual(['03-02 09:25 sla.started:callback', '03-02 09:34 sla.warning:callback', '03-02 09:40 sla.breached:callback', '03-02 09:40 sla.escalated:callback → hotlineSupervisor']);
  });

  it('Scenario: a report older than 1 day expires; the case keeps waiting for a new call', async () => {
    const t = await broadbandEngine();
    const id = await t.open();
    await t.call();
    await t.advance('P1DT1M');
    await t.complete(id, 'visitCustomer', rep, { interested: true });
    expect(t.trail(['message.buffered', 'message.expired', 'message.correlated'])).toEqual(['message.buffered', 'message.expired']);
    expect((await t.engine.instances.get(id))?.activeElements).toEqual(['customerReport']);
    const r = await t.call();
    expect(r.correlated).toEqual([{ instanceId: id, elementId: 'customerReport' }]);
  });

  it('Scenario: a call from a number that is not a mainland mobile is refused', async () => {
    const t = await broadbandEngine();
    const err = await reportCustomerCall(t.engine, '0571-88888888').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([['phone']]);
  });
});

describe('Feature: service levels, escalated to the lane supervisor', () => {
  it('Scenario: callback met — the agent calls back 29 minutes after the report', async () => {
    const t = await broadbandEngine();
    const id = await atCallBack(t);
    await t.advance('PT29M');
    await t.complete(id, 'callBack', agent, { installable: true });
    expect(t.sla(id)).toEqual(['03-02 09:00 sla.started:callback', '03-02 09:24 sla.warning:callback', '03-02 09:29 sla.met:callback']);
  });

  it('Scenario: callback breached — 40 minutes; the hotline supervisor is notified and the case goes on', async () => {
    // given
    const t = await broadbandEngine();
    const id = await atCallBack(t);
    // when
    await t.advance('PT40M');
    await t.complete(id, 'callBack', agent, { installable: true });
    // then
    expect(t.sla(id)).toEqual([
      '03-02 09:00 sla.started:callback',
      '03-02 09:24 sla.warning:callback',
      '03-02 09:30 sla.breached:callback',
      '03-02 09:30 sla.escalated:callback → hotlineSupervisor',
      '03-02 09:40 sla.stopped:callback',
    ]);
    const esc = t.events.find((e) => e.type === 'sla.escalated');
    expect(esc).toMatchObject({ slaId: 'callback', step: 0, notify: 'hotlineSupervisor', dueAt: at('2026-03-02T09:30:00+08:00'), slaElementId: 'callBack' });
    expect(t.events.find((e) => e.type === 'sla.stopped')).toMatchObject({ breached: true, reason: 'stop anchor', elapsed: 40 * 60_000, remaining: -10 * 60_000 });
    expect((await t.openTasks({ instanceId: id })).map((x) => x.elementId)).toEqual(['secondMarketing']);
  });

  it('Scenario: callback at exactly 30:00 — the limit is reached first, so it counts as breached', async () => {
    const t = await broadbandEngine();
    const id = await atCallBack(t);
    await t.advance('PT30M');
    await t.complete(id, 'callBack', agent, { installable: true });
    expect(t.sla(id).slice(-2)).toEqual(['03-02 09:30 sla.escalated:callback → hotlineSupervisor', '03-02 09:30 sla.stopped:callback']);
  });

  it('Scenario: fee met — collected 47 h 59 min after the installed reminder; the handling clock starts', async () => {
    const t = await broadbandEngine();
    const id = await atInstall(t);
    await t.advanceTo('2026-03-02T14:00:00+08:00');
    await t.complete(id, 'install', installer, { installed: true, payAtHall: false });
    await t.advanceTo('2026-03-04T13:59:00+08:00');
    await t.complete(id, 'collectFee', rep, { feeReceipt: 'R-001', amount: 120 });
    expect(t.sla(id).filter((s) => !s.includes(':callback'))).toEqual(['03-02 14:00 sla.started:fee', '03-04 04:24 sla.warning:fee', '03-04 13:59 sla.met:fee', '03-04 13:59 sla.started:handling']);
  });

  it('Scenario: fee breached — collected at the hall 49 h after installation; both fee supervisors are notified', async () => {
    const t = await broadbandEngine();
    const id = await atInstall(t);
    await t.advanceTo('2026-03-02T14:00:00+08:00');
    await t.complete(id, 'install', installer, { installed: true, payAtHall: true });
    await t.advanceTo('2026-03-04T15:00:00+08:00');
    await t.complete(id, 'collectFeeAtHall', clerk, { feeReceipt: 'H-1', amount: 120 });
    expect(t.sla(id).filter((s) => !s.includes(':callback'))).toEqual([
      '03-02 14:00 sla.started:fee',
      '03-04 04:24 sla.warning:fee',
      '03-04 14:00 sla.breached:fee',
      '03-04 14:00 sla.escalated:fee → fieldSalesSupervisor',
      '03-04 14:00 sla.escalated:fee → hallSupervisor',
      '03-04 15:00 sla.stopped:fee',
      '03-04 15:00 sla.started:handling',
    ]);
    expect((await t.openTasks({ instanceId: id })).map((x) => x.elementId)).toEqual(['handleBusiness']);
  });

  it('Scenario: handling met (23 h 59 min) and breached (25 h) — 24 h from the fee', async () => {
    for (const [doneAt, expected] of [
      ['2026-03-03T10:09:00+08:00', ['03-02 10:10 sla.started:handling', '03-03 05:22 sla.warning:handling', '03-03 10:09 sla.met:handling']],
      [
        '2026-03-03T11:10:00+08:00',
        ['03-02 10:10 sla.started:handling', '03-03 05:22 sla.warning:handling', '03-03 10:10 sla.breached:handling', '03-03 10:10 sla.escalated:handling → fieldSalesSupervisor', '03-03 11:10 sla.stopped:handling'],
      ],
    ] as const) {
      const t = await broadbandEngine();
      const id = await atInstall(t);
      await t.complete(id, 'install', installer, { installed: true, payAtHall: false });
      await t.advanceTo('2026-03-02T10:10:00+08:00');
      await t.complete(id, 'collectFee', rep, { feeReceipt: 'R-001', amount: 120 });
      await t.advanceTo(doneAt);
      await t.complete(id, 'handleBusiness', rep, { agentName: '韩梅梅', agentPhone: '13900000002' });
      expect(t.sla(id).filter((s) => s.includes(':handling'))).toEqual(expected);
      expect(await t.outcome(id)).toEqual({ status: 'completed', end: ['activated'] });
    }
  });

  it('Scenario: a host counts the fee clock on an office calendar — 48 working hours from Monday 14:00 end Tuesday next week 17:00', async () => {
    // given: 09:00–12:00 and 13:30–18:00, Monday to Friday (7.5 h a day)
    const shifts = ['09:00-12:00', '13:30-18:00'];
    const office = businessCalendar({ name: 'cn-office', zone: ZONE, hours: { mon: shifts, tue: shifts, wed: shifts, thu: shifts, fri: shifts } });
    const t = await broadbandEngine({ calendars: [office], pack: { calendars: { fee: 'cn-office' } } });
    const id = await atInstall(t);
    await t.advanceTo('2026-03-02T14:00:00+08:00');
    // when
    await t.complete(id, 'install', installer, { installed: true, payAtHall: false });
    // then: 4 h on Monday, 7.5 h a day Tuesday to next Monday (37.5 h), 6.5 h on Tuesday 03-10
    const started = t.events.find((e): e is Extract<EngineEvent, { type: 'sla.started' }> => e.type === 'sla.started' && e.slaId === 'fee');
    expect([started?.calendar, local(started!.dueAt!)]).toEqual(['cn-office', '03-10 17:00']);
    expect((await t.engine.sla.clocks(id)).map((c) => [c.slaId, c.calendar])).toEqual([['fee', 'cn-office']]);
  });

  it('Scenario: a calendar the engine does not know is refused at deploy', async () => {
    const t = await createTestEngine({});
    const err = await t.engine.deploy(createBroadbandPack({ calendars: { callback: 'cn-office' }, openAccount: simulatedOpenAccount })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).problems.map((p) => p.code)).toEqual(['INVALID_SLA']);
    expect((err as DeployError).problems[0]?.message).toContain("unknown calendar 'cn-office'");
  });
});

describe('Feature: lanes and grids are roles', () => {
  it('Scenario: a hotline agent may not complete the visit, nor a field rep the callback', async () => {
    // given
    const t = await broadbandEngine();
    const id = await t.open();
    const [visit] = await t.openTasks({ instanceId: id });
    // when
    const e1 = await t.engine.tasks.complete(visit!.id, agent, { interested: true }).catch((e: unknown) => e);
    await t.complete(id, 'visitCustomer', rep, { interested: true });
    await t.call();
    const [call] = await t.openTasks({ instanceId: id });
    const e2 = await t.engine.tasks.complete(call!.id, rep, { installable: true }).catch((e: unknown) => e);
    // then
    expect(e1).toBeInstanceOf(ForbiddenError);
    expect([(e1 as ForbiddenError).code, (e1 as ForbiddenError).elementId, (e1 as ForbiddenError).requiredRoles]).toEqual(['FORBIDDEN', 'visitCustomer', ['fieldSales', 'grid:G01']]);
    expect(e2).toBeInstanceOf(ForbiddenError);
    expect([(e2 as ForbiddenError).elementId, (e2 as ForbiddenError).requiredRoles]).toEqual(['callBack', ['hotline']]);
    expect((await t.engine.tasks.get(call!.id))?.state).toBe('open');
  });

  it('Scenario: grid routing — grid:G01 sees only G01 field tasks; a G02 rep may not act on them', async () => {
    // given
    const t = await broadbandEngine();
    const g1 = await t.open(aCase());
    const g2 = await t.open(aCase({ customer: '王五', phone: '13700000002', grid: 'G02' }));
    // when
    const mine = await t.engine.tasks.query({ role: 'grid:G01' });
    // then
    expect(mine.map((x) => [x.instanceId, x.elementId])).toEqual([[g1, 'visitCustomer']]);
    expect((await t.openTasks({ role: 'grid:G02' })).map((x) => x.instanceId)).toEqual([g2]);
    expect((await t.openTasks({ role: 'fieldSales' })).map((x) => x.instanceId)).toEqual([g1, g2]);
    await expect(t.engine.tasks.complete(mine[0]!.id, rep2, { interested: true })).rejects.toBeInstanceOf(ForbiddenError);
  });

  it('Scenario: the installer alone installs', async () => {
    const t = await broadbandEngine();
    const id = await atInstall(t);
    const [task] = await t.openTasks({ instanceId: id });
    expect([task?.elementId, task?.role, task?.candidateGroups]).toEqual(['install', 'installer', []]);
    await expect(t.engine.tasks.complete(task!.id, agent, { installed: true, payAtHall: false })).rejects.toBeInstanceOf(ForbiddenError);
  });
});

describe('Feature: bad data is refused field by field', () => {
  it('Scenario: a case with a bad phone and no grid is refused; nothing starts', async () => {
    const t = await broadbandEngine();
    const err = await t.engine.start('broadbandFieldSales', { customer: '李雷', phone: '1380000000', address: '文三路 1 号' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const v = err as ValidationError;
    expect(v.code).toBe('VALIDATION_FAILED');
    expect(v.issues.map((i) => [i.path, i.message])).toEqual([
      [['phone'], 'phone must be a mainland mobile number: 11 digits starting with 1, e.g. 13800000001 (no spaces, no +86)'],
      [['grid'], 'grid is required: the marketing grid the customer lives in, e.g. G01'],
    ]);
    expect(await t.engine.instances.list()).toEqual([]);
  });

  it.each([
    ['an unknown channel', { channel: 'wechat' }, [['channel']]],
    ['an empty customer name', { customer: '  ' }, [['customer']]],
    ['a grid with a colon', { grid: 'G:01' }, [['grid']]],
    ['a misspelt field', { adress: 'x' }, [[]]],
  ])('Scenario: a case with %s is refused', async (_, over, paths) => {
    const t = await broadbandEngine();
    const err = await t.engine.start('broadbandFieldSales', { ...aCase(), ...over }).catch((e: unknown) => e);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(paths);
  });

  it('Scenario: a callback output installable: "yes" is refused and the task stays open', async () => {
    const t = await broadbandEngine();
    const id = await atCallBack(t);
    const [task] = await t.openTasks({ instanceId: id });
    const err = await t.engine.tasks.complete(task!.id, agent, { installable: 'yes' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect([(err as ValidationError).elementId, (err as ValidationError).issues]).toEqual(['callBack', [{ path: ['installable'], code: 'invalid_type', message: 'installable must be true or false, not "yes"' }]]);
    expect((await t.engine.tasks.get(task!.id))?.state).toBe('open');
  });

  it.each([
    ['secondMarketing', 'consent without a password result', { consent: true }, [['passwordVerified']]],
    ['install', 'installed: false', { installed: false, payAtHall: true }, [['installed']]],
    ['install', 'no payment choice', { installed: true }, [['payAtHall']]],
  ] as const)('Scenario: %s output with %s is refused', async (elementId, _, output, paths) => {
    const t = await broadbandEngine();
    const id = elementId === 'install' ? await atInstall(t) : await atCallBack(t);
    if (elementId === 'secondMarketing') await t.complete(id, 'callBack', agent, { installable: true });
    const err = await t.complete(id, elementId, elementId === 'install' ? installer : agent, output).catch((e: unknown) => e);
    expect((err as ValidationError).elementId).toBe(elementId);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual(paths);
  });

  it('Scenario: business handling needs the agent name and a valid agent phone', async () => {
    const t = await broadbandEngine();
    const id = await atInstall(t);
    await t.complete(id, 'install', installer, { installed: true, payAtHall: false });
    await t.complete(id, 'collectFee', rep, { feeReceipt: 'R-001', amount: 120 });
    const err = await t.complete(id, 'handleBusiness', rep, { agentPhone: '12345' }).catch((e: unknown) => e);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([['agentName'], ['agentPhone']]);
  });
});

describe('Feature: the pack object', () => {
  it('Scenario: a host with its own role names and register', async () => {
    const register = memoryDoNotDisturbRegister();
    const pack = createBroadbandPack({ register, roles: { hotline: 'support-team' }, supervisors: { hotline: 'support-lead' }, openAccount: simulatedOpenAccount });
    expect(pack.roles).toEqual({ fieldSales: 'fieldSales', hotline: 'support-team', installer: 'installer', hall: 'hall' });
    expect(pack.sla.map((p) => [p.id, p.limit, p.calendar, p.escalations?.map((e) => e.notify)])).toEqual([
      ['callback', 'PT30M', '24/7', ['support-lead']],
      ['fee', 'PT48H', '24/7', ['fieldSalesSupervisor', 'hallSupervisor']],
      ['handling', 'PT24H', '24/7', ['fieldSalesSupervisor']],
    ]);
    const t = await createTestEngine({ packs: [pack] });
    const id = (await t.engine.start('broadbandFieldSales', aCase())).id;
    await t.engine.idle();
    await t.complete(id, 'visitCustomer', rep, { interested: true });
    await reportCustomerCall(t.engine, PHONE);
    await t.engine.idle();
    expect((await t.openTasks({ role: 'support-team' })).map((x) => x.elementId)).toEqual(['callBack']);
  });
});

describe('Feature: the account opener is the host’s, never a silent simulation', () => {
  it.each([
    ['no options', undefined],
    ['options without openAccount', { roles: { hotline: 'support-team' } }],
    ['an openAccount that is not a function', { openAccount: 'crm' }],
  ])('Scenario: %s is refused when the pack is created, naming the handler', (_name, options) => {
    // when
    const err = (() => {
      try {
        createBroadbandPack(options as never);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    // then a typed error names the missing handler and says how to fix it
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', argument: 'openAccount' });
    expect((err as Error).message).toContain(JOB_TYPES.openAccount);
    expect((err as InvalidArgumentError).hint).toMatch(/pass openAccount: .*simulatedOpenAccount/);
  });

  it('Scenario: the simulated opener, passed explicitly, returns SIM-<jobId>', async () => {
    const pack = createBroadbandPack({ openAccount: simulatedOpenAccount });
    const out = await pack.handlers[JOB_TYPES.openAccount]({ jobId: 'j-1' } as never);
    expect(out).toEqual({ accountNo: 'SIM-j-1' });
  });
});
