/**
 * Embedded subprocess: a scope. Its token waits while a child token runs from the
 * subprocess's start event; when the scope has no tokens left the subprocess completes.
 * Cancelling it (an interrupting boundary event) cancels everything inside.
 *
 * @module
 */
import type { Behaviour } from './behaviour';

export const subProcess: Behaviour = {
  execute(step, e) {
    e.w = 'scope';
    step.enter(step.createExec(step.node(e.n).startNode!, e.id));
  },
};
