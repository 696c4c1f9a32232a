/**
 * Camunda 7 input / output parameters whose values are Freemarker, JavaScript… scripts are jobs
 * of type script:<format> (decision 0031): the engine never evaluates them; the handler gives
 * the value, and the mappings go on in order.
 */
import { describe, expect, it } from 'vitest';
import { DeployError, type JobContext } from '../../src/index';
import { testEngine } from '../support';
import { dialectFixture } from './support';

const APPLICATION = { applicant: 'Ana Li', number: 'A-7' };

/** Handlers: a tiny template renderer for freemarker (the host's), the two external topics, and the JavaScript output. */
function handlers(t: ReturnType<typeof testEngine>, seen: JobContext[]) {
  t.engine.jobs.register('script:freemarker', (job) => {
    seen.push(structuredClone({ ...job }));
    const app = job.variables.application as Record<string, string>;
    return { [job.headers.resultVariable!]: job.headers.script!.replace(/\$\{application\.(\w+)\}/g, (_, k: string) => app[k]!) };
  });
  t.engine.jobs.register('emailService', (job) => {
    seen.push(structuredClone({ ...job }));
    return {};
  });
  t.engine.jobs.register('quote', () => ({ price: 100 }));
  t.engine.jobs.register('script:javascript', (job) => {
    seen.push(structuredClone({ ...job }));
    return { order: { total: (job.variables.price as number) * 1.1, currency: 'EUR' } };
  });
}

describe('Feature: script parameters become jobs', () => {
  it('Scenario: a Freemarker input and a JavaScript output are given by script:<format> handlers, in mapping order', async () => {
    // given
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-script-mappings.bpmn') });
    const seen: JobContext[] = [];
    handlers(t, seen);
    // when
    const inst = await t.engine.start('c7ScriptMappings', { application: APPLICATION });
    await t.engine.idle();
    // then the freemarker job got the script and the variables so far; the send task saw every input
    const [body, email, order] = seen;
    expect(body).toMatchObject({ type: 'script:freemarker', elementId: 'sendPolicy', headers: { scriptFormat: 'freemarker', script: expect.stringContaining('Dear ${application.applicant}'), resultVariable: 'mailBody', mapping: 'input' } });
    expect(body!.variables).toEqual({ application: APPLICATION });
    expect(email!.variables).toEqual({ application: APPLICATION, mailBody: 'Dear Ana Li, your request A-7 was accepted.', mailSubject: 'Your request was issued', preview: 'Dear Ana Li, your request A-7 was accepted.' });
    // and the JavaScript output saw the task's result; all outputs left together, the result stayed local
    expect(order).toMatchObject({ type: 'script:javascript', elementId: 'quote', headers: { scriptFormat: 'JavaScript', resultVariable: 'order', mapping: 'output' } });
    expect(order!.variables).toMatchObject({ price: 100 });
    const info = await t.engine.instances.get(inst.id);
    expect(info).toMatchObject({ status: 'completed' });
    expect(info!.variables).toEqual({ application: APPLICATION, net: 100, order: { total: 110.00000000000001, currency: 'EUR' }, quoted: true });
    // and the history shows the script job before the element is entered
    expect(t.trail((e) => e.type === 'job.created' || e.type === 'activity.entered').slice(1, 4)).toEqual(['job.created:sendPolicy', 'activity.entered:sendPolicy', 'job.created:sendPolicy']);
  });

  it('Scenario: without a handler the script never runs: an incident; registering one and retrying goes on', async () => {
    // given no script:freemarker handler
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-script-mappings.bpmn') });
    const inst = await t.engine.start('c7ScriptMappings', { application: APPLICATION });
    await t.engine.idle();
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'NO_HANDLER', elementId: 'sendPolicy', message: expect.stringContaining("input mapping to 'mailBody'") });
    // when the host registers the handlers and retries
    handlers(t, []);
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: a handler that returns anything but the parameter is an incident; the fixed handler runs again', async () => {
    // given a freemarker handler that returns the wrong variable
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-script-mappings.bpmn') });
    handlers(t, []);
    t.engine.jobs.register('script:freemarker', () => ({ body: 'oops' }));
    const inst = await t.engine.start('c7ScriptMappings', { application: APPLICATION });
    await t.engine.idle();
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ code: 'SCRIPT_RESULT_INVALID', elementId: 'sendPolicy', message: expect.stringContaining("returned 'body' instead of exactly { mailBody: value }") });
    // when fixed and retried
    t.engine.jobs.register('script:freemarker', () => ({ mailBody: 'Dear Ana' }));
    await t.engine.incidents.retry(incident!.id);
    await t.engine.idle();
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });

  it('Scenario: on a multi-instance task each inner instance runs its own script job with its item; cancelling the instance ends a waiting one', async () => {
    // given the send task for each of two applications
    const xml = dialectFixture('camunda7-script-mappings.bpmn').replace('</camunda:inputOutput>\n      </bpmn:extensionElements>\n    </bpmn:sendTask>', '</camunda:inputOutput>\n      </bpmn:extensionElements>\n      <bpmn:multiInstanceLoopCharacteristics camunda:collection="${applications}" camunda:elementVariable="application" />\n    </bpmn:sendTask>');
    const t = testEngine();
    await t.engine.deploy({ bpmn: xml });
    const seen: JobContext[] = [];
    handlers(t, seen);
    // when
    const inst = await t.engine.start('c7ScriptMappings', { applications: [APPLICATION, { applicant: 'Bo Wu', number: 'A-8' }] });
    await t.engine.idle();
    // then
    expect(seen.filter((j) => j.type === 'emailService').map((j) => j.variables.mailBody)).toEqual(['Dear Ana Li, your request A-7 was accepted.', 'Dear Bo Wu, your request A-8 was accepted.']);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    // and an instance cancelled while its script job waits (no handler) ends cleanly
    const u = testEngine();
    await u.engine.deploy({ bpmn: xml });
    const waiting = await u.engine.start('c7ScriptMappings', { applications: [APPLICATION] });
    await u.engine.idle();
    await u.engine.instances.cancel(waiting.id);
    expect((await u.engine.instances.get(waiting.id))?.status).toBe('terminated');
  });

  it('Scenario: a script inside a list, or a resource without a format, is refused with a hint', async () => {
    const inList = dialectFixture('camunda7-script-mappings.bpmn').replace('<camunda:inputParameter name="mailSubject">Your request was issued</camunda:inputParameter>', '<camunda:inputParameter name="lines"><camunda:list><camunda:script scriptFormat="groovy">1</camunda:script></camunda:list></camunda:inputParameter>');
    const noFormat = dialectFixture('camunda7-script-mappings.bpmn').replace('<camunda:script scriptFormat="JavaScript">({ total: price * 1.1, currency: \'EUR\' })</camunda:script>', '<camunda:script resource="deployment://order.js" />');
    for (const [xml, code, where] of [
      [inList, 'SCRIPT_LANGUAGE', 'sendPolicy'],
      [noFormat, 'SCRIPT_LANGUAGE', 'quote'],
    ] as const) {
      const err = await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DeployError);
      expect((err as DeployError).problems.map((p) => [p.code, p.elementId])).toEqual([[code, where]]);
      expect((err as DeployError).problems[0]!.hint).toMatch(/scriptFormat|FEEL/);
    }
  });
});
