/** Script tasks in languages other than FEEL become jobs of type script:<format> (decision 0022). */
import { describe, expect, it } from 'vitest';
import type { JobContext } from '../../src/index';
import { testEngine } from '../support';
import { dialectFixture } from './support';

describe('Feature: non-FEEL script tasks become jobs', () => {
  it('Scenario: a Groovy script and a JavaScript resource are handed to script:<format> handlers with the script in the headers', async () => {
    // given handlers for the two script formats
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-script.bpmn') });
    const jobs: JobContext[] = [];
    t.engine.jobs.register('script:groovy', (job) => {
      jobs.push(job);
      const amount = job.variables.amount as number;
      return { [job.headers.resultVariable!]: amount > 100 ? amount * 0.1 : 0 };
    });
    t.engine.jobs.register('script:javascript', (job) => {
      jobs.push(job);
      return { audited: true };
    });
    // when
    const inst = await t.engine.start('c7Script', { amount: 250 });
    await t.engine.idle();
    // then
    expect(jobs.map((j) => [j.type, j.headers])).toEqual([
      ['script:groovy', { scriptFormat: 'groovy', script: 'amount > 100 ? amount * 0.1 : 0', resultVariable: 'discount' }],
      ['script:javascript', { scriptFormat: 'JavaScript', resource: 'deployment://scripts/audit.js' }],
    ]);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { amount: 250, discount: 25, audited: true } });
  });

  it('Scenario: without a handler for script:groovy the script is never run: a NO_HANDLER incident', async () => {
    const t = testEngine();
    await t.engine.deploy({ bpmn: dialectFixture('camunda7-script.bpmn') });
    const inst = await t.engine.start('c7Script', { amount: 250 });
    await t.engine.idle();
    expect(await t.engine.incidents.list(inst.id)).toMatchObject([{ code: 'NO_HANDLER', elementId: 'discount' }]);
  });

  it('Scenario: a script in a condition stays refused', async () => {
    const xml = dialectFixture('camunda7-gateways.bpmn').replace(
      '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">=vip = true</bpmn:conditionExpression>',
      '<bpmn:conditionExpression xsi:type="bpmn:tFormalExpression" language="groovy" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">vip == true</bpmn:conditionExpression>',
    );
    const err = await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e);
    expect((err as { problems: unknown[] }).problems).toContainEqual(expect.objectContaining({ code: 'SCRIPT_LANGUAGE', elementId: 'toVip' }));
  });

  it('Scenario: a script resource without a format is a deploy problem', async () => {
    const xml = dialectFixture('camunda7-script.bpmn').replace('scriptFormat="JavaScript" ', '');
    const err = await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e);
    expect((err as { problems: unknown[] }).problems).toContainEqual(expect.objectContaining({ code: 'SCRIPT_LANGUAGE', elementId: 'audit' }));
  });
});
