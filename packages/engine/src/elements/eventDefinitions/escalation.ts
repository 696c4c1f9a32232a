/**
 * Escalation events. Thrown (by an end or intermediate throw event) to the boundary events
 * of the enclosing scopes; the thrower's token ends (end event) or continues (throw event)
 * unless an interrupting boundary event caught it. Uncaught escalations are recorded, not
 * incidents (BPMN: an escalation is non-critical).
 *
 * @module
 */
import type { Step } from '../../runtime/step';
import type { Execution } from '../../runtime/state';
import type { EventDefinitionBehaviour } from './eventDefinition';

function escalate(step: Step, e: Execution): void {
  const ev = step.node(e.n).event;
  step.throwEvent('escalation', ev?.type === 'escalation' ? ev.escalationCode! : '', e, false);
  if (step.alive(e)) step.leave(e);
}

export const escalationDefinition: EventDefinitionBehaviour = { end: escalate, throw: escalate };
