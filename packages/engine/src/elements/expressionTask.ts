/**
 * Script and business-rule tasks: evaluate a FEEL expression (compiled at deploy) and
 * store its result in the result variable. A failed evaluation is an incident. A business
 * rule task with a DMN decision runs `businessRuleTask` instead. A Camunda 7 service task's
 * `camunda:expression` read by the JUEL translator runs here too; without a
 * `camunda:resultVariable` its value is discarded, as in Camunda 7 (decision 0032).
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
      const shown = node.expression!.juel ?? `=${node.expression!.source}`;
      step.incident(e, 'EXPRESSION_FAILED', `Expression '${shown}' of ${node.id} failed: ${r.error}.`);
      return;
    }
    step.writeResult(e, node.resultVariable === undefined ? {} : { [node.resultVariable]: r.value });
    step.leave(e);
  },
};
