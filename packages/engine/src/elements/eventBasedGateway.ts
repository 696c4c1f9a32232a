/**
 * Event-based gateway: arms the timer or message of every event after it; the first to
 * arrive wins, the others are cancelled, and the token moves through the winning event.
 *
 * @module
 */
import type { Behaviour } from './behaviour';

export const eventBasedGateway: Behaviour = {
  execute(step, e) {
    e.w = 'event';
    for (const f of step.node(e.n).outgoing) {
      const t = step.model.flows[f]!.target;
      const ev = step.node(t).event;
      const ok = ev?.type === 'timer' ? step.armTimer(e, t, ev.timer) : ev?.type === 'message' ? step.openSubscription(e, t, ev) : false;
      if (!ok) return;
    }
  },
  trigger(step, e, n) {
    step.clearWaits(e, 'all');
    delete e.w;
    step.emit('activity.left', e.n, {});
    const f = step.node(e.n).outgoing.find((x) => step.model.flows[x]!.target === n)!;
    e.n = n;
    e.f = f;
    step.emit('activity.entered', n, {});
    step.leave(e);
  },
};
