/**
 * The user-task lifecycle as an xstate statechart — the readable definition — and a plain
 * transition table derived from it once at load time. xstate costs ~20 µs a transition;
 * the table is a property lookup, so the hot path never calls xstate.
 *
 * ```
 *   waiting ──GRANT──▶ open            (a resource pool granted a unit; see docs/resources.md)
 *   waiting ──GRANT_ASSIGNED──▶ claimed (granted, the task already had an assignee)
 *   open ──CLAIM/ASSIGN──▶ claimed ──UNCLAIM──▶ open
 *   open|claimed ──COMPLETE──▶ completed      waiting|open|claimed ──CANCEL──▶ cancelled
 *   claimed ──ASSIGN──▶ claimed (reassign)
 * ```
 *
 * A task whose lane's role has a resource pool starts `waiting`; nothing but a grant or a
 * cancel moves it.
 *
 * @module
 */
import { createMachine, transition } from 'xstate';
import type { TaskStateName } from './types';

/** Events of the task lifecycle. */
export type TaskLifecycleEvent = 'GRANT' | 'GRANT_ASSIGNED' | 'CLAIM' | 'UNCLAIM' | 'ASSIGN' | 'COMPLETE' | 'CANCEL';

/** The statechart of a user task. */
export const taskLifecycle = createMachine({
  id: 'userTask',
  initial: 'open',
  states: {
    waiting: { on: { GRANT: 'open', GRANT_ASSIGNED: 'claimed', CANCEL: 'cancelled' } },
    open: { on: { CLAIM: 'claimed', ASSIGN: 'claimed', COMPLETE: 'completed', CANCEL: 'cancelled' } },
    claimed: { on: { UNCLAIM: 'open', ASSIGN: 'claimed', COMPLETE: 'completed', CANCEL: 'cancelled' } },
    completed: { type: 'final' },
    cancelled: { type: 'final' },
  },
});

const STATES: readonly TaskStateName[] = ['waiting', 'open', 'claimed', 'completed', 'cancelled'];
const EVENTS: readonly TaskLifecycleEvent[] = ['GRANT', 'GRANT_ASSIGNED', 'CLAIM', 'UNCLAIM', 'ASSIGN', 'COMPLETE', 'CANCEL'];

/** state → event → next state, derived from {@link taskLifecycle} by running it once per pair. */
const TABLE: Readonly<Record<TaskStateName, Partial<Record<TaskLifecycleEvent, TaskStateName>>>> = (() => {
  const table = {} as Record<TaskStateName, Partial<Record<TaskLifecycleEvent, TaskStateName>>>;
  for (const s of STATES) {
    table[s] = {};
    const snapshot = taskLifecycle.resolveState({ value: s });
    for (const ev of EVENTS) {
      if (!snapshot.can({ type: ev })) continue;
      const [next] = transition(taskLifecycle, snapshot, { type: ev });
      table[s][ev] = next.value as TaskStateName;
    }
  }
  return table;
})();

/** The state after `event`, or undefined when the lifecycle does not allow it. */
export function nextTaskState(state: TaskStateName, event: TaskLifecycleEvent): TaskStateName | undefined {
  return TABLE[state][event];
}
