/**
 * The summary analysis (总结分析) from history: per community manager, per criterion and per
 * grade, the work orders issued, done, done on time (their own `workOrder` clock not
 * breached), retained (active users, outcome succeeded), won back (churned users, outcome
 * succeeded), declined, unreachable and still open; and the source's churn observation from
 * the lists: of the churned users listed, the share with fault or complaint records in the
 * half year before leaving (seed 001: 71%).
 *
 * Work orders are the inner instances of `handleWorkOrder` (one per classified customer,
 * decision 0017); each task record carries its inner instance's `loopCounter`, the customer's
 * 1-based position on the classified list, which is how a work order is matched to its
 * customer (decision 0027) — not the order the tasks were created in.
 *
 * @module
 */
import { HandoffError, type Engine, type HistoryRecord, type TaskRecord } from '@handoff/engine';
import type { Customer } from './schemas';
import { RETENTION_PROCESS_ID } from './sla';

/** The criteria of the decision table `retentionCriteria`. */
export const CRITERIA = ['churned', 'fallingSpend', 'otherNetworkIp', 'complaintsOrFaults'] as const;
export type Criterion = (typeof CRITERIA)[number];
/** Chinese names of the criteria. */
export const CRITERION_NAMES: Record<Criterion, string> = { churned: '离网客户赢回', fallingSpend: '连续3月市话费下降超过20%', otherNetworkIp: '使用异网IP业务超过50元/月', complaintsOrFaults: '近3月2次以上投诉或3次以上重复报障' };
/** Grades of the decision table `customerGrade`. */
export const GRADES = ['gold', 'silver', 'bronze'] as const;
export type Grade = (typeof GRADES)[number];

/** Counts of work orders. */
export interface WorkOrderCounts {
  issued: number;
  done: number;
  /** Done before the work order's own SLA clock breached. */
  onTime: number;
  /** Clocks that breached (done late or still open). */
  breached: number;
  retained: number;
  wonBack: number;
  declined: number;
  unreachable: number;
  open: number;
}

/** A customer of a classified list, with the plan the decision gave. */
export type ClassifiedCustomer = Customer & { plan: { criteria: Criterion[]; actions: string[]; offer: string; grade: Grade } };

/** The answer of {@link retentionReport}. Counts cover the rounds started in `[from, to)`. */
export interface RetentionReport {
  from: number;
  to: number;
  rounds: number;
  /** Customers on the lists (the list each round dispatched from). */
  listed: number;
  workOrders: WorkOrderCounts;
  /** By the community manager named on the work order. */
  byCommunityManager: Record<string, WorkOrderCounts>;
  /** A work order counts under each criterion it met. */
  byCriterion: Record<Criterion, WorkOrderCounts>;
  byGrade: Record<Grade, WorkOrderCounts>;
  /** Churned users on the lists; `share` = withRecords / known (null when none known). Seed 001: 71%. */
  churnedWithServiceRecords: { churned: number; known: number; withRecords: number; share: number | null };
}

const zero = (): WorkOrderCounts => ({ issued: 0, done: 0, onTime: 0, breached: 0, retained: 0, wonBack: 0, declined: 0, unreachable: 0, open: 0 });

type Rec = HistoryRecord & { elementId?: string; executionId?: string; task?: TaskRecord; output?: Record<string, unknown>; slaId?: string };

/** One work order of a round: who, what the decision said, and how it went. */
export interface WorkOrderView {
  customer: ClassifiedCustomer;
  executionId: string;
  taskId: string;
  communityManager: string;
  createdAt: number;
  completedAt?: number;
  outcome?: string;
  breached: boolean;
}

/**
 * The work orders of one round, from its history and variables (oldest first).
 *
 * @throws HandoffError `WORK_ORDER_UNMATCHED` naming the task when a work order's
 * `loopCounter` does not point into the round's `classified` list (a changed BPMN or an
 * overwritten variable): a report never credits a work order to the wrong customer.
 */
export async function workOrdersOf(engine: Engine, instanceId: string): Promise<WorkOrderView[]> {
  const inst = await engine.instances.get(instanceId);
  const classified = (inst?.variables.classified ?? []) as ClassifiedCustomer[];
  const history = (await engine.history(instanceId)) as Rec[];
  const views: WorkOrderView[] = [];
  const byExecution = new Map<string, WorkOrderView>();
  for (const e of history) {
    if (e.elementId !== 'handleWorkOrder' && e.slaId !== 'workOrder') continue;
    if (e.type === 'task.created' && e.task) {
      const position = e.task.loopCounter;
      const customer = position === undefined ? undefined : classified[position - 1];
      if (!customer) {
        const why = position === undefined ? 'has no loopCounter (it is not an inner instance of a multi-instance handleWorkOrder)' : `is for position ${position} of the classified list, which holds ${classified.length}`;
        throw new HandoffError('WORK_ORDER_UNMATCHED', `Round ${instanceId}: work order ${e.task.id} ${why}.`, "deploy the pack's own retention-win-back.bpmn (handleWorkOrder iterates over classified) and do not overwrite the round's classified variable.", 'handleWorkOrder');
      }
      const v: WorkOrderView = { customer, executionId: e.executionId ?? e.task.id, taskId: e.task.id, communityManager: e.task.candidateUsers?.[0] ?? customer.communityManager, createdAt: e.at, breached: false };
      views.push(v);
      byExecution.set(v.executionId, v);
    } else if (e.type === 'task.completed' && e.executionId) {
      const v = byExecution.get(e.executionId);
      if (v) {
        v.completedAt = e.at;
        v.outcome = String(e.output?.outcome ?? '');
      }
    } else if (e.type === 'sla.breached' && e.executionId) {
      const v = byExecution.get(e.executionId);
      if (v) v.breached = true;
    }
  }
  return views;
}

function add(c: WorkOrderCounts, w: WorkOrderView): void {
  c.issued++;
  if (w.breached) c.breached++;
  if (w.completedAt === undefined) {
    c.open++;
    return;
  }
  c.done++;
  if (!w.breached) c.onTime++;
  if (w.outcome === 'succeeded') {
    if (w.customer.status === 'churned') c.wonBack++;
    else c.retained++;
  } else if (w.outcome === 'declined') c.declined++;
  else if (w.outcome === 'unreachable') c.unreachable++;
}

/**
 * Build the report from `engine.instances.list` and `engine.history`.
 *
 * @example
 * ```ts
 * const r = await retentionReport(engine, { from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') });
 * r.byCommunityManager['cm-li'].onTime; r.byCriterion.fallingSpend.retained; r.churnedWithServiceRecords.share;
 * ```
 */
export async function retentionReport(engine: Engine, range: { from: number; to: number }): Promise<RetentionReport> {
  const rounds = (await engine.instances.list({ processId: RETENTION_PROCESS_ID })).filter((i) => i.startedAt >= range.from && i.startedAt < range.to);
  const r: RetentionReport = {
    from: range.from,
    to: range.to,
    rounds: rounds.length,
    listed: 0,
    workOrders: zero(),
    byCommunityManager: {},
    byCriterion: Object.fromEntries(CRITERIA.map((c) => [c, zero()])) as Record<Criterion, WorkOrderCounts>,
    byGrade: Object.fromEntries(GRADES.map((g) => [g, zero()])) as Record<Grade, WorkOrderCounts>,
    churnedWithServiceRecords: { churned: 0, known: 0, withRecords: 0, share: null },
  };
  for (const round of rounds) {
    const customers = (round.variables.customers ?? []) as Customer[];
    r.listed += customers.length;
    for (const c of customers) {
      if (c.status !== 'churned') continue;
      r.churnedWithServiceRecords.churned++;
      if (c.serviceRecords6m === undefined) continue;
      r.churnedWithServiceRecords.known++;
      if (c.serviceRecords6m > 0) r.churnedWithServiceRecords.withRecords++;
    }
    for (const w of await workOrdersOf(engine, round.id)) {
      add(r.workOrders, w);
      add((r.byCommunityManager[w.communityManager] ??= zero()), w);
      for (const c of w.customer.plan.criteria) if (r.byCriterion[c]) add(r.byCriterion[c], w);
      if (r.byGrade[w.customer.plan.grade]) add(r.byGrade[w.customer.plan.grade], w);
    }
  }
  const s = r.churnedWithServiceRecords;
  s.share = s.known ? s.withRecords / s.known : null;
  return r;
}
