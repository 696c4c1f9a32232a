/**
 * Feature: task listeners as blocking jobs (Camunda 8 semantics; docs/listeners.md). A
 * creating, assigning or completing transition of a user task waits for its listeners' jobs;
 * a listener may correct the task (assignee, candidate groups) or deny the transition
 * (assigning, completing), and the task then stays as it was, with a `task.denied` event.
 */
import { describe, expect, it } from 'vitest';
import { ListenerResult, TaskListenerPendingError, type EngineEvent, type JobContext } from '../../src/index';
import { actor, testEngine } from '../support';

function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

const ana = actor('ana', 'clerks');
const bo = actor('bo', 'clerks');

describe('Feature: task listeners (Camunda 8, zeebe:taskListeners)', () => {
  it('Scenario: a creating listener corrects the assignee and candidate groups before the task is created', async () => {
    // given
    const seen: JobContext[] = [];
    const t = testEngine();
    t.engine.jobs.register('route', (job) => {
      seen.push(job);
      return new ListenerResult({ corrections: { assignee: 'ana', candidateGroups: ['clerks', 'seniors'] } }, { routed: true });
    });
    await t.deploy('listeners/c8-task.bpmn');
    // when
    const inst = await t.engine.start('c8TaskListeners', { claim: 7 });
    await t.engine.idle();
    // then: the listener saw the task as it would be created
    expect(seen[0]!.listener).toMatchObject({ kind: 'task', eventType: 'creating', index: 0, count: 1, task: { elementId: 'approve', candidateGroups: ['clerks'], state: 'open' } });
    // and the task was created once, corrected
    const created = ofType(t.events, 'task.created');
    expect(created).toHaveLength(1);
    expect(created[0]!.task).toMatchObject({ assignee: 'ana', state: 'claimed', candidateGroups: ['clerks', 'seniors'] });
    const [task] = await t.openTasks(inst.id);
    expect(task).toMatchObject({ assignee: 'ana', state: 'claimed' });
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ claim: 7, routed: true });
  });

  it('Scenario: an assigning listener corrects the assignee of a claim, or denies it', async () => {
    // given
    const t = testEngine();
    t.engine.jobs.register('route', () => ({}));
    t.engine.jobs.register('check-assignee', (job) => {
      const l = job.listener!;
      if (l.kind !== 'task') throw new Error('not a task listener');
      if (l.task.assignee === 'bo') return new ListenerResult({ denied: true, deniedReason: 'bo is on leave' });
      return new ListenerResult({ corrections: { assignee: `${l.task.assignee}-deputy` } });
    });
    await t.deploy('listeners/c8-task.bpmn');
    const inst = await t.engine.start('c8TaskListeners', {});
    await t.engine.idle();
    const [open] = await t.openTasks(inst.id);
    // when: bo claims
    const pending = await t.engine.tasks.claim(open!.id, bo);
    // then: the claim waits for the listener
    expect(pending.state).toBe('open');
    await t.engine.idle();
    expect(ofType(t.events, 'task.denied')).toMatchObject([{ transition: 'assigning', reason: 'bo is on leave', actor: { id: 'bo' }, task: { state: 'open' } }]);
    expect((await t.openTasks(inst.id))[0]).toMatchObject({ state: 'open' });
    expect((await t.openTasks(inst.id))[0]!.assignee).toBeUndefined();
    // when: ana claims
    await t.engine.tasks.claim(open!.id, ana);
    await t.engine.idle();
    // then: the corrected assignee holds it (a corrected claim is an assignment)
    expect((await t.openTasks(inst.id))[0]).toMatchObject({ state: 'claimed', assignee: 'ana-deputy' });
    expect(ofType(t.events, 'task.assigned').map((e) => [e.task.assignee, e.actor.id])).toEqual([['ana-deputy', 'ana']]);
  });

  it('Scenario: a completing listener denies the completion: the task stays open and its output is not written; the next try completes', async () => {
    // given
    const t = testEngine();
    t.engine.jobs.register('route', () => ({}));
    t.engine.jobs.register('check-assignee', () => ({}));
    t.engine.jobs.register('check-decision', (job) => {
      const l = job.listener!;
      if (l.kind === 'task' && l.output?.decision !== 'approved' && l.output?.decision !== 'rejected') {
        return new ListenerResult({ denied: true, deniedReason: `decision must be approved or rejected, not ${JSON.stringify(l.output?.decision)}` });
      }
      return { checkedBy: 'rules' };
    });
    await t.deploy('listeners/c8-task.bpmn');
    const inst = await t.engine.start('c8TaskListeners', {});
    await t.engine.idle();
    const [open] = await t.openTasks(inst.id);
    // when
    await t.engine.tasks.complete(open!.id, ana, { decision: 'maybe' });
    await t.engine.idle();
    // then
    const [denied] = ofType(t.events, 'task.denied');
    expect(denied).toMatchObject({ transition: 'completing', reason: 'decision must be approved or rejected, not "maybe"', actor: { id: 'ana' } });
    expect((await t.openTasks(inst.id))).toHaveLength(1);
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({});
    expect(ofType(t.events, 'task.completed')).toHaveLength(0);
    // when
    await t.engine.tasks.complete(open!.id, ana, { decision: 'approved' });
    await t.engine.idle();
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ checkedBy: 'rules', decision: 'approved' });
    expect(ofType(t.events, 'task.completed')).toMatchObject([{ actor: { id: 'ana' }, output: { decision: 'approved' }, task: { completedBy: 'ana' } }]);
  });

  it('Scenario: a task command while the task listeners decide is refused with a typed error, and changes nothing', async () => {
    // given: a completing listener that has not answered yet
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const t = testEngine();
    t.engine.jobs.register('route', () => ({}));
    t.engine.jobs.register('check-assignee', () => ({}));
    t.engine.jobs.register('check-decision', async () => {
      await gate;
      return {};
    });
    await t.deploy('listeners/c8-task.bpmn');
    const inst = await t.engine.start('c8TaskListeners', {});
    await t.engine.idle();
    const [open] = await t.openTasks(inst.id);
    await t.engine.tasks.complete(open!.id, ana, { decision: 'approved' });
    // when / then
    await expect(t.engine.tasks.complete(open!.id, bo, { decision: 'rejected' })).rejects.toThrow(TaskListenerPendingError);
    await expect(t.engine.tasks.claim(open!.id, bo)).rejects.toMatchObject({ code: 'TASK_LISTENER_PENDING', transition: 'completing' });
    release();
    await t.engine.idle();
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ decision: 'approved' });
  });

  it('Scenario: a failing creating listener is an incident on the task, which is not created until retrying succeeds', async () => {
    // given
    let bad = true;
    const t = testEngine();
    t.engine.jobs.register('route', () => {
      if (bad) throw new Error('directory down');
      return {};
    });
    await t.deploy('listeners/c8-task.bpmn');
    const inst = await t.engine.start('c8TaskListeners', {});
    await t.engine.idle();
    for (const d of ['PT1S', 'PT2S']) {
      await t.clock.advance(d);
      await t.engine.idle();
    }
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ elementId: 'approve', code: 'LISTENER_FAILED' });
    expect(await t.openTasks(inst.id)).toHaveLength(0); // never created
    // when
    bad = false;
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    // then
    expect(await t.openTasks(inst.id)).toHaveLength(1);
    expect(ofType(t.events, 'task.created')).toHaveLength(1);
  });

  it('Scenario: ListenerResult refuses a correction it does not know, naming the correctable fields', () => {
    expect(() => new ListenerResult({ corrections: { dueDate: 'tomorrow' } as never })).toThrow(/'dueDate' cannot be corrected \(correctable: assignee, candidateGroups/);
    expect(() => new ListenerResult({ corrections: { candidateGroups: 'clerks' as never } })).toThrow(/must be a list of group names/);
  });
});

describe('Feature: task listeners (Camunda 7 and Flowable)', () => {
  it('Scenario: create, assignment and complete listeners run as jobs named by class, bean and expression', async () => {
    // given
    const types: string[] = [];
    const t = testEngine();
    for (const type of ['org.acme.Route', 'checkAssignee', '${decisions.check(task)}']) t.engine.jobs.register(type, (job) => void types.push(`${job.type}:${job.listener?.eventType}`));
    await t.deploy('listeners/c7-task.bpmn');
    const inst = await t.engine.start('c7TaskListeners', {});
    await t.engine.idle();
    const [open] = await t.openTasks(inst.id);
    // when
    await t.engine.tasks.claim(open!.id, ana);
    await t.engine.idle();
    await t.engine.tasks.complete(open!.id, ana, {});
    await t.engine.idle();
    // then
    expect(types).toEqual(['org.acme.Route:creating', 'checkAssignee:assigning', '${decisions.check(task)}:completing']);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(ofType(t.events, 'task.claimed').map((e) => e.task.assignee)).toEqual(['ana']);
  });

  it('Scenario: a Flowable create listener with a field runs as a job with the field as a header', async () => {
    // given
    const seen: JobContext[] = [];
    const t = testEngine();
    t.engine.jobs.register('org.acme.Route', (job) => void seen.push(job));
    await t.deploy('listeners/flowable-task.bpmn');
    // when
    const inst = await t.engine.start('flowableTaskListeners', {});
    await t.engine.idle();
    // then
    expect(seen.map((j) => [j.type, j.headers, j.listener?.eventType])).toEqual([['org.acme.Route', { queue: 'claims' }, 'creating']]);
    expect(await t.openTasks(inst.id)).toHaveLength(1);
  });

  it('Scenario: an Activiti complete listener with a prefixed expression attribute runs as a job named by the expression', async () => {
    // given
    const types: string[] = [];
    const t = testEngine();
    t.engine.jobs.register('${notifier.done(task)}', (job) => void types.push(`${job.type}:${job.listener?.eventType}`));
    await t.deploy('listeners/activiti-task.bpmn');
    const inst = await t.engine.start('activitiTaskListeners', {});
    const [open] = await t.openTasks(inst.id);
    // when
    await t.engine.tasks.complete(open!.id, ana, { ok: true });
    await t.engine.idle();
    // then
    expect(types).toEqual(['${notifier.done(task)}:completing']);
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ ok: true });
  });

  it('Scenario: an interrupting boundary event while a completing listener waits cancels the task; no completion, no end listener', async () => {
    // given: the completing listener has no handler (a NO_HANDLER incident holds the transition)
    const after: string[] = [];
    const t = testEngine();
    t.engine.jobs.register('after-approve', (job) => void after.push(job.type));
    await t.deploy('listeners/c8-task-boundary.bpmn');
    const inst = await t.engine.start('c8TaskBoundary', {});
    const [open] = await t.openTasks(inst.id);
    await t.engine.tasks.complete(open!.id, ana, { decision: 'approved' });
    await t.engine.idle();
    expect((await t.engine.incidents.list(inst.id)).map((i) => i.code)).toEqual(['NO_HANDLER']);
    // when the deadline passes
    await t.clock.advance('PT1H');
    await t.engine.idle();
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({});
    expect(ofType(t.events, 'task.cancelled')).toHaveLength(1);
    expect(ofType(t.events, 'task.completed')).toHaveLength(0);
    expect(after).toEqual([]);
    expect(await t.engine.incidents.list(inst.id)).toEqual([]);
    expect(t.trail((e) => e.type === 'activity.entered').at(-1)).toBe('activity.entered:expired');
  });
});

