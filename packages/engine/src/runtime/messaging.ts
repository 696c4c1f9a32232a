/**
 * Message helpers: correlation keys and buffered-message events. (Buffered messages reach
 * the subscriptions a transition opens through the pipeline: `runtime/pipeline.ts`.)
 *
 * @module
 */
import { InvalidArgumentError } from '../errors';
import type { MessageBufferEvent } from '../events/types';
import type { BufferedMessage, CorrelationKind } from '../store/types';

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
