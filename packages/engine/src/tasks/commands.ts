/**
 * User-task commands applied inside a step: claim, unclaim, assign, complete. Every check
 * happens before any change, so a refused command leaves the state as it was.
 *
 * @module
 */
import { ForbiddenError, TaskListenerPendingError, TaskNotOpenError, TaskWaitingError } from '../errors';
import { InvalidArgumentError } from '../errors';
import { beginTaskListeners, emitUpdated, TASK_CORRECTIONS } from '../runtime/listeners';
import type { Step } from '../runtime/step';
import type { Execution } from '../runtime/state';
import { nextTaskState, type TaskLifecycleEvent } from './lifecycle';
import { mayAct, type Actor, type TaskChanges, type TaskStateName } from './types';

/** Find the open task's execution, or throw TaskNotOpenError. */
function openTask(step: Step, localId: number, taskId: string, action: string, recorded?: { state: TaskStateName; elementId: string }): Execution {
  const e = step.state.ex.find((x) => x.task?.id === localId);
  // Without a record, no element: the engine then explains it from the task projection.
  if (!e?.task) throw new TaskNotOpenError(taskId, recorded?.state ?? 'no longer open', action, recorded?.elementId);
  if (e.l) throw new TaskListenerPendingError(taskId, e.l.p, action, step.node(e.n).id); // its listeners decide a transition
  return e;
}

function checkTransition(step: Step, e: Execution, taskId: string, event: TaskLifecycleEvent, action: string): void {
  if (!nextTaskState(e.task!.st, event)) {
    if (e.task!.st === 'waiting') throw new TaskWaitingError(taskId, step.node(e.n).userTask?.role ?? '?', action, step.node(e.n).id);
    const who = e.task!.a ? ` by ${e.task!.a}` : '';
    throw new TaskNotOpenError(taskId, `${e.task!.st}${who}`, action, step.node(e.n).id);
  }
}

/** The actor must hold one of the task's roles or be one of its candidate users (a task naming none is open to all). */
function checkRole(step: Step, e: Execution, taskId: string, actor: Actor, action: string): void {
  const roles = step.taskRoles(e);
  if (!mayAct(roles, e.task!.u, actor)) {
    throw new ForbiddenError(taskId, actor.id, action, roles, step.node(e.n).id, undefined, e.task!.u);
  }
}

function checkAssignee(step: Step, e: Execution, taskId: string, actor: Actor, action: string): void {
  if (e.task!.st === 'claimed' && e.task!.a !== actor.id) {
    throw new ForbiddenError(taskId, actor.id, action, step.taskRoles(e), step.node(e.n).id, `it is claimed by '${e.task!.a}'`);
  }
}

/** Claim: `open` → `claimed` by the actor. Claiming a task one already holds is a no-op. */
export function claimTask(step: Step, localId: number, taskId: string, actor: Actor, recorded?: { state: TaskStateName; elementId: string }): void {
  const e = openTask(step, localId, taskId, 'claim', recorded);
  if (e.task!.st === 'claimed' && e.task!.a === actor.id) return;
  checkTransition(step, e, taskId, 'CLAIM', 'claim');
  checkRole(step, e, taskId, actor, 'claim');
  if (beginTaskListeners(step, e, 'assigning', actor, { as: actor.id, ev: 'task.claimed' })) return;
  e.task!.st = 'claimed';
  e.task!.a = actor.id;
  step.actor = actor;
  step.taskEvent('task.claimed', e);
}

/** Unclaim: `claimed` → `open`; only the assignee may give a task back. */
export function unclaimTask(step: Step, localId: number, taskId: string, actor: Actor, recorded?: { state: TaskStateName; elementId: string }): void {
  const e = openTask(step, localId, taskId, 'unclaim', recorded);
  checkTransition(step, e, taskId, 'UNCLAIM', 'unclaim');
  checkAssignee(step, e, taskId, actor, 'unclaim');
  if (beginTaskListeners(step, e, 'assigning', actor, { as: null, ev: 'task.unclaimed' })) return;
  e.task!.st = 'open';
  delete e.task!.a;
  step.actor = actor;
  step.taskEvent('task.unclaimed', e);
}

/** Assign (or reassign) to `assignee`, by an actor holding the task's role. */
export function assignTask(step: Step, localId: number, taskId: string, actor: Actor, assignee: string, recorded?: { state: TaskStateName; elementId: string }): void {
  const e = openTask(step, localId, taskId, 'assign', recorded);
  checkTransition(step, e, taskId, 'ASSIGN', 'assign');
  checkRole(step, e, taskId, actor, 'assign');
  if (beginTaskListeners(step, e, 'assigning', actor, { as: assignee, ev: 'task.assigned' })) return;
  e.task!.st = 'claimed';
  e.task!.a = assignee;
  step.actor = actor;
  step.taskEvent('task.assigned', e);
}

/**
 * Update: the task's candidate groups / users, dates or priority change, by an actor holding
 * its role. Updating listeners see the task as updated and may correct it or deny the update
 * (the task is then restored); `task.updated` names what changed. An update that changes
 * nothing is a no-op.
 */
export function updateTask(step: Step, localId: number, taskId: string, actor: Actor, changes: TaskChanges, recorded?: { state: TaskStateName; elementId: string }): void {
  const e = openTask(step, localId, taskId, 'update', recorded);
  if (e.task!.st === 'waiting') throw new TaskWaitingError(taskId, step.node(e.n).userTask?.role ?? '?', 'update', step.node(e.n).id);
  checkRole(step, e, taskId, actor, 'update');
  const range = step.node(e.n).userTask?.priority;
  if (changes.priority !== undefined && range && (changes.priority < range.min || changes.priority > range.max)) {
    throw new InvalidArgumentError('priority', `${changes.priority} is outside ${range.min}–${range.max}, the range of ${step.node(e.n).id}'s priority`, `pass an integer from ${range.min} to ${range.max}.`);
  }
  const before = structuredClone(e.task!);
  for (const [k, v] of Object.entries(changes)) if (v !== undefined) TASK_CORRECTIONS[k]!.apply(e.task!, v);
  step.actor = actor;
  if (beginTaskListeners(step, e, 'updating', actor, { bk: before })) return;
  emitUpdated(step, e, before);
}

/** Complete with `output` (already validated): merged into the variables; the token moves on. */
export function completeTask(step: Step, localId: number, taskId: string, actor: Actor, output: Record<string, unknown>, recorded?: { state: TaskStateName; elementId: string }): void {
  const e = openTask(step, localId, taskId, 'complete', recorded);
  checkTransition(step, e, taskId, 'COMPLETE', 'complete');
  checkRole(step, e, taskId, actor, 'complete');
  checkAssignee(step, e, taskId, actor, 'complete');
  // Completing listeners decide first; the output waits with them (runtime/listeners.ts).
  if (beginTaskListeners(step, e, 'completing', actor, { o: output })) return;
  finishCompleteTask(step, e, actor, output);
}

/** The completion itself: the task record, its output into the variables, the token moves on. */
export function finishCompleteTask(step: Step, e: Execution, actor: Actor, output: Record<string, unknown>): void {
  const task = step.taskRecord(e);
  task.state = 'completed';
  task.assignee = e.task!.a ?? actor.id;
  task.endedAt = step.now;
  task.completedBy = actor.id;
  if (e.tq !== undefined) delete e.tq;
  step.writeResult(e, output);
  step.tasks.set(task.id, task);
  step.actor = actor;
  step.emit('task.completed', e.n, { task, actor: step.actorOfEvent(), output }, e.id);
  step.leave(e);
}
