/**
 * The shape of an event definition's behaviour. Event definitions (timer, message, error,
 * escalation, terminate, …) are composed onto the events and activities that carry them:
 * a catch event, an event-based gateway and a boundary event all *arm* the same timer or
 * message; an end event and an intermediate throw event *throw* the same escalation. The
 * step function never switches on the definition type: it asks this registry.
 *
 * @module
 */
import type { Step } from '../../runtime/step';
import type { Execution, WaitKind } from '../../runtime/state';

/** What one kind of event definition does. */
export interface EventDefinitionBehaviour {
  /**
   * Start listening for node `n`'s event on behalf of `owner` (the catch event's own token,
   * an event-based gateway, or the activity a boundary event is attached to). Returns false
   * when it raised an incident instead (e.g. a timer expression that gave no date).
   */
  arm?(step: Step, owner: Execution, n: number): boolean;
  /** What a token waiting on an intermediate catch event of this kind waits for. */
  readonly wait?: WaitKind;
  /** A token reached an end event carrying this definition. */
  end?(step: Step, e: Execution): void;
  /** A token reached an intermediate throw event carrying this definition. */
  throw?(step: Step, e: Execution): void;
}
