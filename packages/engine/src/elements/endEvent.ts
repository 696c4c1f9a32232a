/**
 * End events: the token ends; what it throws on the way out (terminate, error,
 * escalation, …) is its event definition's `end` (`eventDefinitions/`).
 *
 * @module
 */
import type { Behaviour } from './behaviour';
import { eventDefinitionOf } from './eventDefinitions';

export const endEvent: Behaviour = {
  execute(step, e) {
    const def = eventDefinitionOf(step.node(e.n).event);
    if (def.end) def.end(step, e);
    else step.leave(e);
  },
};
