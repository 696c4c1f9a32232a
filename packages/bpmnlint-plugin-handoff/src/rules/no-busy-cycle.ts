/**
 * `handoff/no-busy-cycle`: every cycle of the flow has a wait state or a conditional exit.
 *
 * Why: a loop of pass-through elements — task → manual task → task, a parallel gateway fed
 * back into itself, an error boundary leading back into the subprocess that threw — gives a
 * token nothing to wait for and no condition to leave by: it loops until the engine's step
 * budget stops it with an incident, on every instance that reaches it. Such a loop is
 * nearly always a flow drawn to the wrong element. The file still deploys (the engine warns,
 * `CYCLE_WITHOUT_WAIT_STATE`; `deploy({ strict: true })` refuses it), so `recommended` reports
 * it as a warning. The rule reports the engine's own warning, so both agree.
 *
 * @module
 */
import { checkTree } from '../check';
import { is, ruleDocs, type LintRule } from '../moddle';
import { unknownNamespaces } from '../namespaces';

/** The rule factory. */
export default function noBusyCycle(): LintRule {
  return {
    meta: { ...ruleDocs('no-busy-cycle') },
    check(node, reporter) {
      if (!is(node, 'bpmn:Definitions') || unknownNamespaces(node).length) return; // handoff/deployable reports unknown namespaces
      for (const w of checkTree(node).warnings) {
        if (w.code === 'CYCLE_WITHOUT_WAIT_STATE') reporter.report(w.elementId ?? node.id, `${w.message.replace(/\.$/, '')}; ${w.hint.replace(/\.$/, '')}`);
      }
    },
  };
}
