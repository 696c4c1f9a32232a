/**
 * User tasks: create a task for the lane's role and candidate groups (and candidate users,
 * dates and priority: `tasks/taskAttributes.ts`); wait until an actor holding one of the roles,
 * or listed among the candidate users, completes it (`tasks/commands.ts`). A task of a role with a resource
 * pool is created `waiting`; the runtime grants it a unit later (`resources/`).
 *
 * @module
 */
import type { TaskState } from '../runtime/state';
import { resolveTaskAttributes, toList } from '../tasks/taskAttributes';
import type { Behaviour } from './behaviour';
import { beginTaskListeners } from '../runtime/listeners';
import { armTimeoutListeners } from './eventDefinitions/timer';

export const userTask: Behaviour = {
  execute(step, e) {
    const def = step.node(e.n).userTask!;
    const task: TaskState = { id: step.nextId(), st: 'open', at: step.now };
    if (def.candidateGroupsExpr) {
      const r = step.evaluate(def.candidateGroupsExpr, e);
      const groups = r.ok ? toList(r.value) : undefined;
      if (!groups) {
        step.incident(e, 'EXPRESSION_FAILED', `Candidate groups '=${def.candidateGroupsExpr.source}' ${r.ok ? `gave ${JSON.stringify(r.value)}, not a list of strings` : `failed: ${r.error}`}.`);
        return;
      }
      task.g = [...def.candidateGroups, ...groups];
    }
    if (!resolveTaskAttributes(step, e, def, task)) return;
    let assignee = def.assignee;
    if (def.assigneeExpr) {
      const r = step.evaluate(def.assigneeExpr, e);
      if (!r.ok || (r.value !== null && typeof r.value !== 'string')) {
        step.incident(e, 'EXPRESSION_FAILED', `Assignee '=${def.assigneeExpr.source}' ${r.ok ? `gave ${JSON.stringify(r.value)}, not a string` : `failed: ${r.error}`}.`);
        return;
      }
      assignee = r.value ?? undefined;
    }
    if (assignee) {
      task.a = assignee;
      task.st = 'claimed';
    }
    // A pooled role: the task waits until the runtime grants it a unit (resources/pools.ts).
    if (def.role !== undefined && step.settings.pooled?.(def.role)) task.st = 'waiting';
    // Timeout listeners' timers start with the task (Camunda 7), and end with it.
    if (!armTimeoutListeners(step, e)) return;
    e.task = task;
    e.w = 'task';
    // Creating listeners may correct the task before it is created (runtime/listeners.ts).
    if (beginTaskListeners(step, e, 'creating', undefined)) return;
    step.taskEvent('task.created', e);
  },
};
