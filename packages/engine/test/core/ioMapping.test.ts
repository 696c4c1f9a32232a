/**
 * Feature: input / output variable mappings and variable scopes (Camunda 8 rules), in
 * both dialects: `zeebe:ioMapping` and `camunda:inputOutput`.
 */
import { describe, expect, it } from 'vitest';
import { DeployError, type JobContext } from '../../src/index';
import { actor, testEngine } from '../support';

const clerk = actor('ana', 'clerk');

describe('Feature: zeebe:ioMapping on a service task', () => {
  it('Scenario: the handler sees the inputs; only the mapped output leaves the task', async () => {
    // given
    const t = testEngine();
    const seen: Record<string, unknown>[] = [];
    await t.deploy('core/zeebe-io-mapping.bpmn', {
      handlers: {
        'crm-lookup': (job: JobContext) => {
          seen.push(job.variables);
          return { result: { name: 'Li', id: job.variables.customerId }, junk: 1 };
        },
      },
    });
    // when
    const inst = await t.engine.start('ioMapping', { customer: { id: 42 } });
    await t.engine.idle();
    // then
    expect(seen).toEqual([{ customer: { id: 42 }, customerId: 42 }]);
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ customer: { name: 'Li', id: 42 } });
  });
});

describe('Feature: scopes — subprocess locals, task locals, nested targets', () => {
  it('Scenario: inputs are locals of their element; outputs go to the enclosing scope; results without outputs merge where the name lives', async () => {
    // given
    const t = testEngine();
    await t.deploy('core/io-scopes.bpmn');
    const inst = await t.engine.start('ioScopes', { amount: 50, applicant: { name: 'Li' }, rounds: 0, decision: { by: 'desk' } });
    // when the task waits inside the subprocess
    const [task] = await t.openTasks(inst.id);
    // then the task sees its inputs and the subprocess's; the instance does not
    expect(await t.engine.tasks.variables(task!.id)).toEqual({
      amount: 50, applicant: { name: 'Li' }, rounds: 1, decision: { by: 'desk' },
      limit: 100, label: 'fixed text',
      who: 'Li', form: { limit: 100, label: 'fixed text' },
    });
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ amount: 50, applicant: { name: 'Li' }, rounds: 1, decision: { by: 'desk' } });
    // when
    await t.engine.tasks.complete(task!.id, clerk, { ok: true, note: 'fine' });
    // then: the task's results stayed local (it maps its outputs); verdict reached the root
    // (no scope held it); the subprocess output merged into decision, keeping its fields
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ amount: 50, applicant: { name: 'Li' }, rounds: 1, decision: { by: 'desk', verdict: true }, verdict: true });
  });

  it('Scenario: an input that cannot be evaluated is an IO_MAPPING incident; retrying with the variable continues', async () => {
    // given
    const t = testEngine();
    await t.deploy('core/io-scopes.bpmn');
    const inst = await t.engine.start('ioScopes', { amount: 50, rounds: 0 });
    // then: applicant is missing for the task's input `who`
    const [incident] = (await t.engine.instances.get(inst.id))!.incidents;
    expect(incident).toMatchObject({ code: 'IO_MAPPING', elementId: 'check' });
    expect(incident!.message).toMatch(/input mapping to 'who' of check failed/);
    expect(await t.openTasks(inst.id)).toEqual([]);
    // when
    await t.engine.incidents.retry(incident!.id, { variables: { applicant: { name: 'Bo' } } });
    // then
    const [task] = await t.openTasks(inst.id);
    expect((await t.engine.tasks.variables(task!.id)).who).toBe('Bo');
  });

  it('Scenario: an output that cannot be evaluated stops the token with an incident; the task cannot be completed twice; retry continues', async () => {
    // given
    const t = testEngine();
    await t.deploy('core/io-scopes.bpmn');
    const inst = await t.engine.start('ioScopes', { amount: 50, applicant: { name: 'Li' }, rounds: 0 });
    const [task] = await t.openTasks(inst.id);
    // when the output `ok and amount <= limit` has no `ok`
    await t.engine.tasks.complete(task!.id, clerk, {});
    // then
    const [incident] = (await t.engine.instances.get(inst.id))!.incidents;
    expect(incident).toMatchObject({ code: 'IO_MAPPING', elementId: 'check' });
    await expect(t.engine.tasks.complete(task!.id, clerk, { ok: true })).rejects.toMatchObject({ code: 'TASK_NOT_OPEN' });
    // when
    await t.engine.incidents.retry(incident!.id, { variables: { ok: false } });
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toMatchObject({ verdict: false, decision: { verdict: false } });
  });
});

describe('Feature: camunda:inputOutput (Camunda 7)', () => {
  it('Scenario: text, FEEL, list and map inputs; FEEL output parameters; nothing else leaves the task', async () => {
    // given
    const t = testEngine();
    await t.deploy('core/camunda-io.bpmn');
    const inst = await t.engine.start('camundaIo', { customer: { name: 'Li', phone: '123' } });
    const [task] = await t.openTasks(inst.id);
    // then
    expect(await t.engine.tasks.variables(task!.id)).toEqual({
      customer: { name: 'Li', phone: '123' },
      channel: 'hotline',
      customerName: 'Li',
      steps: ['call', 'Li'],
      contact: { phone: '123', tags: ['vip'] },
    });
    // when
    await t.engine.tasks.complete(task!.id, actor('bo', 'sales'), { price: 2, qty: 3 });
    // then
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ customer: { name: 'Li', phone: '123' }, total: 6, quotedBy: 'hotline' });
  });
});

function process(extension: string, element = '<bpmn:task id="a">EXT</bpmn:task>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />
    ${element.replace('EXT', `<bpmn:extensionElements>${extension}</bpmn:extensionElements>`)}
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
}

describe('Feature: bad mappings are refused at deploy with the element and a hint', () => {
  it.each([
    ['a target that is not a path', '<zeebe:ioMapping><zeebe:input source="=1" target="a..b" /></zeebe:ioMapping>', 'INVALID_IO_MAPPING', /target 'a\.\.b'/],
    ['a missing source', '<zeebe:ioMapping><zeebe:input target="x" /></zeebe:ioMapping>', 'INVALID_IO_MAPPING', /has no source/],
    ['bad FEEL', '<zeebe:ioMapping><zeebe:output source="=a &gt; &gt; 3" target="x" /></zeebe:ioMapping>', 'FEEL_SYNTAX', /zeebe:output 'x'/],
    // a whole parameter in JavaScript is a script:javascript job (test/camunda7/scriptMappings.test.ts); inside a list it cannot be
    ['a JavaScript script inside a list', '<camunda:inputOutput><camunda:inputParameter name="x"><camunda:list><camunda:script scriptFormat="javascript">1+1</camunda:script></camunda:list></camunda:inputParameter></camunda:inputOutput>', 'SCRIPT_LANGUAGE', /FEEL only.*inside a list or map|inside a list or map.*FEEL only/],
    ['a nameless parameter', '<camunda:inputOutput><camunda:inputParameter>v</camunda:inputParameter></camunda:inputOutput>', 'INVALID_IO_MAPPING', /has no name/],
    ['a keyless map entry', '<camunda:inputOutput><camunda:inputParameter name="m"><camunda:map><camunda:entry>v</camunda:entry></camunda:map></camunda:inputParameter></camunda:inputOutput>', 'INVALID_IO_MAPPING', /has no key/],
    ['both dialects at once', '<zeebe:ioMapping><zeebe:input source="=1" target="x" /></zeebe:ioMapping><camunda:inputOutput><camunda:inputParameter name="y">v</camunda:inputParameter></camunda:inputOutput>', 'INVALID_IO_MAPPING', /both/],
  ])('Scenario: %s', async (_case, ext, code, says) => {
    const t = testEngine();
    const err = await t.engine.deploy({ bpmn: process(ext) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DeployError);
    const p = (err as DeployError).problems.find((x) => x.code === code);
    expect(p, JSON.stringify((err as DeployError).problems)).toBeDefined();
    expect(p!.elementId).toBe('a');
    expect(p!.message).toMatch(says);
    expect(p!.hint).toBeTruthy();
  });

  it('Scenario: mappings on a gateway are refused (never ignored)', async () => {
    const t = testEngine();
    const xml = process('<camunda:inputOutput><camunda:inputParameter name="x">v</camunda:inputParameter></camunda:inputOutput>', '<bpmn:exclusiveGateway id="a">EXT</bpmn:exclusiveGateway>');
    const err = (await t.engine.deploy({ bpmn: xml }).catch((e: unknown) => e)) as DeployError;
    expect(err.problems.find((p) => p.code === 'UNSUPPORTED_FEATURE')).toMatchObject({ elementId: 'a', message: expect.stringMatching(/Input mappings on a gateway/) });
  });
});
