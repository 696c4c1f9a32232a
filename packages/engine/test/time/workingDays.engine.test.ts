/**
 * Feature: working days in timers (`handoff:calendar` with `P2D`) and SLA policies
 * (`limit: 'P2D'`), through the public API on a virtual clock (decision 0021).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { businessCalendar, DeployError, type SlaPolicyConfig } from '../../src/index';
import { actor, testEngine } from '../support';

const office = businessCalendar({
  name: 'cn-office',
  zone: 'Asia/Shanghai',
  hours: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri'].map((d) => [d, ['09:00-12:00', '13:30-18:00']])),
});
const bpmn = (name: string) => readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8');
const iso = (t: number) => new Date(t).toISOString();
const sh = (local: string) => iso(Date.parse(`${local}:00+08:00`));
const ana = actor('ana', 'sales');

describe('Feature: a working-day timer (handoff:calendar, P2D)', () => {
  it('Scenario: armed Monday 10:00, a P2D boundary fires Wednesday 10:00', async () => {
    // given the first-contact task opened on Monday 10:00
    const t = testEngine({ calendars: [office], start: '2026-03-02T10:00:00+08:00' });
    await t.engine.deploy({ bpmn: bpmn('office-days.bpmn') });
    await t.engine.start('officeDays', {});
    // when the clock runs to Wednesday evening
    await t.clock.advanceTo('2026-03-04T09:59:00+08:00');
    expect(t.events.some((e) => e.type === 'timer.fired')).toBe(false);
    await t.clock.advanceTo('2026-03-04T20:00:00+08:00');
    // then the timer fired at Wednesday 10:00 (not Tuesday 17:00, as PT16H would)
    expect(iso(t.events.find((e) => e.type === 'timer.fired')!.at)).toBe(sh('2026-03-04T10:00'));
  });

  it('Scenario: weeks on a calendar are refused at deploy with INVALID_TIMER', async () => {
    const t = testEngine({ calendars: [office] });
    const err = await t.engine.deploy({ bpmn: bpmn('office-weeks.bpmn') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    expect((err as DeployError).problems).toEqual([expect.objectContaining({ code: 'INVALID_TIMER', elementId: 'wait', message: expect.stringContaining('weeks, months or years') })]);
  });
});

describe('Feature: an SLA limit in working days', () => {
  const policy: SlaPolicyConfig = {
    id: 'firstContact',
    start: { on: 'task.claimed', elementId: 'contact' },
    stop: { on: 'task.completed', elementId: 'contact' },
    calendar: 'cn-office',
    limit: 'P2D',
    escalations: [{ after: 'PT1H', notify: 'lead' }],
  };

  async function claimedAt(local: string) {
    const t = testEngine({ calendars: [office], start: `${local}:00+08:00` });
    await t.engine.deploy({ bpmn: bpmn('office-days.bpmn'), sla: [policy] });
    const inst = await t.engine.start('officeDays', {});
    const [task] = await t.engine.tasks.query({ instanceId: inst.id, elementId: 'contact' });
    await t.engine.tasks.claim(task!.id, ana);
    return { ...t, inst, task: task! };
  }

  it('Scenario: claimed Monday 10:00, the clock breaches Wednesday 10:00; warning at 80% of its working time', async () => {
    // given a task claimed on Monday 10:00 under a 2-working-day limit
    const t = await claimedAt('2026-03-02T10:00');
    // then the task shows the due time
    expect(iso((await t.engine.tasks.query({ instanceId: t.inst.id, elementId: 'contact' }))[0]!.dueAt!)).toBe(sh('2026-03-04T10:00'));
    // when the clock runs on
    await t.clock.advanceTo('2026-03-05T12:00:00+08:00');
    const at = (type: string) => iso(t.events.find((e) => e.type === type)!.at);
    // then: Mon 10:00 → Wed 10:00 is 15 h of working time (6.5 + 7.5 + 1); 80% = 12 h → Tuesday 16:00
    const started = t.events.find((e) => e.type === 'sla.started')!;
    expect(started).toMatchObject({ limit: 15 * 3_600_000 });
    expect(at('sla.warning')).toBe(sh('2026-03-03T16:00'));
    expect(at('sla.breached')).toBe(sh('2026-03-04T10:00'));
    // the escalation an hour of working time after the breach
    expect(at('sla.escalated')).toBe(sh('2026-03-04T11:00'));
  });

  it('Scenario: claimed Friday 17:00, the limit is Tuesday 17:00', async () => {
    const t = await claimedAt('2026-03-06T17:00');
    await t.clock.advanceTo('2026-03-11T00:00:00+08:00');
    expect(iso(t.events.find((e) => e.type === 'sla.breached')!.at)).toBe(sh('2026-03-10T17:00'));
  });

  it('Scenario: done within the limit, the clock is met', async () => {
    const t = await claimedAt('2026-03-02T10:00');
    await t.clock.advanceTo('2026-03-04T09:00:00+08:00');
    await t.engine.tasks.complete(t.task.id, ana, {});
    expect(t.events.find((e) => e.type === 'sla.met')).toMatchObject({ slaId: 'firstContact', limit: 15 * 3_600_000, elapsed: 14 * 3_600_000 });
  });

  it('Scenario: a limit in weeks is still refused', async () => {
    const t = testEngine({ calendars: [office] });
    const err = await t.engine.deploy({ bpmn: bpmn('office-days.bpmn'), sla: [{ ...policy, limit: 'P1W' }] }).catch((e: unknown) => e);
    expect((err as DeployError).problems.map((p) => p.message).join('\n')).toMatch(/not a positive working time/);
  });
});
