/**
 * The grant command, applied inside a step: a task waiting for its role's resource pool
 * gets a unit — `waiting → open` (or `claimed`, when it already had an assignee) — and the
 * step records `task.granted`. Deterministic: the runtime decides *which* task is granted
 * (resources/pools.ts); the step only moves that one task.
 *
 * @module
 */
import type { Step } from '../runtime/step';
import { nextTaskState } from '../tasks/lifecycle';

/**
 * Grant task `localId` of the step's instance a unit of pool `role`. Returns false (and
 * changes nothing) when the task is no longer waiting: completed, cancelled, or granted by
 * an earlier command.
 */
export function grantTask(step: Step, localId: number, role: string): boolean {
  if (step.state.status !== 'active') return false;
  const e = step.state.ex.find((x) => x.task?.id === localId);
  const task = e?.task;
  if (!e || !task || task.st !== 'waiting') return false;
  const next = nextTaskState('waiting', task.a !== undefined ? 'GRANT_ASSIGNED' : 'GRANT');
  if (next !== 'open' && next !== 'claimed') return false;
  task.st = next;
  const rec = step.taskRecord(e);
  step.tasks.set(rec.id, rec);
  step.emit('task.granted', e.n, { task: rec, actor: step.actorOfEvent(), pool: role, waitedMs: step.now - task.at }, e.id);
  return true;
}
