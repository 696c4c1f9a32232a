/**
 * Feature: the step budget. A cycle of activities with no wait state used to hang
 * `engine.start` at 100% CPU with growing memory; now one command enters at most
 * `limits.maxSteps` activities, then the token stops with a STEP_LIMIT incident.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../../src/index';
import { actor, testEngine } from '../support';

describe('Feature: a cycle with no wait state never hangs the engine', () => {
  it('Scenario: task → manual task → task forever stops with a STEP_LIMIT incident, and the engine stays responsive', async () => {
    // given
    const t = testEngine({ limits: { maxSteps: 500 } });
    await t.deploy('core/no-wait-cycle.bpmn');
    await t.deploy('scenarios/task-lanes.bpmn');
    // when
    const inst = await t.engine.start('noWaitCycle');
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('active');
    expect(info?.incidents).toHaveLength(1);
    expect(info?.incidents[0]).toMatchObject({ code: 'STEP_LIMIT' });
    expect(info?.incidents[0]!.message).toMatch(/more than 500 activities/);
    expect(info?.incidents[0]!.message).toMatch(/retry the incident/);
    expect(t.events.filter((e) => e.type === 'activity.entered')).toHaveLength(500);
    // and the engine still serves other instances
    const other = await t.engine.start('taskLanes', { requestNo: 1 });
    await t.completeTask(other.id, 'review', actor('ana', 'clerk'), { ok: true });
    expect((await t.engine.tasks.query({ instanceId: other.id, state: 'open' })).map((x) => x.elementId)).toEqual(['approve']);
  });

  it('Scenario: retrying the incident continues with a fresh budget (and stops again at the next limit)', async () => {
    // given
    const t = testEngine({ limits: { maxSteps: 100 } });
    await t.deploy('core/no-wait-cycle.bpmn');
    const inst = await t.engine.start('noWaitCycle');
    const [incident] = (await t.engine.instances.get(inst.id))!.incidents;
    // when
    await t.engine.incidents.retry(incident!.id);
    // then
    const after = (await t.engine.instances.get(inst.id))!;
    expect(after.incidents).toHaveLength(1);
    expect(after.incidents[0]!.id).not.toBe(incident!.id);
    expect(t.events.filter((e) => e.type === 'activity.entered')).toHaveLength(200);
    expect(t.trail((e) => e.type === 'incident.resolved')).toHaveLength(1);
  });

  it('Scenario: a parallel split looping back to itself (tokens doubling each round) is bounded too', async () => {
    // given
    const t = testEngine({ limits: { maxSteps: 300 } });
    await t.deploy('core/fork-bomb.bpmn');
    // when
    const inst = await t.engine.start('forkBomb');
    // then
    const info = (await t.engine.instances.get(inst.id))!;
    expect(info.status).toBe('active');
    expect(info.incidents.length).toBeGreaterThan(0);
    expect(info.incidents.every((i) => i.code === 'STEP_LIMIT')).toBe(true);
    // every token that stopped holds one incident; no token moved past the budget
    expect(t.events.filter((e) => e.type === 'activity.entered')).toHaveLength(300);
    expect(info.activeElements.length).toBe(info.incidents.length);
  });

  it('Scenario: the default budget (10,000) lets a long legitimate run through and stops the cycle', async () => {
    // given
    const t = testEngine();
    await t.deploy('core/no-wait-cycle.bpmn');
    // when
    const inst = await t.engine.start('noWaitCycle');
    // then
    expect((await t.engine.instances.get(inst.id))!.incidents[0]!.message).toMatch(/more than 10000 activities/);
  });

  it.each([0, -1, 1.5, 'many', Number.NaN])('Scenario: limits.maxSteps = %s is refused at createEngine', (bad) => {
    expect(() => testEngine({ limits: { maxSteps: bad as number } })).toThrow(InvalidArgumentError);
    expect(() => testEngine({ limits: { maxSteps: bad as number } })).toThrow(/limits\.maxSteps/);
  });
});
