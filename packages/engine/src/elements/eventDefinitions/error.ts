/**
 * Error events. An error end event throws its code to the boundary events of the enclosing
 * scopes (`Step.throwEvent`); nobody catching it is an incident on the end event. Error
 * boundary events are caught through that propagation: there is nothing to arm.
 *
 * @module
 */
import type { EventDefinitionBehaviour } from './eventDefinition';

export const errorDefinition: EventDefinitionBehaviour = {
  end(step, e) {
    const ev = step.node(e.n).event;
    const code = ev?.type === 'error' ? ev.errorCode! : '';
    if (!step.throwEvent('error', code, e, false)) {
      step.incident(e, 'UNHANDLED_ERROR', `Error '${code}' thrown by ${step.node(e.n).id} is not caught by any error boundary event.`);
    }
  },
};
