/**
 * The transfer history of one opportunity, read from the engine's instance history: who
 * captured it, every transfer (system or person), claim, return, automatic return, handling
 * and closing. Shared by the status query and the report.
 *
 * @module
 */
import type { HistoryRecord } from '@handoff/engine';
import { TASK_CHANNEL, type Channel } from './channels';

/** One step of an opportunity's journey. */
export type TransferEntry =
  | { at: number; event: 'captured'; channel: Channel }
  | { at: number; event: 'transferred'; to: Channel; by: 'system' | 'operationsCenter'; second: boolean }
  | { at: number; event: 'dualCoverage'; to: 'phoneAccountManager' }
  | { at: number; event: 'claimed'; channel: Channel; actor: string }
  | { at: number; event: 'returned'; from: Channel; actor: string; reason: string }
  | { at: number; event: 'claimTimedOut'; from: Channel }
  | { at: number; event: 'toOperationsCenter'; reason: 'undecidable' | 'returned' | 'claimTimedOut' }
  | { at: number; event: 'dispatched'; to: Channel; actor: string; reason: string }
  | { at: number; event: 'handled'; channel: Channel; actor: string }
  | { at: number; event: 'covered'; actor: string; contacted: boolean }
  | { at: number; event: 'closed'; channel: Channel; actor: string; stage: string; won: boolean };

const CLAIMS: Record<string, Channel> = { claimByAccountManager: 'accountManager', claimBySocialChannel: 'socialChannel' };
const TIMERS: Record<string, Channel> = { claimAccountManagerOverdue: 'accountManager', claimSocialChannelOverdue: 'socialChannel' };
const HANDLES = new Set(['handleByPhoneManager', 'handleOnWebsite', 'handleAtServiceHall', 'handleOnHotline']);

type Rec = HistoryRecord & { elementId?: string; output?: Record<string, unknown>; actor?: { id: string }; variables?: Record<string, unknown> };

/** The transfer history of an instance, oldest first. */
export function transferHistory(history: readonly HistoryRecord[]): TransferEntry[] {
  const out: TransferEntry[] = [];
  let dispatched = false;
  let lastToOps: 'undecidable' | 'returned' | 'claimTimedOut' = 'undecidable';
  for (const raw of history) {
    const e = raw as Rec;
    const el = e.elementId ?? '';
    const actor = e.actor?.id ?? 'engine';
    if (e.type === 'process.started') {
      out.push({ at: e.at, event: 'captured', channel: e.variables?.contactChannel as Channel });
    } else if (e.type === 'activity.entered' && CLAIMS[el]) {
      out.push({ at: e.at, event: 'transferred', to: CLAIMS[el]!, by: dispatched ? 'operationsCenter' : 'system', second: dispatched });
      dispatched = false;
    } else if (e.type === 'activity.entered' && el === 'coverByPhoneManager') {
      out.push({ at: e.at, event: 'dualCoverage', to: 'phoneAccountManager' });
    } else if (e.type === 'activity.entered' && el === 'dispatchByOperations') {
      out.push({ at: e.at, event: 'toOperationsCenter', reason: lastToOps });
    } else if (e.type === 'timer.fired' && TIMERS[el]) {
      out.push({ at: e.at, event: 'claimTimedOut', from: TIMERS[el]! });
      lastToOps = 'claimTimedOut';
    } else if (e.type === 'task.completed') {
      const o = e.output ?? {};
      if (CLAIMS[el]) {
        if (o.accepted === true) out.push({ at: e.at, event: 'claimed', channel: CLAIMS[el]!, actor });
        else {
          out.push({ at: e.at, event: 'returned', from: CLAIMS[el]!, actor, reason: String(o.returnReason ?? '') });
          lastToOps = 'returned';
        }
      } else if (el === 'dispatchByOperations') {
        out.push({ at: e.at, event: 'dispatched', to: o.dispatchTo as Channel, actor, reason: String(o.reason ?? '') });
        dispatched = true;
      } else if (HANDLES.has(el)) {
        out.push({ at: e.at, event: 'handled', channel: TASK_CHANNEL[el as keyof typeof TASK_CHANNEL], actor });
      } else if (el === 'coverByPhoneManager') {
        out.push({ at: e.at, event: 'covered', actor, contacted: o.contacted === true });
      } else if (el === 'followUpByAccountManager' || el === 'followUpBySocialChannel') {
        out.push({ at: e.at, event: 'closed', channel: TASK_CHANNEL[el], actor, stage: String(o.stage), won: o.won === true });
      }
    }
  }
  return out;
}
