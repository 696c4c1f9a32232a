/**
 * The shape of an element behaviour. The shared lifecycle (enter, boundary events, leave,
 * cancel) is in `runtime/step.ts`; a behaviour says only what its element does.
 *
 * @module
 */
import type { Step } from '../runtime/step';
import type { Execution } from '../runtime/state';

/** What one kind of BPMN element does when a token reaches it. */
export interface Behaviour {
  /** The token `e` has entered the node (boundary events are armed): act, wait, or leave. */
  execute(step: Step, e: Execution): void;
  /** An event caught on behalf of node `n` while `e` waits here (event-based gateway). */
  trigger?(step: Step, e: Execution, n: number): void;
  /** Inclusive joins: fire if no other token can still arrive. */
  tryJoin?(step: Step, e: Execution): boolean;
}
