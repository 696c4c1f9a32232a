/**
 * User-task records and actors.
 *
 * @module
 */

/** Who acts on a task: an id and the roles (lanes / candidate groups) the actor holds. */
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
  name?: string;
  /** The role of the task's lane, if it is drawn in one. */
  role?: string;
  candidateGroups: string[];
  assignee?: string;
  state: TaskStateName;
  createdAt: number;
  dueAt?: number;
  formKey?: string;
  /** When the task completed or was cancelled. */
  endedAt?: number;
  /** Who completed it. */
  completedBy?: string;
}

/** Filters for `engine.tasks.query()`; all optional, combined with AND. */
export interface TaskQuery {
  /** Tasks this role may act on (its lane or a candidate group). */
  role?: string;
  /** Tasks any of these roles may act on. */
  roles?: readonly string[];
  assignee?: string;
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
   */
  sort?: 'createdAt' | '-createdAt';
}

/** The roles that may act on a task: its lane's role plus its candidate groups. */
export function rolesOf(task: Pick<TaskRecord, 'role' | 'candidateGroups'>): string[] {
  return task.role ? [task.role, ...task.candidateGroups.filter((g) => g !== task.role)] : [...task.candidateGroups];
}

/** Does `task` match `q`? Used by stores to filter. */
export function matchesTaskQuery(task: TaskRecord, q: TaskQuery): boolean {
  if (q.instanceId !== undefined && task.instanceId !== q.instanceId) return false;
  if (q.processId !== undefined && task.processId !== q.processId) return false;
  if (q.elementId !== undefined && task.elementId !== q.elementId) return false;
  if (q.businessKey !== undefined && task.businessKey !== q.businessKey) return false;
  if (q.assignee !== undefined && task.assignee !== q.assignee) return false;
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
