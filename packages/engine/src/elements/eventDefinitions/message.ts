/**
 * Message events: subscriptions (intermediate catch, receive task, event-based gateway
 * target, boundary event) and correlation. A subscription's key is its correlation key
 * (FEEL, evaluated in the owner's scope when it opens) or the instance's business key. A
 * non-interrupting boundary stays subscribed while its activity runs and may fire again.
 *
 * @module
 */
import type { EventDef } from '../../model/types';
import type { Step } from '../../runtime/step';
import type { Execution, SubscriptionState } from '../../runtime/state';
import { serviceTask } from '../serviceTask';
import type { EventDefinitionBehaviour } from './eventDefinition';

export const messageDefinition: EventDefinitionBehaviour = {
  wait: 'message',
  arm(step, owner, n) {
    const ev = step.node(n).event;
    return ev?.type === 'message' ? openSubscription(step, owner, n, ev) : false;
  },
  // Throwing a message (end or intermediate throw event) is a job for a host handler, like a
  // send task: the token waits for its result, then ends or moves on.
  end: (step, e) => serviceTask.execute(step, e),
  throw: (step, e) => serviceTask.execute(step, e),
};

/** Open a message subscription for node `n` owned by `e`. */
export function openSubscription(step: Step, e: Execution, n: number, def: Extract<EventDef, { type: 'message' }>): boolean {
  let ck: string | undefined;
  if (def.correlationKey) {
    const r = step.evaluate(def.correlationKey, e);
    if (!r.ok || (typeof r.value !== 'string' && typeof r.value !== 'number')) {
      step.incident(e, 'CORRELATION_KEY', `Correlation key '=${def.correlationKey.source}' of ${step.node(n).id} ${r.ok ? `gave ${JSON.stringify(r.value)}, not a string or number` : `failed: ${r.error}`}.`);
      return false;
    }
    ck = String(r.value);
  }
  const sub: SubscriptionState = { id: step.nextId(), ex: e.id, n, m: def.message, ...(ck !== undefined ? { ck } : {}) };
  step.state.subs.push(sub);
  const id = step.globalId(sub.id);
  const key = ck ?? step.state.businessKey;
  step.subsPut.set(id, {
    id,
    instanceId: step.state.id,
    localId: sub.id,
    messageName: def.message,
    keyKind: ck !== undefined ? 'correlation' : 'business',
    ...(key !== undefined ? { key } : {}),
    createdAt: step.now,
  });
  return true;
}

/**
 * A message was correlated to subscription `localId`. Returns false when it is no longer open.
 * @param bufferedAt - when a message taken from the buffer arrived (the event carries it).
 */
export function correlate(step: Step, localId: number, payload: Record<string, unknown>, bufferedAt?: number): boolean {
  return deliver(step, localId, payload, (s, e) => step.emit('message.correlated', s.n, { messageName: s.m, ...(s.ck !== undefined ? { correlationKey: s.ck } : {}), payload, ...(bufferedAt !== undefined ? { bufferedAt } : {}) }, e.id));
}

/**
 * A message or signal reached subscription `localId`: the subscription closes (a
 * non-interrupting boundary or event subprocess keeps it), the payload is written — an event
 * subprocess start's into the new event subprocess's scope, — a boundary event's to the
 * scope around its activity, a catch event's or receive task's as its own result (output
 * mappings apply) — `record` emits the event, and the catch is triggered. Returns false when
 * the subscription is no longer open.
 */
export function deliver(step: Step, localId: number, payload: Record<string, unknown>, record: (s: SubscriptionState, e: Execution) => void, kind?: 'signal'): boolean {
  const s = step.state.subs.find((x) => x.id === localId && x.k === kind);
  if (!s) return false;
  const e = step.waitOwner(s.ex, s.n);
  if (!e) return false;
  const node = step.node(s.n);
  const esp = step.isEventSubprocessStart(s.n);
  if ((node.kind !== 'boundaryEvent' && !esp) || node.cancelActivity !== false) step.removeSubscription(s);
  if (esp) {
    // An event subprocess start: the payload becomes the new event subprocess's locals.
    record(s, e);
    step.triggerCatch(e, s.n, payload);
    return true;
  }
  if (node.kind === 'boundaryEvent') step.writeVariables(e.s === 0 ? undefined : step.exec(e.s), payload);
  else step.writeResult(e, payload);
  record(s, e);
  step.triggerCatch(e, s.n);
  return true;
}
