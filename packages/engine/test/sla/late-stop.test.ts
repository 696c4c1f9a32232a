/**
 * Regression (found by the store-postgres crash test): a clock stopped after its limit while
 * the breach timer had not fired yet — the node holding the timer's lease had died, or the
 * scheduler was busy — was reported `sla.met` with `elapsed` over the limit. The stages
 * whose working time was reached before the stop are now recorded first.
 */
import { describe, expect, it } from 'vitest';
import { createEngine, memoryStore, type Clock, type EngineEvent } from '../../src/index';
import { fixture } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00Z');
const MIN = 60_000;

/** A clock whose wake-ups never come: timers fall due but nothing fires them (a stalled node). */
function stalledClock() {
  let now = T0;
  const clock: Clock = { now: () => now, wakeAt: () => () => undefined };
  return { clock, set: (ms: number) => void (now = T0 + ms) };
}

async function callbackCase() {
  const { clock, set } = stalledClock();
  const engine = createEngine({ store: memoryStore(), clock });
  const events: EngineEvent[] = [];
  engine.on('event', (e) => events.push(e));
  await engine.deploy({ bpmn: fixture('sla/callback-sla.bpmn') });
  const inst = await engine.start('callbackSla', {}, { businessKey: 'li' });
  const [report] = await engine.tasks.query({ instanceId: inst.id, elementId: 'report' });
  await engine.tasks.complete(report!.id, { id: 'ana', roles: ['fieldSales'] });
  const [call] = await engine.tasks.query({ instanceId: inst.id, elementId: 'callBack' });
  const trail = () => events.filter((e) => e.type.startsWith('sla.')).map((e) => ({ type: e.type, at: (e.at - T0) / MIN, elapsed: 'elapsed' in e ? e.elapsed / MIN : undefined }));
  return { engine, set, call: call!, trail, events };
}

describe('Feature: an SLA clock stopped while its stage timers are overdue', () => {
  it('Scenario: the callback is made at 31 minutes and the breach timer (due at 30) has not fired — warning and breach are recorded first, then the clock stops breached', async () => {
    // given a callback task under the 30-minute SLA, on an engine whose timers do not fire
    const t = await callbackCase();
    // when the callback is completed at 31 minutes
    t.set(31 * MIN);
    await t.engine.tasks.complete(t.call.id, { id: 'bo', roles: ['hotline'] });
    // then
    expect(t.trail()).toEqual([
      { type: 'sla.started', at: 0, elapsed: 0 },
      { type: 'sla.warning', at: 31, elapsed: 24 },
      { type: 'sla.breached', at: 31, elapsed: 30 },
      { type: 'sla.stopped', at: 31, elapsed: 31 },
    ]);
    expect(t.events.find((e) => e.type === 'sla.breached')).toMatchObject({ dueAt: T0 + 30 * MIN });
    expect(t.events.find((e) => e.type === 'sla.stopped')).toMatchObject({ breached: true, reason: 'stop anchor' });
  });

  it('Scenario: the callback is made at 29 minutes with the warning (due at 24) not fired — the warning is recorded, then the clock is met', async () => {
    // given
    const t = await callbackCase();
    // when
    t.set(29 * MIN);
    await t.engine.tasks.complete(t.call.id, { id: 'bo', roles: ['hotline'] });
    // then
    expect(t.trail()).toEqual([
      { type: 'sla.started', at: 0, elapsed: 0 },
      { type: 'sla.warning', at: 29, elapsed: 24 },
      { type: 'sla.met', at: 29, elapsed: 29 },
    ]);
  });
});
