import { describe, expect, it } from 'vitest';
import { BpmnError, type EngineEvent, type JobContext, type JobHandler } from '../../src/index';
import { testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const jobEvents = (e: EngineEvent) => e.type.startsWith('job.') || e.type.startsWith('incident.');

/** A handler that records each call (a snapshot of its context) and runs `body`. */
function recording(body: (job: JobContext, call: number) => ReturnType<JobHandler>) {
  const calls: (JobContext & { now?: number })[] = [];
  const handler: JobHandler = (job) => {
    calls.push(structuredClone({ ...job }));
    return body(job, calls.length);
  };
  return { calls, handler };
}

describe('Feature: service task handlers', () => {
  it('Scenario: handlers are found by zeebe:taskDefinition type, camunda:topic and element id; outputs are merged', async () => {
    // given one handler from createEngine, one from deploy, one registered later
    const charge = recording((job) => ({ charged: (job.variables.amount as number) * 100 }));
    const notify = recording(() => ({ notified: true }));
    const archive = recording(() => ({ archived: 'box-7' }));
    const t = testEngine({ handlers: { 'payment.charge': charge.handler } });
    await t.deploy('scenarios/service-types.bpmn', { handlers: { 'customer-notify': notify.handler } });
    t.engine.jobs.register('archive', archive.handler);
    // when
    const inst = await t.engine.start('serviceTypes', { amount: 12 }, { businessKey: 'order-1' });
    await t.engine.idle();
    // then
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { amount: 12, charged: 1200, notified: true, archived: 'box-7' } });
    expect([charge.calls.length, notify.calls.length, archive.calls.length]).toEqual([1, 1, 1]);
    expect(t.trail(jobEvents)).toEqual(['job.created:charge', 'job.completed:charge', 'job.created:notify', 'job.completed:notify', 'job.created:archive', 'job.completed:archive']);
    expect(charge.calls[0]).toEqual({
      jobId: 'inst-1/2',
      type: 'payment.charge',
      instanceId: inst.id,
      processId: 'serviceTypes',
      businessKey: 'order-1',
      elementId: 'charge',
      attempt: 1,
      retriesLeft: 2,
      headers: { currency: 'CNY', channel: 'hall' },
      variables: { amount: 12 },
      now: Date.parse('2026-03-02T09:00:00+08:00'), // the engine's (virtual) clock, not the wall clock
    });
    expect(notify.calls[0]).toMatchObject({ type: 'customer-notify', elementId: 'notify', retriesLeft: 3, headers: {}, variables: { amount: 12, charged: 1200 } });
    expect(archive.calls[0]).toMatchObject({ type: 'archive', elementId: 'archive', variables: { amount: 12, charged: 1200, notified: true } });
    expect(t.events.find((e) => e.type === 'job.created')).toMatchObject({ jobId: 'inst-1/2', jobType: 'payment.charge', attempt: 1, retriesLeft: 2 });
  });

  it('Scenario: a handler gets a copy of the variables; changing it does not change the instance', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/service-single.bpmn', {
      handlers: {
        'crm.lookup': (job: JobContext) => {
          (job.variables as Record<string, unknown>).phone = 'tampered';
          (job.variables.customer as Record<string, unknown>).name = 'tampered';
          return { found: true };
        },
      },
    });
    // when
    const inst = await t.engine.start('serviceSingle', { phone: '138', customer: { name: 'Li' } });
    await t.engine.idle();
    // then
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ phone: '138', customer: { name: 'Li' }, found: true });
  });

  it('Scenario: a handler failing twice is retried with backoff on the clock, then completes', async () => {
    // given
    const t = testEngine();
    const flaky = recording((_job, call) => {
      if (call < 3) throw new Error(`CRM timeout #${call}`);
      return { customerId: 'c-9' };
    });
    const times: number[] = [];
    await t.deploy('scenarios/service-single.bpmn', {
      handlers: {
        'crm.lookup': (job: JobContext) => {
          times.push(t.clock.now());
          return flaky.handler(job);
        },
      },
    });
    // when
    const inst = await t.engine.start('serviceSingle');
    await t.engine.idle();
    // then the first attempt failed and the second waits for 1 s
    expect(flaky.calls.length).toBe(1);
    await t.clock.advance(999);
    expect(flaky.calls.length).toBe(1);
    await t.clock.advance(1);
    expect(flaky.calls.length).toBe(2);
    // and the third waits 2 s more
    await t.clock.advance(1999);
    expect(flaky.calls.length).toBe(2);
    await t.clock.advance(1);
    await t.engine.idle();
    expect(flaky.calls.length).toBe(3);
    expect(times).toEqual([T0, T0 + 1000, T0 + 3000]);
    expect(flaky.calls.map((c) => [c.jobId, c.attempt, c.retriesLeft])).toEqual([
      ['inst-1/2', 1, 3],
      ['inst-1/2', 2, 2],
      ['inst-1/2', 3, 1],
    ]);
    expect(t.trail(jobEvents)).toEqual(['job.created:lookup', 'job.failed:lookup', 'job.failed:lookup', 'job.completed:lookup']);
    const failed = t.events.filter((e) => e.type === 'job.failed');
    expect(failed.map((e) => [e.attempt, e.retriesLeft, e.error])).toEqual([
      [1, 2, 'CRM timeout #1'],
      [2, 1, 'CRM timeout #2'],
    ]);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { customerId: 'c-9' } });
    // and nothing runs again later
    await t.clock.advance('PT1H');
    expect(flaky.calls.length).toBe(3);
  });

  it('Scenario: a handler failing every attempt raises JOB_FAILED; retrying the incident runs it again', async () => {
    // given
    const t = testEngine();
    let healthy = false;
    const h = recording(() => {
      if (!healthy) throw new Error('CRM down');
      return { customerId: 'c-1' };
    });
    await t.deploy('scenarios/service-single.bpmn', { handlers: { 'crm.lookup': h.handler } });
    const inst = await t.engine.start('serviceSingle');
    await t.engine.idle();
    // when every retry is used up
    await t.clock.advance('PT1M');
    // then
    expect(h.calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ instanceId: inst.id, elementId: 'lookup', code: 'JOB_FAILED' });
    expect(incident!.message).toContain('CRM down');
    expect(t.events.filter((e) => e.type === 'job.failed').map((e) => e.retriesLeft)).toEqual([2, 1, 0]);
    await t.clock.advance('PT1H');
    expect(h.calls.length).toBe(3);
    // when the cause is fixed and the incident retried
    healthy = true;
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    // then
    expect(h.calls.length).toBe(4);
    expect(h.calls[3]).toMatchObject({ jobId: h.calls[0]!.jobId, attempt: 4, retriesLeft: 3 });
    expect(await t.engine.incidents.list(inst.id)).toEqual([]);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { customerId: 'c-1' } });
    expect(t.trail((e) => e.type.startsWith('incident.') || e.type === 'job.completed')).toEqual(['incident.raised:lookup', 'incident.resolved:lookup', 'job.completed:lookup']);
  });

  it('Scenario: a BpmnError from a handler takes the error boundary on the task, without retries', async () => {
    // given
    const t = testEngine();
    const h = recording(() => {
      throw new BpmnError('PAYMENT_DECLINED', 'card declined', { declineReason: 'insufficient funds' });
    });
    await t.deploy('scenarios/service-bpmn-error.bpmn', { handlers: { payment: h.handler } });
    // when
    const inst = await t.engine.start('serviceBpmnError', { amount: 5 });
    await t.engine.idle();
    // then
    expect(h.calls.length).toBe(1);
    expect(t.trail((e) => jobEvents(e) || ['error.thrown', 'activity.cancelled', 'task.created'].includes(e.type))).toEqual([
      'job.created:pay',
      'error.thrown:pay',
      'activity.cancelled:pay',
      'task.created:fixPayment',
    ]);
    expect(t.events.find((e) => e.type === 'error.thrown')).toMatchObject({ code: 'PAYMENT_DECLINED', caughtBy: 'declined' });
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'active', activeElements: ['fixPayment'], variables: { amount: 5, declineReason: 'insufficient funds' } });
    await t.clock.advance('PT1H');
    expect(h.calls.length).toBe(1);
  });

  it('Scenario: a BpmnError no boundary catches raises UNHANDLED_ERROR', async () => {
    // given
    const t = testEngine();
    let code = 'FRAUD_SUSPECTED';
    const h = recording(() => {
      if (code) throw new BpmnError(code);
      return { paid: true };
    });
    await t.deploy('scenarios/service-bpmn-error.bpmn', { handlers: { payment: h.handler } });
    // when
    const inst = await t.engine.start('serviceBpmnError');
    await t.engine.idle();
    // then
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ elementId: 'pay', code: 'UNHANDLED_ERROR' });
    expect(incident!.message).toContain('FRAUD_SUSPECTED');
    // when the incident is retried and the handler succeeds
    code = '';
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    // then
    expect(h.calls.length).toBe(2);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { paid: true } });
  });

  it('Scenario: no handler raises NO_HANDLER at once; registering one and retrying continues', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/service-single.bpmn');
    // when
    const inst = await t.engine.start('serviceSingle');
    await t.engine.idle();
    // then
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ elementId: 'lookup', code: 'NO_HANDLER' });
    expect(incident!.message).toContain("engine.jobs.register('crm.lookup'");
    expect(t.events.filter((e) => e.type === 'job.failed').map((e) => e.retriesLeft)).toEqual([0]);
    // when
    const h = recording(() => ({ customerId: 'c-2' }));
    t.engine.jobs.register('crm.lookup', h.handler);
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    // then
    expect(h.calls.length).toBe(1);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', incidents: [], variables: { customerId: 'c-2' } });
  });

  it('Scenario: a send task runs its handler like a service task', async () => {
    // given
    const t = testEngine();
    const h = recording((job) => ({ sentTo: job.variables.email }));
    await t.deploy('scenarios/send-task.bpmn', { handlers: { email: h.handler } });
    // when
    const inst = await t.engine.start('sendTask', { email: 'li@example.com' });
    await t.engine.idle();
    // then
    expect(h.calls[0]).toMatchObject({ type: 'email', elementId: 'sendConfirmation', headers: { template: 'order-confirmed' }, attempt: 1 });
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { email: 'li@example.com', sentTo: 'li@example.com' } });
    expect(t.trail(jobEvents)).toEqual(['job.created:sendConfirmation', 'job.completed:sendConfirmation']);
  });

  it('Scenario: a handler finishing after its instance was cancelled does not resurrect it', async () => {
    // given a handler that waits until released
    const t = testEngine();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    await t.deploy('scenarios/service-single.bpmn', {
      handlers: {
        'crm.lookup': async () => {
          entered = true;
          await gate;
          return { customerId: 'late' };
        },
      },
    });
    const inst = await t.engine.start('serviceSingle');
    await Promise.resolve();
    expect(entered).toBe(true);
    // when
    await t.engine.instances.cancel(inst.id);
    const trailAtCancel = t.trail();
    release();
    await t.engine.idle();
    // then
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'terminated', activeElements: [], variables: {} });
    expect(t.trail()).toEqual(trailAtCancel);
    expect(trailAtCancel.slice(-2)).toEqual(['activity.cancelled:lookup', 'process.terminated']);
    expect((await t.engine.history(inst.id)).map((e) => e.type)).not.toContain('job.completed');
  });

  it('Scenario: a failing handler of a cancelled instance schedules no retry', async () => {
    // given
    const t = testEngine();
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let calls = 0;
    await t.deploy('scenarios/service-single.bpmn', {
      handlers: {
        'crm.lookup': async () => {
          calls++;
          await gate;
          throw new Error('too late anyway');
        },
      },
    });
    const inst = await t.engine.start('serviceSingle');
    // when
    await t.engine.instances.cancel(inst.id, 'customer withdrew');
    release();
    await t.engine.idle();
    await t.clock.advance('PT1H');
    // then
    expect(calls).toBe(1);
    expect(t.events.find((e) => e.type === 'process.terminated')).toMatchObject({ reason: 'customer withdrew' });
    expect(t.trail((e) => e.type === 'job.failed' || e.type === 'incident.raised')).toEqual([]);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('terminated');
    expect(await t.engine.tasks.query({ instanceId: inst.id })).toEqual([]);
  });
});
