/**
 * What the pages show: tasks with their SLA state, and cases with their position and
 * clocks. Colours follow the clock's state, never the browser's arithmetic:
 * `red` once the engine recorded the breach, `amber` once it raised the warning
 * (`sla.warning`, 80% of the limit unless a policy says otherwise), `green` before.
 *
 * @module
 */
import type { Engine, InstanceInfo, SlaClockInfo, TaskRecord } from '@handoff/engine';

/** The SLA colour of a clock. */
export type SlaColour = 'green' | 'amber' | 'red';

/** An open SLA clock as the pages show it. */
export interface ClockView {
  slaId: string;
  clockId: string;
  /** The element the clock is about (its task), when the policy names one. */
  elementId?: string;
  calendar: string;
  limit: number;
  startedAt: number;
  dueAt?: number;
  /** Working ms left (negative after the breach). */
  remaining: number;
  state: 'running' | 'paused';
  colour: SlaColour;
}

/** A task as the pages show it. */
export interface TaskView extends TaskRecord {
  /** The clock about this task (the most urgent, if several), when there is one. */
  sla?: ClockView;
  /** Key of the task's form in `GET /api/forms` (`processId/elementId`), when it has one. */
  formKey?: string;
}

/** A case (instance) as the diagram page shows it. */
export interface CaseView {
  id: string;
  processId: string;
  processVersion: number;
  businessKey?: string;
  status: InstanceInfo['status'];
  startedAt: number;
  endedAt?: number;
  /** Where the tokens are: these elements are highlighted. */
  activeElements: string[];
  variables: Record<string, unknown>;
  clocks: ClockView[];
  tasks: Pick<TaskRecord, 'id' | 'elementId' | 'name' | 'state' | 'assignee' | 'role' | 'dueAt'>[];
}

/** The open clocks of an instance, coloured (`sla.warning` events in its history make amber). */
export async function clockViews(engine: Engine, instanceId: string): Promise<ClockView[]> {
  const clocks = await engine.sla.clocks(instanceId);
  if (!clocks.length) return [];
  const warned = new Set((await engine.history(instanceId, { types: ['sla.warning'] })).map((h) => (h as { clockId?: string }).clockId));
  return clocks.map((c) => clockView(c, warned.has(c.clockId)));
}

function clockView(c: SlaClockInfo, warned: boolean): ClockView {
  return {
    slaId: c.slaId,
    clockId: c.clockId,
    ...(c.slaElementId !== undefined ? { elementId: c.slaElementId } : {}),
    calendar: c.calendar,
    limit: c.limit,
    startedAt: c.startedAt,
    ...(c.dueAt !== undefined ? { dueAt: c.dueAt } : {}),
    remaining: c.remaining,
    state: c.state,
    colour: c.breached ? 'red' : warned ? 'amber' : 'green',
  };
}

const URGENCY: Record<SlaColour, number> = { red: 0, amber: 1, green: 2 };

/** Tasks with their clocks; one clock lookup per instance. Sorted: most urgent first. */
export async function taskViews(engine: Engine, tasks: readonly TaskRecord[], formKeys: ReadonlySet<string>): Promise<TaskView[]> {
  const byInstance = new Map<string, Promise<ClockView[]>>();
  const views = await Promise.all(
    tasks.map(async (t) => {
      let clocks = byInstance.get(t.instanceId);
      if (!clocks) byInstance.set(t.instanceId, (clocks = clockViews(engine, t.instanceId).catch(() => [])));
      const mine = (await clocks).filter((c) => c.elementId === t.elementId).sort((a, b) => URGENCY[a.colour] - URGENCY[b.colour] || a.remaining - b.remaining);
      const key = `${t.processId}/${t.elementId}`;
      const view: TaskView = { ...t, ...(mine[0] ? { sla: mine[0] } : {}), ...(formKeys.has(key) ? { formKey: key } : {}) };
      return view;
    }),
  );
  return views.sort((a, b) => (a.sla ? URGENCY[a.sla.colour] : 3) - (b.sla ? URGENCY[b.sla.colour] : 3) || (a.sla?.dueAt ?? a.dueAt ?? Infinity) - (b.sla?.dueAt ?? b.dueAt ?? Infinity) || a.createdAt - b.createdAt);
}

/** The case view of an instance. */
export async function caseView(engine: Engine, inst: InstanceInfo): Promise<CaseView> {
  const [clocks, tasks] = await Promise.all([clockViews(engine, inst.id).catch(() => []), engine.tasks.query({ instanceId: inst.id })]);
  return {
    id: inst.id,
    processId: inst.processId,
    processVersion: inst.processVersion,
    ...(inst.businessKey !== undefined ? { businessKey: inst.businessKey } : {}),
    status: inst.status,
    startedAt: inst.startedAt,
    ...(inst.endedAt !== undefined ? { endedAt: inst.endedAt } : {}),
    activeElements: inst.activeElements,
    variables: inst.variables,
    clocks,
    tasks: tasks.map((t) => ({ id: t.id, elementId: t.elementId, ...(t.name !== undefined ? { name: t.name } : {}), state: t.state, ...(t.assignee !== undefined ? { assignee: t.assignee } : {}), ...(t.role !== undefined ? { role: t.role } : {}), ...(t.dueAt !== undefined ? { dueAt: t.dueAt } : {}) })),
  };
}
