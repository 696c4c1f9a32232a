/**
 * Embedded subprocess: a scope. Its token waits while a child token runs from the
 * subprocess's start event; when the scope has no tokens left the subprocess completes.
 * Cancelling it (an interrupting boundary event) cancels everything inside. While it runs,
 * its event subprocesses are armed (owned by its execution, so they end with it). An event
 * subprocess runs the same way, from the start event that was triggered.
 *
 * @module
 */
import type { Behaviour } from './behaviour';

export const subProcess: Behaviour = {
  execute(step, e) {
    e.w = 'scope';
    if (!step.armEventSubprocesses(e)) return;
    step.enter(step.createExec(step.node(e.n).startNode!, e.id));
  },
};
