/**
 * Signal events. Catching (intermediate catch, boundary, interrupting or not): a signal
 * subscription keyed by the signal's name alone, so one broadcast reaches every waiting
 * catch (`engine.signals.broadcast`). Throwing (intermediate throw, end event): the signal
 * is broadcast after the thrower's commit, with the thrower's input-mapping locals as its
 * variables; the thrower does not wait for the receivers.
 *
 * @module
 */
import type { Step } from '../../runtime/step';
import type { Execution, SubscriptionState } from '../../runtime/state';
import type { EventDefinitionBehaviour } from './eventDefinition';
import { deliver } from './message';

function broadcast(step: Step, e: Execution): void {
  const ev = step.node(e.n).event;
  if (ev?.type === 'signal') step.signals.push({ signal: ev.signal, variables: structuredClone(e.v ?? {}) });
  step.leave(e);
}

export const signalDefinition: EventDefinitionBehaviour = {
  wait: 'event',
  arm(step, owner, n) {
    const ev = step.node(n).event;
    if (ev?.type !== 'signal') return false;
    const sub: SubscriptionState = { id: step.nextId(), ex: owner.id, n, m: ev.signal, k: 'signal' };
    step.state.subs.push(sub);
    const id = step.globalId(sub.id);
    step.subsPut.set(id, { id, instanceId: step.state.id, localId: sub.id, messageName: ev.signal, keyKind: 'signal', key: '', createdAt: step.now });
    return true;
  },
  end: broadcast,
  throw: broadcast,
};

/** A broadcast signal reached subscription `localId`. Returns false when it is no longer open. */
export function receiveSignal(step: Step, localId: number, payload: Record<string, unknown>): boolean {
  return deliver(step, localId, payload, (s, e) => step.emit('signal.received', s.n, { signalName: s.m, payload }, e.id), 'signal');
}
