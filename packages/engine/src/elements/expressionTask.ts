/**
 * Script and business-rule tasks: evaluate a FEEL expression (compiled at deploy) and
 * store its result in the result variable. A failed evaluation is an incident.
 *
 * @module
 */
import type { Behaviour } from './behaviour';

export const expressionTask: Behaviour = {
  execute(step, e) {
    const node = step.node(e.n);
    const r = step.evaluate(node.expression!, e);
    if (!r.ok) {
      step.incident(e, 'EXPRESSION_FAILED', `Expression '=${node.expression!.source}' of ${node.id} failed: ${r.error}.`);
      return;
    }
    step.writeResult(e, { [node.resultVariable!]: r.value });
    step.leave(e);
  },
};
