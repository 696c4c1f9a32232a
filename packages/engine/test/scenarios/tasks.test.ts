import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ForbiddenError, TaskNotOpenError, ValidationError, type EngineEvent } from '../../src/index';
import { actor, testEngine } from '../support';

const ana = actor('ana', 'clerk');
const bob = actor('bob', 'clerk');
const lead = actor('lead', 'clerk');
const max = actor('max', 'manager');
const taskEvents = (e: EngineEvent) => e.type.startsWith('task.');

/** Everything a failed command must leave untouched. */
async function snapshot(t: ReturnType<typeof testEngine>, instanceId: string) {
  return {
    instance: await t.engine.instances.get(instanceId),
    history: await t.engine.history(instanceId),
    tasks: await t.engine.tasks.query({ instanceId }),
    events: t.events.length,
  };
}

async function errorOf(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
}

describe('Feature: user task lifecycle', () => {
  it('Scenario: a task is created open, claimed, then completed; the next lane gets its task', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes', { requestNo: 7 });
    const [task] = await t.openTasks(inst.id);
    expect(task).toEqual({
      id: 'inst-1/2',
      instanceId: inst.id,
      processId: 'taskLanes',
      elementId: 'review',
      executionId: 'inst-1/1',
      name: 'Review request',
      role: 'clerk',
      candidateGroups: [],
      state: 'open',
      createdAt: Date.parse('2026-03-02T09:00:00+08:00'),
    });
    // when
    const claimed = await t.engine.tasks.claim(task!.id, ana);
    await t.clock.advance('PT5M');
    const done = await t.engine.tasks.complete(task!.id, ana, { ok: true });
    // then
    expect(claimed).toMatchObject({ state: 'claimed', assignee: 'ana' });
    expect(done).toMatchObject({ state: 'completed', assignee: 'ana', completedBy: 'ana', endedAt: Date.parse('2026-03-02T09:05:00+08:00') });
    expect(await t.engine.tasks.get(task!.id)).toMatchObject({ state: 'completed', completedBy: 'ana' });
    expect(t.trail(taskEvents)).toEqual(['task.created:review', 'task.claimed:review', 'task.completed:review', 'task.created:approve']);
    expect(await t.openTasks(inst.id)).toMatchObject([{ elementId: 'approve', role: 'manager', state: 'open' }]);
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ requestNo: 7, ok: true });
  });

  it('Scenario: only the assignee can unclaim a task', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes');
    const [task] = await t.openTasks(inst.id);
    await t.engine.tasks.claim(task!.id, ana);
    const before = await snapshot(t, inst.id);
    // when bob, of the same lane, tries to give ana's task back
    const err = await errorOf(t.engine.tasks.unclaim(task!.id, bob));
    // then
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ code: 'FORBIDDEN', taskId: task!.id, actorId: 'bob', elementId: 'review' });
    expect(await snapshot(t, inst.id)).toEqual(before);
    // when ana does
    const back = await t.engine.tasks.unclaim(task!.id, ana);
    // then
    expect(back.state).toBe('open');
    expect(back).not.toHaveProperty('assignee');
    expect(t.trail(taskEvents)).toEqual(['task.created:review', 'task.claimed:review', 'task.unclaimed:review']);
    // and anyone of the lane can claim it now
    expect((await t.engine.tasks.claim(task!.id, bob)).assignee).toBe('bob');
  });

  it('Scenario: a task is assigned, then reassigned; only the current assignee completes it', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes');
    const [task] = await t.openTasks(inst.id);
    // when
    const assigned = await t.engine.tasks.assign(task!.id, lead, 'ana');
    const reassigned = await t.engine.tasks.assign(task!.id, lead, 'bob');
    // then
    expect(assigned).toMatchObject({ state: 'claimed', assignee: 'ana' });
    expect(reassigned).toMatchObject({ state: 'claimed', assignee: 'bob' });
    const err = await errorOf(t.engine.tasks.complete(task!.id, ana, {}));
    expect(err).toBeInstanceOf(ForbiddenError);
    await t.engine.tasks.complete(task!.id, bob, {});
    expect(t.trail(taskEvents)).toEqual(['task.created:review', 'task.assigned:review', 'task.assigned:review', 'task.completed:review', 'task.created:approve']);
  });

  it('Scenario: an actor without the role cannot assign a task', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes');
    const [task] = await t.openTasks(inst.id);
    // when
    const err = await errorOf(t.engine.tasks.assign(task!.id, max, 'ana'));
    // then
    expect(err).toBeInstanceOf(ForbiddenError);
    expect((err as ForbiddenError).requiredRoles).toEqual(['clerk']);
    expect((await t.engine.tasks.get(task!.id))?.state).toBe('open');
  });

  it('Scenario: a task claimed by one actor cannot be completed by another', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes');
    const [task] = await t.openTasks(inst.id);
    await t.engine.tasks.claim(task!.id, ana);
    const before = await snapshot(t, inst.id);
    // when
    const err = await errorOf(t.engine.tasks.complete(task!.id, bob, { ok: true }));
    // then
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ code: 'FORBIDDEN', actorId: 'bob', elementId: 'review' });
    expect((err as ForbiddenError).message).toContain("claimed by 'ana'");
    expect(await snapshot(t, inst.id)).toEqual(before);
  });

  it('Scenario: completing a task twice is TaskNotOpenError and changes nothing', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes');
    const [task] = await t.openTasks(inst.id);
    await t.engine.tasks.complete(task!.id, ana, { ok: true });
    const before = await snapshot(t, inst.id);
    // when
    const err = await errorOf(t.engine.tasks.complete(task!.id, ana, { ok: false, extra: 1 }));
    // then
    expect(err).toBeInstanceOf(TaskNotOpenError);
    expect(err).toMatchObject({ code: 'TASK_NOT_OPEN', taskId: task!.id, state: 'completed', elementId: 'review' });
    const after = await snapshot(t, inst.id);
    expect(after).toEqual(before);
    expect(after.instance?.variables).toEqual({ ok: true });
  });

  it('Scenario: claiming with the wrong role is ForbiddenError naming the required roles', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes');
    const [task] = await t.openTasks(inst.id);
    const before = await snapshot(t, inst.id);
    // when
    const err = await errorOf(t.engine.tasks.claim(task!.id, max));
    // then
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(err).toMatchObject({ code: 'FORBIDDEN', taskId: task!.id, actorId: 'max', elementId: 'review' });
    expect((err as ForbiddenError).requiredRoles).toEqual(['clerk']);
    expect(await snapshot(t, inst.id)).toEqual(before);
  });

  it('Scenario: every task event an actor caused carries that actor', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    const inst = await t.engine.start('taskLanes');
    const [task] = await t.openTasks(inst.id);
    // when
    await t.engine.tasks.claim(task!.id, ana);
    await t.engine.tasks.unclaim(task!.id, ana);
    await t.engine.tasks.assign(task!.id, lead, 'bob');
    await t.engine.tasks.complete(task!.id, bob, { ok: true });
    // then
    const byActor = t.events.filter((e) => taskEvents(e) && e.type !== 'task.created').map((e) => [e.type, 'actor' in e ? e.actor : undefined]);
    expect(byActor).toEqual([
      ['task.claimed', { id: 'ana', roles: ['clerk'] }],
      ['task.unclaimed', { id: 'ana', roles: ['clerk'] }],
      ['task.assigned', { id: 'lead', roles: ['clerk'] }],
      ['task.completed', { id: 'bob', roles: ['clerk'] }],
    ]);
    expect(t.events.find((e) => e.type === 'task.completed')).toMatchObject({ output: { ok: true }, task: { assignee: 'bob', completedBy: 'bob' } });
    expect(t.events.find((e) => e.type === 'task.assigned')).toMatchObject({ task: { assignee: 'bob', state: 'claimed' } });
  });
});

describe('Feature: candidate groups and assignees', () => {
  it('Scenario: static groups, FEEL groups and a FEEL assignee are evaluated when the task is created', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-groups.bpmn');
    // when
    const inst = await t.engine.start('taskGroups', { region: 'east', owner: 'mei' });
    // then
    const tasks = Object.fromEntries((await t.openTasks(inst.id)).map((x) => [x.elementId, x]));
    expect(tasks.staticGroups).toMatchObject({ candidateGroups: ['billing', 'support'], state: 'open' });
    expect(tasks.staticGroups).not.toHaveProperty('role');
    expect(tasks.feelGroups).toMatchObject({ candidateGroups: ['g1', 'east'], state: 'open' });
    expect(tasks.feelAssignee).toMatchObject({ candidateGroups: [], assignee: 'mei', state: 'claimed' });
  });

  it('Scenario: a candidate group grants the task; other roles are refused', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-groups.bpmn');
    const inst = await t.engine.start('taskGroups', { region: 'east', owner: 'mei' });
    const tasks = Object.fromEntries((await t.openTasks(inst.id)).map((x) => [x.elementId, x]));
    // when
    const wrong = await errorOf(t.engine.tasks.claim(tasks.staticGroups!.id, actor('sam', 'sales')));
    const west = await errorOf(t.engine.tasks.claim(tasks.feelGroups!.id, actor('wen', 'west')));
    // then
    expect(wrong).toBeInstanceOf(ForbiddenError);
    expect((wrong as ForbiddenError).requiredRoles).toEqual(['billing', 'support']);
    expect((west as ForbiddenError).requiredRoles).toEqual(['g1', 'east']);
    expect((await t.engine.tasks.claim(tasks.staticGroups!.id, actor('sue', 'support'))).assignee).toBe('sue');
    expect((await t.engine.tasks.claim(tasks.feelGroups!.id, actor('eve', 'east'))).assignee).toBe('eve');
  });

  it('Scenario: a task assigned by expression can be completed by its assignee only', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-groups.bpmn');
    const inst = await t.engine.start('taskGroups', { region: 'east', owner: 'mei' });
    const [task] = await t.engine.tasks.query({ instanceId: inst.id, elementId: 'feelAssignee' });
    // when
    const err = await errorOf(t.engine.tasks.complete(task!.id, actor('ana'), {}));
    const done = await t.engine.tasks.complete(task!.id, actor('mei'), {});
    // then
    expect(err).toBeInstanceOf(ForbiddenError);
    expect(done).toMatchObject({ state: 'completed', completedBy: 'mei' });
  });

  it('Scenario: tasks are queried by role, assignee, process, instance and state', async () => {
    // given two request instances and one groups instance
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    await t.deploy('scenarios/task-groups.bpmn');
    const r1 = await t.engine.start('taskLanes');
    const r2 = await t.engine.start('taskLanes');
    const g = await t.engine.start('taskGroups', { region: 'east', owner: 'mei' });
    const [r1task] = await t.openTasks(r1.id);
    await t.engine.tasks.complete(r1task!.id, ana, {});
    const [r2task] = await t.openTasks(r2.id);
    await t.engine.tasks.claim(r2task!.id, bob);
    const ids = (tasks: { instanceId: string; elementId: string }[]) => tasks.map((x) => `${x.instanceId}:${x.elementId}`).sort();
    // when / then
    expect(ids(await t.engine.tasks.query({ role: 'clerk' }))).toEqual([`${r1.id}:review`, `${r2.id}:review`]);
    expect(ids(await t.engine.tasks.query({ role: 'clerk', state: 'open' }))).toEqual([]);
    expect(ids(await t.engine.tasks.query({ role: 'manager' }))).toEqual([`${r1.id}:approve`]);
    expect(ids(await t.engine.tasks.query({ role: 'g1' }))).toEqual([`${g.id}:feelGroups`]);
    expect(ids(await t.engine.tasks.query({ role: 'east' }))).toEqual([`${g.id}:feelGroups`]);
    expect(ids(await t.engine.tasks.query({ assignee: 'mei' }))).toEqual([`${g.id}:feelAssignee`]);
    expect(ids(await t.engine.tasks.query({ assignee: 'bob' }))).toEqual([`${r2.id}:review`]);
    expect(ids(await t.engine.tasks.query({ processId: 'taskGroups' }))).toEqual([`${g.id}:feelAssignee`, `${g.id}:feelGroups`, `${g.id}:staticGroups`]);
    expect(ids(await t.engine.tasks.query({ instanceId: r1.id }))).toEqual([`${r1.id}:approve`, `${r1.id}:review`]);
    expect(ids(await t.engine.tasks.query({ state: 'completed' }))).toEqual([`${r1.id}:review`]);
    expect(ids(await t.engine.tasks.query({ state: 'claimed' }))).toEqual([`${r2.id}:review`, `${g.id}:feelAssignee`]);
    expect(ids(await t.engine.tasks.query({ processId: 'taskLanes', state: ['open', 'claimed'] }))).toEqual([`${r1.id}:approve`, `${r2.id}:review`]);
  });
});

describe('Feature: schemas validate start variables and task output', () => {
  const schemas = {
    start: { intake: z.object({ channel: z.enum(['phone', 'hall']) }) },
    tasks: { collect: z.object({ customer: z.object({ name: z.string().min(1), phone: z.string().regex(/^\d{11}$/) }) }) },
  };

  it('Scenario: start variables failing the schema are refused and nothing starts', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-schemas.bpmn', { schemas });
    // when
    const err = await errorOf(t.engine.start('intake', { channel: 'email' }));
    // then
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', subject: 'start variables of process intake' });
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([['channel']]);
    expect(await t.engine.instances.list({ processId: 'intake' })).toEqual([]);
    expect(t.events).toEqual([]);
    // and valid variables start it
    const inst = await t.engine.start('intake', { channel: 'hall' });
    expect(inst.variables).toEqual({ channel: 'hall' });
  });

  it('Scenario: task output failing the schema is refused with the field path and changes nothing', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-schemas.bpmn', { schemas });
    const inst = await t.engine.start('intake', { channel: 'phone' });
    const [task] = await t.openTasks(inst.id);
    const before = await snapshot(t, inst.id);
    // when
    const err = await errorOf(t.engine.tasks.complete(task!.id, actor('ana'), { customer: { name: 'Li', phone: '12345' } }));
    // then
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', elementId: 'collect' });
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([['customer', 'phone']]);
    expect((err as ValidationError).message).toContain('customer.phone');
    expect(await snapshot(t, inst.id)).toEqual(before);
    // when the output is corrected
    await t.engine.tasks.complete(task!.id, actor('ana'), { customer: { name: 'Li', phone: '13800138000' } });
    // then
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { channel: 'phone', customer: { name: 'Li', phone: '13800138000' } } });
  });

  it('Scenario: variables that are not JSON (a Date, a function) are refused', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-lanes.bpmn');
    // when
    const atStart = await errorOf(t.engine.start('taskLanes', { when: new Date('2026-03-02T09:00:00Z') }));
    const inst = await t.engine.start('taskLanes', {});
    const [task] = await t.openTasks(inst.id);
    const before = await snapshot(t, inst.id);
    const atComplete = await errorOf(t.engine.tasks.complete(task!.id, ana, { ok: true, callback: () => 1 }));
    // then
    expect(atStart).toBeInstanceOf(ValidationError);
    expect((atStart as ValidationError).issues.map((i) => i.path)).toEqual([['when']]);
    expect(atComplete).toBeInstanceOf(ValidationError);
    expect((atComplete as ValidationError).issues.map((i) => i.path)).toEqual([['callback']]);
    expect(await snapshot(t, inst.id)).toEqual(before);
    expect((await t.engine.instances.list({ processId: 'taskLanes' })).map((i) => i.id)).toEqual([inst.id]);
  });
});

describe('Feature: tasks that run without a person', () => {
  it('Scenario: manual and plain tasks pass through; script and rule tasks store their FEEL result', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-kinds.bpmn');
    // when
    const inst = await t.engine.start('taskKinds', { price: 30, quantity: 4 });
    // then
    expect(inst.status).toBe('completed');
    expect(inst.variables).toEqual({ price: 30, quantity: 4, total: 120, tax: 12, discount: 5, tier: 'gold' });
    expect(t.trail((e) => e.type === 'activity.left')).toEqual([
      'activity.left:start',
      'activity.left:sign',
      'activity.left:plain',
      'activity.left:computeTotal',
      'activity.left:computeTax',
      'activity.left:discountRule',
      'activity.left:tierRule',
      'activity.left:end',
    ]);
    expect(t.trail(taskEvents)).toEqual([]);
  });

  it('Scenario: the rules take the other branch for a small order', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/task-kinds.bpmn');
    // when
    const inst = await t.engine.start('taskKinds', { price: 10, quantity: 5 });
    // then
    expect(inst.variables).toEqual({ price: 10, quantity: 5, total: 50, tax: 5, discount: 0, tier: 'silver' });
  });

  it('Scenario: a script failing on a missing variable raises EXPRESSION_FAILED; retrying with the variable continues', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/script-failure.bpmn');
    // when
    const inst = await t.engine.start('scriptFailure', { price: 30 });
    // then
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ instanceId: inst.id, elementId: 'computeTotal', code: 'EXPRESSION_FAILED' });
    expect(incident!.message).toContain('quantity');
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'active', activeElements: ['computeTotal'], variables: { price: 30 } });
    // when
    await t.engine.incidents.retry(incident!.id, { variables: { quantity: 2 } });
    // then
    expect(await t.engine.incidents.list(inst.id)).toEqual([]);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'active', activeElements: ['confirm'], variables: { price: 30, quantity: 2, total: 60 } });
    expect(t.trail((e) => e.type.startsWith('incident.') || e.type === 'task.created')).toEqual([
      'incident.raised:computeTotal',
      'incident.resolved:computeTotal',
      'task.created:confirm',
    ]);
  });
});
