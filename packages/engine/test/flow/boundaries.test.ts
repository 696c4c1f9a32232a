import { afterEach, describe, expect, it, vi } from 'vitest';
import { BpmnError, createEngine, sequentialIds, systemClock, type EngineEvent, type TaskRecord } from '../../src/index';
import { actor, fixture, testEngine } from '../support';

const ana = actor('ana');
const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const H = 3_600_000;

const timers = (e: EngineEvent) => e.type.startsWith('timer.');
const tasksAndTimers = (e: EngineEvent) => e.type.startsWith('timer.') || e.type.startsWith('task.');
const activity = (e: EngineEvent) => e.type.startsWith('activity.');
const ids = (tasks: TaskRecord[]) => tasks.map((x) => x.elementId).sort();

describe('Feature: timer boundary events on a user task', () => {
  it('Scenario: a non-interrupting R3/PT1H cycle fires exactly three times while the task stays open', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-cycle.bpmn');
    const inst = await t.engine.start('taskCycle');
    // when
    await t.clock.advance('PT5H');
    // then
    const fired = t.events.filter((e) => e.type === 'timer.fired');
    expect(fired.map((e) => ('elementId' in e ? e.elementId : ''))).toEqual(['remind', 'remind', 'remind']);
    expect(fired.map((e) => (e.type === 'timer.fired' ? e.dueAt : 0))).toEqual([T0 + H, T0 + 2 * H, T0 + 3 * H]);
    expect(fired.map((e) => (e.type === 'timer.fired' ? e.at : 0))).toEqual([T0 + H, T0 + 2 * H, T0 + 3 * H]);
    // each firing is numbered from 1, and its scheduled event carries the same number
    expect(fired.map((e) => (e.type === 'timer.fired' ? e.cycle : 0))).toEqual([1, 2, 3]);
    expect(t.events.filter((e) => e.type === 'timer.scheduled').map((e) => (e.type === 'timer.scheduled' ? [e.cycle, e.dueAt] : []))).toEqual([
      [1, T0 + H],
      [2, T0 + 2 * H],
      [3, T0 + 3 * H],
    ]);
    expect(t.trail(timers)).toEqual([
      'timer.scheduled:remind',
      'timer.fired:remind',
      'timer.scheduled:remind',
      'timer.fired:remind',
      'timer.scheduled:remind',
      'timer.fired:remind',
    ]);
    expect(t.trail(activity).filter((x) => x === 'activity.left:reminded')).toHaveLength(3);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('active');
    expect(info?.activeElements).toEqual(['review']);
    expect(ids(await t.openTasks(inst.id))).toEqual(['review']);
    expect(t.trail((e) => e.type.startsWith('task.'))).toEqual(['task.created:review']);

    // when
    await t.clock.advance('P10D');
    await t.completeTask(inst.id, 'review', ana);
    // then
    expect(t.events.filter((e) => e.type === 'timer.fired')).toHaveLength(3);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: a cycle given by a FEEL expression fires as often as the evaluated cycle says', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-cycle-expr.bpmn');
    const inst = await t.engine.start('taskCycleExpr', { reminderCycle: 'R2/PT30M' });
    // when
    await t.clock.advance('PT5H');
    // then
    const fired = t.events.filter((e) => e.type === 'timer.fired');
    expect(fired.map((e) => (e.type === 'timer.fired' ? [e.cycle, e.dueAt] : []))).toEqual([
      [1, T0 + H / 2],
      [2, T0 + H],
    ]);
    expect(t.trail(activity).filter((x) => x === 'activity.left:reminded')).toHaveLength(2);
    expect(ids(await t.openTasks(inst.id))).toEqual(['review']);
  });

  it('Scenario: completing the task mid-cycle cancels the cycle', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-cycle.bpmn');
    const inst = await t.engine.start('taskCycle');
    await t.clock.advance('PT2H30M');
    // when
    await t.completeTask(inst.id, 'review', ana);
    await t.clock.advance('P30D');
    // then
    expect(t.trail(timers)).toEqual([
      'timer.scheduled:remind',
      'timer.fired:remind',
      'timer.scheduled:remind',
      'timer.fired:remind',
      'timer.scheduled:remind',
      'timer.cancelled:remind',
    ]);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: a non-interrupting duration timer starts its path and keeps the task', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-timers.bpmn');
    const inst = await t.engine.start('taskTimers');
    expect(t.trail(timers)).toEqual(['timer.scheduled:nudge', 'timer.scheduled:timeout', 'timer.scheduled:lastCall']);
    // when
    await t.clock.advance('PT1H');
    // then
    expect(t.trail(timers).slice(3)).toEqual(['timer.fired:nudge']);
    expect(t.trail(activity).slice(-6)).toEqual([
      'activity.entered:nudge',
      'activity.left:nudge',
      'activity.entered:sendNudge',
      'activity.left:sendNudge',
      'activity.entered:nudged',
      'activity.left:nudged',
    ]);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('active');
    expect(info?.activeElements).toEqual(['review']);
    expect(ids(await t.openTasks(inst.id))).toEqual(['review']);
  });

  it('Scenario: an interrupting timer cancels the task and its other boundary timers', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-timers.bpmn');
    const inst = await t.engine.start('taskTimers');
    const [review] = await t.openTasks(inst.id);
    // when
    await t.clock.advance('PT2H');
    // then
    expect(t.trail(tasksAndTimers)).toEqual([
      'timer.scheduled:nudge',
      'timer.scheduled:timeout',
      'timer.scheduled:lastCall',
      'task.created:review',
      'timer.fired:nudge',
      'timer.fired:timeout',
      'timer.cancelled:lastCall',
      'task.cancelled:review',
      'task.created:handleLate',
    ]);
    const cancelled = t.events.find((e) => e.type === 'task.cancelled');
    expect(cancelled?.type === 'task.cancelled' && cancelled.reason).toBe('interrupted by boundary event timeout');
    expect(t.trail((e) => e.type === 'activity.cancelled')).toEqual(['activity.cancelled:review']);
    expect(await t.engine.tasks.get(review!.id)).toMatchObject({ state: 'cancelled', endedAt: T0 + 2 * H });
    expect(ids(await t.openTasks(inst.id))).toEqual(['handleLate']);
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['handleLate']);

    // when: long after, nothing of the cancelled task fires
    await t.clock.advance('P10D');
    // then
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual(['timer.fired:nudge', 'timer.fired:timeout']);
    await t.completeTask(inst.id, 'handleLate', ana);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: completing the task cancels every boundary timer; nothing fires later', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-timers.bpmn');
    const inst = await t.engine.start('taskTimers');
    await t.clock.advance('PT30M');
    // when
    await t.completeTask(inst.id, 'review', ana);
    await t.clock.advance('P30D');
    // then
    expect(t.trail(timers)).toEqual([
      'timer.scheduled:nudge',
      'timer.scheduled:timeout',
      'timer.scheduled:lastCall',
      'timer.cancelled:nudge',
      'timer.cancelled:timeout',
      'timer.cancelled:lastCall',
    ]);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: a P3M boundary timer fires after three calendar months', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-long-timer.bpmn');
    const inst = await t.engine.start('taskLongTimer');
    const due = Date.parse('2026-06-02T09:00:00+08:00');
    const scheduled = t.events.find((e) => e.type === 'timer.scheduled');
    expect(scheduled?.type === 'timer.scheduled' && scheduled.dueAt).toBe(due);
    expect(due - T0).toBeGreaterThan(2 ** 31);
    // when
    await t.clock.advanceTo(due - 1);
    // then
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual([]);
    // when
    await t.clock.advance(1);
    // then
    expect(t.trail(tasksAndTimers)).toEqual(['timer.scheduled:renewal', 'task.created:contract', 'timer.fired:renewal', 'task.cancelled:contract', 'task.created:renew']);
    expect(ids(await t.openTasks(inst.id))).toEqual(['renew']);
  });
});

describe('Feature: a P3M boundary timer on the system clock', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('Scenario: it fires once, after three calendar months, with no setTimeout above 2^31-1 ms', async () => {
    // given
    vi.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const spy = vi.spyOn(globalThis, 'setTimeout');
    const engine = createEngine({ clock: systemClock(), ids: sequentialIds('inst') });
    const fired: EngineEvent[] = [];
    engine.on('timer.fired', (e) => fired.push(e));
    await engine.deploy({ bpmn: fixture('flow/task-long-timer.bpmn') });
    const inst = await engine.start('taskLongTimer');
    const due = Date.parse('2026-06-02T09:00:00+08:00');
    // when
    await vi.advanceTimersByTimeAsync(due - T0 - 1);
    // then
    expect(fired).toEqual([]);
    expect(spy.mock.calls.every((call) => Number(call[1] ?? 0) <= 2 ** 31 - 1)).toBe(true);
    // when
    await vi.advanceTimersByTimeAsync(1);
    await engine.idle();
    // then
    expect(fired.map((e) => e.at)).toEqual([due]);
    expect((await engine.tasks.query({ instanceId: inst.id, state: ['open', 'claimed'] })).map((x) => x.elementId)).toEqual(['renew']);
    await engine.close();
  });
});

describe('Feature: message boundary events on a user task', () => {
  it('Scenario: a non-interrupting message starts its path and keeps the task; it can arrive again', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-messages.bpmn');
    const inst = await t.engine.start('taskMessages', {}, { businessKey: 'case-1' });
    // when
    const first = await t.engine.messages.correlate('info-request', { businessKey: 'case-1' }, { question: 'why?' });
    // then
    expect(first).toEqual({ correlated: [{ instanceId: inst.id, elementId: 'infoRequested' }], started: [] });
    expect(ids(await t.openTasks(inst.id))).toEqual(['answerInfo', 'review']);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.variables).toEqual({ question: 'why?' });
    expect(t.trail((e) => e.type === 'timer.cancelled' || e.type === 'task.cancelled')).toEqual([]);

    // when: the question is asked again while the task is still open
    const second = await t.engine.messages.correlate('info-request', { businessKey: 'case-1' }, { question: 'when?' });
    // then
    expect(second).toEqual({ correlated: [{ instanceId: inst.id, elementId: 'infoRequested' }], started: [] });
    expect(ids(await t.openTasks(inst.id))).toEqual(['answerInfo', 'answerInfo', 'review']);

    // when: the review is done, the subscription is gone
    await t.completeTask(inst.id, 'review', ana);
    const late = await t.engine.messages.correlate('info-request', { businessKey: 'case-1' }, {});
    // then
    expect(late.correlated).toEqual([]);
    expect(late.buffered).toBeDefined();
  });

  it('Scenario: two messages buffered before the task opens are both taken by its non-interrupting boundary', async () => {
    // given: two questions arrive before the case reaches the task
    const t = testEngine();
    await t.deploy('flow/task-messages.bpmn');
    await t.engine.messages.correlate('info-request', { businessKey: 'case-1' }, { question: 'why?' });
    await t.engine.messages.correlate('info-request', { businessKey: 'case-1' }, { question: 'when?' });
    // when
    const inst = await t.engine.start('taskMessages', {}, { businessKey: 'case-1' });
    // then: both are taken, once each, and the task stays open
    expect(ids(await t.openTasks(inst.id))).toEqual(['answerInfo', 'answerInfo', 'review']);
    expect(t.trail((e) => e.type === 'message.correlated')).toEqual(['message.correlated:infoRequested', 'message.correlated:infoRequested']);
    const again = await t.engine.messages.correlate('info-request', { businessKey: 'case-1' }, { question: 'who?' });
    expect(again.correlated).toEqual([{ instanceId: inst.id, elementId: 'infoRequested' }]);
  });

  it('Scenario: an interrupting message cancels the task, its timer and its other subscriptions', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/task-messages.bpmn');
    const inst = await t.engine.start('taskMessages', {}, { businessKey: 'case-2' });
    const [review] = await t.openTasks(inst.id);
    // when
    const r = await t.engine.messages.correlate('cancel-request', { businessKey: 'case-2' }, { why: 'duplicate' });
    // then
    expect(r).toEqual({ correlated: [{ instanceId: inst.id, elementId: 'cancelRequested' }], started: [] });
    expect(t.trail(tasksAndTimers)).toEqual(['timer.scheduled:timeout', 'task.created:review', 'timer.cancelled:timeout', 'task.cancelled:review']);
    expect(await t.engine.tasks.get(review!.id)).toMatchObject({ state: 'cancelled' });
    expect(await t.openTasks(inst.id)).toEqual([]);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ why: 'duplicate' });
    expect(t.trail(activity).slice(-5)).toEqual([
      'activity.cancelled:review',
      'activity.entered:cancelRequested',
      'activity.left:cancelRequested',
      'activity.entered:cancelled',
      'activity.left:cancelled',
    ]);

    // when
    const later = await t.engine.messages.correlate('info-request', { businessKey: 'case-2' }, {});
    await t.clock.advance('P2D');
    // then
    expect(later.correlated).toEqual([]);
    expect(later.buffered).toBeDefined();
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual([]);
  });
});

describe('Feature: error boundary event on a service task', () => {
  it('Scenario: the handler throws a BPMN error; the boundary path runs and the task timer is cancelled', async () => {
    // given
    const t = testEngine({ handlers: { charge: () => { throw new BpmnError('DECLINED', 'card declined', { reason: 'limit' }); } } });
    await t.deploy('flow/service-error.bpmn');
    // when
    const inst = await t.engine.start('serviceError');
    await t.engine.idle();
    // then
    expect(t.trail((e) => e.type !== 'process.started' && !e.type.startsWith('activity.'))).toEqual([
      'timer.scheduled:chargeTimeout',
      'job.created:charge',
      'error.thrown:charge',
      'timer.cancelled:chargeTimeout',
      'task.created:callCustomer',
    ]);
    const thrown = t.events.find((e) => e.type === 'error.thrown');
    expect(thrown).toMatchObject({ code: 'DECLINED', caughtBy: 'declined' });
    const info = await t.engine.instances.get(inst.id);
    expect(info?.activeElements).toEqual(['callCustomer']);
    expect(info?.variables).toEqual({ reason: 'limit' });
    expect(t.trail((e) => e.type === 'activity.cancelled')).toEqual(['activity.cancelled:charge']);
  });

  it('Scenario: an error code nobody catches raises UNHANDLED_ERROR and keeps the boundary timer', async () => {
    // given
    const t = testEngine({ handlers: { charge: () => { throw new BpmnError('FRAUD'); } } });
    await t.deploy('flow/service-error.bpmn');
    // when
    const inst = await t.engine.start('serviceError');
    await t.engine.idle();
    // then
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ elementId: 'charge', code: 'UNHANDLED_ERROR' });
    expect(t.trail(timers)).toEqual(['timer.scheduled:chargeTimeout']);
    // when
    await t.clock.advance('PT1H');
    // then: the interrupting timer still ends the stuck task
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.incidents).toEqual([]);
    expect(t.trail((e) => e.type.startsWith('incident.'))).toEqual(['incident.raised:charge', 'incident.resolved:charge']);
  });
});

describe('Feature: timer boundary events on a subprocess', () => {
  it('Scenario: a non-interrupting timer starts its path while the subprocess goes on', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-timers.bpmn');
    const inst = await t.engine.start('subTimers');
    // when
    await t.clock.advance('PT1H');
    // then
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual(['timer.fired:innerWait', 'timer.fired:nudge']);
    expect(t.trail(activity).slice(-6)).toEqual([
      'activity.entered:nudge',
      'activity.left:nudge',
      'activity.entered:logNudge',
      'activity.left:logNudge',
      'activity.entered:nudged',
      'activity.left:nudged',
    ]);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.activeElements.sort()).toEqual(['hJoin', 'handle', 'inner']);
    expect(ids(await t.openTasks(inst.id))).toEqual(['inner']);
  });

  it('Scenario: an interrupting timer cancels the subprocess and everything in it', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-timers.bpmn');
    const inst = await t.engine.start('subTimers');
    const [inner] = await t.openTasks(inst.id);
    // when
    await t.clock.advance('PT2H');
    // then
    expect(t.trail(tasksAndTimers)).toEqual([
      'timer.scheduled:nudge',
      'timer.scheduled:deadline',
      'timer.scheduled:innerReminder',
      'task.created:inner',
      'timer.scheduled:innerWait',
      'timer.fired:innerWait',
      'timer.fired:nudge',
      'timer.fired:deadline',
      'timer.cancelled:innerReminder',
      'task.cancelled:inner',
      'task.created:handleLate',
    ]);
    expect(t.trail((e) => e.type === 'activity.cancelled').sort()).toEqual(['activity.cancelled:hJoin', 'activity.cancelled:handle', 'activity.cancelled:inner']);
    expect(await t.engine.tasks.get(inner!.id)).toMatchObject({ state: 'cancelled' });
    expect(ids(await t.openTasks(inst.id))).toEqual(['handleLate']);
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['handleLate']);

    // when
    await t.clock.advance('P1D');
    // then: the inner reminder never fires
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual(['timer.fired:innerWait', 'timer.fired:nudge', 'timer.fired:deadline']);
  });

  it('Scenario: completing the subprocess cancels its boundary timers; nothing fires later', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-timers.bpmn');
    const inst = await t.engine.start('subTimers');
    await t.clock.advance('PT45M');
    // when
    await t.completeTask(inst.id, 'inner', ana);
    await t.clock.advance('P30D');
    // then
    expect(t.trail(timers)).toEqual([
      'timer.scheduled:nudge',
      'timer.scheduled:deadline',
      'timer.scheduled:innerReminder',
      'timer.scheduled:innerWait',
      'timer.fired:innerWait',
      'timer.cancelled:innerReminder',
      'timer.cancelled:nudge',
      'timer.cancelled:deadline',
    ]);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(t.trail(activity).slice(-3)).toEqual(['activity.left:handle', 'activity.entered:handled', 'activity.left:handled']);
  });
});

describe('Feature: message boundary events on a subprocess', () => {
  it('Scenario: a non-interrupting message starts its path each time while the subprocess goes on', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-messages.bpmn');
    const inst = await t.engine.start('subMessages', {}, { businessKey: 'job-1' });
    // when
    const r1 = await t.engine.messages.correlate('update', { businessKey: 'job-1' }, { version: 2 });
    const r2 = await t.engine.messages.correlate('update', { businessKey: 'job-1' }, { version: 3 });
    // then
    expect(r1.correlated).toEqual([{ instanceId: inst.id, elementId: 'update' }]);
    expect(r2.correlated).toEqual([{ instanceId: inst.id, elementId: 'update' }]);
    expect(ids(await t.openTasks(inst.id))).toEqual(['applyUpdate', 'applyUpdate', 'inner']);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.variables).toEqual({ version: 3 });
    expect(info?.activeElements).toContain('handle');
    expect(t.trail((e) => e.type.endsWith('cancelled'))).toEqual([]);
  });

  it('Scenario: an interrupting message cancels the subprocess, its tasks, its timers and tokens', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-messages.bpmn');
    const inst = await t.engine.start('subMessages', {}, { businessKey: 'job-2' });
    const [inner] = await t.openTasks(inst.id);
    expect((await t.engine.instances.get(inst.id))?.activeElements.sort()).toEqual(['handle', 'inner', 'innerWait']);
    // when
    const r = await t.engine.messages.correlate('abort', { businessKey: 'job-2' }, {});
    // then
    expect(r.correlated).toEqual([{ instanceId: inst.id, elementId: 'abort' }]);
    expect(t.trail(tasksAndTimers)).toEqual(['task.created:inner', 'timer.scheduled:innerWait', 'task.cancelled:inner', 'timer.cancelled:innerWait']);
    expect(t.trail((e) => e.type === 'activity.cancelled').sort()).toEqual(['activity.cancelled:handle', 'activity.cancelled:inner', 'activity.cancelled:innerWait']);
    expect(await t.engine.tasks.get(inner!.id)).toMatchObject({ state: 'cancelled' });
    expect(await t.openTasks(inst.id)).toEqual([]);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.activeElements).toEqual([]);

    // when: the update boundary went with the subprocess
    const later = await t.engine.messages.correlate('update', { businessKey: 'job-2' }, {});
    await t.clock.advance('P2D');
    // then
    expect(later.correlated).toEqual([]);
    expect(later.buffered).toBeDefined();
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual([]);
  });
});

describe('Feature: error boundary event on a subprocess', () => {
  it('Scenario: an error end event inside cancels the subprocess and takes the boundary path', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-error.bpmn');
    const inst = await t.engine.start('subError');
    const inner = (await t.openTasks(inst.id)).find((x) => x.elementId === 'inner')!;
    // when
    await t.completeTask(inst.id, 'check', ana, { ok: false });
    // then
    const thrown = t.events.find((e) => e.type === 'error.thrown');
    expect(thrown).toMatchObject({ elementId: 'fail', code: 'CHECK_FAILED', caughtBy: 'checkFailed' });
    expect(t.trail(tasksAndTimers).slice(-4)).toEqual(['task.completed:check', 'timer.cancelled:innerReminder', 'task.cancelled:inner', 'task.created:repair']);
    expect(t.trail((e) => e.type === 'activity.cancelled').sort()).toEqual(['activity.cancelled:handle', 'activity.cancelled:inner']);
    expect(await t.engine.tasks.get(inner.id)).toMatchObject({ state: 'cancelled' });
    expect(ids(await t.openTasks(inst.id))).toEqual(['repair']);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.activeElements).toEqual(['repair']);
    expect(info?.incidents).toEqual([]);
    // every element entered inside the subprocess was left or cancelled
    const entered = t.trail((e) => e.type === 'activity.entered').length;
    const ended = t.trail((e) => e.type === 'activity.left' || e.type === 'activity.cancelled').length;
    expect(entered - ended).toBe(1); // only `repair` is still running

    // when
    await t.clock.advance('P1D');
    await t.completeTask(inst.id, 'repair', ana);
    // then
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual([]);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: without the error the subprocess completes normally', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-error.bpmn');
    const inst = await t.engine.start('subError');
    // when
    await t.completeTask(inst.id, 'check', ana, { ok: true });
    await t.completeTask(inst.id, 'inner', ana);
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'error.thrown')).toEqual([]);
    expect(t.trail(activity).slice(-3)).toEqual(['activity.left:handle', 'activity.entered:handled', 'activity.left:handled']);
  });
});

describe('Feature: escalation boundary events on a subprocess', () => {
  it('Scenario: a non-interrupting escalation starts its path; the thrower and the subprocess go on', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-escalation.bpmn');
    const inst = await t.engine.start('subEscalation');
    // when
    await t.completeTask(inst.id, 'check', ana, { level: 'warn' });
    // then
    expect(t.events.find((e) => e.type === 'escalation.thrown')).toMatchObject({ elementId: 'warn', code: 'WARN', caughtBy: 'warned' });
    expect(ids(await t.openTasks(inst.id))).toEqual(['informManager', 'inner']);
    expect((await t.engine.instances.get(inst.id))?.activeElements.sort()).toEqual(['hJoin', 'handle', 'informManager', 'inner']);
    expect(t.trail(activity)).toContain('activity.left:warn');
    expect(t.trail((e) => e.type.endsWith('cancelled'))).toEqual([]);

    // when
    await t.completeTask(inst.id, 'inner', ana);
    await t.completeTask(inst.id, 'informManager', ana);
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(t.trail(activity)).toContain('activity.left:handle');
  });

  it('Scenario: an interrupting escalation cancels the subprocess and everything in it', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/sub-escalation.bpmn');
    const inst = await t.engine.start('subEscalation');
    const inner = (await t.openTasks(inst.id)).find((x) => x.elementId === 'inner')!;
    // when
    await t.completeTask(inst.id, 'check', ana, { level: 'stop' });
    // then
    expect(t.events.find((e) => e.type === 'escalation.thrown')).toMatchObject({ elementId: 'stop', code: 'STOP', caughtBy: 'stopped' });
    expect(t.trail(tasksAndTimers).slice(-3)).toEqual(['task.completed:check', 'timer.cancelled:innerReminder', 'task.cancelled:inner']);
    expect(await t.engine.tasks.get(inner.id)).toMatchObject({ state: 'cancelled' });
    expect(await t.openTasks(inst.id)).toEqual([]);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.activeElements).toEqual([]);
    expect(t.trail(activity).slice(-4)).toEqual(['activity.entered:stopped', 'activity.left:stopped', 'activity.entered:stoppedEnd', 'activity.left:stoppedEnd']);
    // every element entered was left or cancelled
    const entered = t.trail((e) => e.type === 'activity.entered').length;
    const ended = t.trail((e) => e.type === 'activity.left' || e.type === 'activity.cancelled').length;
    expect(ended).toBe(entered);
  });
});
