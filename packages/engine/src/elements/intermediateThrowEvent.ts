/**
 * Intermediate throw events: none (passes on) and escalation (thrown to the enclosing
 * subprocesses; the token continues unless an interrupting boundary event caught it).
 *
 * @module
 */
import type { Behaviour } from './behaviour';

export const intermediateThrowEvent: Behaviour = {
  execute(step, e) {
    const ev = step.node(e.n).event;
    if (ev?.type === 'escalation') step.throwEvent('escalation', ev.escalationCode!, e, false);
    if (step.alive(e)) step.leave(e);
  },
};
