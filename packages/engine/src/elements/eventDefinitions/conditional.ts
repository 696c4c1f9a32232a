/**
 * Conditional events (intermediate catch — also after an event-based gateway —, boundary —
 * interrupting or not — and event subprocess start). Arming evaluates the condition on activation, as Camunda 8 does: a
 * boundary event at once (an interrupting one then skips its activity), a catch event and an
 * event subprocess start once the command's tokens have settled. Afterwards the condition is
 * re-evaluated whenever a command changes a variable it reads in its visible scope
 * (`runtime/conditions.ts`).
 *
 * @module
 */
import { activateCondition, conditionHolds } from '../../runtime/conditions';
import type { EventDefinitionBehaviour } from './eventDefinition';

export const conditionalDefinition: EventDefinitionBehaviour = {
  wait: 'event',
  arm(step, owner, n) {
    if (step.node(n).kind !== 'boundaryEvent') {
      activateCondition(step, owner.id, n, true);
      return true;
    }
    activateCondition(step, owner.id, n, false);
    if (conditionHolds(step, owner, n)) step.triggerBoundary(owner, n);
    return true;
  },
};
