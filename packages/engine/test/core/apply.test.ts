/**
 * Feature: the transition function, driven directly. `apply(model, state, command, now)`
 * returns the next state and the effects, copies its input, and refuses bad commands with
 * a typed error that changes nothing.
 */
import { describe, expect, it } from 'vitest';
import { apply, effectsOf, ForbiddenError, newInstanceState, TaskNotOpenError, type ProcessModel } from '../../src/index';
import { actor, testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');

async function model(file: string, id: string): Promise<ProcessModel> {
  const t = testEngine();
  await t.deploy(file);
  return t.engine.processes.model(id);
}

function started(m: ProcessModel, vars: Record<string, unknown> = {}) {
  const s0 = newInstanceState(m, 'i-1', vars, 'bk-1', T0);
  return { s0, ...apply(m, s0, { type: 'start', startNode: m.noneStart! }, T0) };
}

describe('Feature: apply(model, state, command, now) → { state, effects }', () => {
  it('Scenario: start puts a token in the first user task; the effects say what to write and do', async () => {
    // given
    const m = await model('scenarios/task-lanes.bpmn', 'taskLanes');
    // when
    const { s0, state, effects } = started(m, { requestNo: 7 });
    // then the input state is untouched
    expect(s0.ex).toEqual([]);
    expect(state.ex.map((e) => m.nodes[e.n]!.id)).toEqual(['review']);
    expect(effectsOf(effects, 'history').flatMap((e) => e.records.map((r) => r.type))).toEqual(['process.started', 'activity.entered', 'activity.left', 'activity.entered', 'task.created']);
    const [task] = effectsOf(effects, 'task.put').map((e) => e.task);
    expect(task).toMatchObject({ id: 'i-1/2', elementId: 'review', executionId: 'i-1/1', role: 'clerk', state: 'open', businessKey: 'bk-1' });
    // history records come first, and are frozen facts
    expect(effects[0]!.type).toBe('history');
    expect(Object.isFrozen(effectsOf(effects, 'history')[0]!.records[0])).toBe(true);
    // the state is plain JSON
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });

  it('Scenario: completing the tasks through apply runs the instance to its end', async () => {
    // given
    const m = await model('scenarios/task-lanes.bpmn', 'taskLanes');
    let { state } = started(m);
    const ana = actor('ana', 'clerk');
    const bo = actor('bo', 'manager');
    // when
    for (const who of [ana, bo]) {
      const open = state.ex.find((e) => e.task)!;
      const taskId = `i-1/${open.task!.id}`;
      const out = apply(m, state, { type: 'task.complete', task: open.task!.id, taskId, actor: who, output: { by: who.id } }, T0 + 60_000);
      expect(out.result).toMatchObject({ id: taskId, state: 'completed', completedBy: who.id });
      state = out.state;
    }
    // then
    expect(state.status).toBe('completed');
    expect(state.variables).toEqual({ by: 'bo' });
  });

  it('Scenario: a refused command throws its typed error and the input state is unchanged', async () => {
    // given
    const m = await model('scenarios/task-lanes.bpmn', 'taskLanes');
    const { state } = started(m);
    const before = JSON.stringify(state);
    const local = state.ex[0]!.task!.id;
    // when / then
    expect(() => apply(m, state, { type: 'task.complete', task: local, taskId: `i-1/${local}`, actor: actor('eve', 'visitor'), output: {} }, T0)).toThrow(ForbiddenError);
    expect(() => apply(m, state, { type: 'task.claim', task: 999, taskId: 'i-1/999', actor: actor('ana', 'clerk') }, T0)).toThrow(TaskNotOpenError);
    expect(JSON.stringify(state)).toBe(before);
  });

  it('Scenario: a timer fired after the firing node\'s lease changes nothing (no effects)', async () => {
    // given
    const m = await model('flow/task-timers.bpmn', 'taskTimers');
    const { state } = started(m);
    const timer = state.timers[0]!;
    // when
    const late = apply(m, state, { type: 'timer.fire', timer: timer.id, leaseUntil: timer.due }, timer.due);
    const held = apply(m, state, { type: 'timer.fire', timer: timer.id, leaseUntil: timer.due + 1 }, timer.due);
    // then
    expect(late.effects).toEqual([]);
    expect(effectsOf(held.effects, 'history').flatMap((e) => e.records.map((r) => r.type))).toContain('timer.fired');
  });

  it('Scenario: buffered messages are delivered by a further command, never read during one', async () => {
    // given
    const m = await model('scenarios/message-business-key.bpmn', 'messageBusinessKey');
    const { state, effects } = started(m);
    const [sub] = effectsOf(effects, 'subscription.put').map((e) => e.subscription);
    expect(sub).toBeDefined();
    // when
    const msg = { id: 'm-1', messageName: sub!.messageName, keyKind: sub!.keyKind, key: sub!.key!, payload: { paid: true }, bufferedAt: T0, expiresAt: T0 + 3_600_000 };
    const out = apply(m, state, { type: 'messages.deliver', offers: [{ subscription: sub!.localId, messages: [msg, { ...msg, id: 'm-2' }] }] }, T0 + 1000);
    // then one message is taken (the subscription closed after it), with its expiry timer
    expect(effectsOf(out.effects, 'message.take').map((e) => e.messageId)).toEqual(['m-1']);
    expect(effectsOf(out.effects, 'timer.delete').map((e) => e.timerId)).toContain('message/m-1');
    expect(out.state.variables).toMatchObject({ paid: true });
  });
});

describe('Feature: execution ids on events and tasks', () => {
  it('Scenario: parallel tokens on one user task have their own execution ids and their own SLA clocks', async () => {
    // given
    const t = testEngine();
    await t.deploy('core/parallel-same-task.bpmn');
    const inst = await t.engine.start('parallelSameTask', {});
    const tasks = await t.openTasks(inst.id);
    // then: two tasks, two executions, two clocks
    expect(tasks).toHaveLength(2);
    expect(new Set(tasks.map((x) => x.executionId)).size).toBe(2);
    const clocks = await t.engine.sla.clocks(inst.id);
    expect(clocks.map((c) => c.executionId).sort()).toEqual(tasks.map((x) => x.executionId).sort());
    // every element event names its execution
    for (const e of t.events) if ('elementId' in e && e.type !== 'activity.entered' && e.type !== 'activity.left') expect(e.executionId, e.type).toMatch(/^inst-1\/\d+$/);
    // when one task is completed after 10 minutes
    await t.clock.advance('PT10M');
    await t.engine.tasks.complete(tasks[0]!.id, actor('ana', 'hotline'));
    // then only its clock is met; the other runs on and breaches alone
    const met = t.events.filter((e) => e.type === 'sla.met');
    expect(met).toHaveLength(1);
    expect(met[0]).toMatchObject({ executionId: tasks[0]!.executionId, elapsed: 10 * 60_000 });
    await t.clock.advance('PT25M');
    const breached = t.events.filter((e) => e.type === 'sla.breached');
    expect(breached).toHaveLength(1);
    expect(breached[0]).toMatchObject({ executionId: tasks[1]!.executionId });
    expect((await t.engine.tasks.get(tasks[1]!.id))?.dueAt).toBe(Date.parse('2026-03-02T09:30:00+08:00'));
  });

  it('Scenario: a task, its job-less timer and its events share the execution id', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-timers.bpmn');
    const inst = await t.engine.start('taskTimers');
    // then
    const created = t.events.find((e) => e.type === 'task.created')!;
    const scheduled = t.events.find((e) => e.type === 'timer.scheduled')!;
    expect(created.type === 'task.created' && created.task.executionId).toBe((created as { executionId?: string }).executionId);
    expect((scheduled as { executionId?: string }).executionId).toBe((created as { executionId?: string }).executionId);
    expect(inst.id).toBe('inst-1');
  });
});

