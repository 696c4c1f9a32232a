/**
 * End events: none (the token ends), terminate (every token of the scope ends), error
 * (thrown to the enclosing subprocess's boundary events; an incident when nobody catches
 * it) and escalation (thrown; the token ends either way).
 *
 * @module
 */
import type { Behaviour } from './behaviour';

export const endEvent: Behaviour = {
  execute(step, e) {
    const ev = step.node(e.n).event;
    switch (ev?.type) {
      case 'terminate': {
        for (const other of step.state.ex.filter((x) => x.s === e.s && x !== e)) step.cancel(other, `terminated by end event ${step.node(e.n).id}`);
        step.leave(e);
        return;
      }
      case 'error': {
        if (!step.throwEvent('error', ev.errorCode!, e, false)) {
          step.incident(e, 'UNHANDLED_ERROR', `Error '${ev.errorCode}' thrown by ${step.node(e.n).id} is not caught by any error boundary event.`);
        }
        return;
      }
      case 'escalation': {
        step.throwEvent('escalation', ev.escalationCode!, e, false);
        if (step.alive(e)) step.leave(e);
        return;
      }
      default:
        step.leave(e);
    }
  },
};
