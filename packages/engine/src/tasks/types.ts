/**
 * User-task records and actors.
 *
 * @module
 */

/** Who acts on a task: an id (matched against candidate users) and the roles (lanes / candidate groups) the actor holds. */
export interface Actor {
  id: string;
  roles: readonly string[];
}

/**
 * Task states; `completed` and `cancelled` are final. `waiting`: the task's role has a
 * resource pool and no unit is free yet (docs/resources.md); it becomes `open` (or
 * `claimed`, when it has an assignee) when the pool grants it a unit.
 */
export type TaskStateName = 'waiting' | 'open' | 'claimed' | 'completed' | 'cancelled';

/** A user task as hosts see and query it. */
export interface TaskRecord {
  /** Globally unique: `<instanceId>/<n>`. */
  id: string;
  instanceId: string;
  processId: string;
  businessKey?: string;
  /** The BPMN element id of the user task. */
  elementId: string;
  /** The execution (activity instance) the task belongs to, `<instanceId>/<n>`: its events and SLA clocks name the same. */
  executionId?: string;
  /**
   * On an inner instance of a multi-instance task: its `loopCounter`, the 1-based position of
   * its item in the input collection (decision 0017). A report that matches tasks to the items
   * they were created for reads this, not the order the tasks were created in. Absent otherwise.
   */
  loopCounter?: number;
  name?: string;
  /** The role of the task's lane, if it is drawn in one. */
  role?: string;
  candidateGroups: string[];
  /**
   * Actor ids who may claim and complete the task in addition to the roles
   * (`camunda:candidateUsers`, `zeebe:assignmentDefinition candidateUsers`); absent when none.
   */
  candidateUsers?: string[];
  assignee?: string;
  state: TaskStateName;
  createdAt: number;
  /**
   * When the task is due, epoch ms: its own due date (`camunda:dueDate`, `zeebe:taskSchedule
   * dueDate`, resolved at creation) if it has one, else the earliest running SLA clock about it.
   */
  dueAt?: number;
  /** When to follow the task up, epoch ms (`camunda:followUpDate`, `zeebe:taskSchedule followUpDate`). */
  followUpAt?: number;
  /** The task's priority (`camunda:priority`, `zeebe:priorityDefinition`); absent when the model sets none (it then sorts as 50). */
  priority?: number;
  formKey?: string;
  /** When the task completed or was cancelled. */
  endedAt?: number;
  /** Who completed it. */
  completedBy?: string;
}

/**
 * What `engine.tasks.update` changes on an open task (Camunda 8's user task update; Camunda 7's
 * `taskService.saveTask` of these fields). An absent field is kept; `null` clears a date; `[]`
 * clears a list. Dates are epoch ms, a `Date`, or an ISO 8601 date-time with an offset.
 */
export interface TaskUpdate {
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueAt?: number | string | Date | null;
  followUpAt?: number | string | Date | null;
  /** An integer; within 0–100 for a task whose model declares that range (Camunda 8). */
  priority?: number;
}

/** A task update as the `task.update` command carries it: record field names, instants as epoch ms. */
export interface TaskChanges {
  candidateGroups?: string[];
  candidateUsers?: string[];
  dueAt?: number | null;
  followUpAt?: number | null;
  priority?: number;
}

/** Filters for `engine.tasks.query()`; all optional, combined with AND. */
export interface TaskQuery {
  /** Tasks this role may act on (its lane or a candidate group). */
  role?: string;
  /** Tasks any of these roles may act on. */
  roles?: readonly string[];
  assignee?: string;
  /** Tasks that list this actor id among their candidate users. */
  candidateUser?: string;
  /** Tasks due strictly before this instant (epoch ms); tasks without a due date never match. */
  dueBefore?: number;
  /** Tasks due strictly after this instant (epoch ms). */
  dueAfter?: number;
  /** Tasks whose follow-up date is strictly before this instant (epoch ms). */
  followUpBefore?: number;
  processId?: string;
  instanceId?: string;
  elementId?: string;
  businessKey?: string;
  /** One state or several; default: any. */
  state?: TaskStateName | readonly TaskStateName[];
  /**
   * At most this many tasks (a page); default: every match. A whole number >= 0, else an
   * `InvalidArgumentError` naming `limit`.
   */
  limit?: number;
  /** Skip this many matches first (the page's start, in the query's order); default 0. */
  offset?: number;
  /**
   * The order: default (left out) the order the store first saw the tasks — the commit that
   * created each, oldest first (claiming or completing a task keeps its place).
   * `'createdAt'`: by `createdAt`, oldest first; `'-createdAt'`: newest first; ties by task id.
   * `'-priority'`: highest priority first, `'priority'`: lowest first (a task without one counts
   * as 50); ties by `createdAt`, oldest first, then task id.
   */
  sort?: 'createdAt' | '-createdAt' | 'priority' | '-priority';
}

/** The roles that may act on a task: its lane's role plus its candidate groups. */
export function rolesOf(task: Pick<TaskRecord, 'role' | 'candidateGroups'>): string[] {
  return task.role ? [task.role, ...task.candidateGroups.filter((g) => g !== task.role)] : [...task.candidateGroups];
}

/**
 * May `actor` claim or complete a task with these roles and candidate users? Yes when it holds
 * one of the roles or its id is a candidate user; a task naming neither is open to everyone.
 * (Completing a task claimed by someone else is refused separately.)
 */
export function mayAct(roles: readonly string[], candidateUsers: readonly string[] | undefined, actor: Actor): boolean {
  if (roles.length === 0 && !candidateUsers?.length) return true;
  return roles.some((r) => actor.roles.includes(r)) || (candidateUsers?.includes(actor.id) ?? false);
}

/** Does `task` match `q`? Used by stores to filter. */
export function matchesTaskQuery(task: TaskRecord, q: TaskQuery): boolean {
  if (q.instanceId !== undefined && task.instanceId !== q.instanceId) return false;
  if (q.processId !== undefined && task.processId !== q.processId) return false;
  if (q.elementId !== undefined && task.elementId !== q.elementId) return false;
  if (q.businessKey !== undefined && task.businessKey !== q.businessKey) return false;
  if (q.assignee !== undefined && task.assignee !== q.assignee) return false;
  if (q.candidateUser !== undefined && !task.candidateUsers?.includes(q.candidateUser)) return false;
  if (q.dueBefore !== undefined && !(task.dueAt !== undefined && task.dueAt < q.dueBefore)) return false;
  if (q.dueAfter !== undefined && !(task.dueAt !== undefined && task.dueAt > q.dueAfter)) return false;
  if (q.followUpBefore !== undefined && !(task.followUpAt !== undefined && task.followUpAt < q.followUpBefore)) return false;
  if (q.state !== undefined) {
    if (typeof q.state === 'string' ? task.state !== q.state : !q.state.includes(task.state)) return false;
  }
  const wanted = q.role !== undefined ? [q.role, ...(q.roles ?? [])] : q.roles;
  if (wanted !== undefined) {
    const roles = rolesOf(task);
    if (!wanted.some((r) => roles.includes(r))) return false;
  }
  return true;
}
