/**
 * Catching an event: intermediate catch events and receive tasks. The token arms the
 * node's event definition (timer, message, …) and waits; when the event arrives the step
 * leaves the node (`Step.triggerCatch`).
 *
 * @module
 */
import type { Behaviour } from './behaviour';
import { eventDefinitionOf } from './eventDefinitions';

export const catchEvent: Behaviour = {
  execute(step, e) {
    const def = eventDefinitionOf(step.node(e.n).event);
    // A catch link event has nothing to wait for: the token arrived through its throw link.
    if (!def.arm) step.leave(e);
    else if (def.arm(step, e, e.n)) e.w = def.wait ?? 'event';
  },
};
