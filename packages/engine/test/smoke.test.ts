import { describe, expect, it } from 'vitest';
import { ForbiddenError, TaskNotOpenError } from '../src/index';
import { actor, testEngine } from './support';

describe('Feature: an order with lanes, an XOR and a boundary timer', () => {
  it('Scenario: approved order not shipped in 2 days escalates', async () => {
    // given
    const t = testEngine();
    await t.deploy('order-lanes.bpmn');
    const inst = await t.engine.start('order', { amount: 5 });
    // when
    await t.completeTask(inst.id, 'review', actor('ana', 'sales'), { approved: true });
    await t.clock.advance('P2D');
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type.startsWith('timer') || e.type.startsWith('task'))).toEqual([
      'task.created:review',
      'task.completed:review',
      'timer.scheduled:shipLate',
      'task.created:ship',
      'timer.fired:shipLate',
      'task.cancelled:ship',
    ]);
  });

  it('Scenario: the wrong role and a second completion are refused and change nothing', async () => {
    const t = testEngine();
    await t.deploy('order-lanes.bpmn');
    const inst = await t.engine.start('order', {});
    const [task] = await t.openTasks(inst.id);
    await expect(t.engine.tasks.complete(task!.id, actor('bob', 'warehouse'), {})).rejects.toBeInstanceOf(ForbiddenError);
    await t.engine.tasks.complete(task!.id, actor('ana', 'sales'), { approved: false });
    const err = await t.engine.tasks.complete(task!.id, actor('ana', 'sales'), {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TaskNotOpenError);
    expect((err as TaskNotOpenError).code).toBe('TASK_NOT_OPEN');
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: querying the history', () => {
  it('Scenario: filter the audit trail by event types and element', async () => {
    const t = testEngine();
    await t.deploy('order-lanes.bpmn');
    const inst = await t.engine.start('order', {});
    await t.completeTask(inst.id, 'review', actor('ana', 'sales'), { approved: false });
    const tasks = await t.engine.history(inst.id, { types: ['task.created', 'task.completed'] });
    expect(tasks.map((h) => h.type)).toEqual(['task.created', 'task.completed']);
    const review = await t.engine.history(inst.id, { elementId: 'review' });
    expect(review.map((h) => h.type)).toEqual(['activity.entered', 'task.created', 'task.completed', 'activity.left']);
    expect((await t.engine.history(inst.id)).length).toBeGreaterThan(review.length);
  });
});
