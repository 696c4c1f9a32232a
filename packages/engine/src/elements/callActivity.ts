/**
 * Call activity: starts a child instance of the called process and waits for it
 * (`runtime/calls.ts`). The called process id (static or FEEL), the variables that go in
 * and the child's business key are decided here, in the call activity's scope; the pipeline
 * resolves the version (the call's binding) and creates the child in the same transaction.
 *
 * @module
 */
import { scopeView } from '../runtime/scope';
import type { Behaviour } from './behaviour';

export const callActivity: Behaviour = {
  execute(step, e) {
    const node = step.node(e.n);
    const def = node.call!;
    let processId = def.processId;
    if (def.processIdExpr) {
      const r = step.evaluate(def.processIdExpr, e);
      if (!r.ok || typeof r.value !== 'string' || !r.value) {
        step.incident(e, 'CALLED_ELEMENT', `The called process id '=${def.processIdExpr.source}' of ${node.id} ${r.ok ? `gave ${JSON.stringify(r.value)}, not a process id` : `failed: ${r.error}`}. Set the variables and retry the incident.`);
        return;
      }
      processId = r.value;
    }
    const view = scopeView(step.state, e);
    let variables: Record<string, unknown>;
    if (def.dialect === 'zeebe') variables = def.allIn ? { ...view } : { ...e.v };
    else {
      variables = def.allIn ? { ...view } : {};
      for (const b of def.in) {
        if ('name' in b.source) variables[b.target] = b.source.name in view ? view[b.source.name] : null;
        else {
          const r = step.evaluate(b.source.expr, e);
          if (!r.ok) {
            step.incident(e, 'IO_MAPPING', `camunda:in '${b.target}' of ${node.id} failed: ${r.error}. Set the variables and retry the incident.`);
            return;
          }
          variables[b.target] = r.value;
        }
      }
    }
    let businessKey: string | undefined;
    if (def.businessKey === 'inherit') businessKey = step.state.businessKey;
    else if (def.businessKey) {
      const r = step.evaluate(def.businessKey, e);
      if (!r.ok || (typeof r.value !== 'string' && typeof r.value !== 'number')) {
        step.incident(e, 'IO_MAPPING', `The business key '=${def.businessKey.source}' of ${node.id} ${r.ok ? `gave ${JSON.stringify(r.value)}, not a string` : `failed: ${r.error}`}.`);
        return;
      }
      businessKey = String(r.value);
    }
    const childId = step.globalId(step.nextId());
    e.call = { child: childId };
    e.w = 'call';
    step.calls.push({
      parentId: step.state.id,
      execution: e.id,
      elementId: node.id,
      childId,
      processId: processId!,
      binding: def.binding,
      parentProcessKey: step.model.key,
      variables: structuredClone(variables),
      ...(businessKey !== undefined ? { businessKey } : {}),
    });
    step.emit('call.started', e.n, { childId, calledProcessId: processId! }, e.id);
  },
};
