/**
 * One call as the report sees it, read from the engine's instance history: the agent who
 * took it, the marketing on it, the channel the offer went to and how it ended.
 *
 * @module
 */
import type { HistoryRecord } from '@handoff/engine';
import { CHANNEL_LANE, RECOMMENDATION_CHANNELS, type MarketingType, type RecommendationChannel } from './channels';

/** A call's marketing facts. */
export interface CallRecord {
  instanceId: string;
  callId?: string;
  startedAt: number;
  /** The agent (actor id) who completed `handleRequest`; absent while the call is unanswered. */
  agent?: string;
  /** The marketing type offered, `none`, or absent while unanswered. */
  marketingType?: MarketingType | 'none';
  productId?: string;
  accepted?: boolean;
  /** Where the accepted offer went (the routing decision's channel). */
  channel?: RecommendationChannel | 'hotline' | 'none';
  /** `completeOnHotline`'s result. */
  hotlineResult?: 'ordered' | 'booked' | 'failed';
  /** A recommendation to a self-service channel: true when the channel reported the order, false when the window passed, absent while open. */
  succeeded?: boolean;
  /** A capability requirement was raised for the business review team. */
  requirement: boolean;
}

const ORDER_TASK = Object.fromEntries(RECOMMENDATION_CHANNELS.map((c) => [`${CHANNEL_LANE[c]}Order`, c])) as Record<string, RecommendationChannel>;
const ORDERED = Object.fromEntries(RECOMMENDATION_CHANNELS.map((c) => [`${CHANNEL_LANE[c]}Ordered`, c])) as Record<string, RecommendationChannel>;
const NOT_ORDERED = Object.fromEntries(RECOMMENDATION_CHANNELS.map((c) => [`${CHANNEL_LANE[c]}NotOrdered`, c])) as Record<string, RecommendationChannel>;

type Rec = HistoryRecord & { elementId?: string; output?: Record<string, unknown>; actor?: { id: string }; variables?: Record<string, unknown> };

/** The call record of one instance's history (oldest first). */
export function callRecord(instanceId: string, history: readonly HistoryRecord[]): CallRecord {
  const r: CallRecord = { instanceId, startedAt: history[0]?.at ?? 0, requirement: false };
  for (const raw of history) {
    const e = raw as Rec;
    const el = e.elementId ?? '';
    if (e.type === 'process.started') {
      r.startedAt = e.at;
      const id = e.variables?.callId;
      if (typeof id === 'string') r.callId = id;
    } else if (e.type === 'task.completed' && el === 'handleRequest') {
      if (e.actor) r.agent = e.actor.id;
      const m = (e.output?.marketing ?? {}) as { type?: MarketingType | 'none'; productId?: string; accepted?: boolean };
      if (m.type) r.marketingType = m.type;
      if (m.productId !== undefined) r.productId = m.productId;
      if (m.accepted !== undefined) r.accepted = m.accepted;
    } else if (e.type === 'task.completed' && el === 'completeOnHotline') {
      r.hotlineResult = e.output?.result as CallRecord['hotlineResult'];
    } else if (e.type === 'activity.entered') {
      if (el === 'completeOnHotline') r.channel = 'hotline';
      else if (el === 'raiseRequirement') {
        r.channel = 'none';
        r.requirement = true;
      } else if (ORDER_TASK[el]) r.channel = ORDER_TASK[el];
      else if (ORDERED[el]) r.succeeded = true;
      else if (NOT_ORDERED[el]) r.succeeded = false;
    }
  }
  return r;
}
