/**
 * Camunda 7 Java implementations run as jobs for host handlers (decision 0022):
 * class, delegateExpression, expression, connector; fields as headers; retry cycles.
 */
import { describe, expect, it } from 'vitest';
import type { JobContext } from '../../src/index';
import { testEngine } from '../support';
import { dialectFixture } from './support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');

describe('Feature: Camunda 7 delegates become jobs', () => {
  it('Scenario: class, delegateExpression, expression and connector tasks call the handlers registered under those names', async () => {
    // given a Camunda 7 file with four implementations and a handler for each job type
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-delegates.bpmn') });
    const seen: JobContext[] = [];
    const record = (out: Record<string, unknown>) => (job: JobContext) => {
      seen.push(structuredClone({ ...job }));
      return out;
    };
    t.engine.jobs.register('org.acme.Archive', record({ archived: true }));
    t.engine.jobs.register('notifyDelegate', record({ notified: true }));
    t.engine.jobs.register('${invoiceService.total(execution)}', (job) => {
      seen.push(structuredClone({ ...job }));
      return { [job.headers.resultVariable!]: 120 };
    });
    t.engine.jobs.register('connector:http-connector', record({ response: { id: 'erp-7' } }));
    // when
    const inst = await t.engine.start('c7Delegates', { creditor: 'ACME' });
    await t.engine.idle();
    // then every job ran once, in order, with its implementation and fields as headers
    expect(seen.map((j) => j.type)).toEqual(['org.acme.Archive', 'notifyDelegate', '${invoiceService.total(execution)}', 'connector:http-connector']);
    expect(seen[0]).toMatchObject({ elementId: 'archive', retriesLeft: 2, headers: { class: 'org.acme.Archive', bucket: 'invoices', prefix: '2026/', owner: '${creditor}' } });
    expect(seen[1]!.headers).toEqual({ delegateExpression: '${notifyDelegate}' });
    expect(seen[2]!.headers).toEqual({ expression: '${invoiceService.total(execution)}', resultVariable: 'total' });
    // the connector's input mapping is applied: the handler sees url and payload
    expect(seen[3]).toMatchObject({ headers: { connectorId: 'http-connector' }, variables: { url: 'https://erp.example/invoices', payload: 120 } });
    const info = await t.engine.instances.get(inst.id);
    expect(info).toMatchObject({ status: 'completed', variables: { creditor: 'ACME', archived: true, notified: true, total: 120, erpId: 'erp-7' } });
  });

  it('Scenario: a class without a registered handler is the NO_HANDLER incident; registering it and retrying completes', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-delegates.bpmn') });
    // when no handler for org.acme.Archive is registered
    const inst = await t.engine.start('c7Delegates', {});
    await t.engine.idle();
    // then
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'NO_HANDLER', elementId: 'archive' });
    expect(incident!.message).toContain("engine.jobs.register('org.acme.Archive'");
    // and when the host registers it and retries
    t.engine.jobs.register('org.acme.Archive', () => ({ archived: true }));
    t.engine.jobs.register('notifyDelegate', () => undefined);
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    expect((await t.engine.instances.get(inst.id))?.variables).toMatchObject({ archived: true });
  });

  it('Scenario: camunda:failedJobRetryTimeCycle R2/PT10M gives two attempts ten minutes apart, then an incident', async () => {
    // given a failing Archive handler
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-delegates.bpmn') });
    const attempts: number[] = [];
    t.engine.jobs.register('org.acme.Archive', (job) => {
      attempts.push(job.now - T0);
      throw new Error('archive offline');
    });
    // when
    const inst = await t.engine.start('c7Delegates', {});
    await t.engine.idle();
    await t.clock.advance('PT9M');
    await t.engine.idle();
    expect(attempts).toEqual([0]);
    await t.clock.advance('PT1M');
    await t.engine.idle();
    // then
    expect(attempts).toEqual([0, 10 * 60_000]);
    expect(await t.engine.incidents.list(inst.id)).toMatchObject([{ code: 'JOB_FAILED', elementId: 'archive' }]);
  });

  it('Scenario: camunda:failedJobRetryTimeCycle R0/PT1S is one attempt: the first failure is an incident (Camunda 7 sets retries to 0)', async () => {
    // given the Archive task with R0 and a failing handler
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-delegates.bpmn').replace('R2/PT10M', 'R0/PT1S') });
    const attempts: number[] = [];
    t.engine.jobs.register('org.acme.Archive', (job) => {
      attempts.push(job.retriesLeft);
      throw new Error('archive offline');
    });
    // when
    const inst = await t.engine.start('c7Delegates', {});
    await t.engine.idle();
    await t.clock.advance('PT1H');
    await t.engine.idle();
    // then one attempt, and the incident
    expect(attempts).toEqual([1]);
    expect(await t.engine.incidents.list(inst.id)).toMatchObject([{ code: 'JOB_FAILED', elementId: 'archive' }]);
  });

  it('Scenario: an empty camunda:failedJobRetryTimeCycle is the engine default, as in Camunda 7 (and a bad one is still refused)', async () => {
    // given the Archive task with an empty cycle, as a modeler leaves it when the field is cleared
    const empty = dialectFixture('camunda7-delegates.bpmn').replace('<camunda:failedJobRetryTimeCycle>R2/PT10M</camunda:failedJobRetryTimeCycle>', '<camunda:failedJobRetryTimeCycle />');
    const t = testEngine({ retryBackoff: () => 60_000 });
    await t.engine.deploy({ bpmn: empty });
    const attempts: number[] = [];
    t.engine.jobs.register('org.acme.Archive', (job) => {
      attempts.push(job.now - T0);
      throw new Error('archive offline');
    });
    // when
    const inst = await t.engine.start('c7Delegates', {});
    for (let i = 0; i < 5; i++) {
      await t.engine.idle();
      await t.clock.advance('PT1M');
    }
    await t.engine.idle();
    // then the engine's default: three attempts, the engine's backoff between them
    expect(attempts).toEqual([0, 60_000, 120_000]);
    expect(await t.engine.incidents.list(inst.id)).toMatchObject([{ code: 'JOB_FAILED', elementId: 'archive' }]);
    // and a cycle Camunda 7 cannot read either is still a deploy problem
    const bad = dialectFixture('camunda7-delegates.bpmn').replace('R2/PT10M', 'R2/10s');
    const err = await testEngine().engine.deploy({ bpmn: bad }).catch((e: unknown) => e);
    expect((err as { problems: { code: string; elementId: string; hint: string }[] }).problems).toEqual([expect.objectContaining({ code: 'INVALID_RETRY_CYCLE', elementId: 'archive', hint: expect.stringContaining('R3/PT10M') })]);
  });

  it('Scenario: a message end event with camunda:class is a job too', async () => {
    // given
    const xml = dialectFixture('camunda7-delegates.bpmn')
      .replace('<bpmn:endEvent id="done" />', '<bpmn:endEvent id="done"><bpmn:messageEventDefinition id="m" camunda:class="org.acme.SendReceipt" /></bpmn:endEvent>');
    const t = testEngine();
    await t.engine.deploy({ bpmn: xml });
    const types: string[] = [];
    for (const type of ['org.acme.Archive', 'notifyDelegate', '${invoiceService.total(execution)}', 'connector:http-connector', 'org.acme.SendReceipt']) {
      t.engine.jobs.register(type, (job) => {
        types.push(job.type);
        return type.startsWith('connector') ? { response: { id: 1 } } : type.startsWith('$') ? { total: 1 } : {};
      });
    }
    // when
    const inst = await t.engine.start('c7Delegates', {});
    await t.engine.idle();
    // then
    expect(types.at(-1)).toBe('org.acme.SendReceipt');
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: a business rule task with a delegate and a Flowable mail task are jobs too', async () => {
    // given a business rule task implemented by a bean, and a built-in Flowable task type
    const xml = dialectFixture('camunda7-delegates.bpmn')
      .replace('<bpmn:serviceTask id="notify" name="Notify" camunda:delegateExpression="${notifyDelegate}" />', '<bpmn:businessRuleTask id="notify" name="Rate" camunda:delegateExpression="${ratingRules}" camunda:resultVariable="rating" />')
      .replace('<bpmn:serviceTask id="total" name="Total" camunda:expression="${invoiceService.total(execution)}" camunda:resultVariable="total" />', '<bpmn:serviceTask id="total" name="Mail" camunda:type="mail"><bpmn:extensionElements><camunda:field name="to" stringValue="ap@acme.example" /></bpmn:extensionElements></bpmn:serviceTask>');
    const t = testEngine();
    await t.engine.deploy({ bpmn: xml });
    const seen: JobContext[] = [];
    t.engine.jobs.register('org.acme.Archive', () => ({}));
    t.engine.jobs.register('ratingRules', (job) => {
      seen.push(job);
      return { [job.headers.resultVariable!]: 'A' };
    });
    t.engine.jobs.register('mail', (job) => {
      seen.push(job);
      return { total: 5 };
    });
    t.engine.jobs.register('connector:http-connector', () => ({ response: { id: 2 } }));
    // when
    const inst = await t.engine.start('c7Delegates', {});
    await t.engine.idle();
    // then
    expect(seen.map((j) => [j.type, j.headers])).toEqual([
      ['ratingRules', { delegateExpression: '${ratingRules}', resultVariable: 'rating' }],
      ['mail', { to: 'ap@acme.example' }],
    ]);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { rating: 'A', total: 5, erpId: 2 } });
  });

  it.each([
    ['two implementations', 'camunda:class="org.acme.Archive"', 'camunda:class="org.acme.Archive" camunda:delegateExpression="${x}"', 'INVALID_ATTRIBUTE'],
    ['a retry cycle that is not ISO 8601', 'R2/PT10M', 'R2/ten minutes', 'INVALID_RETRY_CYCLE'],
    ['a field without a value', '<camunda:field name="bucket" stringValue="invoices" />', '<camunda:field name="bucket" />', 'INVALID_ATTRIBUTE'],
    ['a connector without an id', '<camunda:connectorId>http-connector</camunda:connectorId>', '', 'INVALID_ATTRIBUTE'],
  ])('Scenario: %s is a deploy problem naming the element', async (_what, from, to, code) => {
    const t = testEngine();
    const err = await t.engine.deploy({ bpmn: dialectFixture('camunda7-delegates.bpmn').replace(from, to) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'DeployError' });
    expect((err as { problems: { code: string; elementId?: string; hint: string }[] }).problems).toContainEqual(expect.objectContaining({ code, elementId: expect.stringMatching(/archive|post/) }));
  });
});
