/**
 * Feature: boundary events, errors and SLA clocks around a multi-instance activity. The
 * boundary events belong to the multi-instance body (one timer for the body, not one per
 * inner instance; an interrupting one cancels every inner instance); SLA policies about the
 * activity run one clock per inner instance.
 */
import { describe, expect, it } from 'vitest';
import { BpmnError, type EngineEvent, type JobContext } from '../../src/index';
import { actor, testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const H = 3_600_000;

function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

describe('Feature: timer boundary events on a multi-instance body (Camunda 8)', () => {
  it('Scenario: the non-interrupting reminder is one timer for the body and leaves every inner task open', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-boundaries.bpmn');
    const inst = await t.engine.start('collectSignatures', { signers: ['ana', 'bo', 'cy'] });
    const [started] = ofType(t.events, 'multiInstance.started');
    // then: one reminder timer and one deadline timer, both owned by the body
    const scheduled = ofType(t.events, 'timer.scheduled');
    expect(scheduled.map((e) => [e.elementId, e.executionId])).toEqual([
      ['remind', started!.executionId],
      ['deadline', started!.executionId],
    ]);
    // when
    await t.clock.advance('PT1H');
    // then
    expect(t.trail((e) => e.type === 'timer.fired' || (e.type.startsWith('activity.') && 'elementId' in e && e.elementId !== 'sign'))).toContain('timer.fired:remind');
    expect(ofType(t.events, 'activity.left').map((e) => e.elementId)).toContain('reminded');
    expect(await t.openTasks(inst.id)).toHaveLength(3);
    expect(t.events.some((e) => e.type === 'task.cancelled')).toBe(false);
  });

  it('Scenario: the interrupting deadline cancels every inner instance still open, then the body', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-boundaries.bpmn');
    const inst = await t.engine.start('collectSignatures', { signers: ['ana', 'bo', 'cy'] });
    const [first] = await t.openTasks(inst.id);
    await t.engine.tasks.complete(first!.id, actor('ana'), {});
    // when
    await t.clock.advance('P1D');
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(ofType(t.events, 'task.cancelled')).toHaveLength(2);
    expect(t.trail((e) => e.type.startsWith('activity.cancelled') || e.type.startsWith('multiInstance.') || (e.type === 'activity.entered' && 'elementId' in e && e.elementId === 'expired'))).toEqual([
      'multiInstance.started:sign',
      'activity.cancelled:sign',
      'activity.cancelled:sign',
      'multiInstance.cancelled:sign',
      'activity.entered:expired',
    ]);
    expect(ofType(t.events, 'multiInstance.cancelled')).toMatchObject([{ instances: 3, completed: 1, terminated: 0, reason: 'interrupted by boundary event deadline' }]);
    // the reminder had fired (after an hour) before the deadline; nothing is left armed
    expect(ofType(t.events, 'timer.fired').map((e) => e.elementId)).toEqual(['remind', 'deadline']);
    expect((JSON.parse(t.store.snapshot()) as { timers: unknown[] }).timers).toEqual([]);
  });
});

describe('Feature: a BPMN error from one inner instance is caught on the body', () => {
  it('Scenario: one job throws REJECTED: the error boundary on the multi-instance task cancels the other inner instances', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-service-parallel.bpmn', {
      handlers: {
        score: (job: JobContext) => {
          if ((job.variables.applicant as { name: string }).name === 'Bo') throw new BpmnError('REJECTED');
          return new Promise(() => {}); // the others never finish on their own
        },
      },
    });
    // when
    const inst = await t.engine.start('scoreApplicants', { applicants: [{ name: 'Li' }, { name: 'Bo' }, { name: 'Cy' }] });
    for (let i = 0; i < 50 && (await t.engine.instances.get(inst.id))?.status === 'active'; i++) await new Promise((r) => setTimeout(r, 1));
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(ofType(t.events, 'error.thrown')).toMatchObject([{ elementId: 'score', code: 'REJECTED', caughtBy: 'rejected' }]);
    expect(ofType(t.events, 'activity.cancelled').filter((e) => e.elementId === 'score')).toHaveLength(3);
    expect(ofType(t.events, 'multiInstance.cancelled')).toHaveLength(1);
    expect(ofType(t.events, 'activity.entered').map((e) => e.elementId)).toContain('rejected');
    expect(info?.variables).toEqual({ applicants: [{ name: 'Li' }, { name: 'Bo' }, { name: 'Cy' }] });
  });
});

describe('Feature: escalations and errors thrown inside a multi-instance subprocess reach the body', () => {
  it('Scenario: each inner instance escalates once (non-interrupting, the instances go on); an error end event in one cancels them all', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-subprocess-throws.bpmn');
    // when
    const inst = await t.engine.start('inspectItems', { items: ['ok', 'broken', 'ok'] });
    // then: three escalations caught by the body's boundary event; every instance still runs
    expect(ofType(t.events, 'escalation.thrown').map((e) => e.caughtBy)).toEqual(['started', 'started', 'started']);
    expect(ofType(t.events, 'activity.left').filter((e) => e.elementId === 'startedEnd')).toHaveLength(3);
    const tasks = await t.openTasks(inst.id);
    expect(tasks).toHaveLength(3);
    // when the first item is fine and the broken one is looked at
    await t.engine.tasks.complete(tasks[0]!.id, actor('ana'), {});
    await t.engine.tasks.complete(tasks[1]!.id, actor('ana'), {});
    // then: the error end event's error is caught on the body, which cancels the last instance
    expect(ofType(t.events, 'error.thrown')).toMatchObject([{ elementId: 'fail', code: 'BROKEN', caughtBy: 'onBroken' }]);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(ofType(t.events, 'task.cancelled').map((e) => e.task.id)).toEqual([tasks[2]!.id]);
    expect(ofType(t.events, 'multiInstance.cancelled')).toMatchObject([{ instances: 3, completed: 1, reason: 'interrupted by boundary event onBroken' }]);
    expect(ofType(t.events, 'activity.entered').map((e) => e.elementId)).toContain('brokenEnd');
    expect(t.events.some((e) => e.type === 'activity.entered' && e.elementId === 'end')).toBe(false);
  });
});

describe('Feature: an SLA about a multi-instance task runs one clock per inner instance', () => {
  it('Scenario: each reviewer has a clock and a due time; one is met, the others breach; output mappings set each output element', async () => {
    // given
    const t = testEngine();
    await t.deploy('multi-instance/c8-sla-review.bpmn', {
      sla: [{ id: 'review', start: { on: 'activity.entered', elementId: 'review' }, stop: { on: 'activity.left', elementId: 'review' }, limit: 'PT2H' }],
    });
    const inst = await t.engine.start('slaReview', { reviewers: ['ana', 'bo', 'cy'] });
    // then
    const tasks = await t.openTasks(inst.id);
    const started = ofType(t.events, 'sla.started');
    expect(started.map((e) => e.executionId)).toEqual(tasks.map((x) => x.executionId));
    expect(new Set(started.map((e) => e.clockId)).size).toBe(3);
    expect(tasks.map((x) => x.dueAt)).toEqual([T0 + 2 * H, T0 + 2 * H, T0 + 2 * H]);
    expect(await t.engine.sla.clocks(inst.id)).toHaveLength(3);
    // when bo answers within the hour
    await t.clock.advance('PT1H');
    await t.engine.tasks.complete(tasks[1]!.id, actor('bo'), { ok: true });
    // then his clock is met; the other two run on
    expect(ofType(t.events, 'sla.met').map((e) => e.executionId)).toEqual([tasks[1]!.executionId]);
    // when the limit passes
    await t.clock.advance('PT1H');
    // then
    expect(ofType(t.events, 'sla.breached').map((e) => e.executionId)).toEqual([tasks[0]!.executionId, tasks[2]!.executionId]);
    // when the late reviewers answer
    await t.engine.tasks.complete(tasks[0]!.id, actor('ana'), { ok: false });
    await t.engine.tasks.complete(tasks[2]!.id, actor('cy'), { ok: true });
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ reviewers: ['ana', 'bo', 'cy'], approvals: [null, 'bo', 'cy'] });
    expect(ofType(t.events, 'sla.stopped').map((e) => [e.executionId, e.breached])).toEqual([
      [tasks[0]!.executionId, true],
      [tasks[2]!.executionId, true],
    ]);
    expect(await t.engine.sla.clocks(inst.id)).toEqual([]);
  });
});
