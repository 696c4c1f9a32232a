/**
 * Feature: the task listener events beyond create / assign / complete (docs/listeners.md,
 * decision 0032): `updating` (Camunda 7 `update`) blocks `engine.tasks.update` and may correct
 * or deny it; `canceling` (Camunda 7 / Flowable `delete`) runs after a task was cancelled,
 * without holding the cancellation up; `timeout` (Camunda 7) runs when its timer falls due while
 * the task is open, and its timer ends with the task.
 */
import { describe, expect, it } from 'vitest';
import { ListenerResult, type EngineEvent, type JobContext } from '../../src/index';
import { dialectFixture } from '../camunda7/support';
import { actor, testEngine } from '../support';

function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

const ana = actor('ana', 'clerks');
const T0 = Date.parse('2026-03-02T09:00:00+08:00');

describe('Feature: updating task listeners and engine.tasks.update', () => {
  it('Scenario: an update waits for the updating listener, which sees the change and corrects it; task.updated names what changed', async () => {
    // given
    const t = testEngine();
    const seen: JobContext[] = [];
    t.engine.jobs.register('check-update', (job) => {
      seen.push(job);
      return new ListenerResult({ corrections: { candidateUsers: ['lead'] } });
    });
    await t.deploy('listeners/c8-task-update-cancel.bpmn');
    const inst = await t.engine.start('c8TaskUpdateCancel', {});
    await t.engine.idle();
    const [task] = await t.openTasks(inst.id);
    // when
    const pending = await t.engine.tasks.update(task!.id, ana, { priority: 80, dueAt: '2026-03-05T18:00:00+08:00', candidateGroups: ['clerks', 'seniors'] });
    // then the update waits for its listener, which sees the task as updated
    expect(pending.priority).toBe(80);
    await t.engine.idle();
    expect(seen[0]!.listener).toMatchObject({ kind: 'task', eventType: 'updating', changed: ['candidateGroups', 'dueAt', 'priority'], task: { priority: 80, candidateGroups: ['clerks', 'seniors'] } });
    const [updated] = ofType(t.events, 'task.updated');
    expect(updated).toMatchObject({ actor: { id: 'ana' }, changed: ['candidateGroups', 'candidateUsers', 'dueAt', 'priority'], task: { priority: 80, candidateUsers: ['lead'], dueAt: Date.parse('2026-03-05T18:00:00+08:00') } });
    expect((await t.openTasks(inst.id))[0]).toMatchObject({ priority: 80, candidateUsers: ['lead'], candidateGroups: ['clerks', 'seniors'] });
  });

  it('Scenario: a denied update restores the task as it was (corrections discarded); task.denied says why', async () => {
    // given
    const t = testEngine();
    t.engine.jobs.register('check-update', (job) =>
      job.listener?.kind === 'task' && (job.listener.task.priority ?? 0) > 90 ? new ListenerResult({ denied: true, deniedReason: 'priority above 90 needs a lead' }) : undefined,
    );
    await t.deploy('listeners/c8-task-update-cancel.bpmn');
    const inst = await t.engine.start('c8TaskUpdateCancel', {});
    await t.engine.idle();
    const [task] = await t.openTasks(inst.id);
    // when
    await t.engine.tasks.update(task!.id, ana, { priority: 95, followUpAt: T0 + 3_600_000 });
    await t.engine.idle();
    // then
    expect(ofType(t.events, 'task.denied')).toMatchObject([{ transition: 'updating', reason: 'priority above 90 needs a lead', task: { priority: 50 } }]);
    const [after] = await t.openTasks(inst.id);
    expect(after!.priority).toBe(50);
    expect(after!.followUpAt).toBeUndefined();
    expect(ofType(t.events, 'task.updated')).toEqual([]);
  });

  it.each([
    ['an unknown field', { assignee: 'bo' }, /cannot be updated/],
    ['a priority that is not an integer', { priority: 1.5 }, /integer/],
    ['a priority outside the model range', { priority: 101 }, /outside 0–100/],
    ['a date without an offset', { dueAt: '2026-03-05T18:00:00' }, /offset/],
    ['candidate groups that are not a list', { candidateGroups: 'clerks' }, /list/],
    ['nothing', {}, /nothing to update/],
  ])('Rule: an update with %s is refused and changes nothing', async (_, update, message) => {
    // given
    const t = testEngine();
    t.engine.jobs.register('check-update', () => undefined);
    await t.deploy('listeners/c8-task-update-cancel.bpmn');
    const inst = await t.engine.start('c8TaskUpdateCancel', {});
    await t.engine.idle();
    const [task] = await t.openTasks(inst.id);
    // when / then
    await expect(t.engine.tasks.update(task!.id, ana, update as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message });
    expect((await t.openTasks(inst.id))[0]).toEqual(task);
  });

  it('Rule: an actor without the task role cannot update it', async () => {
    const t = testEngine();
    await t.deploy('listeners/c8-task-update-cancel.bpmn');
    const inst = await t.engine.start('c8TaskUpdateCancel', {});
    await t.engine.idle();
    const [task] = await t.openTasks(inst.id);
    await expect(t.engine.tasks.update(task!.id, actor('eve', 'sales'), { priority: 60 })).rejects.toMatchObject({ code: 'FORBIDDEN' });
  });

  it('Scenario: Camunda 7 — an update listener (event="update") runs on engine.tasks.update', async () => {
    // given
    const t = testEngine();
    const types: string[] = [];
    t.engine.jobs.register('org.acme.AuditUpdate', (job) => {
      types.push(`${job.type}:${job.listener?.kind === 'task' ? job.listener.eventType : ''}`);
    });
    t.engine.jobs.register('org.acme.Remind', () => undefined);
    t.engine.jobs.register('org.acme.ForceAssign', () => undefined);
    await t.engine.deploy({ bpmn: dialectFixture('../../fixtures/listeners/c7-task-update-delete-timeout.bpmn') });
    const inst = await t.engine.start('c7TaskUpdateDeleteTimeout', {});
    await t.engine.idle();
    const [task] = await t.openTasks(inst.id);
    // when
    await t.engine.tasks.update(task!.id, ana, { candidateUsers: ['bo'] });
    await t.engine.idle();
    // then
    expect(types).toEqual(['org.acme.AuditUpdate:updating']);
    expect((await t.openTasks(inst.id))[0]!.candidateUsers).toEqual(['bo']);
  });
});

describe('Feature: canceling task listeners run after the cancellation', () => {
  it('Scenario: an interrupting timer cancels the task at once; the canceling listeners then run in order with the cancelled task and the reason', async () => {
    // given
    const t = testEngine();
    const seen: JobContext[] = [];
    let failures = 1;
    t.engine.jobs.register('release-hold', (job) => {
      seen.push(job);
      if (failures-- > 0) throw new Error('hold service down');
    });
    t.engine.jobs.register('notify-cancel', (job) => {
      seen.push(job);
    });
    t.engine.jobs.register('escalate', () => ({ escalated: true }));
    t.engine.jobs.register('check-update', () => undefined);
    await t.deploy('listeners/c8-task-update-cancel.bpmn');
    const inst = await t.engine.start('c8TaskUpdateCancel', { claim: 7 });
    await t.engine.idle();
    // when the deadline passes
    await t.clock.advance('PT1H');
    await t.engine.idle();
    // then the task was cancelled and the boundary path ran without waiting for the listeners
    const trail = t.trail((e) => ['task.cancelled', 'activity.cancelled', 'activity.entered', 'job.created', 'job.failed', 'job.completed', 'process.completed'].includes(e.type));
    expect(trail.slice(trail.indexOf('task.cancelled:review'), trail.indexOf('task.cancelled:review') + 6)).toEqual(['task.cancelled:review', 'activity.cancelled:review', 'job.created:review', 'activity.entered:deadline', 'activity.entered:escalate', 'job.created:escalate']);
    // and the first listener is retried after its backoff (1 s), then the second runs
    await t.clock.advance('PT2S');
    await t.engine.idle();
    expect(seen.map((j) => [j.type, j.attempt])).toEqual([['release-hold', 1], ['release-hold', 2], ['notify-cancel', 1]]);
    expect(seen[2]!.listener).toMatchObject({ kind: 'task', eventType: 'canceling', index: 1, count: 2, reason: 'interrupted by boundary event deadline', task: { elementId: 'review', state: 'cancelled' } });
    expect(seen[2]!.variables).toMatchObject({ claim: 7 });
    const info = await t.engine.instances.get(inst.id);
    expect(info).toMatchObject({ status: 'completed', activeElements: [], variables: { escalated: true } });
    expect(JSON.parse(JSON.stringify((await t.store.getInstance(inst.id))!)).ex).toEqual([]);
  });

  it('Scenario: cancelling the instance terminates it at once; its canceling listeners still run, and a listener that sets variables is an incident', async () => {
    // given
    const t = testEngine();
    const types: string[] = [];
    t.engine.jobs.register('release-hold', (job) => {
      types.push(job.type);
      return { released: true };
    });
    t.engine.jobs.register('notify-cancel', (job) => {
      types.push(job.type);
    });
    await t.deploy('listeners/c8-task-update-cancel.bpmn');
    const inst = await t.engine.start('c8TaskUpdateCancel', {});
    await t.engine.idle();
    // when
    await t.engine.instances.cancel(inst.id, 'customer withdrew');
    await t.engine.idle();
    // then the instance is terminated, the listener ran and its variables were refused
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('terminated');
    expect(types).toEqual(['release-hold']);
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'LISTENER_RESULT_INVALID', elementId: 'review' });
    expect(incident!.message).toContain('cannot set variables (released)');
    // when the handler is fixed and the incident retried, the rest runs on the terminated instance
    t.engine.jobs.register('release-hold', (job) => {
      types.push(job.type);
    });
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    expect(types).toEqual(['release-hold', 'release-hold', 'notify-cancel']);
    expect((await t.store.getInstance(inst.id))!.ex).toEqual([]);
  });

  it('Scenario: Flowable — a delete listener runs when the instance is cancelled, with its fields as headers', async () => {
    // given
    const t = testEngine();
    const seen: JobContext[] = [];
    t.engine.jobs.register('org.acme.Cleanup', (job) => {
      seen.push(job);
    });
    await t.engine.deploy({ bpmn: dialectFixture('../../fixtures/listeners/flowable-task-delete.bpmn20.xml') });
    const inst = await t.engine.start('flowableTaskDelete', {});
    await t.engine.idle();
    // when
    await t.engine.instances.cancel(inst.id, 'duplicate');
    await t.engine.idle();
    // then
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ headers: { queue: 'claims' }, listener: { eventType: 'canceling', reason: 'duplicate' } });
  });

  it('Rule: a task completed normally runs no canceling listener', async () => {
    const t = testEngine();
    const types: string[] = [];
    t.engine.jobs.register('org.acme.Cleanup', (job) => {
      types.push(job.type);
    });
    await t.engine.deploy({ bpmn: dialectFixture('../../fixtures/listeners/flowable-task-delete.bpmn20.xml') });
    const inst = await t.engine.start('flowableTaskDelete', {});
    await t.engine.idle();
    await t.completeTask(inst.id, 'approve', ana);
    await t.engine.idle();
    expect(types).toEqual([]);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: timeout task listeners (Camunda 7)', () => {
  it('Scenario: timers start with the task; a cycle fires its listener each time, a duration once; a timeout listener may correct the task; completing the task cancels what is left', async () => {
    // given
    const t = testEngine();
    const seen: string[] = [];
    t.engine.jobs.register('org.acme.Remind', (job) => {
      seen.push(`remind@${(job.now - T0) / 3_600_000}h`);
    });
    t.engine.jobs.register('org.acme.ForceAssign', (job) => {
      seen.push(`force@${(job.now - T0) / 3_600_000}h:${job.listener?.kind === 'task' ? job.listener.listenerId : ''}`);
      return new ListenerResult({ corrections: { assignee: 'lead' } });
    });
    t.engine.jobs.register('org.acme.AuditUpdate', () => undefined);
    t.engine.jobs.register('cleanup', () => undefined);
    await t.engine.deploy({ bpmn: dialectFixture('../../fixtures/listeners/c7-task-update-delete-timeout.bpmn') });
    const inst = await t.engine.start('c7TaskUpdateDeleteTimeout', {});
    await t.engine.idle();
    expect(ofType(t.events, 'timer.scheduled').map((e) => [e.elementId, (e.dueAt - T0) / 3_600_000])).toEqual([['approve', 2], ['approve', 3]]);
    // when 5 hours pass
    for (let h = 0; h < 5; h++) {
      await t.clock.advance('PT1H');
      await t.engine.idle();
    }
    // then the reminder ran at 2 h and 4 h (R2), the force-assign once at 3 h
    expect(seen).toEqual(['remind@2h', 'force@3h:escalate-to-lead', 'remind@4h']);
    expect(ofType(t.events, 'task.updated')).toMatchObject([{ changed: ['assignee'], task: { assignee: 'lead', state: 'claimed' }, actor: { id: 'engine' } }]);
    // when the lead completes the task, no timer is left
    await t.completeTask(inst.id, 'approve', actor('lead', 'clerks'));
    await t.engine.idle();
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect((await t.store.getInstance(inst.id))!.timers).toEqual([]);
  });

  it('Scenario: a timeout that falls due while an updating listener decides runs after it', async () => {
    // given a task whose update listener fails until fixed (the update waits with an incident)
    const t = testEngine();
    const order: string[] = [];
    let fixed = false;
    t.engine.jobs.register('org.acme.AuditUpdate', () => {
      order.push('update');
      if (!fixed) throw new Error('audit log unavailable');
    });
    t.engine.jobs.register('org.acme.Remind', () => {
      order.push('remind');
    });
    t.engine.jobs.register('org.acme.ForceAssign', () => undefined);
    await t.engine.deploy({ bpmn: dialectFixture('../../fixtures/listeners/c7-task-update-delete-timeout.bpmn') });
    const inst = await t.engine.start('c7TaskUpdateDeleteTimeout', {});
    await t.engine.idle();
    const [task] = await t.openTasks(inst.id);
    await t.clock.advance('PT1H');
    await t.engine.tasks.update(task!.id, ana, { priority: 10 });
    await t.engine.idle();
    await t.clock.advance('PT10S');
    await t.engine.idle();
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'LISTENER_FAILED' });
    // when the reminder's timer falls due while the update waits
    await t.clock.advance('PT1H');
    await t.engine.idle();
    expect(order).toEqual(['update', 'update', 'update']);
    fixed = true;
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    // then the update is accepted first, the reminder runs after it
    expect(order).toEqual(['update', 'update', 'update', 'update', 'remind']);
    expect(ofType(t.events, 'task.updated').map((e) => e.changed)).toEqual([['priority']]);
  });
});
