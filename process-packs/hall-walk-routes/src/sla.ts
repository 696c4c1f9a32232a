/**
 * The queue promise (排队不超过10分钟): from a counter ticket (the counter task is created,
 * waiting for a free counter) to the counter call (`task.granted`) at most 10 minutes.
 * At 7 minutes (*default*) a warning (`sla.warning`) asks a greeter to attend and divert if
 * possible; at 10 minutes the breach (`sla.breached`) alerts the duty manager, who may open
 * an extra counter. Both are engine events; {@link watchQueue} turns them into two callbacks.
 * (No `sla.escalated` step: an extra counter opened at the breach calls the customer in the
 * same instant, which stops the clock before a later stage could run.)
 *
 * @module
 */
import type { Engine, ResourcePoolStatus, SlaEvent, SlaPolicyConfig } from '@handoff/engine';

/** The process id of the pack. */
export const PROCESS_ID = 'hallWalkRoutes';
/** The queue limit, binding (source: the group's promise "排队不超过10分钟"). */
export const QUEUE_LIMIT = 'PT10M';
/** Warning at 7 of 10 minutes (*default*). */
export const QUEUE_WARNING = 0.7;
/** The counter tasks a ticket is taken for, with their SLA ids. */
export const COUNTER_TASKS = { serveAtCounter: 'queue', verifyIdentityAtCounter: 'queueIdentity', signContractAndPay: 'queueContract' } as const;
/** The SLA ids of the queue promise. */
export const QUEUE_SLA_IDS: readonly string[] = Object.values(COUNTER_TASKS);

/** Options of {@link hallSlaPolicies}. */
export interface HallSlaOptions {
  /** Warning as a fraction of the limit; default 0.7 (7 minutes). */
  warning?: number;
}

/** The queue SLA policies: one per counter task, ticket (`task.created`) → call (`task.granted`). */
export function hallSlaPolicies(options: HallSlaOptions = {}): SlaPolicyConfig[] {
  return Object.entries(COUNTER_TASKS).map(([elementId, id]) => ({
    id,
    processId: PROCESS_ID,
    name: '排队不超过10分钟',
    start: { on: 'task.created', elementId },
    stop: { on: 'task.granted', elementId },
    limit: QUEUE_LIMIT,
    warning: options.warning ?? QUEUE_WARNING,
  }));
}

/** A queue alert as {@link watchQueue} hands it to the host. */
export interface QueueAlert {
  kind: 'warning' | 'breach';
  instanceId: string;
  /** The customer's ticket (the business key). */
  ticket?: string;
  /** The counter task the customer waits for. */
  elementId?: string;
  /** Waited so far, ms. */
  waitedMs: number;
  at: number;
}

/**
 * Subscribe to the queue promise: `onWarning` at 7 minutes (ask a greeter to attend and
 * divert with {@link divertCustomer}), `onBreach` at 10 minutes (alert the duty manager, who
 * may {@link openExtraCounter}). Returns the unsubscribe function.
 * @example
 * ```ts
 * const stop = watchQueue(engine, {
 *   onWarning: (a) => pager.greeters(`ticket ${a.ticket} waits 7 min`),
 *   onBreach: async () => { await openExtraCounter(engine); },
 * });
 * ```
 */
export function watchQueue(engine: Engine, handlers: { onWarning?: (a: QueueAlert) => unknown; onBreach?: (a: QueueAlert) => unknown }): () => void {
  const alert = (kind: QueueAlert['kind'], e: SlaEvent<string>): QueueAlert => ({
    kind,
    instanceId: e.instanceId,
    ...(e.businessKey !== undefined ? { ticket: e.businessKey } : {}),
    ...(e.slaElementId !== undefined ? { elementId: e.slaElementId } : {}),
    waitedMs: e.elapsed,
    at: e.at,
  });
  const warning = (e: SlaEvent<'sla.warning'>) => {
    if (QUEUE_SLA_IDS.includes(e.slaId)) void handlers.onWarning?.(alert('warning', e));
  };
  const breach = (e: SlaEvent<'sla.breached'>) => {
    if (QUEUE_SLA_IDS.includes(e.slaId)) void handlers.onBreach?.(alert('breach', e));
  };
  engine.on('sla.warning', warning).on('sla.breached', breach);
  return () => {
    engine.off('sla.warning', warning).off('sla.breached', breach);
  };
}

/** The duty manager opens `by` extra counters (`engine.resources.setCapacity`); waiting tickets are called at once. */
export async function openExtraCounter(engine: Engine, by = 1, role = 'counter'): Promise<ResourcePoolStatus> {
  const { capacity } = await engine.resources.status(role);
  return engine.resources.setCapacity(role, capacity + by);
}

/** The message a greeter correlates to divert a waiting counter customer to self-service. */
export const DIVERT_MESSAGE = 'customerDiverted';

/**
 * A greeter diverts the waiting customer with `ticket` to self-service (业务分流): the
 * counter ticket is cancelled (it leaves the queue) and the customer goes to an e-channel
 * PC or kiosk. Returns whether a waiting counter customer took it.
 */
export async function divertCustomer(engine: Engine, ticket: string): Promise<boolean> {
  const r = await engine.messages.correlate(DIVERT_MESSAGE, { businessKey: ticket }, {}, { ttl: 0 });
  return r.correlated.length > 0;
}
