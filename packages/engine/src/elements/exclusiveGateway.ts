/**
 * Exclusive gateway: the first outgoing flow (in document order) whose FEEL condition is
 * `true`, else the default flow. No flow and no default is an incident that names each
 * condition that failed to evaluate. Several incoming flows: every token passes through.
 *
 * @module
 */
import type { Behaviour } from './behaviour';
import { chooseFlows } from './conditions';

export const exclusiveGateway: Behaviour = {
  execute(step, e) {
    const chosen = chooseFlows(step, e, 'first');
    if (chosen) step.leave(e, chosen);
  },
};
