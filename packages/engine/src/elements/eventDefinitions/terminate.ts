/**
 * Terminate end event: every other token of its scope is cancelled, then its own ends —
 * which completes the scope (the process, or only the enclosing subprocess).
 *
 * @module
 */
import type { EventDefinitionBehaviour } from './eventDefinition';

export const terminateDefinition: EventDefinitionBehaviour = {
  end(step, e) {
    const reason = `terminated by end event ${step.node(e.n).id}`;
    for (const other of step.state.ex.filter((x) => x.s === e.s && x !== e)) step.cancel(other, reason);
    step.leave(e);
  },
};
