import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/demo';

describe('Feature: the quick-start demo', () => {
  it('Scenario: li is activated in time, wang is chased after 30 minutes and declines', async () => {
    // given / when
    const lines: string[] = [];
    const trail = await runDemo((l) => lines.push(l));
    // then
    expect(lines).toContain('09:10 bo (hotline) called li back; li is completed');
    expect(lines).toContain('09:30 wang is completed');
    expect(lines.some((l) => l.includes('refused: FORBIDDEN'))).toBe(true);
    const fired = trail.filter((e) => e.type === 'timer.fired');
    expect(fired).toHaveLength(1);
    expect(fired[0]).toMatchObject({ instanceId: 'case-2', elementId: 'callbackLate', at: Date.parse('2026-03-02T09:30:00+08:00') });
    const ends = trail.filter((e) => e.type === 'activity.entered' && ['activated', 'declined', 'chased'].includes(e.elementId)).map((e) => `${e.instanceId}:${'elementId' in e ? e.elementId : ''}`);
    expect(ends).toEqual(['case-1:activated', 'case-2:chased', 'case-2:declined']);
    const completed = trail.filter((e) => e.type === 'process.completed');
    expect(completed.map((e) => e.instanceId)).toEqual(['case-1', 'case-2']);
    expect(completed[0]).toMatchObject({ variables: { accountNo: 'BB-LI', interested: true } });
  });
});
