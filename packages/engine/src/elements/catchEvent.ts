/**
 * Catching a timer or a message: intermediate catch events and receive tasks. The token
 * waits; when the event arrives the step leaves the node (`Step.triggerCatch`).
 *
 * @module
 */
import type { Behaviour } from './behaviour';

export const catchEvent: Behaviour = {
  execute(step, e) {
    const ev = step.node(e.n).event;
    if (ev?.type === 'timer') {
      if (step.armTimer(e, e.n, ev.timer)) e.w = 'timer';
    } else if (ev?.type === 'message') {
      if (step.openSubscription(e, e.n, ev)) e.w = 'message';
    }
  },
};
