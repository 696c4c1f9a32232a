/**
 * The contact channel's status query (the customer may ask at any time): current owner,
 * stage, transfer history and SLA state of one opportunity.
 *
 * @module
 */
import { NotFoundError, type Engine, type InstanceStatus } from '@handoff/engine';
import { TASK_CHANNEL, type Channel, type TaskId } from './channels';
import { transferHistory, type TransferEntry } from './history';

/** Where the opportunity is. */
export type OpportunityStage = 'handlingAtContactChannel' | 'awaitingClaim' | 'awaitingDispatch' | 'followingUp' | 'closed' | 'cancelled';

/** An SLA clock as the status shows it (working-time ms). */
export interface OpportunitySla {
  slaId: string;
  startedAt: number;
  dueAt?: number;
  remaining: number;
  breached: boolean;
  state: 'running' | 'paused';
}

/** The answer of {@link getOpportunityStatus}. */
export interface OpportunityStatus {
  instanceId: string;
  status: InstanceStatus;
  contactChannel: Channel;
  kind: 'lead' | 'opportunity';
  /** The routing rule that applied at the first transfer. */
  rule: string;
  stage: OpportunityStage;
  /** The channel holding the opportunity now (the last one when closed). */
  owner: Channel;
  /** True once a sales-service channel claimed it (and has not returned it since). */
  claimed: boolean;
  /** The person working it now, when a task is claimed/assigned. */
  assignee?: string;
  /** The telephone account manager covers the customer too, and has not finished yet. */
  coverageOpen: boolean;
  /** Open tasks as `elementId` → channel. */
  openTasks: { taskId: string; elementId: string; channel: Channel; assignee?: string }[];
  history: TransferEntry[];
  sla: OpportunitySla[];
}

const MAIN: readonly TaskId[] = ['handleByPhoneManager', 'handleOnWebsite', 'handleAtServiceHall', 'handleOnHotline', 'claimByAccountManager', 'claimBySocialChannel', 'followUpByAccountManager', 'followUpBySocialChannel', 'dispatchByOperations'];

function stageOf(elementId: string): OpportunityStage {
  if (elementId.startsWith('handle')) return 'handlingAtContactChannel';
  if (elementId.startsWith('claim')) return 'awaitingClaim';
  if (elementId.startsWith('followUp')) return 'followingUp';
  return 'awaitingDispatch';
}

/**
 * The status of an opportunity, from `engine.instances.get`, `engine.tasks.query`,
 * `engine.history` and `engine.sla.clocks`.
 *
 * @throws NotFoundError when there is no such instance.
 */
export async function getOpportunityStatus(engine: Engine, instanceId: string): Promise<OpportunityStatus> {
  const info = await engine.instances.get(instanceId);
  if (!info) throw new NotFoundError('instance', instanceId, 'capture the opportunity first, or check the id.');
  const [tasks, history, clocks] = await Promise.all([engine.tasks.query({ instanceId, state: ['open', 'claimed'] }), engine.history(instanceId), engine.sla.clocks(instanceId)]);
  const open = tasks.map((t) => ({ taskId: t.id, elementId: t.elementId, channel: TASK_CHANNEL[t.elementId as TaskId], ...(t.assignee ? { assignee: t.assignee } : {}) }));
  const entries = transferHistory(history);
  const main = tasks.find((t) => (MAIN as readonly string[]).includes(t.elementId));
  const v = info.variables;
  const routing = (v.routing ?? {}) as { owner?: Channel; rule?: string };
  let owner: Channel = routing.owner ?? (v.contactChannel as Channel);
  let stage: OpportunityStage = info.status === 'terminated' ? 'cancelled' : 'closed';
  if (main) {
    owner = TASK_CHANNEL[main.elementId as TaskId];
    stage = stageOf(main.elementId);
  } else {
    const last = [...entries].reverse().find((e) => e.event === 'closed' || e.event === 'handled' || e.event === 'claimed');
    if (last && 'channel' in last) owner = last.channel;
  }
  const lastClaimOrMove = [...entries].reverse().find((e) => ['claimed', 'returned', 'claimTimedOut', 'transferred'].includes(e.event));
  return {
    instanceId,
    status: info.status,
    contactChannel: v.contactChannel as Channel,
    kind: v.kind as 'lead' | 'opportunity',
    rule: routing.rule ?? 'unknown',
    stage,
    owner,
    claimed: lastClaimOrMove?.event === 'claimed',
    ...(main?.assignee ? { assignee: main.assignee } : {}),
    coverageOpen: tasks.some((t) => t.elementId === 'coverByPhoneManager'),
    openTasks: open,
    history: entries,
    sla: clocks.map((c) => ({ slaId: c.slaId, startedAt: c.startedAt, ...(c.dueAt !== undefined ? { dueAt: c.dueAt } : {}), remaining: c.remaining, breached: c.breached, state: c.state })),
  };
}
