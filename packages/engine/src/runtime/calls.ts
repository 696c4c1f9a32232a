/**
 * Call activities across instances. A call activity starts a child instance of the called
 * process; the child is an instance of its own (`InstanceInfo.parentId`) and is committed in
 * the same store transaction as the parent, on every store: the pipeline applies the
 * commands that cross instances (`instance.command` effects) and starts the children
 * (`child.start` effects) before it commits (`runtime/pipeline.ts`).
 *
 * - The child completes → the parent gets `child.completed` with the child's variables and
 *   leaves the call activity (variables cross as the call's dialect says: `model/callActivity.ts`).
 * - The child throws an error nothing in it catches → the parent gets `child.error` and
 *   throws it from the call activity (its boundary events, then outwards, then up to its own
 *   parent). Caught: the call activity is cancelled, which terminates the child. Not caught
 *   anywhere: an `UNHANDLED_ERROR` incident at the element that threw it, in the child.
 * - An uncaught escalation in the child is thrown from the call activity too; the child
 *   continues unless an interrupting boundary event cancels the call activity.
 * - The call activity is cancelled (an interrupting boundary event, a terminate end event,
 *   the parent cancelled) → the child is terminated, and its own children with it.
 * - The called process is unknown, has no none start event, or the call chain runs away →
 *   an incident on the call activity, never a crash.
 *
 * @module
 */
import type { CallBinding } from '../model/callActivity';
import type { Execution } from './state';
import type { Step } from './step';

/** A child instance for the pipeline to create, in the same transaction. */
export interface CallRequest {
  parentId: string;
  /** Local id of the call activity's execution in the parent. */
  execution: number;
  elementId: string;
  childId: string;
  processId: string;
  binding: CallBinding;
  /** The calling model's key (`deployment` binding). */
  parentProcessKey: string;
  variables: Record<string, unknown>;
  businessKey?: string;
}

/** The call activity execution waiting for child `child`, if any. */
function caller(step: Step, execution: number, child: string): Execution | undefined {
  const e = step.exec(execution);
  return e && e.call?.child === child ? e : undefined;
}

/** The child completed: its variables come back as the call's dialect says; the call activity completes. */
export function childCompleted(step: Step, execution: number, child: string, variables: Record<string, unknown>): boolean {
  const e = caller(step, execution, child);
  if (!e) return false;
  const def = step.node(e.n).call!;
  delete e.call;
  if (def.dialect === 'zeebe') {
    // Propagating all: the child's variables are the call activity's result. Otherwise
    // they are only visible to its output mappings.
    if (def.allOut) step.writeResult(e, variables);
    else e.v = { ...e.v, ...variables };
  } else {
    const back: Record<string, unknown> = def.allOut ? { ...variables } : {};
    for (const b of def.out) {
      if ('name' in b.source) back[b.target] = b.source.name in variables ? variables[b.source.name] : null;
      else {
        const r = b.source.expr.evaluate(variables);
        if (!r.ok) {
          step.incident(e, 'IO_MAPPING', `camunda:out '${b.target}' of ${step.node(e.n).id} failed: ${r.error}. Fix the mapping or the called process's variables.`, 'leave');
          return true;
        }
        back[b.target] = r.value;
      }
    }
    step.writeResult(e, back);
  }
  step.emit('call.completed', e.n, { childId: child }, e.id);
  step.leave(e);
  return true;
}

/** The child could not catch error `code` (thrown at its execution `thrower`): throw it from the call activity. */
export function childError(step: Step, execution: number, child: string, code: string, thrower: number): boolean {
  const e = caller(step, execution, child);
  if (!e) return false;
  e.call!.thrower = thrower;
  const handled = step.throwEvent('error', code, e, true);
  // Not caught here nor above: the incident belongs where the error was thrown.
  if (!handled && step.alive(e) && e.call) {
    step.commandFor(child, { type: 'error.unhandled', execution: thrower, code });
    delete e.call.thrower;
    e.w = 'call';
  }
  return true;
}

/** The child threw an escalation nothing in it catches: throw it from the call activity (the child continues). */
export function childEscalation(step: Step, execution: number, child: string, code: string): boolean {
  const e = caller(step, execution, child);
  if (!e) return false;
  step.throwEvent('escalation', code, e, true);
  return true;
}

/**
 * Nothing above caught the error execution `execution` threw: an incident there — or, on
 * a call activity that passed the error up for its own child, passed down to that child.
 */
export function errorUnhandled(step: Step, execution: number, code: string): boolean {
  const e = step.exec(execution);
  if (!e || e.w !== 'event') return false;
  if (e.call?.thrower !== undefined) {
    step.commandFor(e.call.child, { type: 'error.unhandled', execution: e.call.thrower, code });
    delete e.call.thrower;
    e.w = 'call';
    return true;
  }
  step.incident(e, 'UNHANDLED_ERROR', `Error '${code}' thrown by ${step.node(e.n).id} is not caught by any error boundary event, here or in the calling processes.`, e.job ? 'job' : 'execute');
  return true;
}

/** The child could not be started: an incident on the call activity (retrying starts a new child). */
export function callFailed(step: Step, execution: number, child: string, code: string, message: string): boolean {
  const e = caller(step, execution, child);
  if (!e) return false;
  delete e.call;
  step.incident(e, code, message);
  return true;
}
