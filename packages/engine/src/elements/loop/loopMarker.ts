/**
 * The shape of a loop marker's behaviour. A loop marker (multi-instance) is composed onto
 * an activity of any kind: the activity's execution becomes the marker's **body**, which
 * runs the activity's own behaviour in **inner instances** — executions of their own, on
 * the same node, in the body's scope. The step function (`runtime/step.ts`) never switches
 * on the marker type: at each point of the shared lifecycle (enter, execute, leave,
 * cancel, boundary events) it asks the node's marker, when it has one.
 *
 * @module
 */
import type { Step } from '../../runtime/step';
import type { Execution } from '../../runtime/state';

/** Why an inner instance cannot complete yet: an incident on it (retrying it leaves again). */
export interface LoopFailure {
  code: string;
  message: string;
}

/** What one kind of loop marker does. */
export interface LoopMarker {
  /** Is `e` the body (the activity's own token), rather than one of its inner instances? */
  isBody(e: Execution): boolean;
  /**
   * The body entered the node (before its boundary events are armed): evaluate what it
   * iterates and announce it. Returns false after raising an incident on the body.
   */
  enterBody(step: Step, body: Execution): boolean;
  /** Create the body's inner instances (boundary events are armed on the body). */
  executeBody(step: Step, body: Execution): void;
  /** The locals inner instance `e` starts with, before the activity's input mappings. */
  innerLocals(step: Step, e: Execution): Record<string, unknown>;
  /**
   * Inner instance `e` completed its activity (its output mappings are applied, its locals
   * are still there): collect what it contributes. A failure stops it with an incident.
   */
  completeInner(step: Step, e: Execution): LoopFailure | undefined;
  /** Inner instance `e` has left the instance: continue the body (next instance, or complete). */
  innerEnded(step: Step, e: Execution): void;
  /** The body leaves the node (its locals are still there): hand its results to the enclosing scope. */
  leaveBody(step: Step, body: Execution): void;
  /** The body was cancelled (its inner instances first, by the step). */
  bodyCancelled(step: Step, body: Execution, reason: string): void;
}
