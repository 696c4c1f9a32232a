/**
 * Event-based gateway: arms the event of every catch event after it; the first to arrive
 * wins, the others are cancelled, and the token moves through the winning event.
 *
 * @module
 */
import type { Behaviour } from './behaviour';
import { eventDefinitionOf } from './eventDefinitions';
import { NO_PAYLOAD } from '../runtime/step';

export const eventBasedGateway: Behaviour = {
  execute(step, e) {
    e.w = 'event';
    for (const f of step.node(e.n).outgoing) {
      const t = step.model.flows[f]!.target;
      const def = eventDefinitionOf(step.node(t).event);
      if (!def.arm?.(step, e, t)) return;
    }
  },
  trigger(step, e, n) {
    step.clearWaits(e, 'all');
    delete e.w;
    step.emit('activity.left', e.n, NO_PAYLOAD, e.id);
    const f = step.node(e.n).outgoing.find((x) => step.model.flows[x]!.target === n)!;
    step.moveTo(e, n, f);
    step.emit('activity.entered', n, NO_PAYLOAD, e.id);
    step.leave(e);
  },
};
