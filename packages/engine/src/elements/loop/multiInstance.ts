/**
 * Multi-instance activities, with Camunda 8's semantics (compiled in `model/multiInstance.ts`).
 *
 * The activity's token becomes the **multi-instance body**: it evaluates the input
 * collection (or the loop cardinality) once, when it is entered, holds the boundary events
 * (an interrupting one cancels every inner instance), and waits. Its **inner instances** are
 * executions of their own on the same node, in the body's scope, each running the
 * activity's own behaviour — one task, job, timer, subscription and SLA clock each — with
 * the locals `loopCounter` (1-based), the input element (its item) and, when the output
 * element is a bare variable, that variable as `null` (so results of that name stay in the
 * instance). The activity's input mappings run per inner instance, after those locals are
 * set; its output mappings run when an inner instance completes, written from the inner
 * instance's own scope (so they can set its output element).
 *
 * Parallel: every inner instance at once; sequential: one after the other. An empty
 * collection completes the body at once. When an inner instance completes, its output
 * element goes into the body's local output collection at its index (input order; `null`
 * for instances that never completed) and the completion condition is evaluated in its
 * scope, with `numberOfInstances`, `numberOfActiveInstances`, `numberOfCompletedInstances`,
 * `numberOfTerminatedInstances` (Camunda 7: `nrOfInstances`, `nrOfActiveInstances`,
 * `nrOfCompletedInstances`) counted after its completion; `true` cancels the remaining inner
 * instances. When the body completes, the output collection goes to the enclosing scope.
 *
 * The body's own events are `multiInstance.started`, `.completed` and `.cancelled`; inner
 * instances emit the usual `activity.*` events (docs/events.md).
 *
 * @module
 */
import type { MultiInstanceDef } from '../../model/multiInstance';
import { setLocal } from '../../runtime/scope';
import type { Execution, MultiInstanceState } from '../../runtime/state';
import type { Step } from '../../runtime/step';
import type { LoopFailure, LoopMarker } from './loopMarker';

/** The largest loop cardinality accepted: a cardinality is a count someone typed, not data. */
export const MAX_LOOP_CARDINALITY = 100_000;

function defOf(step: Step, e: Execution): MultiInstanceDef {
  return step.node(e.n).loop!;
}

/** The body of inner instance `e` (its scope). */
function bodyOf(step: Step, e: Execution): Execution | undefined {
  return step.exec(e.s);
}

/** The inner instances of `body` still in the instance. */
function innerOf(step: Step, body: Execution): Execution[] {
  return step.state.ex.filter((x) => x.s === body.id);
}

/** Create and enter the next inner instance. */
function startNext(step: Step, body: Execution, mi: MultiInstanceState): void {
  const inner = step.createExec(body.n, body.id);
  inner.li = mi.started++;
  step.enter(inner);
}

/** The counters the completion condition sees, in both dialects' names. */
function counters(instances: number, active: number, completed: number, terminated: number): Record<string, number> {
  return {
    numberOfInstances: instances,
    numberOfActiveInstances: active,
    numberOfCompletedInstances: completed,
    numberOfTerminatedInstances: terminated,
    nrOfInstances: instances,
    nrOfActiveInstances: active,
    nrOfCompletedInstances: completed,
  };
}

function counts(mi: MultiInstanceState, sequential: boolean) {
  return { instances: mi.n, completed: mi.done, terminated: mi.term, sequential };
}

export const multiInstance: LoopMarker = {
  isBody(e) {
    return e.li === undefined;
  },

  enterBody(step, body) {
    const def = defOf(step, body);
    const where = step.node(body.n).id;
    let items: unknown[] | undefined;
    let n: number;
    delete body.v;
    if (def.inputCollection) {
      const r = step.evaluate(def.inputCollection, body);
      if (!r.ok || !Array.isArray(r.value)) {
        step.incident(
          body,
          'INPUT_COLLECTION',
          `The input collection '=${def.inputCollection.source}' of multi-instance ${where} ${r.ok ? `gave ${JSON.stringify(r.value)}, not a list` : `failed: ${r.error}`}. Set the variable to a list (engine.incidents.retry with variables) or fix the expression.`,
          'enter',
        );
        return false;
      }
      items = r.value;
      n = items.length;
    } else {
      const r = step.evaluate(def.loopCardinality!, body);
      const v = r.ok ? r.value : undefined;
      if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > MAX_LOOP_CARDINALITY) {
        step.incident(
          body,
          'LOOP_CARDINALITY',
          `The loop cardinality '=${def.loopCardinality!.source}' of multi-instance ${where} ${r.ok ? `gave ${JSON.stringify(r.value)}, not a whole number from 0 to ${MAX_LOOP_CARDINALITY}` : `failed: ${r.error}`}. Set the variable (engine.incidents.retry with variables) or fix the expression.`,
          'enter',
        );
        return false;
      }
      n = v;
    }
    const mi: MultiInstanceState = { n, ...(items ? { items } : {}), started: 0, done: 0, term: 0 };
    body.mi = mi;
    if (def.outputCollection !== undefined) setLocal(body, def.outputCollection, new Array<unknown>(n).fill(null));
    step.emit('multiInstance.started', body.n, counts(mi, def.sequential), body.id);
    return true;
  },

  executeBody(step, body) {
    const mi = body.mi!;
    if (mi.n === 0) {
      step.leave(body); // an empty collection completes the body at once
      return;
    }
    body.w = 'scope';
    if (defOf(step, body).sequential) startNext(step, body, mi);
    else while (mi.started < mi.n) startNext(step, body, mi);
  },

  innerLocals(step, e) {
    const def = defOf(step, e);
    const body = bodyOf(step, e)!;
    const locals: Record<string, unknown> = {};
    // The output variable first: an input element of the same name wins (it is the item).
    if (def.outputVariable !== undefined) locals[def.outputVariable] = null;
    if (def.inputElement !== undefined) locals[def.inputElement] = body.mi!.items?.[e.li!] ?? null;
    locals.loopCounter = e.li! + 1;
    return locals;
  },

  completeInner(step, e): LoopFailure | undefined {
    const def = defOf(step, e);
    const body = bodyOf(step, e)!;
    const mi = body.mi!;
    const where = `${step.node(e.n).id} (instance ${e.li! + 1} of ${mi.n})`;
    let out: unknown = null;
    if (def.outputElement) {
      const r = step.evaluate(def.outputElement, e);
      if (!r.ok) return { code: 'EXPRESSION_FAILED', message: `The output element '=${def.outputElement.source}' of ${where} failed: ${r.error}. Set the missing variables (engine.incidents.retry with variables) or fix the expression.` };
      out = r.value ?? null;
    }
    let met = false;
    if (def.completionCondition) {
      const active = innerOf(step, body).length - 1; // this one has completed
      const r = def.completionCondition.evaluate({ ...step.variablesOf(e), ...counters(mi.n, active, mi.done + 1, mi.term) });
      if (!r.ok || (r.value !== true && r.value !== false && r.value !== null)) {
        return {
          code: 'EXPRESSION_FAILED',
          message: `The completion condition '=${def.completionCondition.source}' of ${where} ${r.ok ? `gave ${JSON.stringify(r.value)}, not a boolean` : `failed: ${r.error}`}. Set the missing variables (engine.incidents.retry with variables) or fix the condition.`,
        };
      }
      met = r.value === true;
    }
    if (def.outputCollection !== undefined) {
      const list = body.v?.[def.outputCollection];
      if (!Array.isArray(list) || list.length !== mi.n) {
        return {
          code: 'OUTPUT_COLLECTION',
          message: `The output collection '${def.outputCollection}' of multi-instance ${step.node(e.n).id} is no longer a list of ${mi.n} items (it was overwritten with ${JSON.stringify(list)}). Restore it (engine.incidents.retry with variables) or rename the variable that overwrote it.`,
        };
      }
      list[e.li!] = out;
    }
    mi.done++;
    if (met) mi.met = 1;
    return undefined;
  },

  innerEnded(step, e) {
    const body = bodyOf(step, e);
    if (!body?.mi) return;
    const mi = body.mi;
    if (mi.met) {
      const reason = `the completion condition of multi-instance ${step.node(body.n).id} is met`;
      for (const other of innerOf(step, body)) {
        step.cancel(other, reason);
        mi.term++;
      }
      step.leave(body);
      return;
    }
    if (mi.started < mi.n) {
      if (defOf(step, body).sequential) startNext(step, body, mi);
      return;
    }
    if (!innerOf(step, body).length) step.leave(body);
  },

  leaveBody(step, body) {
    const def = defOf(step, body);
    const mi = body.mi!;
    if (def.outputCollection !== undefined) {
      const parent = body.s === 0 ? undefined : step.exec(body.s);
      step.writeVariables(parent, { [def.outputCollection]: body.v?.[def.outputCollection] ?? null });
    }
    step.emit('multiInstance.completed', body.n, counts(mi, def.sequential), body.id);
    delete body.mi;
  },

  bodyCancelled(step, body, reason) {
    const def = defOf(step, body);
    const mi = body.mi;
    step.emit('multiInstance.cancelled', body.n, { ...(mi ? counts(mi, def.sequential) : { instances: 0, completed: 0, terminated: 0, sequential: def.sequential }), reason }, body.id);
  },
};
