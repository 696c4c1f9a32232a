/**
 * Script and business-rule tasks: evaluate a FEEL expression (compiled at deploy) and
 * store its result in the result variable. A failed evaluation is an incident. A business
 * rule task with a DMN decision runs `businessRuleTask` instead.
 *
 * @module
 */
import type { Behaviour } from './behaviour';
import { businessRuleTask } from './businessRuleTask';

export const expressionTask: Behaviour = {
  execute(step, e) {
    const node = step.node(e.n);
    if (node.decision) return businessRuleTask.execute(step, e);
    const r = step.evaluate(node.expression!, e);
    if (!r.ok) {
      step.incident(e, 'EXPRESSION_FAILED', `Expression '=${node.expression!.source}' of ${node.id} failed: ${r.error}.`);
      return;
    }
    step.writeResult(e, { [node.resultVariable!]: r.value });
    step.leave(e);
  },
};
