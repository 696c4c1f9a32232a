/**
 * Choosing outgoing flows by condition, shared by the exclusive and inclusive gateways.
 *
 * @module
 */
import type { Step } from '../runtime/step';
import type { Execution } from '../runtime/state';

/**
 * The flows to take from gateway execution `e`: the first (`first`) or every (`all`) flow
 * whose condition is true, else the default flow. Raises an incident and returns
 * undefined when no flow can be taken.
 */
export function chooseFlows(step: Step, e: Execution, mode: 'first' | 'all'): number[] | undefined {
  const node = step.node(e.n);
  const taken: number[] = [];
  const failures: string[] = [];
  for (const f of node.outgoing) {
    if (f === node.defaultFlow) continue;
    const flow = step.model.flows[f]!;
    if (!flow.condition) {
      taken.push(f); // a single unconditional outgoing flow
    } else {
      const r = step.evaluate(flow.condition, e);
      if (!r.ok) failures.push(`'${flow.id}' (=${flow.condition.source}): ${r.error}`);
      else if (r.value === true) taken.push(f);
      else if (r.value !== false && r.value !== null) failures.push(`'${flow.id}' (=${flow.condition.source}) gave ${JSON.stringify(r.value)}, not a boolean`);
    }
    if (mode === 'first' && taken.length) return taken;
  }
  if (taken.length) return taken;
  if (node.defaultFlow !== undefined) return [node.defaultFlow];
  step.incident(
    e,
    failures.length ? 'EXPRESSION_FAILED' : 'NO_FLOW_TAKEN',
    failures.length
      ? `No outgoing flow of gateway ${node.id} can be taken; conditions failed: ${failures.join('; ')}. Set the missing variables and retry the incident, or add a default flow.`
      : `No condition of gateway ${node.id} is true and it has no default flow. Change the variables and retry the incident, or add a default flow.`,
  );
  return undefined;
}
