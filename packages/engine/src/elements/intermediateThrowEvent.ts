/**
 * Intermediate throw events: throw the event definition's event (escalation, …) and pass
 * the token on unless an interrupting boundary event caught it.
 *
 * @module
 */
import type { Behaviour } from './behaviour';
import { eventDefinitionOf } from './eventDefinitions';

export const intermediateThrowEvent: Behaviour = {
  execute(step, e) {
    const def = eventDefinitionOf(step.node(e.n).event);
    if (def.throw) def.throw(step, e);
    else step.leave(e);
  },
};
