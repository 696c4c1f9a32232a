/**
 * Feature: multi-instance user and service tasks (Camunda 8 semantics; Camunda 7
 * attributes read too). The activity's token is the multi-instance body; each item of the
 * collection runs in an inner instance of its own (its own task or job, execution id and
 * locals), and the output collection is filled by index, in input order.
 */
import { describe, expect, it } from 'vitest';
import type { EngineEvent, JobContext } from '../../src/index';
import { actor, testEngine } from '../support';

const board = (id: string) => actor(id, 'board');

/** Events of `type`, narrowed. */
function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

describe('Feature: a parallel multi-instance user task (Camunda 8)', () => {
  it('Scenario: one task per reviewer at once; the verdicts are collected by index whatever the completion order', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-parallel-review.bpmn');
    // when
    const inst = await t.engine.start('parallelReview', { reviewers: ['ana', 'bo', 'cy'] });
    // then: three tasks, each assigned to its reviewer, each in an inner instance of its own
    const tasks = await t.openTasks(inst.id);
    expect(tasks.map((x) => x.assignee)).toEqual(['ana', 'bo', 'cy']);
    const [started] = ofType(t.events, 'multiInstance.started');
    expect(started).toMatchObject({ elementId: 'review', instances: 3, completed: 0, terminated: 0, sequential: false });
    const inner = ofType(t.events, 'activity.entered').filter((e) => e.elementId === 'review').map((e) => e.executionId);
    expect(new Set(inner).size).toBe(3);
    expect(inner).not.toContain(started!.executionId);
    expect(tasks.map((x) => x.executionId)).toEqual(inner);
    // and each task record names its inner instance's loopCounter (the item it was created for)
    expect(tasks.map((x) => x.loopCounter)).toEqual([1, 2, 3]);
    expect(ofType(t.events, 'task.created').map((e) => e.task.loopCounter)).toEqual([1, 2, 3]);
    // and each task sees its own item and loop counter (and the body's output collection so far)
    expect(await t.engine.tasks.variables(tasks[1]!.id)).toEqual({ reviewers: ['ana', 'bo', 'cy'], verdicts: [null, null, null], verdict: null, reviewer: 'bo', loopCounter: 2 });
    // when the reviewers answer out of order
    await t.engine.tasks.complete(tasks[2]!.id, board('cy'), { verdict: 'no' });
    await t.engine.tasks.complete(tasks[0]!.id, board('ana'), { verdict: 'yes' });
    expect((await t.engine.instances.get(inst.id))?.status).toBe('active');
    await t.engine.tasks.complete(tasks[1]!.id, board('bo'), { verdict: 'maybe' });
    // then: input order; each verdict stayed in its inner instance (no race on a shared variable)
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ reviewers: ['ana', 'bo', 'cy'], verdicts: ['yes', 'maybe', 'no'] });
    expect(ofType(t.events, 'multiInstance.completed')).toMatchObject([{ elementId: 'review', executionId: started!.executionId, instances: 3, completed: 3, terminated: 0 }]);
    expect(t.trail((e) => e.type.startsWith('multiInstance') || (e.type.startsWith('activity.') && 'elementId' in e && e.elementId === 'review'))).toEqual([
      'multiInstance.started:review',
      'activity.entered:review', 'activity.entered:review', 'activity.entered:review',
      'activity.left:review', 'activity.left:review', 'activity.left:review',
      'multiInstance.completed:review',
    ]);
  });

  it('Scenario: an empty collection completes the body at once', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-parallel-review.bpmn');
    // when
    const inst = await t.engine.start('parallelReview', { reviewers: [] });
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ reviewers: [], verdicts: [] });
    expect(t.trail((e) => 'elementId' in e && e.elementId === 'review')).toEqual(['multiInstance.started:review', 'multiInstance.completed:review']);
    expect(t.events.some((e) => e.type === 'task.created')).toBe(false);
  });

  it('Scenario: an input collection that is not a list is an INPUT_COLLECTION incident; retrying with a list continues', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-parallel-review.bpmn');
    // when
    const inst = await t.engine.start('parallelReview', { reviewers: 'ana, bo' });
    // then
    const [incident] = (await t.engine.instances.get(inst.id))!.incidents;
    expect(incident).toMatchObject({ code: 'INPUT_COLLECTION', elementId: 'review' });
    expect(incident!.message).toMatch(/'=reviewers' of multi-instance review gave "ana, bo", not a list/);
    expect(await t.openTasks(inst.id)).toEqual([]);
    // when
    await t.engine.incidents.retry(incident!.id, { variables: { reviewers: ['ana', 'bo'] } });
    // then
    expect((await t.openTasks(inst.id)).map((x) => x.assignee)).toEqual(['ana', 'bo']);
  });
});

describe('Feature: a sequential multi-instance user task with a completion condition (Camunda 7)', () => {
  it('Scenario: one task after the other; nrOfCompletedInstances >= 2 ends the loop before the third', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c7-sequential-review.bpmn');
    const inst = await t.engine.start('sequentialReview', { reviewers: ['ana', 'bo', 'cy'] });
    // then: only the first reviewer's task
    let tasks = await t.openTasks(inst.id);
    expect(tasks.map((x) => x.assignee)).toEqual(['ana']);
    expect(await t.engine.tasks.variables(tasks[0]!.id)).toMatchObject({ reviewer: 'ana', loopCounter: 1 });
    // when
    await t.engine.tasks.complete(tasks[0]!.id, board('ana'), { approved: true });
    // then: the second
    tasks = await t.openTasks(inst.id);
    expect(tasks.map((x) => x.assignee)).toEqual(['bo']);
    expect(await t.engine.tasks.variables(tasks[0]!.id)).toMatchObject({ reviewer: 'bo', loopCounter: 2 });
    // when
    await t.engine.tasks.complete(tasks[0]!.id, board('bo'), { approved: false });
    // then: the condition holds; no third task is ever created
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(ofType(t.events, 'task.created').map((e) => e.task.assignee)).toEqual(['ana', 'bo']);
    expect(ofType(t.events, 'task.created').map((e) => e.task.loopCounter)).toEqual([1, 2]);
    expect(ofType(t.events, 'multiInstance.started')).toMatchObject([{ instances: 3, sequential: true }]);
    expect(ofType(t.events, 'multiInstance.completed')).toMatchObject([{ instances: 3, completed: 2, terminated: 0, sequential: true }]);
    // results without an output collection merge as usual (Camunda 7): the last one wins
    expect(info?.variables).toEqual({ reviewers: ['ana', 'bo', 'cy'], approved: false });
  });
});

describe('Feature: the completion condition cancels the remaining inner instances (Camunda 8)', () => {
  it('Scenario: two of three approvers decide; the third task is cancelled and its output slot stays null', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-completion.bpmn');
    const inst = await t.engine.start('twoOfThree', { approvers: ['ana', 'bo', 'cy'] });
    const [a, b, c] = await t.openTasks(inst.id);
    // when
    await t.engine.tasks.complete(c!.id, actor('cy'), { ok: true });
    await t.engine.tasks.complete(a!.id, actor('ana'), { ok: false });
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables.decisions).toEqual([{ by: 'ana', ok: false }, null, { by: 'cy', ok: true }]);
    const [cancelled] = ofType(t.events, 'task.cancelled');
    expect(cancelled?.task.id).toBe(b!.id);
    expect(cancelled?.reason).toMatch(/completion condition of multi-instance approve is met/);
    expect(ofType(t.events, 'activity.cancelled').map((e) => e.executionId)).toEqual([b!.executionId]);
    expect(ofType(t.events, 'multiInstance.completed')).toMatchObject([{ instances: 3, completed: 2, terminated: 1 }]);
    expect(await t.openTasks(inst.id)).toEqual([]);
  });
});

/** Wait (a few event-loop turns at most) until `cond` holds. */
async function until(cond: () => boolean | Promise<boolean>): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (await cond()) return;
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error('condition not reached');
}

/** A handler whose jobs wait until the test releases them, in any order. */
function heldJobs() {
  const held: { job: JobContext; release(out: Record<string, unknown>): void; fail(err: Error): void }[] = [];
  const handler = (job: JobContext) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      held.push({ job, release: resolve, fail: reject });
    });
  return { held, handler };
}

describe('Feature: a parallel multi-instance service task (Camunda 8)', () => {
  it('Scenario: one job per applicant, each with its item, loop counter and input mappings; results collected by index in any completion order', async () => {
    // given
    const t = testEngine();
    const { held, handler } = heldJobs();
    await t.deploy('multi-instance/c8-service-parallel.bpmn', { handlers: { score: handler } });
    const applicants = [{ name: 'Li', points: 1 }, { name: 'Bo', points: 2 }, { name: 'Cy', points: 3 }];
    // when
    const inst = await t.engine.start('scoreApplicants', { applicants });
    await until(() => held.length === 3);
    // then: three jobs at once, one per inner instance
    expect(held.map((h) => h.job.variables)).toEqual(
      applicants.map((applicant, i) => ({ applicants, scores: [null, null, null], score: null, applicant, loopCounter: i + 1, name: applicant.name })),
    );
    const created = ofType(t.events, 'job.created');
    expect(new Set(created.map((e) => e.executionId)).size).toBe(3);
    expect(new Set(created.map((e) => e.jobId)).size).toBe(3);
    // when the handlers finish in the order 3, 1, 2
    let done = 0;
    for (const i of [2, 0, 1]) {
      held[i]!.release({ score: (held[i]!.job.variables.applicant as { points: number }).points * 10, seenBy: 'scorer' });
      done++;
      await until(() => ofType(t.events, 'job.completed').length === done);
    }
    await t.engine.idle();
    // then
    expect(ofType(t.events, 'job.completed').map((e) => e.executionId)).toEqual([2, 0, 1].map((i) => created[i]!.executionId));
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    // `score` lived in each inner instance; other results merge into the root as usual
    expect(info?.variables).toEqual({ applicants, scores: [10, 20, 30], seenBy: 'scorer' });
  });
});

describe('Feature: a sequential loop cardinality on an external task (Camunda 7)', () => {
  it('Scenario: loopCardinality 3 runs the job three times in turn, each seeing its loopCounter', async () => {
    // given
    const t = testEngine();
    const seen: unknown[] = [];
    await t.deploy('multi-instance/c7-service-cardinality.bpmn', {
      handlers: {
        ping: (job: JobContext) => {
          seen.push(job.variables.loopCounter);
          return { last: job.variables.loopCounter };
        },
      },
    });
    // when
    const inst = await t.engine.start('pingThrice');
    await t.engine.idle();
    // then
    expect(seen).toEqual([1, 2, 3]);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ last: 3 });
    expect(t.trail((e) => e.type === 'job.created' || e.type === 'job.completed')).toEqual([
      'job.created:ping', 'job.completed:ping', 'job.created:ping', 'job.completed:ping', 'job.created:ping', 'job.completed:ping',
    ]);
  });
});

describe('Feature: a parallel multi-instance receive task (Camunda 8)', () => {
  it('Scenario: one subscription per item, each correlated by its own key; payloads are collected by index', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-receive-parallel.bpmn');
    const inst = await t.engine.start('awaitDeliveries', { parcels: ['P1', 'P2'] });
    // when the second parcel's message arrives first
    await t.engine.messages.correlate('delivered', { correlationKey: 'P2' }, { signedBy: 'bo' });
    expect((await t.engine.instances.get(inst.id))?.status).toBe('active');
    await t.engine.messages.correlate('delivered', { correlationKey: 'P1' }, { signedBy: 'ana' });
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ parcels: ['P1', 'P2'], signatures: ['ana', 'bo'] });
    const correlated = ofType(t.events, 'message.correlated');
    expect(correlated.map((e) => e.correlationKey)).toEqual(['P2', 'P1']);
    expect(new Set(correlated.map((e) => e.executionId)).size).toBe(2);
  });
});

function inlineProcess(loop: string, task = '<bpmn:userTask id="a">LOOP</bpmn:userTask>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />
    ${task.replace('LOOP', loop)}
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
}

describe('Feature: a parallel multi-instance script task that completes at once', () => {
  it('Scenario: the first completion meets the condition; the instances created with it are cancelled in the same command', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({
      bpmn: inlineProcess(
        '<bpmn:extensionElements><zeebe:script expression="=n * 10" resultVariable="r" /></bpmn:extensionElements><bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2, 3]" inputElement="n" outputCollection="out" outputElement="=r" /></bpmn:extensionElements><bpmn:completionCondition>=numberOfCompletedInstances = 1</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>',
        '<bpmn:scriptTask id="a">LOOP</bpmn:scriptTask>',
      ),
    });
    // when
    const inst = await t.engine.start('p');
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ out: [10, null, null] });
    expect(ofType(t.events, 'multiInstance.completed')).toMatchObject([{ instances: 3, completed: 1, terminated: 2 }]);
    expect(ofType(t.events, 'activity.cancelled')).toHaveLength(2);
  });
});

describe('Feature: expressions of the marker that fail at run time are incidents on the inner instance', () => {
  it('Scenario: an output element that cannot be evaluated stops that inner instance; retrying with the variable completes it', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({
      bpmn: inlineProcess(
        '<bpmn:multiInstanceLoopCharacteristics><bpmn:extensionElements><zeebe:loopCharacteristics inputCollection="=[1, 2]" inputElement="n" outputCollection="out" outputElement="=grade.value" /></bpmn:extensionElements></bpmn:multiInstanceLoopCharacteristics>',
      ),
    });
    const inst = await t.engine.start('p');
    const [first, second] = await t.openTasks(inst.id);
    // when the first task completes without `grade`
    await t.engine.tasks.complete(first!.id, actor('ana'), {});
    // then
    const [incident] = (await t.engine.instances.get(inst.id))!.incidents;
    expect(incident).toMatchObject({ code: 'EXPRESSION_FAILED', elementId: 'a' });
    expect(incident!.message).toMatch(/output element '=grade\.value' of a \(instance 1 of 2\) failed/);
    await expect(t.engine.tasks.complete(first!.id, actor('ana'), {})).rejects.toMatchObject({ code: 'TASK_NOT_OPEN' });
    // when
    await t.engine.incidents.retry(incident!.id, { variables: { grade: { value: 'A' } } });
    await t.engine.tasks.complete(second!.id, actor('bo'), {});
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ grade: { value: 'A' }, out: ['A', 'A'] });
  });

  it('Scenario: a completion condition that is not a boolean is an incident; retrying after fixing the variable continues', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({
      bpmn: inlineProcess(
        '<bpmn:multiInstanceLoopCharacteristics isSequential="true"><bpmn:loopCardinality>2</bpmn:loopCardinality><bpmn:completionCondition xsi:type="bpmn:tFormalExpression">=stop</bpmn:completionCondition></bpmn:multiInstanceLoopCharacteristics>',
      ),
    });
    const inst = await t.engine.start('p', { stop: 'yes' });
    const [first] = await t.openTasks(inst.id);
    // when
    await t.engine.tasks.complete(first!.id, actor('ana'), {});
    // then
    const [incident] = (await t.engine.instances.get(inst.id))!.incidents;
    expect(incident).toMatchObject({ code: 'EXPRESSION_FAILED', elementId: 'a' });
    expect(incident!.message).toMatch(/completion condition '=stop' of a \(instance 1 of 2\) gave "yes", not a boolean/);
    // when
    await t.engine.incidents.retry(incident!.id, { variables: { stop: true } });
    // then: the condition now holds after the first instance
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(ofType(t.events, 'task.created')).toHaveLength(1);
  });
});
