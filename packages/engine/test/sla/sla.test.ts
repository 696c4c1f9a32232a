import { describe, expect, it } from 'vitest';
import { DeployError, businessCalendar, type EngineEvent, type SlaPolicyConfig } from '../../src/index';
import { actor, fixture, testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00'); // a Monday
const MIN = 60_000;
const ana = actor('ana', 'fieldSales');
const bo = actor('bo', 'hotline');
const chen = actor('chen', 'supervisor');

const office = businessCalendar({
  name: 'cn-office',
  zone: 'Asia/Shanghai',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-12:00', '13:30-18:00']])),
});

const slaTrail = (events: EngineEvent[]) =>
  events.filter((e) => e.type.startsWith('sla.')).map((e) => `${e.type}@${(e.at - T0) / MIN}m`);

/** Deploy the callback process, start a case and report the sale at T0 (the callback task opens). */
async function callbackCase(sla?: SlaPolicyConfig[]) {
  const t = testEngine({ calendars: [office] });
  await t.engine.deploy({ bpmn: fixture('sla/callback-sla.bpmn'), ...(sla ? { sla } : {}) });
  const inst = await t.engine.start('callbackSla', {}, { businessKey: 'li' });
  await t.completeTask(inst.id, 'report', ana);
  return { ...t, inst };
}

describe('Feature: an SLA declared in the BPMN file (handoff:sla on a timer boundary)', () => {
  it('Scenario: the callback is made in 20 minutes — started, then met; no warning', async () => {
    // given
    const t = await callbackCase();
    // when
    await t.clock.advance('PT20M');
    await t.completeTask(t.inst.id, 'callBack', bo);
    // then
    expect(slaTrail(t.events)).toEqual(['sla.started@0m', 'sla.met@20m']);
    const met = t.events.find((e) => e.type === 'sla.met')!;
    expect(met).toMatchObject({ slaId: 'callback', calendar: '24/7', limit: 30 * MIN, elapsed: 20 * MIN, remaining: 10 * MIN, dueAt: T0 + 30 * MIN, slaElementId: 'callBack' });
  });

  it('Scenario: a late callback warns at 80% (24 min), breaches at 30 min with the boundary path, and stops as breached', async () => {
    const t = await callbackCase();
    await t.clock.advance('PT40M');
    await t.completeTask(t.inst.id, 'callBack', bo);
    expect(slaTrail(t.events)).toEqual(['sla.started@0m', 'sla.warning@24m', 'sla.breached@30m', 'sla.stopped@40m']);
    expect(t.events.find((e) => e.type === 'sla.stopped')).toMatchObject({ breached: true, elapsed: 40 * MIN, remaining: -10 * MIN });
    // the BPMN boundary fired at the same instant: the supervisor chases
    expect(t.events.find((e) => e.type === 'timer.fired')).toMatchObject({ elementId: 'late', at: T0 + 30 * MIN });
    expect((await t.openTasks(t.inst.id)).map((x) => x.elementId)).toEqual(['chase']);
    // a breach never closes the case silently
    expect((await t.engine.instances.get(t.inst.id))?.status).toBe('active');
  });

  it('Scenario: the task shows its SLA due time (dueAt), and none while the clock is paused', async () => {
    // given
    const t = await callbackCase([{ id: 'callback', pause: { on: 'milestone', name: 'waiting' }, resume: { on: 'milestone', name: 'back' } }]);
    const [task] = await t.engine.tasks.query({ instanceId: t.inst.id, elementId: 'callBack' });
    // then
    expect(task?.dueAt).toBe(T0 + 30 * MIN);
    // when paused for 10 minutes, then resumed
    await t.engine.milestone(t.inst.id, 'waiting');
    expect((await t.engine.tasks.get(task!.id))?.dueAt).toBeUndefined();
    await t.clock.advance('PT10M');
    await t.engine.milestone(t.inst.id, 'back');
    // then the due time moved by the paused time
    expect((await t.engine.tasks.get(task!.id))?.dueAt).toBe(T0 + 40 * MIN);
  });

  it('Scenario: engine.sla.clocks shows the open clock counting down', async () => {
    const t = await callbackCase();
    await t.clock.advance('PT12M');
    expect(await t.engine.sla.clocks(t.inst.id)).toEqual([
      { clockId: expect.any(String), slaId: 'callback', calendar: '24/7', limit: 30 * MIN, startedAt: T0, dueAt: T0 + 30 * MIN, elapsed: 12 * MIN, remaining: 18 * MIN, state: 'running', breached: false, slaElementId: 'callBack', executionId: expect.stringMatching(/^inst-1\/\d+$/) },
    ]);
  });
});

describe('Feature: SLA policies from pack config, merged over the BPMN declaration', () => {
  it('Scenario: a config override sets a 50% warning and two escalation steps (notify, then reassign to the supervisor)', async () => {
    // given
    const t = await callbackCase([{ id: 'callback', warning: 0.5, escalations: [{ after: 'PT10M', notify: 'supervisor' }, { after: 'PT20M', reassignTo: 'supervisor' }] }]);
    const [task] = await t.engine.tasks.query({ instanceId: t.inst.id, elementId: 'callBack' });
    await t.engine.tasks.claim(task!.id, bo);
    // when
    await t.clock.advance('PT55M');
    // then
    expect(slaTrail(t.events)).toEqual(['sla.started@0m', 'sla.warning@15m', 'sla.breached@30m', 'sla.escalated@40m', 'sla.escalated@50m']);
    const [notify, reassign] = t.events.filter((e) => e.type === 'sla.escalated');
    expect(notify).toMatchObject({ step: 0, notify: 'supervisor', elapsed: 40 * MIN });
    expect(reassign).toMatchObject({ step: 1, reassignTo: 'supervisor', elapsed: 50 * MIN });
    const after = await t.engine.tasks.get(task!.id);
    expect(after).toMatchObject({ state: 'open', candidateGroups: ['supervisor'] });
    expect(after?.assignee).toBeUndefined();
    await t.engine.tasks.complete(task!.id, chen, {}); // the supervisor may now act
    expect(slaTrail(t.events).at(-1)).toBe('sla.stopped@55m');
  });

  it('Scenario: the SLA is about the element it stops on: a reassignment reaches the callback task, not the start anchor', async () => {
    // given: a clock from the report's completion to the callback's completion
    const t = await callbackCase([
      { id: 'reported', start: { on: 'task.completed', elementId: 'report' }, stop: { on: 'task.completed', elementId: 'callBack' }, limit: 'PT10M', warning: false, escalations: [{ reassignTo: 'supervisor' }] },
    ]);
    // when
    await t.clock.advance('PT10M');
    // then
    const [task] = await t.engine.tasks.query({ instanceId: t.inst.id, elementId: 'callBack' });
    expect(task).toMatchObject({ candidateGroups: ['supervisor'], state: 'open' });
    expect(t.events.find((e) => e.type === 'sla.escalated' && e.slaId === 'reported')).toMatchObject({ slaElementId: 'callBack', reassignTo: 'supervisor' });
  });

  it('Scenario: an escalation step throws a BPMN escalation that a boundary event catches', async () => {
    const t = await callbackCase([{ id: 'callback', escalations: [{ throwEscalation: 'LATE' }] }]);
    await t.clock.advance('PT31M');
    expect(t.events.find((e) => e.type === 'escalation.thrown')).toMatchObject({ code: 'LATE', caughtBy: 'lateCaught', at: T0 + 30 * MIN });
    expect((await t.openTasks(t.inst.id)).map((x) => x.elementId).sort()).toEqual(['callBack', 'chase', 'noteLate']);
  });

  it('Scenario: a config-only policy counts 4 working hours on the office calendar across the night', async () => {
    // given: the task opens Monday 16:00; 2 h are left on Monday, 2 h on Tuesday from 09:00
    const t = testEngine({ calendars: [office], start: '2026-03-02T16:00:00+08:00' });
    await t.engine.deploy({
      bpmn: fixture('sla/callback-sla.bpmn'),
      sla: [{ id: 'handling', start: { on: 'task.created', elementId: 'report' }, stop: { on: 'task.completed', elementId: 'report' }, calendar: 'cn-office', limit: 'PT4H' }],
    });
    const inst = await t.engine.start('callbackSla', {});
    // when
    await t.clock.advanceTo('2026-03-03T12:00:00+08:00');
    // then: warning at 80% = 3h12m of working time = Tuesday 10:12; breach Tuesday 11:00
    const at = (type: string) => new Date(t.events.find((e) => e.type === type)!.at).toISOString();
    expect(at('sla.warning')).toBe('2026-03-03T02:12:00.000Z');
    expect(at('sla.breached')).toBe('2026-03-03T03:00:00.000Z');
    expect(t.events.find((e) => e.type === 'sla.started')).toMatchObject({ slaId: 'handling', dueAt: Date.parse('2026-03-03T11:00:00+08:00') });
    expect((await t.engine.sla.clocks(inst.id))[0]).toMatchObject({ elapsed: 5 * 60 * MIN, remaining: -60 * MIN, breached: true });
  });

  it('Scenario: pause while waiting for the customer, resume later — the paused time does not count', async () => {
    const t = await callbackCase([
      { id: 'callback', pause: { on: 'milestone', name: 'waitingForCustomer' }, resume: { on: 'milestone', name: 'customerBack' } },
    ]);
    await t.clock.advance('PT10M');
    await t.engine.milestone(t.inst.id, 'waitingForCustomer');
    await t.clock.advance('PT50M');
    expect(slaTrail(t.events)).toEqual(['sla.started@0m', 'sla.paused@10m']);
    expect((await t.engine.sla.clocks(t.inst.id))[0]).toMatchObject({ state: 'paused', elapsed: 10 * MIN, remaining: 20 * MIN });
    await t.engine.milestone(t.inst.id, 'customerBack');
    await t.clock.advance('PT30M');
    // 10 min before the pause + 14 after resuming = 24 (warning at 74m), 30 at 80m
    expect(slaTrail(t.events)).toEqual(['sla.started@0m', 'sla.paused@10m', 'sla.resumed@60m', 'sla.warning@74m', 'sla.breached@80m']);
    expect(t.events.find((e) => e.type === 'sla.resumed')).toMatchObject({ dueAt: T0 + 80 * MIN, elapsed: 10 * MIN });
  });

  it('Scenario: a clock still open when the instance is cancelled stops, saying why', async () => {
    const t = await callbackCase();
    await t.clock.advance('PT5M');
    await t.engine.instances.cancel(t.inst.id, 'customer withdrew');
    const stopped = t.events.find((e) => e.type === 'sla.stopped');
    expect(stopped).toMatchObject({ breached: false, elapsed: 5 * MIN, reason: 'callBack cancelled: customer withdrew' });
    await t.clock.advance('PT1H');
    expect(t.events.filter((e) => e.type === 'sla.warning' || e.type === 'sla.breached')).toEqual([]);
  });
});

describe('Feature: working-time timers (handoff:calendar)', () => {
  it('Scenario: a 4-hour working-time boundary started Friday 17:00 fires Monday 12:00 — weekend and lunch do not count', async () => {
    const t = testEngine({ calendars: [office], start: '2026-03-06T17:00:00+08:00' });
    await t.engine.deploy({ bpmn: fixture('sla/office-timer.bpmn') });
    const inst = await t.engine.start('officeTimer', {});
    await t.clock.advanceTo('2026-03-09T18:00:00+08:00');
    const fired = t.events.find((e) => e.type === 'timer.fired')!;
    // Friday 17:00-18:00 (1 h) + Monday 09:00-12:00 (3 h) = 4 h: exactly the end of the morning shift
    expect(new Date(fired.at).toISOString()).toBe('2026-03-09T04:00:00.000Z');
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: SLA configuration is validated at deploy', () => {
  const deployWith = async (sla: unknown[], calendars = [office]) => {
    const t = testEngine({ calendars });
    return t.engine.deploy({ bpmn: fixture('sla/callback-sla.bpmn'), sla: sla as SlaPolicyConfig[] }).catch((e: unknown) => e);
  };
  it.each([
    ['an unknown calendar', [{ id: 'x', start: { on: 'process.started' }, stop: { on: 'task.completed', elementId: 'report' }, limit: 'PT1H', calendar: 'nope' }], /unknown calendar 'nope'/],
    ['an anchor on an element not in the process', [{ id: 'x', start: { on: 'task.created', elementId: 'ghost' }, stop: { on: 'task.completed', elementId: 'report' }, limit: 'PT1H' }], /element 'ghost'/],
    ['no limit', [{ id: 'x', start: { on: 'process.started' }, stop: { on: 'task.completed', elementId: 'report' } }], /has no limit/],
    ['a limit in weeks', [{ id: 'x', start: { on: 'process.started' }, stop: { on: 'task.completed', elementId: 'report' }, limit: 'P1W' }], /not a positive working time/],
    ['a pause without resume', [{ id: 'callback', pause: { on: 'milestone', name: 'p' } }], /a pause but no resume/],
    ['a warning of 1.5', [{ id: 'callback', warning: 1.5 }], /warning/],
    ['an escalation that does nothing', [{ id: 'callback', escalations: [{ after: 'PT1H' }] }], /needs notify, reassignTo or throwEscalation/],
    ['an unknown anchor event', [{ id: 'callback', start: { on: 'task.exploded', elementId: 'callBack' } }], /start/],
  ])('Scenario: %s is refused with INVALID_SLA', async (_name, sla, message) => {
    const err = await deployWith(sla);
    expect(err).toBeInstanceOf(DeployError);
    const problems = (err as DeployError).problems;
    expect(problems.map((p) => p.code)).toContain('INVALID_SLA');
    expect(problems.map((p) => p.message).join('\n')).toMatch(message);
  });

  it('Scenario: handoff:calendar naming an unknown calendar is refused with UNKNOWN_CALENDAR', async () => {
    const t = testEngine();
    const err = await t.engine.deploy({ bpmn: fixture('sla/office-timer.bpmn') }).catch((e: unknown) => e);
    expect((err as DeployError).problems).toEqual([expect.objectContaining({ code: 'UNKNOWN_CALENDAR', elementId: 'overdue' })]);
  });
});
