import { describe, expect, it } from 'vitest';
import { formatSlaReport } from '../../src/index';
import { actor, fixture, testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const MIN = 60_000;
const ana = actor('ana', 'fieldSales');
const bo = actor('bo', 'hotline');

describe('Feature: SLA report from history', () => {
  it('Scenario: four callbacks — met in 10 and 20 min, breached at 40, one still open past its warning', async () => {
    // given: four cases reported at 09:00 (the callback clock starts for each)
    const t = testEngine();
    await t.engine.deploy({ bpmn: fixture('sla/callback-sla.bpmn') });
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      const inst = await t.engine.start('callbackSla', {}, { businessKey: `c${i}` });
      await t.completeTask(inst.id, 'report', ana);
      ids.push(inst.id);
    }
    // when: callbacks at +10, +20 and +40 minutes; the fourth is still waiting at +45
    await t.clock.advance('PT10M');
    await t.completeTask(ids[0]!, 'callBack', bo);
    await t.clock.advance('PT10M');
    await t.completeTask(ids[1]!, 'callBack', bo);
    await t.clock.advance('PT20M');
    await t.completeTask(ids[2]!, 'callBack', bo);
    await t.clock.advance('PT5M');
    // then
    const report = await t.engine.sla.report({ processId: 'callbackSla', from: T0, to: T0 + 60 * MIN, groupBy: 'sla' });
    expect(report.rows).toEqual([
      { key: 'callback', count: 4, met: 2, breached: 2, open: 1, openAtRisk: 1, stoppedEarly: 0, onTimeRate: 2 / 3, p50: 20 * MIN, p90: 40 * MIN, p95: 40 * MIN, max: 40 * MIN },
    ]);
    const byLane = await t.engine.sla.report({ from: T0, to: T0 + 60 * MIN, groupBy: 'lane' });
    expect(byLane.rows.map((r) => [r.key, r.count])).toEqual([['hotline', 4]]);
    const byTask = await t.engine.sla.report({ groupBy: 'task' });
    expect(byTask.rows.map((r) => r.key)).toEqual(['callBack']);
    // a range that excludes the starts counts nothing
    expect((await t.engine.sla.report({ from: T0 + MIN })).total.count).toBe(0);
    // the text table
    const text = formatSlaReport(report);
    expect(text.split('\n')[0]).toMatch(/^sla\s+count\s+met\s+breached\s+open\s+at risk\s+on time\s+p50\s+p90\s+p95\s+max$/);
    expect(text).toContain('66.7%');
    expect(text).toContain('0:20');
  });
});
