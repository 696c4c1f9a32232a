/**
 * Variable scopes, as Camunda 8 defines them. Every execution may hold local variables
 * (`Execution.v`); its scope chain is its own locals, then those of each enclosing scope
 * (subprocess, multi-instance body, …), then the instance's variables (the root scope).
 *
 * - **Reads** (every FEEL evaluation) see the innermost value of a name.
 * - **Writes** (task and job outputs, message payloads, script results, retry variables)
 *   go to the nearest scope, starting at the writer, that already holds the name; a name no
 *   scope holds is created in the root scope.
 * - **Locals** (`setLocal`: input mappings, a multi-instance input element) are created on
 *   the execution itself and vanish with it; they reach an outer scope only through an
 *   output mapping.
 *
 * An instance whose executions hold no locals (the common case) evaluates against the root
 * object itself: no copy is made.
 *
 * @module
 */
import type { Execution, InstanceState } from './state';

/** The scopes of `e` with locals, innermost first (the root is not included). */
export function localScopes(state: InstanceState, e: Execution | undefined): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let cur = e;
  while (cur) {
    if (cur.v) out.push(cur.v);
    cur = cur.s === 0 ? undefined : state.ex.find((x) => x.id === cur!.s);
  }
  return out;
}

/**
 * The variables execution `e` sees: the root object itself when no scope on its chain has
 * locals, else a fresh object with inner values over outer ones.
 */
export function scopeView(state: InstanceState, e: Execution | undefined): Record<string, unknown> {
  // The common case first, without allocating: a token at the top with no locals.
  if (!e || (e.s === 0 && !e.v)) return state.variables;
  const locals = localScopes(state, e);
  if (!locals.length) return state.variables;
  const view: Record<string, unknown> = { ...state.variables };
  for (let i = locals.length - 1; i >= 0; i--) Object.assign(view, locals[i]);
  return view;
}

/**
 * Merge `vars` into the scope chain of `from`: each name into the nearest scope holding it,
 * else into the root. `from` undefined writes to the root.
 */
export function writeVariables(state: InstanceState, from: Execution | undefined, vars: Readonly<Record<string, unknown>>): void {
  if (!from || (from.s === 0 && !from.v)) {
    Object.assign(state.variables, vars);
    return;
  }
  const locals = localScopes(state, from);
  if (!locals.length) {
    Object.assign(state.variables, vars);
    return;
  }
  for (const name of Object.keys(vars)) {
    const holder = locals.find((scope) => Object.prototype.hasOwnProperty.call(scope, name)) ?? state.variables;
    holder[name] = vars[name];
  }
}

/** Create (or overwrite) a local variable of execution `e`. */
export function setLocal(e: Execution, name: string, value: unknown): void {
  (e.v ??= {})[name] = value;
}
