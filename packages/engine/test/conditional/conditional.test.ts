/**
 * Feature: conditional events (Camunda 8 semantics, decision 0025): intermediate catch,
 * boundary (interrupting and not) and event subprocess start (interrupting and not). The
 * condition is checked on activation, then re-evaluated when a command changes a variable it
 * reads in its visible scope; it fires when true at that point (level-triggered at change
 * points). Camunda 7's `camunda:variableName` / `camunda:variableEvents` filters are read.
 */
import { describe, expect, it } from 'vitest';
import { DeployError, InstanceStateError, NotFoundError } from '../../src/index';
import { actor, testEngine } from '../support';

const clerk = actor('kim', 'clerk');
const open = async (t: ReturnType<typeof testEngine>, id: string) => (await t.openTasks(id)).map((x) => x.elementId).sort();

describe('Feature: intermediate conditional catch events', () => {
  it('Scenario: shipping waits until a restock writes a positive stock', async () => {
    // given an order with no stock
    const t = testEngine();
    await t.deploy('conditional/c8-stock.bpmn');
    const order = await t.engine.start('stock', { stock: 0 });
    expect(await open(t, order.id)).toEqual(['restock']);
    expect((await t.engine.instances.get(order.id))?.activeElements.slice().sort()).toEqual(['inStock', 'restock']);
    // when the restock completes with stock
    await t.completeTask(order.id, 'restock', clerk, { stock: 3 });
    // then the catch event passes and shipping opens
    expect(await open(t, order.id)).toEqual(['ship']);
    await t.completeTask(order.id, 'ship', clerk);
    expect((await t.engine.instances.get(order.id))?.status).toBe('completed');
  });

  it('Scenario: a condition already true on arrival passes at once', async () => {
    const t = testEngine();
    await t.deploy('conditional/c8-stock.bpmn');
    const order = await t.engine.start('stock', { stock: 2 });
    expect(await open(t, order.id)).toEqual(['restock', 'ship']);
  });

  it('Scenario: a change of another variable, or to a stock still at 0, leaves the token waiting', async () => {
    const t = testEngine();
    await t.deploy('conditional/c8-stock.bpmn');
    const order = await t.engine.start('stock', { stock: 0 });
    await t.completeTask(order.id, 'restock', clerk, { note: 'supplier late', stock: 0 });
    expect((await t.engine.instances.get(order.id))?.activeElements).toEqual(['inStock']);
    // the waiting state has nothing conditional-specific: it round-trips through JSON unchanged
    const state = (await t.store.getInstance(order.id))!;
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
  });
});

describe('Feature: engine.instances.setVariables re-evaluates conditions', () => {
  it('Scenario: the host sets stock on a waiting order; the catch passes; an ended instance refuses new variables', async () => {
    // given an order waiting for stock
    const t = testEngine();
    await t.deploy('conditional/c8-stock.bpmn');
    const order = await t.engine.start('stock', { stock: 0 });
    // when the host sets the stock
    await t.engine.instances.setVariables(order.id, { stock: 4 });
    // then the catch passes, and the change is on record
    expect(await open(t, order.id)).toEqual(['restock', 'ship']);
    expect(t.events.find((e) => e.type === 'variables.set')).toMatchObject({ instanceId: order.id, variables: { stock: 4 } });
    expect((await t.engine.instances.get(order.id))?.variables).toEqual({ stock: 4 });
    // bad values and ended instances are refused, and change nothing
    await expect(t.engine.instances.setVariables(order.id, { when: new Date() } as unknown as Record<string, unknown>)).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    await t.completeTask(order.id, 'restock', clerk);
    await t.completeTask(order.id, 'ship', clerk);
    await expect(t.engine.instances.setVariables(order.id, { stock: 1 })).rejects.toBeInstanceOf(InstanceStateError);
    await expect(t.engine.instances.setVariables('nope', { stock: 1 })).rejects.toBeInstanceOf(NotFoundError);
    expect((await t.engine.instances.get(order.id))?.variables).toEqual({ stock: 4 });
  });
});

describe('Feature: a conditional catch after an event-based gateway', () => {
  it('Scenario: the condition wins the race against the message; the message subscription is removed', async () => {
    const t = testEngine();
    await t.deploy('conditional/c8-race.bpmn');
    const r = await t.engine.start('race', {}, { businessKey: 'r-9' });
    expect((await t.engine.instances.get(r.id))?.activeElements).toEqual(['which']);
    await t.engine.instances.setVariables(r.id, { cancelled: true });
    expect((await t.engine.instances.get(r.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.entered').slice(-2)).toEqual(['activity.entered:withdrawn', 'activity.entered:dropped']);
    expect((await t.engine.messages.correlate('paid', { businessKey: 'r-9' }, {})).correlated).toEqual([]);
  });

  it('Scenario: the message wins; a later change concerns nobody', async () => {
    const t = testEngine();
    await t.deploy('conditional/c8-race.bpmn');
    const r = await t.engine.start('race', { cancelled: false }, { businessKey: 'r-10' });
    await t.engine.messages.correlate('paid', { businessKey: 'r-10' }, {});
    expect((await t.engine.instances.get(r.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.entered').slice(-1)).toEqual(['activity.entered:done']);
  });
});

describe('Feature: conditional boundary events', () => {
  it('Scenario: a non-interrupting boundary fires on each change of what it reads while true; an interrupting one cancels the task', async () => {
    // given a review
    const t = testEngine();
    await t.deploy('conditional/c8-review.bpmn');
    const r = await t.engine.start('review', { priority: 1 }, { businessKey: 'r-1' });
    expect(await open(t, r.id)).toEqual(['check']);
    // when the priority rises above 5, an escalation starts and the review goes on
    await t.engine.messages.correlate('update', { businessKey: 'r-1' }, { priority: 7 });
    expect(await open(t, r.id)).toEqual(['check', 'escalate']);
    // a change of another variable, or the same value again, does not fire it again
    await t.engine.messages.correlate('update', { businessKey: 'r-1' }, { note: 'called' });
    await t.engine.messages.correlate('update', { businessKey: 'r-1' }, { priority: 7 });
    expect(await open(t, r.id)).toEqual(['check', 'escalate']);
    // a new value still above 5 fires it again
    await t.engine.messages.correlate('update', { businessKey: 'r-1' }, { priority: 9 });
    expect(await open(t, r.id)).toEqual(['check', 'escalate', 'escalate']);
    // when the case is cancelled, the review is interrupted; the escalations go on
    await t.engine.messages.correlate('update', { businessKey: 'r-1' }, { cancelled: true });
    expect(await open(t, r.id)).toEqual(['escalate', 'escalate']);
    expect(t.trail((e) => e.type === 'activity.cancelled' || (e.type === 'activity.entered' && e.elementId === 'aborted'))).toEqual(['activity.cancelled:check', 'activity.entered:aborted']);
  });

  it('Scenario: a condition true when the activity is entered skips it', async () => {
    const t = testEngine();
    await t.deploy('conditional/c8-review.bpmn');
    const r = await t.engine.start('review', { cancelled: true });
    expect((await t.engine.instances.get(r.id))?.status).toBe('completed');
    expect(t.events.some((e) => e.type === 'task.created')).toBe(false);
    expect(t.trail((e) => e.type === 'activity.entered').slice(-2)).toEqual(['activity.entered:cancelled', 'activity.entered:aborted']);
  });

  it("Scenario: the activity's own result does not fire its boundary events (it has left)", async () => {
    const t = testEngine();
    await t.deploy('conditional/c8-review.bpmn');
    const r = await t.engine.start('review', {});
    await t.completeTask(r.id, 'check', clerk, { cancelled: true, priority: 10 });
    expect((await t.engine.instances.get(r.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.entered').slice(-1)).toEqual(['activity.entered:done']);
  });
});

describe('Feature: conditional event subprocesses', () => {
  it('Scenario: a non-interrupting audit runs for a large amount; a cancellation interrupts everything', async () => {
    const t = testEngine();
    await t.deploy('conditional/c8-esp.bpmn');
    const b = await t.engine.start('booking', { amount: 10 }, { businessKey: 'b-1' });
    await t.engine.messages.correlate('change', { businessKey: 'b-1' }, { amount: 5000 });
    expect(await open(t, b.id)).toEqual(['audit', 'confirm']);
    await t.engine.messages.correlate('change', { businessKey: 'b-1' }, { cancelled: true });
    const done = await t.engine.instances.get(b.id);
    expect(done?.status).toBe('completed');
    expect(await open(t, b.id)).toEqual([]);
    expect(t.trail((e) => e.type === 'activity.left').slice(-2)).toEqual(['activity.left:cancelEnd', 'activity.left:onCancel']);
  });

  it('Scenario: conditions true when the process starts start their event subprocesses at once', async () => {
    const t = testEngine();
    await t.deploy('conditional/c8-esp.bpmn');
    const b = await t.engine.start('booking', { amount: 2000 });
    expect(await open(t, b.id)).toEqual(['audit', 'confirm']);
    // the interrupting one is evaluated once the start's tokens settled (as Camunda 8 cancels a job it just created): the task is cancelled
    const c = await t.engine.start('booking', { cancelled: true });
    expect((await t.engine.instances.get(c.id))?.status).toBe('completed');
    expect(t.events.filter((e) => 'instanceId' in e && e.instanceId === c.id && e.type.startsWith('task.')).map((e) => e.type)).toEqual(['task.created', 'task.cancelled']);
    expect(await open(t, c.id)).toEqual([]);
  });
});

describe('Feature: conditional events see their own scope only', () => {
  it("Scenario: a change of one subprocess's local starts its event subprocess, not its sibling's", async () => {
    const t = testEngine();
    await t.deploy('conditional/c8-scopes.bpmn');
    const inst = await t.engine.start('condScopes', { level: 0 });
    expect(await open(t, inst.id)).toEqual(['left_hold', 'left_work', 'right_hold', 'right_work']);
    // when the left work raises the left subprocess's level (the nearest scope holding it)
    await t.completeTask(inst.id, 'left_work', clerk, { level: 5 });
    // then only the left subprocess raises its alarm; the process-level level is untouched
    expect(await open(t, inst.id)).toEqual(['left_alarm', 'left_hold', 'right_hold', 'right_work']);
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ level: 0 });
    // when the right subprocess's level changes to something not above 3, nothing fires
    await t.completeTask(inst.id, 'right_work', clerk, { level: 2 });
    expect(await open(t, inst.id)).toEqual(['left_alarm', 'left_hold', 'right_hold']);
  });
});

describe('Feature: conditional events in Camunda 7 files', () => {
  it('Scenario: camunda:variableName and camunda:variableEvents filter the changes that re-evaluate the condition', async () => {
    const t = testEngine();
    await t.deploy('conditional/c7-filters.bpmn');
    const q = await t.engine.start('c7filters', {}, { businessKey: 'q-1' });
    // creating total is not an update; rush is not the filtered variable
    await t.engine.messages.correlate('edit', { businessKey: 'q-1' }, { total: 500 });
    await t.engine.messages.correlate('edit', { businessKey: 'q-1' }, { rush: true });
    expect(await open(t, q.id)).toEqual(['quote']);
    // updating total fires it
    await t.engine.messages.correlate('edit', { businessKey: 'q-1' }, { total: 600 });
    expect(await open(t, q.id)).toEqual(['quote', 'recheck']);
  });

  it('Scenario: a Camunda 8 zeebe:conditionalFilter limits the variables and kinds of change that re-evaluate', async () => {
    const xml = `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:zeebe="http://camunda.org/schema/zeebe/1.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="filtered" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="c" />
    <bpmn:intermediateCatchEvent id="c"><bpmn:conditionalEventDefinition>
      <bpmn:extensionElements><zeebe:conditionalFilter variableNames="x" variableEvents="update" /></bpmn:extensionElements>
      <bpmn:condition xsi:type="bpmn:tFormalExpression">=x &gt; 1 or y &gt; 1</bpmn:condition>
    </bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="c" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
    const t = testEngine();
    await t.engine.deploy({ bpmn: xml, name: 'filtered' });
    const a = await t.engine.start('filtered', { x: 0 });
    await t.engine.instances.setVariables(a.id, { y: 5 }); // not x
    expect((await t.engine.instances.get(a.id))?.status).toBe('active');
    await t.engine.instances.setVariables(a.id, { x: 2 }); // an update of x
    expect((await t.engine.instances.get(a.id))?.status).toBe('completed');
    const b = await t.engine.start('filtered', {});
    await t.engine.instances.setVariables(b.id, { x: 2 }); // x created, not updated
    expect((await t.engine.instances.get(b.id))?.status).toBe('active');
  });

  it('Scenario: a conditional event without a condition, or with unknown variable events, is refused', async () => {
    const xml = (cond: string, attrs = '') => `<?xml version="1.0" encoding="UTF-8"?>
<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" xmlns:camunda="http://camunda.org/schema/1.0/bpmn" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" id="d" targetNamespace="t">
  <bpmn:process id="p" isExecutable="true">
    <bpmn:startEvent id="s" /><bpmn:sequenceFlow id="f1" sourceRef="s" targetRef="c" />
    <bpmn:intermediateCatchEvent id="c"><bpmn:conditionalEventDefinition ${attrs}><bpmn:condition xsi:type="bpmn:tFormalExpression">${cond}</bpmn:condition></bpmn:conditionalEventDefinition></bpmn:intermediateCatchEvent>
    <bpmn:sequenceFlow id="f2" sourceRef="c" targetRef="e" /><bpmn:endEvent id="e" />
  </bpmn:process>
</bpmn:definitions>`;
    const codes = async (x: string) => ((await testEngine().engine.deploy({ bpmn: x, name: 'p' }).catch((e: unknown) => e)) as DeployError).problems.map((p) => p.code);
    expect(await codes(xml(''))).toEqual(['MISSING_CONDITION']);
    expect(await codes(xml('=x > 1', 'camunda:variableEvents="create, rename"'))).toEqual(['INVALID_CONDITION']);
    expect(await codes(xml('${svc.check(x)}'))).toEqual(['JUEL_UNSUPPORTED']);
  });
});
