/**
 * Feature: multi-instance embedded subprocesses. Each inner instance is a scope of its
 * own: its tokens, timers and tasks belong to it, a terminate end event inside ends only
 * that inner instance, and the activity's input mappings run once per inner instance.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../src/index';
import { actor, testEngine } from '../support';

function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

describe('Feature: a parallel multi-instance subprocess (Camunda 8)', () => {
  it('Scenario: one timer per inner instance; a terminate end event ends only its own instance; the output collection is by index', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-subprocess.bpmn');
    const orders = [{ qty: 1 }, { qty: 2, cancelled: true }, { qty: 3 }];
    // when
    const inst = await t.engine.start('packOrders', { orders });
    // then: three inner instances, each with its own timer and label task
    const inner = ofType(t.events, 'activity.entered').filter((e) => e.elementId === 'pack').map((e) => e.executionId);
    expect(new Set(inner).size).toBe(3);
    const scheduled = ofType(t.events, 'timer.scheduled');
    expect(scheduled.map((e) => e.elementId)).toEqual(['cool', 'cool', 'cool']);
    expect(new Set(scheduled.map((e) => e.timerId)).size).toBe(3);
    expect(new Set(scheduled.map((e) => e.executionId)).size).toBe(3);
    const labels = await t.openTasks(inst.id);
    expect(labels).toHaveLength(3);
    // when the cancelled order is labelled: its terminate end event ends its own instance only
    await t.engine.tasks.complete(labels[1]!.id, actor('ana'), {});
    // then
    expect(ofType(t.events, 'timer.cancelled').map((e) => e.timerId)).toEqual([scheduled[1]!.timerId]);
    expect(ofType(t.events, 'activity.cancelled').map((e) => e.elementId)).toEqual(['cool']);
    expect(ofType(t.events, 'activity.left').filter((e) => e.elementId === 'pack').map((e) => e.executionId)).toEqual([inner[1]]);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('active');
    expect(await t.openTasks(inst.id)).toHaveLength(2);
    // when the other timers fire and the other labels are done
    await t.clock.advance('PT1H');
    expect(ofType(t.events, 'timer.fired').map((e) => e.timerId)).toEqual([scheduled[0]!.timerId, scheduled[2]!.timerId]);
    for (const task of await t.openTasks(inst.id)) await t.engine.tasks.complete(task.id, actor('ana'), {});
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ orders, packed: [2, null, 6] });
    expect(ofType(t.events, 'multiInstance.completed')).toMatchObject([{ elementId: 'pack', instances: 3, completed: 3, terminated: 0 }]);
  });
});

describe('Feature: a sequential multi-instance subprocess with camunda:inputOutput (Camunda 7)', () => {
  it('Scenario: the subprocess input mapping runs per inner instance, seeing its element variable and loopCounter', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c7-subprocess.bpmn');
    const inst = await t.engine.start('checkLines', { lines: [{ sku: 'A' }, { sku: 'B' }] });
    // then
    let [task] = await t.openTasks(inst.id);
    expect(await t.engine.tasks.variables(task!.id)).toEqual({ lines: [{ sku: 'A' }, { sku: 'B' }], line: { sku: 'A' }, loopCounter: 1, label: '1: A' });
    // a task inside the subprocess is not itself an inner instance: its record has no loopCounter (its variables do)
    expect(task!.loopCounter).toBeUndefined();
    // when
    await t.engine.tasks.complete(task!.id, actor('ana'), {});
    // then
    [task] = await t.openTasks(inst.id);
    expect(await t.engine.tasks.variables(task!.id)).toMatchObject({ line: { sku: 'B' }, loopCounter: 2, label: '2: B' });
    // when
    await t.engine.tasks.complete(task!.id, actor('ana'), {});
    // then: no local left the loop
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ lines: [{ sku: 'A' }, { sku: 'B' }] });
  });
});

describe('Feature: a multi-instance task inside a multi-instance subprocess (Camunda 8)', () => {
  it('Scenario: each team collects its members\' answers in its own instance; the teams are collected by index', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-nested.bpmn');
    const teams = [{ name: 'red', members: ['ana', 'bo'] }, { name: 'blue', members: ['cy'] }];
    const inst = await t.engine.start('surveyTeams', { teams });
    // when every open task is answered, the blue team first
    for (let round = 0; round < 3; round++) {
      const open = await t.openTasks(inst.id);
      const task = open.find((x) => x.assignee === 'cy') ?? open[0]!;
      const vars = await t.engine.tasks.variables(task.id);
      expect(vars.member).toBe(task.assignee);
      await t.engine.tasks.complete(task.id, actor(task.assignee!), { answer: `${round}` });
    }
    // then: `answer` went to the root (no scope held it); every list is by index
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ teams, answer: '2', byTeam: [['red/ana: 1', 'red/bo: 2'], ['blue/cy: 0']] });
    expect(ofType(t.events, 'multiInstance.completed').map((e) => [e.elementId, e.instances])).toEqual([['ask', 1], ['ask', 2], ['team', 2]]);
  });
});
