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
  /** The execution the clock measures (one per inner instance of a multi-instance task), when it measures one activity. */
  executionId?: string;
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
  /**
   * The case's tasks in creation order. The inner instances of a multi-instance task are
   * tasks of the same element, each with its own `executionId` (and clock, if an SLA
   * measures the activity): `inner` numbers them 1..n within their element, in creation
   * order (the input collection's order).
   */
  tasks: (Pick<TaskRecord, 'id' | 'elementId' | 'name' | 'state' | 'assignee' | 'role' | 'dueAt' | 'executionId'> & { inner?: { index: number; of: number } })[];
  /** The case whose call activity started this one, when it was called. */
  parent?: LinkedCase;
  /** The cases this one's call activities started, running and ended, in the order they started. */
  children: LinkedCase[];
}

/** A case linked to another by a call activity, as the case page links it. */
export interface LinkedCase {
  id: string;
  processId: string;
  status: InstanceInfo['status'] | 'removed';
  businessKey?: string;
}

/** Every case the instance's call activities started: running ones, and ended ones from its history (`call.started`). */
async function calledCases(engine: Engine, inst: InstanceInfo): Promise<string[]> {
  const started = (await engine.history(inst.id, { types: ['call.started'] })).map((h) => (h as { childId: string }).childId);
  return [...new Set([...started, ...inst.children])];
}

async function linked(engine: Engine, id: string): Promise<LinkedCase> {
  const i = await engine.instances.get(id);
  // A called case past its history retention is gone: still listed, as removed.
  if (!i) return { id, processId: '', status: 'removed' };
  return { id: i.id, processId: i.processId, status: i.status, ...(i.businessKey !== undefined ? { businessKey: i.businessKey } : {}) };
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
    ...(c.executionId !== undefined ? { executionId: c.executionId } : {}),
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
  const [clocks, tasks, parent, children, model] = await Promise.all([
    clockViews(engine, inst.id).catch(() => []),
    engine.tasks.query({ instanceId: inst.id }),
    inst.parentId !== undefined ? linked(engine, inst.parentId) : undefined,
    calledCases(engine, inst).then((ids) => Promise.all(ids.map((c) => linked(engine, c)))),
    engine.processes.model(inst.processId).catch(() => undefined),
  ]);
  const isMulti = (el: string) => {
    const n = model?.byId.get(el);
    return n !== undefined && model!.nodes[n]!.loop !== undefined;
  };
  const perElement = new Map<string, number>();
  for (const t of tasks) if (isMulti(t.elementId)) perElement.set(t.elementId, (perElement.get(t.elementId) ?? 0) + 1);
  const seen = new Map<string, number>();
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
    tasks: tasks.map((t) => {
      const of = perElement.get(t.elementId);
      const index = (seen.get(t.elementId) ?? 0) + 1;
      seen.set(t.elementId, index);
      return {
        id: t.id,
        elementId: t.elementId,
        ...(t.executionId !== undefined ? { executionId: t.executionId } : {}),
        ...(t.name !== undefined ? { name: t.name } : {}),
        state: t.state,
        ...(t.assignee !== undefined ? { assignee: t.assignee } : {}),
        ...(t.role !== undefined ? { role: t.role } : {}),
        ...(t.dueAt !== undefined ? { dueAt: t.dueAt } : {}),
        ...(of !== undefined ? { inner: { index, of } } : {}),
      };
    }),
    ...(parent ? { parent } : {}),
    children,
  };
}
