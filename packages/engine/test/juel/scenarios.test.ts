/**
 * Feature: Camunda 7 files with JUEL run as they are. Every place Camunda 7 puts an
 * expression — gateway conditions, assignee, candidate groups, timers, multi-instance
 * collection / completion condition / cardinality, I/O parameters, the called element,
 * `camunda:in` source expressions and business keys, correlation keys — is translated to
 * FEEL at deploy; what cannot be translated is refused with the element, attribute and hint.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DeployError } from '../../src/index';
import { actor, testEngine } from '../support';

const juelFixture = (name: string) => readFileSync(join(import.meta.dirname, 'fixtures', name), 'utf8');

async function engineWith(...files: string[]) {
  const t = testEngine();
  for (const f of files) await t.engine.deploy({ bpmn: juelFixture(f), name: f });
  return t;
}

const ana = actor('ana', 'clerk');
const sam = actor('sam', 'signers-emea');
const buyer = actor('bo', 'buyer');

describe('Feature: JUEL in assignees, candidate groups and gateway conditions (c7-approval.bpmn)', () => {
  it('Scenario: ${initiator} assigns the review; ${approved && order.amount gt 1000} routes to signing; signers-${order.region} names the group', async () => {
    // given
    const t = await engineWith('c7-approval.bpmn');
    const inst = await t.engine.start('approval', { initiator: 'ana', order: { amount: 5000, region: 'emea' } });
    // then the review is assigned to the initiator
    const [review] = await t.openTasks(inst.id);
    expect(review).toMatchObject({ elementId: 'review', assignee: 'ana', state: 'claimed' });
    // when it is approved
    await t.engine.tasks.complete(review!.id, ana, { approved: true });
    // then the big-order flow was taken, and the signing task is for the region's signers
    const [sign] = await t.openTasks(inst.id);
    expect(sign).toMatchObject({ elementId: 'sign', candidateGroups: ['signers-emea'] });
    await t.engine.tasks.complete(sign!.id, sam, {});
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.left')).toContain('activity.left:endSigned');
  });

  it('Scenario: #{!approved} (deferred syntax, evaluated at once) rejects; a small approved order takes the default flow', async () => {
    const t = await engineWith('c7-approval.bpmn');
    const rejected = await t.engine.start('approval', { initiator: 'ana', order: { amount: 5000, region: 'emea' } });
    await t.completeTask(rejected.id, 'review', ana, { approved: false });
    const small = await t.engine.start('approval', { initiator: 'ana', order: { amount: '20', region: 'emea' } });
    // JUEL coerces the string "20" to a number for `gt`
    await t.completeTask(small.id, 'review', ana, { approved: 'true' });
    const ends = t.trail((e) => e.type === 'activity.left' && 'elementId' in e && String(e.elementId).startsWith('end'));
    expect(ends).toEqual(['activity.left:endRejected', 'activity.left:endApproved']);
  });
});

describe('Feature: a JUEL timer duration (c7-timer.bpmn)', () => {
  it('Scenario: ${duration} = "PT2H" waits two hours', async () => {
    const t = await engineWith('c7-timer.bpmn');
    const inst = await t.engine.start('reminder', { duration: 'PT2H' });
    await t.clock.advance('PT1H59M');
    expect(await t.openTasks(inst.id)).toEqual([]);
    await t.clock.advance('PT1M');
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['remind']);
  });
});

describe('Feature: JUEL multi-instance collection, completion condition and cardinality (c7-multi.bpmn)', () => {
  it('Scenario: one task per supplier of ${order.suppliers}; ${nrOfCompletedInstances >= 2} ends the rest; ${checks + 1} sequential checks', async () => {
    const t = await engineWith('c7-multi.bpmn');
    const inst = await t.engine.start('quotes', { order: { suppliers: ['acme', 'globex', 'initech'] }, checks: '1' });
    const quotes = await t.openTasks(inst.id);
    expect(quotes).toHaveLength(3);
    await t.engine.tasks.complete(quotes[0]!.id, buyer, {});
    await t.engine.tasks.complete(quotes[1]!.id, buyer, {});
    // two complete: the third is cancelled, the checks start — "1" + 1 is 2 in JUEL
    let open = await t.openTasks(inst.id);
    expect(open.map((x) => x.elementId)).toEqual(['check']);
    await t.engine.tasks.complete(open[0]!.id, buyer, {});
    open = await t.openTasks(inst.id);
    expect(open.map((x) => x.elementId)).toEqual(['check']);
    await t.engine.tasks.complete(open[0]!.id, buyer, {});
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: where JUEL would throw, the evaluation fails: an incident, never a silent null', () => {
  it('Scenario: ${order.suppliers} on a string order is an incident with the JUEL error', async () => {
    const t = await engineWith('c7-multi.bpmn');
    const inst = await t.engine.start('quotes', { order: 'acme', checks: 1 });
    const incidents = await t.engine.incidents.list(inst.id);
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.message).toMatch(/input collection .* failed: JUEL: the value has no property "suppliers" \("acme"\)/);
  });
});

describe('Feature: JUEL input and output parameters (c7-io.bpmn)', () => {
  it('Scenario: ${a + 1} and order-${id} as inputs, ${result * 2} as output', async () => {
    const t = await engineWith('c7-io.bpmn');
    const inst = await t.engine.start('io', { a: 41, id: 7 });
    await t.completeTask(inst.id, 'work', ana, { result: 21 });
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toMatchObject({ a: 41, id: 7, doubled: 42 });
  });

  it('Scenario: the inputs are the task\'s locals while it waits', async () => {
    const t = await engineWith('c7-io.bpmn');
    const inst = await t.engine.start('io', { a: null, id: null });
    // JUEL: null + 1 is 1, and null in text is the empty string
    const state = await t.store.getInstance(inst.id);
    const locals = JSON.stringify(state);
    expect(locals).toContain('"next":1');
    expect(locals).toContain('"label":"order-"');
  });
});

describe('Feature: JUEL called element, source expression and business key (c7-call.bpmn)', () => {
  it('Scenario: ${kind}-handling names the child; ${amount * 2} and case-${caseNo} go in', async () => {
    const t = await engineWith('c7-call.bpmn');
    const inst = await t.engine.start('caller', { kind: 'claim', amount: 50, caseNo: 12 });
    const info = await t.engine.instances.get(inst.id);
    const child = await t.engine.instances.get(info!.children[0]!);
    expect(child).toMatchObject({ processId: 'claim-handling', businessKey: 'case-12', variables: { cap: 100 } });
  });
});

describe('Feature: a JUEL correlation key (correlation-key.bpmn)', () => {
  it('Scenario: ${order.id} subscribes with the order id', async () => {
    const t = await engineWith('correlation-key.bpmn');
    const inst = await t.engine.start('payment', { order: { id: 'o-42' } });
    const r = await t.engine.messages.correlate('paid', { correlationKey: 'o-42' });
    expect(r.correlated).toEqual([{ instanceId: inst.id, elementId: 'waitPaid' }]);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
  });
});

describe('Feature: JUEL that cannot be translated is refused at deploy (c7-refused.bpmn)', () => {
  it('Scenario: a bean call, the execution\'s id and a syntax error: each named with element, attribute, expression and hint; nothing deployed', async () => {
    const t = testEngine();
    const err = await t.engine.deploy({ bpmn: juelFixture('c7-refused.bpmn'), name: 'c7-refused.bpmn' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(DeployError);
    const problems = (err as DeployError).problems;
    expect(problems.map((p) => [p.code, p.elementId])).toEqual([
      ['JUEL_UNSUPPORTED', 'f2'],
      ['JUEL_SYNTAX', 'review'],
      ['JUEL_UNSUPPORTED', 'review'],
    ]);
    expect(problems[0]).toMatchObject({ message: expect.stringMatching(/^condition: JUEL '\$\{myBean\.check\(x\)\}'.*method call/), hint: expect.stringMatching(/job handler/) });
    expect(problems[1]).toMatchObject({ message: expect.stringMatching(/^candidate groups: JUEL '\$\{groups ==\}' has a syntax error.*column 12/) });
    expect(problems[2]).toMatchObject({ message: expect.stringMatching(/^assignee: .*execution\.getProcessInstanceId/), hint: expect.stringMatching(/process variable/) });
    expect(await t.engine.processes.list()).toEqual([]);
  });
});
