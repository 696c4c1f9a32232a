/**
 * Message helpers: correlation keys, buffered-message events, and taking buffered messages
 * for the subscriptions a step opened.
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';
import type { MessageBufferEvent } from '../events/types';
import type { BufferedMessage, CorrelationKind, Store } from '../store/types';
import type { Step } from './step';

/** Keys a message correlates by: the instance's business key, or a correlation key expression's value. */
export type CorrelationKeys = { businessKey: string; correlationKey?: undefined } | { correlationKey: string; businessKey?: undefined };

/** Validate `keys`: exactly one non-empty key. */
export function correlationKeyOf(keys: CorrelationKeys): { kind: CorrelationKind; key: string } {
  const k = keys as { businessKey?: unknown; correlationKey?: unknown } | undefined;
  const hasB = k?.businessKey !== undefined;
  const hasC = k?.correlationKey !== undefined;
  if (hasB === hasC) {
    throw new InvalidArgumentError('correlation keys', `expected exactly one of businessKey or correlationKey, got ${JSON.stringify(keys)}`, "pass { businessKey: 'order-42' } or { correlationKey: '42' }.");
  }
  const v = hasB ? k!.businessKey : k!.correlationKey;
  if (typeof v !== 'string' && typeof v !== 'number') {
    throw new InvalidArgumentError('correlation keys', `the key must be a string, got ${typeof v}`, 'pass the key as a string.');
  }
  // An empty key would match the subscriptions of instances that have no business key.
  if (String(v) === '') throw new InvalidArgumentError('correlation keys', 'the key is empty', "pass a non-empty key, e.g. { businessKey: 'order-42' }.");
  return { kind: hasB ? 'business' : 'correlation', key: String(v) };
}

/** The bus event for a buffered message (these belong to no instance). */
export function messageEvent<T extends 'message.buffered' | 'message.expired'>(type: T, m: Pick<BufferedMessage, 'id' | 'messageName' | 'keyKind' | 'key' | 'expiresAt'>, at: number): MessageBufferEvent<T> {
  return {
    type,
    at,
    messageId: m.id,
    messageName: m.messageName,
    ...(m.keyKind === 'business' ? { businessKey: m.key } : { correlationKey: m.key }),
    expiresAt: m.expiresAt,
  };
}

/**
 * After a step opened subscriptions: take matching buffered messages, each once, oldest
 * first. A non-interrupting boundary keeps its subscription and may take several.
 * Returns the ids of the messages taken (to delete in the same commit).
 */
export async function takeBufferedMessages(store: Store, step: Step): Promise<string[]> {
  const consumed: string[] = [];
  const checked = new Set<string>();
  for (;;) {
    const fresh = [...step.subsPut.values()].filter((s) => !checked.has(s.id));
    if (!fresh.length) return consumed;
    for (const sub of fresh) {
      checked.add(sub.id);
      if (sub.key === undefined || !step.subsPut.has(sub.id)) continue;
      const msgs = (await store.findMessages(sub.messageName, sub.keyKind, sub.key, step.now)).filter((m) => !consumed.includes(m.id));
      const msg = msgs[0];
      if (!msg) continue;
      if (step.correlate(sub.localId, msg.payload)) {
        consumed.push(msg.id);
        step.run();
        if (step.subsPut.has(sub.id)) checked.delete(sub.id);
      }
    }
  }
}
