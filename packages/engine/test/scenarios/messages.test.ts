import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ValidationError, type CorrelationKeys, type EngineEvent } from '../../src/index';
import { actor, testEngine } from '../support';

const T0 = Date.parse('2026-03-02T09:00:00+08:00');
const anyone = actor('ana');
const messageEvents = (e: EngineEvent) => e.type.startsWith('message.');

describe('Feature: catching messages by business key', () => {
  it('Scenario: an intermediate catch event and a receive task take messages for the instance business key', async () => {
    // given two instances waiting for payment
    const t = testEngine();
    await t.deploy('scenarios/message-business-key.bpmn');
    const a = await t.engine.start('messageBusinessKey', { amount: 10 }, { businessKey: 'order-A' });
    const b = await t.engine.start('messageBusinessKey', {}, { businessKey: 'order-B' });
    // when
    const paid = await t.engine.messages.correlate('paymentReceived', { businessKey: 'order-A' }, { paidAmount: 10 });
    // then only order A moves on
    expect(paid).toEqual({ correlated: [{ instanceId: a.id, elementId: 'waitPayment' }], started: [] });
    expect((await t.engine.instances.get(a.id))?.activeElements).toEqual(['receiveGoods']);
    expect((await t.engine.instances.get(b.id))?.activeElements).toEqual(['waitPayment']);
    // when the goods arrive
    const goods = await t.engine.messages.correlate('goodsReceived', { businessKey: 'order-A' }, { boxes: 2 });
    // then
    expect(goods.correlated).toEqual([{ instanceId: a.id, elementId: 'receiveGoods' }]);
    expect(await t.engine.instances.get(a.id)).toMatchObject({ status: 'completed', variables: { amount: 10, paidAmount: 10, boxes: 2 } });
    expect(t.trail((e) => e.type === 'message.correlated' && e.instanceId === a.id)).toEqual(['message.correlated:waitPayment', 'message.correlated:receiveGoods']);
    expect(t.events.find((e) => e.type === 'message.correlated')).toMatchObject({ messageName: 'paymentReceived', businessKey: 'order-A', payload: { paidAmount: 10 } });
  });

  it('Scenario: the payload is merged into the variables, overwriting values of the same name', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-business-key.bpmn');
    const inst = await t.engine.start('messageBusinessKey', { status: 'unpaid', amount: 10 }, { businessKey: 'order-1' });
    // when
    await t.engine.messages.correlate('paymentReceived', { businessKey: 'order-1' }, { status: 'paid', receipt: { no: 'R-1', lines: [1, 2] } });
    // then
    expect((await t.engine.instances.get(inst.id))?.variables).toEqual({ status: 'paid', amount: 10, receipt: { no: 'R-1', lines: [1, 2] } });
  });

  it('Scenario: a message whose name matches but whose key does not is buffered, not correlated', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-business-key.bpmn');
    const inst = await t.engine.start('messageBusinessKey', {}, { businessKey: 'order-1' });
    // when
    const wrongKey = await t.engine.messages.correlate('paymentReceived', { businessKey: 'order-2' });
    const wrongKind = await t.engine.messages.correlate('paymentReceived', { correlationKey: 'order-1' });
    // then
    expect(wrongKey).toMatchObject({ correlated: [], started: [], buffered: { expiresAt: T0 + 3_600_000 } });
    expect(wrongKind).toMatchObject({ correlated: [], started: [], buffered: { expiresAt: T0 + 3_600_000 } });
    expect((await t.engine.instances.get(inst.id))?.activeElements).toEqual(['waitPayment']);
  });
});

describe('Feature: catching messages by correlation key', () => {
  it('Scenario: zeebe:subscription correlation keys route messages to the intermediate catch and the receive task', async () => {
    // given two orders at the catch, with different order ids and tracking numbers
    const t = testEngine();
    await t.deploy('scenarios/message-correlation-key.bpmn');
    const a = await t.engine.start('messageCorrelationKey', { orderId: 'A-1', trackingNo: 'SF100' });
    const b = await t.engine.start('messageCorrelationKey', { orderId: 'B-2', trackingNo: 'SF200' });
    await t.completeTask(a.id, 'prepare', anyone);
    await t.completeTask(b.id, 'prepare', anyone);
    // when
    const confirmed = await t.engine.messages.correlate('paymentConfirmed', { correlationKey: 'B-2' }, { confirmedBy: 'bank' });
    // then
    expect(confirmed).toEqual({ correlated: [{ instanceId: b.id, elementId: 'waitConfirmation' }], started: [] });
    expect(t.events.find((e) => e.type === 'message.correlated')).toMatchObject({ instanceId: b.id, correlationKey: 'B-2', payload: { confirmedBy: 'bank' } });
    expect((await t.engine.instances.get(a.id))?.activeElements).toEqual(['waitConfirmation']);
    expect((await t.engine.instances.get(b.id))?.activeElements).toEqual(['awaitDelivery']);
    // when the parcel of B is delivered, keyed by its tracking number
    const delivered = await t.engine.messages.correlate('parcelDelivered', { correlationKey: 'SF200' });
    // then
    expect(delivered.correlated).toEqual([{ instanceId: b.id, elementId: 'awaitDelivery' }]);
    expect((await t.engine.instances.get(b.id))?.status).toBe('completed');
    expect((await t.engine.instances.get(a.id))?.status).toBe('active');
  });

  it('Scenario: a message correlates to every instance waiting with the same key, once each', async () => {
    // given two instances with the same order id (e.g. a split shipment) and one with another
    const t = testEngine();
    await t.deploy('scenarios/message-correlation-key.bpmn');
    const ids: string[] = [];
    for (const orderId of ['A-1', 'A-1', 'C-3']) {
      const inst = await t.engine.start('messageCorrelationKey', { orderId, trackingNo: `T-${ids.length}` });
      await t.completeTask(inst.id, 'prepare', anyone);
      ids.push(inst.id);
    }
    // when
    const first = await t.engine.messages.correlate('paymentConfirmed', { correlationKey: 'A-1' }, { paid: true });
    const second = await t.engine.messages.correlate('paymentConfirmed', { correlationKey: 'A-1' }, { paid: 'again' }, { ttl: 0 });
    // then
    expect(first).toEqual({
      correlated: [
        { instanceId: ids[0], elementId: 'waitConfirmation' },
        { instanceId: ids[1], elementId: 'waitConfirmation' },
      ],
      started: [],
    });
    expect(second).toEqual({ correlated: [], started: [] });
    for (const id of ids.slice(0, 2)) expect(await t.engine.instances.get(id)).toMatchObject({ activeElements: ['awaitDelivery'], variables: { paid: true } });
    expect((await t.engine.instances.get(ids[2]!))?.activeElements).toEqual(['waitConfirmation']);
    expect(t.trail((e) => e.type === 'message.correlated')).toHaveLength(2);
  });

  it('Scenario: one instance waiting twice for the same message takes one copy per correlation', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-twice.bpmn');
    const inst = await t.engine.start('messageTwice', {}, { businessKey: 'k' });
    // when
    const first = await t.engine.messages.correlate('ping', { businessKey: 'k' }, { n: 1 });
    // then
    expect(first.correlated).toHaveLength(1);
    expect((await t.engine.instances.get(inst.id))?.status).toBe('active');
    // when
    const second = await t.engine.messages.correlate('ping', { businessKey: 'k' }, { n: 2 });
    // then
    expect(second.correlated).toHaveLength(1);
    expect([first.correlated[0]!.elementId, second.correlated[0]!.elementId].sort()).toEqual(['pingA', 'pingB']);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ status: 'completed', variables: { n: 2 } });
  });
});

describe('Feature: buffered messages', () => {
  it('Scenario: a message that arrives before the catch is buffered and taken when the subscription opens, once', async () => {
    // given a payment confirmation for order A-1 before any order waits for it
    const t = testEngine();
    await t.deploy('scenarios/message-correlation-key.bpmn');
    const early = await t.engine.messages.correlate('paymentConfirmed', { correlationKey: 'A-1' }, { paidAt: 'early' });
    expect(early).toEqual({ correlated: [], started: [], buffered: { messageId: 'inst-1', expiresAt: T0 + 3_600_000 } });
    expect(t.events).toEqual([
      { type: 'message.buffered', at: T0, messageId: 'inst-1', messageName: 'paymentConfirmed', correlationKey: 'A-1', expiresAt: T0 + 3_600_000 },
    ]);
    const first = await t.engine.start('messageCorrelationKey', { orderId: 'A-1', trackingNo: 'T1' });
    const second = await t.engine.start('messageCorrelationKey', { orderId: 'A-1', trackingNo: 'T2' });
    // when the first order reaches the catch
    await t.clock.advance('PT10M');
    await t.completeTask(first.id, 'prepare', anyone);
    // then it takes the buffered message at once
    expect(await t.engine.instances.get(first.id)).toMatchObject({ activeElements: ['awaitDelivery'], variables: { paidAt: 'early' } });
    expect(t.events.find((e) => e.type === 'message.correlated')).toMatchObject({ instanceId: first.id, elementId: 'waitConfirmation', at: T0 + 600_000, payload: { paidAt: 'early' } });
    // when the second order reaches the catch
    await t.completeTask(second.id, 'prepare', anyone);
    // then it waits: the message was taken once
    expect(await t.engine.instances.get(second.id)).toMatchObject({ activeElements: ['waitConfirmation'], variables: { orderId: 'A-1', trackingNo: 'T2' } });
    // and the taken message does not expire later
    await t.clock.advance('PT2H');
    expect(t.trail(messageEvents)).toEqual(['message.buffered', 'message.correlated:waitConfirmation']);
  });

  it('Scenario: a buffered message is taken by an instance that starts right at the catch', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-business-key.bpmn');
    await t.engine.messages.correlate('paymentReceived', { businessKey: 'order-9' }, { paidAmount: 99 });
    // when
    const inst = await t.engine.start('messageBusinessKey', {}, { businessKey: 'order-9' });
    // then
    expect(inst).toMatchObject({ activeElements: ['receiveGoods'], variables: { paidAmount: 99 } });
    const other = await t.engine.start('messageBusinessKey', {}, { businessKey: 'order-9' });
    expect(other.activeElements).toEqual(['waitPayment']);
  });

  it('Scenario: two instances opening the subscription at the same time take a buffered message once', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-correlation-key.bpmn');
    await t.engine.messages.correlate('paymentConfirmed', { correlationKey: 'A-1' }, { paid: true });
    const a = await t.engine.start('messageCorrelationKey', { orderId: 'A-1', trackingNo: 'T1' });
    const b = await t.engine.start('messageCorrelationKey', { orderId: 'A-1', trackingNo: 'T2' });
    // when
    await Promise.all([t.completeTask(a.id, 'prepare', anyone), t.completeTask(b.id, 'prepare', anyone)]);
    // then
    const where = [(await t.engine.instances.get(a.id))!.activeElements[0], (await t.engine.instances.get(b.id))!.activeElements[0]].sort();
    expect(where).toEqual(['awaitDelivery', 'waitConfirmation']);
    expect(t.trail((e) => e.type === 'message.correlated')).toHaveLength(1);
  });

  it('Scenario: a message sent while the subscription opens is never lost between buffer and subscription', async () => {
    // regression: correlate found no subscription, the instance then opened one without seeing a
    // buffered message, and the message was buffered after: both waited until the TTL.
    for (let delay = 0; delay < 8; delay++) {
      // given
      const t = testEngine();
      await t.deploy('scenarios/message-correlation-key.bpmn');
      const inst = await t.engine.start('messageCorrelationKey', { orderId: 'A-1', trackingNo: 'T1' });
      const later = async () => {
        for (let i = 0; i < delay; i++) await Promise.resolve();
        return t.engine.messages.correlate('paymentConfirmed', { correlationKey: 'A-1' }, { paid: true });
      };
      // when the task completes (opening the subscription) while the message is sent
      const [, result] = await Promise.all([t.completeTask(inst.id, 'prepare', anyone), later()]);
      // then the instance took it, whichever came first
      expect({ delay, where: (await t.engine.instances.get(inst.id))?.activeElements }).toEqual({ delay, where: ['awaitDelivery'] });
      expect(result.buffered === undefined ? result.correlated : 'buffered, then taken').toEqual(
        result.buffered === undefined ? [{ instanceId: inst.id, elementId: 'waitConfirmation' }] : 'buffered, then taken',
      );
    }
  });

  it('Scenario: a buffered message expires after its TTL and is then not taken', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-correlation-key.bpmn');
    const r = await t.engine.messages.correlate('paymentConfirmed', { correlationKey: 'A-1' }, { paid: true }, { ttl: 'PT10M' });
    expect(r.buffered).toEqual({ messageId: 'inst-1', expiresAt: T0 + 600_000 });
    const inst = await t.engine.start('messageCorrelationKey', { orderId: 'A-1', trackingNo: 'T1' });
    // when
    await t.clock.advance('PT9M');
    const beforeExpiry = t.trail(messageEvents);
    await t.clock.advance('PT1M');
    await t.completeTask(inst.id, 'prepare', anyone);
    // then
    expect(beforeExpiry).toEqual(['message.buffered']);
    expect(t.events.filter(messageEvents)).toEqual([
      { type: 'message.buffered', at: T0, messageId: 'inst-1', messageName: 'paymentConfirmed', correlationKey: 'A-1', expiresAt: T0 + 600_000 },
      { type: 'message.expired', at: T0 + 600_000, messageId: 'inst-1', messageName: 'paymentConfirmed', correlationKey: 'A-1', expiresAt: T0 + 600_000 },
    ]);
    expect(await t.engine.instances.get(inst.id)).toMatchObject({ activeElements: ['waitConfirmation'], variables: { orderId: 'A-1', trackingNo: 'T1' } });
  });

  it('Scenario: ttl 0 does not buffer a message nothing waits for', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-business-key.bpmn');
    // when
    const r = await t.engine.messages.correlate('paymentReceived', { businessKey: 'order-1' }, { paid: true }, { ttl: 0 });
    const inst = await t.engine.start('messageBusinessKey', {}, { businessKey: 'order-1' });
    // then
    expect(r).toEqual({ correlated: [], started: [] });
    expect(t.trail(messageEvents)).toEqual([]);
    expect(inst).toMatchObject({ activeElements: ['waitPayment'], variables: {} });
  });
});

describe('Feature: correlate refuses bad arguments', () => {
  const cases: { name: string; call: [string, unknown, unknown?]; error: typeof InvalidArgumentError | typeof ValidationError; code: string }[] = [
    { name: 'no key at all', call: ['paymentReceived', {}], error: InvalidArgumentError, code: 'INVALID_ARGUMENT' },
    { name: 'both keys', call: ['paymentReceived', { businessKey: 'a', correlationKey: 'b' }], error: InvalidArgumentError, code: 'INVALID_ARGUMENT' },
    { name: 'an empty business key', call: ['paymentReceived', { businessKey: '' }], error: InvalidArgumentError, code: 'INVALID_ARGUMENT' },
    { name: 'an object as key', call: ['paymentReceived', { businessKey: { id: 1 } }], error: InvalidArgumentError, code: 'INVALID_ARGUMENT' },
    { name: 'an empty name', call: ['', { businessKey: 'order-1' }], error: InvalidArgumentError, code: 'INVALID_ARGUMENT' },
    { name: 'a Date in the payload', call: ['paymentReceived', { businessKey: 'order-1' }, { at: new Date() }], error: ValidationError, code: 'VALIDATION_FAILED' },
    { name: 'a function in the payload', call: ['paymentReceived', { businessKey: 'order-1' }, { f: () => 1 }], error: ValidationError, code: 'VALIDATION_FAILED' },
    { name: 'a payload that is an array', call: ['paymentReceived', { businessKey: 'order-1' }, [1, 2]], error: ValidationError, code: 'VALIDATION_FAILED' },
  ];
  for (const c of cases) {
    it(`Scenario: ${c.name} is refused and changes nothing`, async () => {
      // given an instance without a business key and one with it, both waiting
      const t = testEngine();
      await t.deploy('scenarios/message-business-key.bpmn');
      const plain = await t.engine.start('messageBusinessKey');
      const keyed = await t.engine.start('messageBusinessKey', {}, { businessKey: 'order-1' });
      const before = t.events.length;
      // when
      const [name, keys, payload] = c.call;
      const err = await t.engine.messages.correlate(name, keys as CorrelationKeys, payload as Record<string, unknown>).catch((e: unknown) => e);
      // then
      expect(err).toBeInstanceOf(c.error);
      expect((err as InvalidArgumentError).code).toBe(c.code);
      expect(t.events.length).toBe(before);
      for (const id of [plain.id, keyed.id]) expect((await t.engine.instances.get(id))?.activeElements).toEqual(['waitPayment']);
    });
  }

  it('Scenario: a non-JSON payload names the field', async () => {
    // given
    const t = testEngine();
    await t.deploy('scenarios/message-business-key.bpmn');
    // when
    const err = await t.engine.messages.correlate('paymentReceived', { businessKey: 'order-1' }, { receipt: { paidAt: new Date() } }).catch((e: unknown) => e);
    // then
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).issues.map((i) => i.path)).toEqual([['receipt', 'paidAt']]);
  });
});
