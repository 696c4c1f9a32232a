/**
 * Feature: call activities. The child is an instance of its own, committed with its parent;
 * its completion continues the parent; its errors and escalations reach the call activity's
 * boundary events; cancelling the caller terminates it; an unknown process is an incident.
 */
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, type EngineEvent } from '../../src/index';
import { actor, testEngine } from '../support';

const clerk = actor('ana', 'clerk');
const cashier = actor('cat', 'cashier');

async function orderEngine() {
  const t = testEngine();
  await t.deploy('call-activity/c8-payment.bpmn');
  await t.deploy('call-activity/c8-order.bpmn');
  return t;
}

async function childOf(t: Awaited<ReturnType<typeof orderEngine>>, parentId: string) {
  const info = await t.engine.instances.get(parentId);
  expect(info?.children).toHaveLength(1);
  return (await t.engine.instances.get(info!.children[0]!))!;
}

describe('Feature: a Camunda 8 call activity (zeebe:calledElement)', () => {
  it('Scenario: the child starts with the caller\'s variables, its variables come back, the caller continues', async () => {
    // given
    const t = await orderEngine();
    const order = await t.engine.start('order', { item: 'router', amount: 30 }, { businessKey: 'o-1' });
    // then a child instance of payment waits in its task, linked both ways
    const child = await childOf(t, order.id);
    expect(child).toMatchObject({ processId: 'payment', parentId: order.id, status: 'active', variables: { item: 'router', amount: 30 } });
    expect(child.businessKey).toBeUndefined();
    const started = t.events.find((e) => e.type === 'process.started' && 'instanceId' in e && e.instanceId === child.id);
    expect(started).toMatchObject({ parentId: order.id, parentExecutionId: expect.stringMatching(new RegExp(`^${order.id}/`)) });
    expect(t.events.find((e) => e.type === 'call.started')).toMatchObject({ instanceId: order.id, elementId: 'pay', childId: child.id, calledProcessId: 'payment' });
    // when the cashier charges the card
    await t.completeTask(child.id, 'charge', cashier, { charged: true, receipt: 'r-9' });
    // then the child completed, its variables reached the order, and the order moved on
    expect((await t.engine.instances.get(child.id))?.status).toBe('completed');
    const after = await t.engine.instances.get(order.id);
    expect(after?.variables).toEqual({ item: 'router', amount: 30, charged: true, receipt: 'r-9' });
    expect(after?.children).toEqual([]);
    expect((await t.openTasks(order.id)).map((x) => x.elementId)).toEqual(['ship']);
    expect(t.trail((e) => 'instanceId' in e && e.instanceId === order.id && e.type.startsWith('call.'))).toEqual(['call.started:pay', 'call.completed:pay']);
  });

  it('Scenario: an error the child does not catch is caught on the call activity; the child ends with it', async () => {
    // given
    const t = await orderEngine();
    const order = await t.engine.start('order', { amount: 30 });
    const child = await childOf(t, order.id);
    // when the charge is refused
    await t.completeTask(child.id, 'charge', cashier, { charged: false });
    // then
    expect((await t.openTasks(order.id)).map((x) => x.elementId)).toEqual(['handleFailure']);
    expect((await t.engine.instances.get(child.id))?.status).toBe('terminated');
    expect(t.events.find((e) => e.type === 'error.thrown' && 'instanceId' in e && e.instanceId === order.id)).toMatchObject({ code: 'PAYMENT_FAILED', caughtBy: 'failed' });
    expect((await t.engine.instances.get(order.id))?.incidents).toEqual([]);
  });

  it('Scenario: an interrupting timer on the call activity terminates the child and its task', async () => {
    // given
    const t = await orderEngine();
    const order = await t.engine.start('order', {});
    const child = await childOf(t, order.id);
    const [task] = await t.openTasks(child.id);
    // when
    await t.clock.advance('P3D');
    // then
    expect((await t.engine.instances.get(order.id))?.status).toBe('completed');
    expect((await t.engine.instances.get(child.id))?.status).toBe('terminated');
    expect((await t.engine.tasks.get(task!.id))?.state).toBe('cancelled');
  });

  it('Scenario: cancelling the caller terminates the child; cancelling the child alone is refused', async () => {
    // given
    const t = await orderEngine();
    const order = await t.engine.start('order', {});
    const child = await childOf(t, order.id);
    // when / then
    await expect(t.engine.instances.cancel(child.id)).rejects.toThrow(InvalidArgumentError);
    await expect(t.engine.instances.cancel(child.id)).rejects.toThrow(/cancel the calling instance/);
    expect((await t.engine.instances.get(child.id))?.status).toBe('active');
    await t.engine.instances.cancel(order.id);
    expect((await t.engine.instances.get(order.id))?.status).toBe('terminated');
    expect((await t.engine.instances.get(child.id))?.status).toBe('terminated');
  });

  it('Scenario: an unknown called process is an incident on the call activity; deploy it, retry, and the call runs', async () => {
    // given
    const t = testEngine();
    await t.deploy('call-activity/c8-unknown.bpmn');
    // when
    const inst = await t.engine.start('dynamic', { target: 'payment', amount: 12 });
    // then
    const [incident] = (await t.engine.instances.get(inst.id))!.incidents;
    expect(incident).toMatchObject({ code: 'CALLED_PROCESS_NOT_FOUND', elementId: 'call' });
    expect(incident!.message).toMatch(/cannot start process 'payment'/);
    // when
    await t.deploy('call-activity/c8-payment.bpmn');
    await t.engine.incidents.retry(incident!.id);
    // then the child got only the input mapping (propagation off) and only the output mapping came back
    const child = (await t.engine.instances.get((await t.engine.instances.get(inst.id))!.children[0]!))!;
    expect(child.variables).toEqual({ charged: true });
    await t.completeTask(child.id, 'charge', cashier, { extra: 1 });
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ target: 'payment', amount: 12, wasCharged: true });
  });

  it('Scenario: a process that calls itself before waiting stops with an incident, never hangs', async () => {
    // given
    const t = testEngine();
    await t.deploy('call-activity/recursive.bpmn');
    // when
    const inst = await t.engine.start('recursive', {});
    // then
    const all = await t.engine.instances.list({ processId: 'recursive' });
    expect(all.length).toBe(251);
    const stuck = all.filter((i) => i.incidents.length);
    expect(stuck).toHaveLength(1);
    expect(stuck[0]!.incidents[0]).toMatchObject({ code: 'STEP_LIMIT', elementId: 'again' });
    expect(inst.status).toBe('active');
  });
});

describe('Feature: a Camunda 7 call activity (calledElement, camunda:in / camunda:out)', () => {
  it('Scenario: only what camunda:in names goes in (with the caller\'s business key); only camunda:out comes back; an escalation reaches the caller', async () => {
    // given
    const t = testEngine();
    await t.deploy('call-activity/c7-claim.bpmn');
    // when
    const claim = await t.engine.start('claim', { amount: 5000, secret: 'x' }, { businessKey: 'c-7' });
    // then
    const child = (await t.engine.instances.get((await t.engine.instances.get(claim.id))!.children[0]!))!;
    expect(child).toMatchObject({ processId: 'assess', businessKey: 'c-7', variables: { claimAmount: 5000, cap: 10000 } });
    expect(child.variables).not.toHaveProperty('secret');
    // the child's escalation (claimAmount > 1000) was caught without interrupting
    expect((await t.openTasks(claim.id)).map((x) => x.elementId)).toEqual(['notify']);
    // when
    await t.completeTask(child.id, 'assessRisk', actor('al', 'assessor'), { score: 7, note: 'stays in the child' });
    // then
    const after = (await t.engine.instances.get(claim.id))!;
    expect(after.variables).toEqual({ amount: 5000, secret: 'x', riskScore: 7 });
    expect((await t.openTasks(claim.id)).map((x) => x.elementId).sort()).toEqual(['decide', 'notify']);
  });

  it('Scenario: an error nobody catches is an incident where the child threw it', async () => {
    // given a caller with no error boundary
    const t = testEngine();
    await t.deploy('call-activity/c8-payment.bpmn');
    await t.deploy('call-activity/c8-unknown.bpmn');
    const inst = await t.engine.start('dynamic', { target: 'payment', amount: 0 });
    const child = (await t.engine.instances.get((await t.engine.instances.get(inst.id))!.children[0]!))!;
    // when the payment is refused (charged = false)
    await t.completeTask(child.id, 'charge', cashier, {});
    // then
    const c = (await t.engine.instances.get(child.id))!;
    expect(c.status).toBe('active');
    expect(c.incidents).toEqual([expect.objectContaining({ code: 'UNHANDLED_ERROR', elementId: 'refused' })]);
    expect((await t.engine.instances.get(inst.id))!.incidents).toEqual([]);
    const thrown = t.events.filter((e): e is Extract<EngineEvent, { type: 'error.thrown' }> => e.type === 'error.thrown');
    expect(thrown.map((e) => [e.instanceId, e.caughtBy])).toEqual([[child.id, undefined], [inst.id, undefined]]);
  });
});

describe('Feature: call activities are checked at deploy', () => {
  it.each([
    ['no called element', '<bpmn:callActivity id="a" />', 'MISSING_CALLED_ELEMENT'],
    ['a bad version binding', '<bpmn:callActivity id="a" calledElement="x" camunda:calledElementBinding="version" camunda:calledElementVersion="two" />', 'INVALID_ATTRIBUTE'],
    ['a Java variable mapping', '<bpmn:callActivity id="a" calledElement="x" camunda:variableMappingClass="com.acme.Mapper" />', 'UNSUPPORTED_FEATURE'],
    ['a CMMN case (camunda:caseRef, no calledElement)', '<bpmn:callActivity id="a" camunda:caseRef="reviewCase" />', 'UNSUPPORTED_FEATURE'],
    ['a JUEL called element from a bean', '<bpmn:callActivity id="a" calledElement="${router.target()}" />', 'JUEL_UNSUPPORTED'],
    ['a camunda:in without a source', '<bpmn:callActivity id="a" calledElement="x"><bpmn:extensionElements><camunda:in target="y" /></bpmn:extensionElements></bpmn:callActivity>', 'INVALID_IO_MAPPING'],
  ])('Scenario: %s is refused', async (_case, element, code) => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="a" />
    ${element}
    <bpmn:sequenceFlow id="f2" sourceRef="a" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
    const err = await testEngine().engine.deploy({ bpmn: xml }).catch((e: unknown) => e);
    expect((err as { problems?: { code: string; elementId?: string; hint?: string }[] }).problems).toEqual(expect.arrayContaining([expect.objectContaining({ code, elementId: 'a', hint: expect.any(String) })]));
  });
});

describe('Feature: a multi-instance call activity', () => {
  it('Scenario: one child per item, each sees its item; the outputs come back by index; cancelling the caller terminates every child', async () => {
    // given
    const t = testEngine();
    await t.deploy('call-activity/c8-payment.bpmn');
    await t.deploy('call-activity/mi-call.bpmn');
    const inst = await t.engine.start('miCall', { lines: ['a', 'b', 'c'] });
    // then three children, each with its own line
    const children = (await t.engine.instances.get(inst.id))!.children;
    expect(children).toHaveLength(3);
    const lines = await Promise.all(children.map(async (c) => (await t.engine.instances.get(c))!.variables.line));
    expect(lines).toEqual(['a', 'b', 'c']);
    // when they complete in another order
    for (const i of [2, 0, 1]) await t.completeTask(children[i]!, 'charge', cashier, { charged: true, receipt: `r-${lines[i]}` });
    // then
    const after = (await t.engine.instances.get(inst.id))!;
    expect(after.status).toBe('completed');
    expect(after.variables.receipts).toEqual(['r-a', 'r-b', 'r-c']);
    // and a second instance cancelled midway terminates all of its children
    const other = await t.engine.start('miCall', { lines: ['x', 'y'] });
    const kids = (await t.engine.instances.get(other.id))!.children;
    await t.completeTask(kids[0]!, 'charge', cashier, { charged: true, receipt: 'r-x' });
    await t.engine.instances.cancel(other.id);
    expect((await t.engine.instances.get(kids[1]!))?.status).toBe('terminated');
    expect((await t.engine.instances.get(kids[0]!))?.status).toBe('completed');
  });
});
