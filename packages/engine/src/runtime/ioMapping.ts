/**
 * Running input/output mappings (compiled in `model/ioMapping.ts`), with Camunda 8's rules:
 *
 * - **Inputs**, when the element is entered and before anything else happens there:
 *   evaluated in order in the element's scope (an input sees the ones before it) and set as
 *   local variables of its execution. A nested target (`order.total`) builds on the local
 *   value an earlier input made, else on a fresh object.
 * - **Results** (a task's output, a job's variables, a message payload, a script result):
 *   with output mappings declared, they stay local to the element; without, they go to the
 *   nearest scope holding each name, else the root (`runtime/scope.ts`).
 * - **Outputs**, when the element completes: evaluated in order in its scope and written to
 *   the enclosing scope (the nearest scope holding the name, else the root). A nested target
 *   builds on the value the enclosing scope sees (other fields are kept).
 *
 * A Camunda 7 script parameter in another language than FEEL is a job whose handler gives
 * the value (`runtime/scriptMappings.ts`); the mappings wait for it, then go on in order.
 *
 * A mapping that cannot be evaluated (a missing variable, a failing expression) is an
 * `IO_MAPPING` incident on the element; retrying it (after fixing the variables) evaluates
 * the mappings again.
 *
 * @module
 */
import type { MappingValue, VariableMapping } from '../model/ioMapping';
import { scopeView, setLocal } from './scope';
import { beginScriptMapping } from './scriptMappings';
import type { Execution } from './state';
import type { Step } from './step';

type Evaluated = { ok: true; value: unknown } | { ok: false; error: string };

/** Evaluate a mapping's value in the scope of `e`. */
export function evaluateMapping(step: Step, e: Execution, v: MappingValue): Evaluated {
  switch (v.kind) {
    case 'static':
      return { ok: true, value: v.value };
    case 'expr': {
      const r = step.evaluate(v.expr, e);
      return r.ok ? { ok: true, value: r.value } : { ok: false, error: `'=${v.expr.source}' failed: ${r.error}` };
    }
    case 'list': {
      const out: unknown[] = [];
      for (const item of v.items) {
        const r = evaluateMapping(step, e, item);
        if (!r.ok) return r;
        out.push(r.value);
      }
      return { ok: true, value: out };
    }
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const entry of v.entries) {
        const r = evaluateMapping(step, e, entry.value);
        if (!r.ok) return { ok: false, error: `entry '${entry.key}': ${r.error}` };
        out[entry.key] = r.value;
      }
      return { ok: true, value: out };
    }
    case 'script': // a whole parameter only: its job gives the value (runtime/scriptMappings.ts)
      return { ok: false, error: `a ${v.format} script is run by a job, not evaluated` };
  }
}

/** `base` with `path` set to `value` (copies along the path; `base` is not changed). */
function withPath(base: unknown, path: readonly string[], value: unknown): unknown {
  if (!path.length) return value;
  const obj: Record<string, unknown> = base !== null && typeof base === 'object' && !Array.isArray(base) ? { ...(base as Record<string, unknown>) } : {};
  obj[path[0]!] = withPath(obj[path[0]!], path.slice(1), value);
  return obj;
}

function failure(step: Step, e: Execution, side: 'input' | 'output', m: VariableMapping, error: string): string {
  return `The ${side} mapping to '${m.target.join('.')}' of ${step.node(e.n).id} failed: ${error}. Set the missing variables (engine.incidents.retry with variables) or fix the mapping.`;
}

/** Where mappings go on after a script mapping's job gave input or output `i` its value. */
export interface Resumed {
  i: number;
  value: unknown;
}

/**
 * Apply the element's input mappings to `e`, after setting the locals it starts with
 * (`seed`: a multi-instance inner instance's item and loop counter). Returns false after
 * raising an incident, or when a script input's job must give a value first (`resumed`
 * then continues after it: runtime/scriptMappings.ts).
 */
export function applyInputs(step: Step, e: Execution, seed?: Readonly<Record<string, unknown>>, resumed?: Resumed): boolean {
  const inputs = step.node(e.n).io?.inputs;
  if (!inputs?.length) {
    if (seed) e.v = { ...seed };
    return true;
  }
  if (!resumed) {
    if (seed) e.v = { ...seed };
    else delete e.v;
  }
  for (let i = resumed ? resumed.i : 0; i < inputs.length; i++) {
    const m = inputs[i]!;
    if (m.value.kind === 'script' && i !== resumed?.i) {
      beginScriptMapping(step, e, { side: 'in', i });
      return false;
    }
    const r = i === resumed?.i ? { ok: true as const, value: resumed.value } : evaluateMapping(step, e, m.value);
    if (!r.ok) {
      if (seed) e.v = { ...seed };
      else delete e.v;
      step.incident(e, 'IO_MAPPING', failure(step, e, 'input', m, r.error), 'enter');
      return false;
    }
    const [head, ...rest] = m.target;
    setLocal(e, head!, withPath(e.v?.[head!], rest, r.value));
  }
  return true;
}

/** The outcome of {@link applyOutputs}. */
export type OutputsResult = { ok: true } | { ok: false; message: string } | { wait: true };

/** The outcome of an element without output mappings (most of them): one shared object. */
const OUTPUTS_OK: { ok: true } = Object.freeze({ ok: true as const });

/**
 * Evaluate the element's output mappings in the scope of `e` and write them to the
 * enclosing scope — or, with `own` (a multi-instance inner instance, as Camunda 8 does),
 * from `e`'s own scope outwards, so an output can set its output element. Returns false
 * (nothing written) when one fails: the caller raises the incident; `wait` when a script
 * output's job must give a value first (with `flows`, where the token then leaves; `resumed`
 * continues after it with the outputs evaluated before: runtime/scriptMappings.ts).
 */
export function applyOutputs(step: Step, e: Execution, own = false, flows?: readonly number[], resumed?: Resumed & { w: [string, unknown][] }): OutputsResult {
  const outputs = step.node(e.n).io?.outputs;
  if (!outputs?.length) return OUTPUTS_OK;
  const parent = own ? e : e.s === 0 ? undefined : step.exec(e.s);
  const writes: [string, unknown][] = resumed ? resumed.w.map(([k, v]) => [k, v]) : [];
  for (let i = resumed ? resumed.i : 0; i < outputs.length; i++) {
    const m = outputs[i]!;
    if (m.value.kind === 'script' && i !== resumed?.i) {
      // The element's work is done: its waits end while the script job runs, as for end listeners.
      step.clearWaits(e, 'all');
      delete e.task;
      beginScriptMapping(step, e, { side: 'out', i, ...(own ? { own: 1 as const } : {}), w: writes, ...(flows ? { fl: [...flows] } : {}) });
      return { wait: true };
    }
    const r = i === resumed?.i ? { ok: true as const, value: resumed.value } : evaluateMapping(step, e, m.value);
    if (!r.ok) return { ok: false, message: failure(step, e, 'output', m, r.error) };
    const [head, ...rest] = m.target;
    // A nested target builds on the value the enclosing scope sees (or on an earlier output's).
    let earlier: [string, unknown] | undefined;
    for (const w of writes) if (w[0] === head) earlier = w;
    const base = earlier ? earlier[1] : rest.length ? scopeView(step.state, parent)[head!] : undefined;
    writes.push([head!, withPath(base, rest, r.value)]);
  }
  const vars: Record<string, unknown> = {};
  for (const [k, v] of writes) vars[k] = v;
  step.writeVariables(parent, vars);
  return { ok: true };
}

/**
 * Write a result (a task's output, a job's variables, a message payload, a script result)
 * produced at execution `e`: local to it when its element declares output mappings, else
 * into its scope chain.
 */
export function writeResult(step: Step, e: Execution, vars: Readonly<Record<string, unknown>>): void {
  if (step.node(e.n).io?.outputs.length) {
    for (const [k, v] of Object.entries(vars)) setLocal(e, k, v);
  } else step.writeVariables(e, vars);
}
