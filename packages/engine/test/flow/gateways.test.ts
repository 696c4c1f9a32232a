import { describe, expect, it } from 'vitest';
import { actor, testEngine } from '../support';

const ana = actor('ana');

/** Element events only, as `type:elementId`. */
const activity = (e: { type: string }) => e.type.startsWith('activity.');
const countOf = (trail: string[], entry: string) => trail.filter((x) => x === entry).length;

describe('Feature: exclusive gateway', () => {
  it.each([
    { amount: 500, taken: 'high', why: 'both conditions are true: the first in document order wins' },
    { amount: 50, taken: 'mid', why: 'only the second condition is true' },
    { amount: 5, taken: 'low', why: 'no condition is true: the default flow' },
  ])('Scenario: amount $amount takes $taken ($why)', async ({ amount, taken }) => {
    // given
    const t = testEngine();
    await t.deploy('flow/xor-amount.bpmn');
    // when
    const inst = await t.engine.start('xorAmount', { amount });
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(t.trail(activity)).toEqual([
      'activity.entered:start',
      'activity.left:start',
      'activity.entered:route',
      'activity.left:route',
      `activity.entered:${taken}`,
      `activity.left:${taken}`,
      'activity.entered:merge',
      'activity.left:merge',
      'activity.entered:done',
      'activity.left:done',
    ]);
  });

  it('Scenario: a condition over a missing variable fails, and the default flow is taken', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/xor-amount.bpmn');
    // when
    const inst = await t.engine.start('xorAmount', {});
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.incidents).toEqual([]);
    expect(t.trail((e) => e.type === 'activity.entered')).toContain('activity.entered:low');
    expect(t.trail((e) => e.type === 'activity.entered')).not.toContain('activity.entered:high');
    expect(t.trail((e) => e.type === 'activity.entered')).not.toContain('activity.entered:mid');
  });

  it('Scenario: a missing variable and no default flow raise EXPRESSION_FAILED naming each flow; a retry with the variable continues', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/xor-no-default.bpmn');
    // when
    const inst = await t.engine.start('xorStrict', {});
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('active');
    expect(info?.activeElements).toEqual(['decide']);
    expect(info?.incidents).toHaveLength(1);
    const [incident] = info!.incidents;
    expect(incident).toMatchObject({ instanceId: inst.id, elementId: 'decide', code: 'EXPRESSION_FAILED' });
    expect(incident!.message).toContain("'fPos' (=score > 0)");
    expect(incident!.message).toContain("'fNeg' (=score < 0)");
    expect(t.trail((e) => e.type === 'incident.raised')).toEqual(['incident.raised:decide']);

    // when
    await t.engine.incidents.retry(incident!.id, { variables: { score: 7 } });
    // then
    const after = await t.engine.instances.get(inst.id);
    expect(after?.status).toBe('completed');
    expect(after?.incidents).toEqual([]);
    expect(after?.variables).toEqual({ score: 7 });
    expect(t.trail((e) => e.type.startsWith('incident') || e.type === 'activity.entered').slice(-3)).toEqual([
      'incident.raised:decide',
      'incident.resolved:decide',
      'activity.entered:posEnd',
    ]);
  });

  it('Scenario: no true condition and no default flow raise NO_FLOW_TAKEN; a retry after changing the variables continues', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/xor-no-default.bpmn');
    const inst = await t.engine.start('xorStrict', { score: 0 });
    // then
    const [incident] = await t.engine.incidents.list(inst.id);
    expect(incident).toMatchObject({ elementId: 'decide', code: 'NO_FLOW_TAKEN' });
    expect(incident!.message).toContain('decide');

    // when: retrying unchanged fails the same way
    await t.engine.incidents.retry(incident!.id);
    const [again] = await t.engine.incidents.list(inst.id);
    expect(again).toMatchObject({ elementId: 'decide', code: 'NO_FLOW_TAKEN' });
    expect(again!.id).not.toBe(incident!.id);

    // when
    await t.engine.incidents.retry(again!.id, { variables: { score: -2 } });
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(t.trail((e) => e.type === 'activity.entered').at(-1)).toBe('activity.entered:negEnd');
    expect(t.trail((e) => e.type === 'activity.entered')).not.toContain('activity.entered:posEnd');
  });

  it('Scenario: an XOR merge passes on every token that reaches it', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/xor-merge.bpmn');
    // when
    const inst = await t.engine.start('xorMerge');
    // then
    const tasks = await t.openTasks(inst.id);
    expect(tasks.map((x) => x.elementId)).toEqual(['followUp', 'followUp']);
    expect(countOf(t.trail(activity), 'activity.entered:merge')).toBe(2);
    expect(countOf(t.trail(activity), 'activity.left:merge')).toBe(2);

    // when
    for (const task of tasks) await t.engine.tasks.complete(task.id, ana);
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.activeElements).toEqual([]);
    expect(countOf(t.trail(activity), 'activity.left:done')).toBe(2);
  });
});

describe('Feature: parallel gateway', () => {
  it('Scenario: the join waits for every branch', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/and-join.bpmn');
    const inst = await t.engine.start('andJoin');
    expect((await t.openTasks(inst.id)).map((x) => x.elementId).sort()).toEqual(['a', 'b', 'c']);

    // when
    await t.completeTask(inst.id, 'c', ana);
    await t.completeTask(inst.id, 'a', ana);
    // then
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['b']);
    expect((await t.engine.instances.get(inst.id))?.activeElements.sort()).toEqual(['b', 'join', 'join']);
    expect(t.trail(activity)).not.toContain('activity.left:join');

    // when
    await t.completeTask(inst.id, 'b', ana);
    // then
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['after']);
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['after']);
    expect(countOf(t.trail(activity), 'activity.entered:join')).toBe(3);
    expect(countOf(t.trail(activity), 'activity.left:join')).toBe(3);

    // when
    await t.completeTask(inst.id, 'after', ana);
    // then
    expect((await t.engine.instances.get(inst.id))?.status).toBe('completed');
    expect(countOf(t.trail(activity), 'activity.entered:after')).toBe(1);
  });

  it('Scenario: a split and join inside an XOR loop run three rounds with no premature join and no token left', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/and-loop.bpmn');
    const inst = await t.engine.start('andLoop', { round: 0 });

    for (const [round, first, second] of [
      [0, 'a', 'b'],
      [1, 'b', 'a'],
      [2, 'a', 'b'],
    ] as const) {
      // given: a new round has two open reviews
      expect((await t.openTasks(inst.id)).map((x) => x.elementId).sort()).toEqual(['a', 'b']);
      // when: one review is done
      await t.completeTask(inst.id, first, ana);
      // then: the join still waits (the round was not counted)
      let info = await t.engine.instances.get(inst.id);
      expect(info?.variables.round).toBe(round);
      expect(info?.activeElements.sort()).toEqual([second, 'join']);
      // when: the other one is done too
      await t.completeTask(inst.id, second, ana);
      info = await t.engine.instances.get(inst.id);
      expect(info?.variables.round).toBe(round + 1);
    }

    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.activeElements).toEqual([]);
    expect(await t.openTasks(inst.id)).toEqual([]);
    const trail = t.trail(activity);
    expect(countOf(trail, 'activity.entered:count')).toBe(3);
    expect(countOf(trail, 'activity.entered:join')).toBe(6);
    expect(countOf(trail, 'activity.left:join')).toBe(6);
    expect(countOf(trail, 'activity.left:count')).toBe(3);
    expect(countOf(trail, 'activity.entered:done')).toBe(1);
  });
});

describe('Feature: inclusive gateway', () => {
  it('Scenario: with 2 of 3 branches taken, the join waits for the user task upstream and fires once both arrived', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/or-gateway.bpmn');
    // when
    const inst = await t.engine.start('orGateway', { needA: true, needB: true, needC: false });
    // then: B passed straight to the join, which waits for A
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['reviewA']);
    expect((await t.engine.instances.get(inst.id))?.activeElements.sort()).toEqual(['join', 'reviewA']);
    expect(t.trail(activity)).not.toContain('activity.entered:reviewC');
    expect(t.trail(activity)).not.toContain('activity.entered:fallback');
    expect(t.trail(activity)).not.toContain('activity.left:join');

    // when
    await t.completeTask(inst.id, 'reviewA', ana);
    // then
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['after']);
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['after']);
    expect(countOf(t.trail(activity), 'activity.entered:join')).toBe(2);
    expect(countOf(t.trail(activity), 'activity.left:join')).toBe(2);
    expect(countOf(t.trail(activity), 'activity.entered:after')).toBe(1);
  });

  it('Scenario: with two user-task branches taken, completing one leaves the join waiting for the other', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/or-gateway.bpmn');
    const inst = await t.engine.start('orGateway', { needA: true, needB: false, needC: true });
    expect((await t.openTasks(inst.id)).map((x) => x.elementId).sort()).toEqual(['reviewA', 'reviewC']);

    // when
    await t.completeTask(inst.id, 'reviewC', ana);
    // then
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['reviewA']);
    expect(t.trail(activity)).not.toContain('activity.left:join');

    // when
    await t.completeTask(inst.id, 'reviewA', ana);
    await t.completeTask(inst.id, 'after', ana);
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.activeElements).toEqual([]);
    expect(countOf(t.trail(activity), 'activity.entered:after')).toBe(1);
  });

  it('Scenario: no condition is true, so the default flow is the only one taken', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/or-gateway.bpmn');
    // when
    const inst = await t.engine.start('orGateway', { needA: false, needB: false, needC: false });
    // then
    expect((await t.openTasks(inst.id)).map((x) => x.elementId)).toEqual(['after']);
    expect(t.trail(activity).filter((x) => x.startsWith('activity.entered'))).toEqual([
      'activity.entered:start',
      'activity.entered:split',
      'activity.entered:fallback',
      'activity.entered:join',
      'activity.entered:after',
    ]);
  });
});

describe('Feature: event-based gateway', () => {
  it('Scenario: the message arrives first; the timer is cancelled', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/event-gateway.bpmn');
    const inst = await t.engine.start('eventGateway', {}, { businessKey: 'order-7' });
    expect(t.trail((e) => e.type.startsWith('timer.'))).toEqual(['timer.scheduled:expired']);

    // when
    await t.clock.advance('PT30M');
    const result = await t.engine.messages.correlate('payment', { businessKey: 'order-7' }, { paidAmount: 12 });
    // then
    expect(result).toEqual({ correlated: [{ instanceId: inst.id, elementId: 'paid' }], started: [] });
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ paidAmount: 12 });
    expect(t.trail((e) => e.type.startsWith('timer.') || e.type.startsWith('message.'))).toEqual([
      'timer.scheduled:expired',
      'message.correlated:paid',
      'timer.cancelled:expired',
    ]);
    expect(t.trail(activity).slice(-6)).toEqual([
      'activity.entered:waitFor',
      'activity.left:waitFor',
      'activity.entered:paid',
      'activity.left:paid',
      'activity.entered:paidEnd',
      'activity.left:paidEnd',
    ]);

    // when: time passes after the message won
    await t.clock.advance('P1D');
    // then
    expect(t.trail((e) => e.type === 'timer.fired')).toEqual([]);
  });

  it('Scenario: a message buffered before the gateway is reached wins at once', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/event-gateway.bpmn');
    const buffered = await t.engine.messages.correlate('payment', { businessKey: 'order-9' }, { paidAmount: 3 });
    expect(buffered.buffered).toBeDefined();
    // when
    const inst = await t.engine.start('eventGateway', {}, { businessKey: 'order-9' });
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(info?.variables).toEqual({ paidAmount: 3 });
    expect(t.trail((e) => e.type.startsWith('timer.') || e.type.startsWith('message.') || e.type === 'activity.entered')).toEqual([
      'message.buffered',
      'activity.entered:start',
      'activity.entered:waitFor',
      'timer.scheduled:expired',
      'message.correlated:paid',
      'timer.cancelled:expired',
      'activity.entered:paid',
      'activity.entered:paidEnd',
    ]);
    // when: the buffered message was taken once
    const again = await t.engine.start('eventGateway', {}, { businessKey: 'order-9' });
    // then
    expect((await t.engine.instances.get(again.id))?.activeElements).toEqual(['waitFor']);
  });

  it('Scenario: the timer fires first; the subscription is gone, and a later message is buffered', async () => {
    // given
    const t = testEngine();
    await t.deploy('flow/event-gateway.bpmn');
    const inst = await t.engine.start('eventGateway', {}, { businessKey: 'order-8' });

    // when
    await t.clock.advance('PT1H');
    // then
    const info = await t.engine.instances.get(inst.id);
    expect(info?.status).toBe('completed');
    expect(t.trail(activity).slice(-4)).toEqual(['activity.entered:expired', 'activity.left:expired', 'activity.entered:expiredEnd', 'activity.left:expiredEnd']);

    // when
    const result = await t.engine.messages.correlate('payment', { businessKey: 'order-8' }, {});
    // then
    expect(result.correlated).toEqual([]);
    expect(result.started).toEqual([]);
    expect(result.buffered?.expiresAt).toBe(t.clock.now() + 3_600_000);
    expect(t.trail((e) => e.type === 'message.correlated')).toEqual([]);
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({});
  });
});
