/**
 * Feature: execution listeners as blocking jobs (Camunda 8 semantics; docs/listeners.md).
 * Start listeners run after the element's input mappings and before its behaviour, in model
 * order; their variables are locals of the element. End listeners run after it completed;
 * their variables go to the parent scope. The process's own listeners run around the whole
 * instance; Camunda 7 `take` listeners run between a flow's source and its target.
 */
import { describe, expect, it } from 'vitest';
import { BpmnError, ListenerResult, type EngineEvent, type JobContext } from '../../src/index';
import { testEngine } from '../support';

function ofType<T extends EngineEvent['type']>(events: EngineEvent[], type: T): Extract<EngineEvent, { type: T }>[] {
  return events.filter((e): e is Extract<EngineEvent, { type: T }> => e.type === type);
}

/** Handlers that record each job (type, listener info, variables, headers) and answer with `answers[type]`. */
function recorder(answers: Record<string, Record<string, unknown>> = {}) {
  const seen: JobContext[] = [];
  const handler = (job: JobContext) => {
    seen.push(job);
    return answers[job.type] ?? {};
  };
  return { seen, handler, types: () => seen.map((j) => j.type) };
}

describe('Feature: execution listeners (Camunda 8, zeebe:executionListeners)', () => {
  it('Scenario: start and end listeners run in model order around the element, the process listeners around the instance', async () => {
    // given
    const r = recorder({ prepare: { note: 'prepared' }, 'audit-end': { audited: true }, 'process-start': { channel: 'web' } });
    const t = testEngine();
    for (const type of ['process-start', 'audit-start', 'prepare', 'pack', 'audit-end', 'process-end']) t.engine.jobs.register(type, r.handler);
    await t.deploy('listeners/c8-execution.bpmn');
    // when
    const inst = await t.engine.start('c8Listeners', { amount: 21 });
    await t.engine.idle();
    // then: one job at a time, in model order
    expect(r.types()).toEqual(['process-start', 'audit-start', 'prepare', 'pack', 'audit-end', 'process-end']);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    // the element was entered (input mappings applied) before its start listeners, and left after its end listener
    const trail = t.trail((e) => e.type === 'activity.entered' || e.type === 'activity.left' || e.type === 'job.created' || e.type === 'process.completed');
    expect(trail.filter((x) => x.endsWith(':work') || x === 'process.completed')).toEqual([
      'activity.entered:work',
      'job.created:work',
      'job.created:work',
      'job.created:work',
      'job.created:work',
      'activity.left:work',
      'process.completed',
    ]);
    expect(ofType(t.events, 'job.created').map((e) => e.jobType)).toEqual(['process-start', 'audit-start', 'prepare', 'pack', 'audit-end', 'process-end']);
    // listeners know what they are
    expect(r.seen[0]!.listener).toEqual({ kind: 'execution', eventType: 'start', scope: 'process', index: 0, count: 1 });
    expect(r.seen[1]!.listener).toEqual({ kind: 'execution', eventType: 'start', scope: 'element', index: 0, count: 2 });
    expect(r.seen[2]!.listener).toMatchObject({ eventType: 'start', index: 1, count: 2 });
    expect(r.seen[4]!.listener).toMatchObject({ eventType: 'end', scope: 'element' });
    expect(r.seen[3]!.listener).toBeUndefined(); // the task's own job
    expect(r.seen[1]!.retriesLeft).toBe(2);
  });

  it('Scenario: start listener variables are local to the element; end listener variables go to the parent scope', async () => {
    // given
    const r = recorder({ prepare: { note: 'prepared' }, 'audit-end': { audited: true }, 'process-start': { channel: 'web' } });
    const t = testEngine();
    for (const type of ['process-start', 'audit-start', 'prepare', 'pack', 'audit-end', 'process-end']) t.engine.jobs.register(type, r.handler);
    await t.deploy('listeners/c8-execution.bpmn');
    // when
    const inst = await t.engine.start('c8Listeners', { amount: 21 });
    await t.engine.idle();
    // then: the start listener saw the input mapping's local, the task's job saw the start listener's local
    const byType = (type: string) => r.seen.find((j) => j.type === type)!;
    expect(byType('audit-start').variables).toMatchObject({ amount: 21, doubled: 42, channel: 'web' });
    expect(byType('pack').variables).toMatchObject({ doubled: 42, note: 'prepared' });
    expect(byType('audit-end').variables).toMatchObject({ note: 'prepared' });
    // the process-end listener sees what the end listener wrote to the parent scope, not the locals
    expect(byType('process-end').variables).toEqual({ amount: 21, channel: 'web', audited: true });
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ amount: 21, channel: 'web', audited: true });
  });

  it('Scenario: a listener that fails with no retries left is an incident on the element; retrying it continues', async () => {
    // given: audit-start fails (retries="2") until the cause is fixed
    let broken = true;
    const r = recorder();
    const t = testEngine();
    for (const type of ['process-start', 'prepare', 'pack', 'audit-end', 'process-end']) t.engine.jobs.register(type, r.handler);
    t.engine.jobs.register('audit-start', (job) => {
      r.seen.push(job);
      if (broken) throw new Error('audit log unreachable');
      return {};
    });
    await t.deploy('listeners/c8-execution.bpmn');
    const inst = await t.engine.start('c8Listeners', { amount: 1 });
    await t.engine.idle();
    await t.clock.advance('PT1M'); // the retry backoff
    await t.engine.idle();
    // then: two attempts, then an incident on the element; the element's own job never started
    expect(r.types()).toEqual(['process-start', 'audit-start', 'audit-start']);
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ elementId: 'work', code: 'LISTENER_FAILED' });
    expect(incident!.message).toMatch(/start listener 'audit-start' of work failed on attempt 2: audit log unreachable/);
    // when
    broken = false;
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    // then: that listener runs again, then the rest, each once
    expect(r.types()).toEqual(['process-start', 'audit-start', 'audit-start', 'audit-start', 'prepare', 'pack', 'audit-end', 'process-end']);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: a listener without a handler is the NO_HANDLER incident; registering one and retrying continues', async () => {
    // given
    const r = recorder();
    const t = testEngine();
    for (const type of ['process-start', 'audit-start', 'pack', 'audit-end', 'process-end']) t.engine.jobs.register(type, r.handler);
    await t.deploy('listeners/c8-execution.bpmn');
    const inst = await t.engine.start('c8Listeners', { amount: 1 });
    await t.engine.idle();
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ elementId: 'work', code: 'NO_HANDLER' });
    // when
    t.engine.jobs.register('prepare', r.handler);
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    // then
    expect(r.types()).toEqual(['process-start', 'audit-start', 'prepare', 'pack', 'audit-end', 'process-end']);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: what an execution listener may not do', () => {
  it('Scenario: an execution listener that denies (only task listeners can) is a LISTENER_RESULT_INVALID incident; a BPMN error is LISTENER_BPMN_ERROR', async () => {
    // given
    const t = testEngine();
    for (const type of ['process-start', 'prepare', 'pack', 'audit-end', 'process-end']) t.engine.jobs.register(type, () => ({}));
    let answer: 'deny' | 'error' | 'ok' = 'deny';
    t.engine.jobs.register('audit-start', () => {
      if (answer === 'deny') return new ListenerResult({ denied: true });
      if (answer === 'error') throw new BpmnError('AUDIT');
      return {};
    });
    await t.deploy('listeners/c8-execution.bpmn');
    const inst = await t.engine.start('c8Listeners', { amount: 1 });
    await t.engine.idle();
    // then
    const [first] = await t.engine.incidents.list(inst.id);
    expect(first).toMatchObject({ elementId: 'work', code: 'LISTENER_RESULT_INVALID' });
    expect(first!.message).toMatch(/an execution listener cannot correct or deny/);
    // when: retried, it throws a BPMN error
    answer = 'error';
    await t.engine.incidents.retry(first!.id);
    await t.engine.idle();
    const [second] = await t.engine.incidents.list(inst.id);
    expect(second).toMatchObject({ elementId: 'work', code: 'LISTENER_BPMN_ERROR' });
    // when: fixed
    answer = 'ok';
    await t.engine.incidents.retry(second!.id);
    await t.engine.idle();
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: execution listeners (Camunda 7, camunda:executionListener)', () => {
  it('Scenario: class, delegateExpression, expression and script listeners become jobs named by the one naming table, take listeners between source and target', async () => {
    // given
    const r = recorder({ 'org.acme.AuditStart': { level: 'checked' } });
    const t = testEngine();
    const types = ['org.acme.ProcessStarted', '${audit.take(execution)}', 'org.acme.AuditStart', 'prepare', 'pack', 'script:groovy', 'processEnded'];
    for (const type of types) t.engine.jobs.register(type, r.handler);
    await t.deploy('listeners/c7-execution.bpmn');
    // when
    const inst = await t.engine.start('c7Listeners', { amount: 2 });
    await t.engine.idle();
    // then
    expect(r.types()).toEqual(types);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    const take = r.seen[1]!;
    expect(take.listener).toEqual({ kind: 'execution', eventType: 'take', scope: 'flow', flowId: 'f1', index: 0, count: 1 });
    // the take listener ran after the start event was left and before the task was entered
    const trail = t.trail((e) => e.type === 'activity.left' || e.type === 'activity.entered' || e.type === 'job.created');
    expect(trail.slice(0, 4)).toEqual(['job.created:start', 'activity.entered:start', 'activity.left:start', 'job.created:work']);
    expect(trail[4]).toBe('activity.entered:work');
    // fields become headers; a script's text travels in the headers
    expect(r.seen[2]!.headers).toEqual({ level: 'info' });
    expect(r.seen[5]!.headers).toEqual({ script: 'execution.setVariable("audited", true)' });
    // the start listener's variable stayed local to the task
    expect(r.seen[4]!.variables).toMatchObject({ level: 'checked', doubled: 4 });
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ amount: 2 });
  });
});

describe('Feature: execution listeners on a multi-instance activity', () => {
  it('Scenario: start and end listeners run for each inner instance, with its locals', async () => {
    // given
    const r = recorder();
    const t = testEngine();
    for (const type of ['before-notify', 'notify', 'after-notify']) t.engine.jobs.register(type, r.handler);
    await t.deploy('listeners/c8-multi.bpmn');
    // when
    const inst = await t.engine.start('c8MultiListeners', { signers: ['ana', 'bo'] });
    await t.engine.idle();
    // then: each inner instance ran its own start listener, job and end listener
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    const perSigner = (signer: string) => r.seen.filter((j) => j.variables.signer === signer).map((j) => j.type);
    expect(perSigner('ana')).toEqual(['before-notify', 'notify', 'after-notify']);
    expect(perSigner('bo')).toEqual(['before-notify', 'notify', 'after-notify']);
    // and the body itself ran none
    expect(r.seen).toHaveLength(6);
    const jobs = ofType(t.events, 'job.created');
    const inner = new Set(ofType(t.events, 'activity.entered').filter((e) => e.elementId === 'notify').map((e) => e.executionId));
    expect(jobs.every((j) => inner.has(j.executionId))).toBe(true);
  });
});

describe('Feature: execution listeners (Flowable)', () => {
  it('Scenario: a flow listener without an event is a take listener; a Flowable script (language) becomes script:<language> with its result variable named in the headers', async () => {
    // given
    const r = recorder({ 'script:groovy': { checked: 'ok' } });
    const t = testEngine();
    for (const type of ['script:groovy', 'auditListener']) t.engine.jobs.register(type, r.handler);
    await t.deploy('listeners/flowable-execution.bpmn');
    // when
    const inst = await t.engine.start('flowableExecutionListeners', {});
    await t.engine.idle();
    // then
    expect(r.seen.map((j) => [j.type, j.listener?.eventType])).toEqual([['script:groovy', 'take'], ['auditListener', 'end']]);
    expect(r.seen[0]!.headers).toEqual({ resultVariable: 'checked', script: 'return "ok"' });
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ checked: 'ok' });
  });
});

