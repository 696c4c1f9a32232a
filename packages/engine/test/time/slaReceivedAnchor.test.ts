/**
 * Feature: an SLA clock started on a message's arrival (`{ on: 'message.correlated', at:
 * 'received' }`): a message the case takes later from the buffer starts the clock at the
 * instant it was received, not at the correlation.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SlaPolicyConfig } from '../../src/index';
import { actor, testEngine } from '../support';

const bpmn = readFileSync(new URL('./fixtures/report-after-visit.bpmn', import.meta.url), 'utf8');
const rep = actor('rep', 'sales');
const iso = (t: number) => new Date(t).toISOString();
const sh = (local: string) => iso(Date.parse(`${local}:00+08:00`));
const policy = (at?: 'received' | 'correlated'): SlaPolicyConfig => ({
  id: 'callback',
  start: { on: 'message.correlated', elementId: 'report', messageName: 'customerReport', ...(at ? { at } : {}) },
  stop: { on: 'task.completed', elementId: 'callBack' },
  limit: 'PT30M',
});

/** Given a case started 09:00, the customer's report at 09:10 (the rep is still on site), the visit closed at 09:25. */
async function reportDuringVisit(sla: SlaPolicyConfig) {
  const t = testEngine({ start: '2026-03-02T09:00:00+08:00' });
  await t.engine.deploy({ bpmn, sla: [sla] });
  const inst = await t.engine.start('reportAfterVisit', {}, { businessKey: '13800000001' });
  await t.clock.advanceTo('2026-03-02T09:10:00+08:00');
  const r = await t.engine.messages.correlate('customerReport', { businessKey: '13800000001' }, {});
  expect(r.buffered).toBeDefined();
  await t.clock.advanceTo('2026-03-02T09:25:00+08:00');
  await t.completeTask(inst.id, 'visit', rep);
  return { ...t, inst };
}

describe('Feature: SLA anchor on the message arrival', () => {
  it('Scenario: a report at 09:10 during a visit closed 09:25 breaches at 09:40', async () => {
    const t = await reportDuringVisit(policy('received'));
    // then the correlation from the buffer carries the arrival
    const correlated = t.events.find((e) => e.type === 'message.correlated')!;
    expect(iso(correlated.at)).toBe(sh('2026-03-02T09:25'));
    expect(iso((correlated as { bufferedAt?: number }).bufferedAt!)).toBe(sh('2026-03-02T09:10'));
    // and the clock started at 09:10, with 15 minutes already counted
    expect(t.events.find((e) => e.type === 'sla.started')).toMatchObject({ startedAt: Date.parse('2026-03-02T09:10:00+08:00'), elapsed: 15 * 60_000 });
    await t.clock.advanceTo('2026-03-02T10:30:00+08:00');
    expect(iso(t.events.find((e) => e.type === 'sla.warning')!.at)).toBe(sh('2026-03-02T09:34'));
    expect(iso(t.events.find((e) => e.type === 'sla.breached')!.at)).toBe(sh('2026-03-02T09:40'));
  });

  it('Scenario: the default anchor (at the correlation) breaches at 09:55', async () => {
    const t = await reportDuringVisit(policy());
    await t.clock.advanceTo('2026-03-02T10:30:00+08:00');
    expect(iso(t.events.find((e) => e.type === 'sla.breached')!.at)).toBe(sh('2026-03-02T09:55'));
  });

  it('Scenario: a report correlated directly starts the clock at once, either way', async () => {
    const t = testEngine({ start: '2026-03-02T09:00:00+08:00' });
    await t.engine.deploy({ bpmn, sla: [policy('received')] });
    const inst = await t.engine.start('reportAfterVisit', {}, { businessKey: 'k' });
    await t.completeTask(inst.id, 'visit', rep);
    await t.clock.advanceTo('2026-03-02T09:05:00+08:00');
    await t.engine.messages.correlate('customerReport', { businessKey: 'k' }, {});
    expect(t.events.find((e) => e.type === 'message.correlated')).not.toHaveProperty('bufferedAt');
    await t.clock.advanceTo('2026-03-02T10:00:00+08:00');
    expect(iso(t.events.find((e) => e.type === 'sla.breached')!.at)).toBe(sh('2026-03-02T09:35'));
  });

  it('Scenario: a report taken late when the warning is already past records the warning at once', async () => {
    // given the visit closed 09:40 after a report at 09:10 (80% of 30 minutes = 09:34 already passed)
    const t = testEngine({ start: '2026-03-02T09:00:00+08:00' });
    await t.engine.deploy({ bpmn, sla: [policy('received')] });
    const inst = await t.engine.start('reportAfterVisit', {}, { businessKey: 'k' });
    await t.clock.advanceTo('2026-03-02T09:10:00+08:00');
    await t.engine.messages.correlate('customerReport', { businessKey: 'k' }, {});
    await t.clock.advanceTo('2026-03-02T09:50:00+08:00');
    await t.completeTask(inst.id, 'visit', rep);
    await t.clock.advance('PT1M');
    // then warning and breach are recorded, in order, and the clock is not met
    const sla = t.events.filter((e) => e.type.startsWith('sla.')).map((e) => e.type);
    expect(sla.slice(0, 3)).toEqual(['sla.started', 'sla.warning', 'sla.breached']);
  });
});
