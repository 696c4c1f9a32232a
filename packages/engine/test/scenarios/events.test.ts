import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type EngineEvent } from '../../src/index';
import { actor, testEngine } from '../support';

const anyone = actor('ana');
const at = (iso: string) => Date.parse(iso);
const isTaskOrProcess = (e: EngineEvent) => e.type.startsWith('task.') || e.type.startsWith('process.');

describe('Feature: none start and none end events', () => {
  it('Scenario: a token runs from the none start event through a plain task to the none end event', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/none-start-end.bpmn');
    // when
    const inst = await t.engine.start('noneStartEnd', { n: 1 });
    // then
    expect(inst).toMatchObject({ id: 'inst-1', processId: 'noneStartEnd', status: 'completed', variables: { n: 1 }, activeElements: [] });
    expect(t.trail()).toEqual([
      'process.started',
      'activity.entered:start',
      'activity.left:start',
      'activity.entered:note',
      'activity.left:note',
      'activity.entered:end',
      'activity.left:end',
      'process.completed',
    ]);
    expect(t.events[0]).toMatchObject({ type: 'process.started', startEventId: 'start', processVersion: 1, variables: { n: 1 } });
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', endedAt: at('2026-03-02T09:00:00+08:00') });
  });
});

describe('Feature: message start event', () => {
  it('Scenario: correlating the start message starts an instance with the payload as variables and the business key', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-start.bpmn');
    // when
    const result = await t.engine.messages.correlate('orderPlaced', { businessKey: 'order-7' }, { amount: 120, customer: { name: 'Li' } });
    // then
    expect(result).toEqual({ correlated: [], started: ['inst-1'] });
    expect(await t.engine.instances.get('inst-1')).toMatchObject({
      processId: 'messageStart',
      businessKey: 'order-7',
      status: 'active',
      variables: { amount: 120, customer: { name: 'Li' } },
      activeElements: ['handle'],
    });
    expect(t.events[0]).toMatchObject({ type: 'process.started', startEventId: 'orderPlaced', businessKey: 'order-7' });
    expect(t.trail((e) => e.type === 'task.created')).toEqual(['task.created:handle']);
    expect(t.trail((e) => e.type.startsWith('message.'))).toEqual([]); // started, not buffered
  });

  it('Scenario: a process with only a message start cannot be started by start()', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-start.bpmn');
    // when
    const err = await t.engine.start('messageStart', {}).catch((e: unknown) => e);
    // then
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as InvalidArgumentError).code).toBe('INVALID_ARGUMENT');
    expect(await t.engine.instances.list({ processId: 'messageStart' })).toEqual([]);
  });
});

describe('Feature: timer start events', () => {
  it('Scenario: a timer start on a date fires once, at that date, and creates one instance', async () => {
    // given the process is deployed at 09:00 with a start at 10:00
    const t = testEngine();
    await t.deploy('scenarios/timer-start-date.bpmn');
    // when the clock nears the date
    await t.clock.advance('PT59M');
    // then nothing has started yet
    expect(await t.engine.instances.list({ processId: 'timerStartDate' })).toEqual([]);
    // when the date comes, and a day passes
    await t.clock.advance('PT1M');
    const afterDate = await t.engine.instances.list({ processId: 'timerStartDate' });
    await t.clock.advance('P1D');
    // then exactly one instance exists, started at 10:00
    expect(afterDate.map((i) => i.startedAt)).toEqual([at('2026-03-02T10:00:00+08:00')]);
    const all = await t.engine.instances.list({ processId: 'timerStartDate' });
    expect(all.map((i) => ({ id: i.id, startedAt: i.startedAt, activeElements: i.activeElements }))).toEqual([
      { id: 'inst-1', startedAt: at('2026-03-02T10:00:00+08:00'), activeElements: ['report'] },
    ]);
    expect(t.events.find((e) => e.type === 'process.started')).toMatchObject({ startEventId: 'at10' });
  });

  it('Scenario: a timer start cycle R3/PT10M starts exactly three instances, at +10, +20 and +30 minutes', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/timer-start-cycle.bpmn');
    const started = async () => (await t.engine.instances.list({ processId: 'timerStartCycle' })).map((i) => i.startedAt).sort();
    const counts: number[] = [];
    // when the clock moves in 10-minute steps, then a whole day
    for (let i = 0; i < 4; i++) {
      await t.clock.advance('PT10M');
      counts.push((await started()).length);
    }
    await t.clock.advance('P1D');
    // then
    expect(counts).toEqual([1, 2, 3, 3]);
    expect(await started()).toEqual([at('2026-03-02T09:10:00+08:00'), at('2026-03-02T09:20:00+08:00'), at('2026-03-02T09:30:00+08:00')]);
    expect(t.trail((e) => e.type === 'task.created')).toEqual(['task.created:poll', 'task.created:poll', 'task.created:poll']);
  });
});

describe('Feature: terminate end event', () => {
  it('Scenario: reaching the terminate end event cancels the other branch and completes the instance', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/terminate-end.bpmn');
    const inst = await t.engine.start('terminateEnd');
    // when
    await t.completeTask(inst.id, 'quickCheck', anyone);
    // then
    const after = await t.engine.instances.get(inst.id);
    expect(after).toMatchObject({ status: 'completed', activeElements: [], incidents: [] });
    expect(t.trail(isTaskOrProcess).filter((x) => x !== 'task.created:review' && x !== 'task.created:quickCheck')).toEqual([
      'process.started',
      'task.completed:quickCheck',
      'task.cancelled:review',
      'process.completed',
    ]);
    expect(t.trail((e) => e.type === 'task.created').sort()).toEqual(['task.created:quickCheck', 'task.created:review']);
    expect(t.events.find((e) => e.type === 'task.cancelled')).toMatchObject({ reason: 'terminated by end event stopAll', task: { elementId: 'review', state: 'cancelled' } });
    expect(await t.engine.tasks.query({ instanceId: inst.id, elementId: 'review' })).toMatchObject([{ state: 'cancelled' }]);
    expect(t.trail((e) => e.type === 'process.terminated')).toEqual([]);
  });

  it('Scenario: a terminate end event inside a subprocess ends only the subprocess', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/terminate-in-subprocess.bpmn');
    const inst = await t.engine.start('terminateInSub');
    expect((await t.openTasks(inst.id)).map((x) => x.elementId).sort()).toEqual(['fastCheck', 'outer', 'slowCheck']);
    // when
    await t.completeTask(inst.id, 'fastCheck', anyone);
    // then the slow check is cancelled, the subprocess left, the outer branch untouched
    expect(t.trail((e) => e.type === 'task.cancelled' || e.type === 'activity.left' && e.elementId === 'checks')).toEqual(['task.cancelled:slowCheck', 'activity.left:checks']);
    expect((await t.openTasks(inst.id)).map((x) => x.elementId).sort()).toEqual(['afterChecks', 'outer']);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('active');
    // when the rest is done
    await t.completeTask(inst.id, 'afterChecks', anyone);
    await t.completeTask(inst.id, 'outer', anyone);
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: error end events', () => {
  const declined = { result: 'declined' };

  it('Scenario: an error end event in a subprocess is caught by the boundary with its code, not the catch-all', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/error-end-subprocess.bpmn');
    // when
    const inst = await t.engine.start('errorEndSub', declined);
    // then
    expect(t.trail((e) => ['error.thrown', 'activity.cancelled', 'task.created', 'incident.raised'].includes(e.type))).toEqual([
      'error.thrown:declinedEnd',
      'activity.cancelled:payment',
      'task.created:askCustomer',
    ]);
    expect(t.events.find((e) => e.type === 'error.thrown')).toMatchObject({ code: 'DECLINED', caughtBy: 'declined' });
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'active', activeElements: ['askCustomer'], incidents: [] });
  });

  it('Scenario: an error with another code is caught by the catch-all error boundary', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/error-end-subprocess.bpmn');
    // when
    const inst = await t.engine.start('errorEndSub', { result: 'other' });
    // then
    expect(t.events.find((e) => e.type === 'error.thrown')).toMatchObject({ elementId: 'otherEnd', code: 'OTHER', caughtBy: 'anyError' });
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'active', activeElements: ['investigate'], incidents: [] });
  });

  it('Scenario: without an error the subprocess completes normally and no boundary fires', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/error-end-subprocess.bpmn');
    // when
    const inst = await t.engine.start('errorEndSub', { result: 'paid' });
    // then
    expect(t.trail((e) => e.type === 'error.thrown' || e.type === 'activity.cancelled')).toEqual([]);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'active', activeElements: ['ship'] });
  });

  it('Scenario: an error end event nobody catches raises an UNHANDLED_ERROR incident', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/error-end-uncaught.bpmn');
    // when
    const inst = await t.engine.start('errorEndUncaught');
    // then
    const incidents = await t.engine.incidents.list(inst.id);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]).toMatchObject({ instanceId: inst.id, elementId: 'broken', code: 'UNHANDLED_ERROR' });
    expect(incidents[0]!.message).toContain('BROKEN');
    const thrown = t.events.find((e) => e.type === 'error.thrown');
    expect(thrown).toMatchObject({ elementId: 'broken', code: 'BROKEN' });
    expect(thrown).not.toHaveProperty('caughtBy');
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'active', activeElements: ['inner', 'broken'] });
  });
});

describe('Feature: escalation events', () => {
  it('Scenario: an escalation thrown inside a subprocess is caught by a non-interrupting boundary and both paths continue', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/escalation-throw.bpmn');
    // when
    const inst = await t.engine.start('escalationThrow');
    // then
    expect(t.events.find((e) => e.type === 'escalation.thrown')).toMatchObject({ elementId: 'raiseLate', code: 'LATE', caughtBy: 'lateNoted' });
    expect(t.trail((e) => e.type === 'activity.cancelled')).toEqual([]);
    expect((await t.openTasks(inst.id)).map((x) => x.elementId).sort()).toEqual(['finish', 'informCustomer']);
    // when both paths finish
    await t.completeTask(inst.id, 'informCustomer', anyone);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('active');
    await t.completeTask(inst.id, 'finish', anyone);
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: an escalation end event caught by an interrupting boundary cancels the subprocess', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/escalation-end.bpmn');
    const inst = await t.engine.start('escalationEnd');
    // when
    await t.completeTask(inst.id, 'stuckCheck', anyone);
    // then
    expect(t.trail((e) => ['escalation.thrown', 'task.cancelled', 'activity.cancelled', 'task.created'].includes(e.type)).slice(2)).toEqual([
      'escalation.thrown:stuck',
      'task.cancelled:inner',
      'activity.cancelled:inner',
      'activity.cancelled:work',
      'task.created:unblock',
    ]);
    expect(t.events.find((e) => e.type === 'escalation.thrown')).toMatchObject({ code: 'STUCK', caughtBy: 'onStuck' });
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'active', activeElements: ['unblock'] });
    // when
    await t.completeTask(inst.id, 'unblock', anyone);
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: an escalation nobody catches is recorded and the token just continues', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/escalation-uncaught.bpmn');
    // when
    const inst = await t.engine.start('escalationUncaught');
    await t.completeTask(inst.id, 'next', anyone);
    // then
    expect(t.trail((e) => e.type === 'escalation.thrown' || isTaskOrProcess(e))).toEqual([
      'process.started',
      'escalation.thrown:raiseNote',
      'task.created:next',
      'task.completed:next',
      'escalation.thrown:noteEnd',
      'process.completed',
    ]);
    for (const e of t.events.filter((x) => x.type === 'escalation.thrown')) {
      expect(e).toMatchObject({ code: 'NOTE' });
      expect(e).not.toHaveProperty('caughtBy');
    }
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', incidents: [] });
  });
});
