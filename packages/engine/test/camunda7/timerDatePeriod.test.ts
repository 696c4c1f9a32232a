/**
 * A period in `timeDate` (`PT5M`) in a Camunda 7-family file: that long after the timer is
 * armed, as Camunda 7's, Flowable's and Activiti's due-date calendar reads it (decision 0031).
 */
import { describe, expect, it } from 'vitest';
import { testEngine } from '../support';
import { dialectFixture } from './support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');

describe('Feature: Camunda 7 timeDate periods', () => {
  it('Scenario: a literal and an expression timeDate that are periods wait that long from when they are armed', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-timer-date-period.bpmn') });
    const scheduled: number[] = [];
    t.engine.on('timer.scheduled', (e) => scheduled.push(e.dueAt - T0));
    // when an instance starts and time passes
    const inst = await t.engine.start('c7DatePeriod', { reminder: 'PT10M' });
    await t.engine.idle();
    await t.clock.advance('PT5M');
    await t.engine.idle();
    // then the first waits 5 minutes, the second 10 more (the variable's period, read when armed)
    expect(scheduled.filter((d) => d < 3_600_000)).toEqual([5 * 60_000, 15 * 60_000]);
    await t.clock.advance('PT10M');
    await t.engine.idle();
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: a timer start event with a period starts one instance that long after the deploy', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-timer-date-period.bpmn') });
    const started: number[] = [];
    t.engine.on('process.started', (e) => {
      if (e.processId === 'c7DatePeriodStart') started.push(t.clock.now() - T0);
    });
    // when
    await t.clock.advance('PT3H');
    await t.engine.idle();
    // then once, an hour after the deploy
    expect(started).toEqual([3_600_000]);
  });

  it('Scenario: outside Camunda 7-family files a period in timeDate is refused, with the timeDuration to write', async () => {
    const xml = dialectFixture('camunda7-timer-date-period.bpmn').replace(' xmlns:camunda="http://camunda.org/schema/1.0/bpmn"', '');
    const err = await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e);
    const problems = (err as { problems: { code: string; elementId: string; hint: string }[] }).problems;
    expect(problems.map((p) => [p.code, p.elementId])).toEqual([
      ['INVALID_TIMER', 'wait5'],
      ['INVALID_TIMER', 'hourly'],
    ]);
    expect(problems[0]!.hint).toContain('<bpmn:timeDuration>PT5M</bpmn:timeDuration>');
  });
});
